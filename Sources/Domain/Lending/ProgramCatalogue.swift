/// The programs and parameter sets known from the sources in `programs.md`, as seed data: a
/// migration loads them and the rules read them from the database. Values the sources mark
/// unconfirmed say so in the set's note.
public enum ProgramCatalogue {
    static func day(_ iso: String) -> BusinessDate {
        do { return try BusinessDate(iso: iso) } catch { fatalError("invalid seed date \(iso)") }
    }
    static func rate(_ text: String) -> Rate {
        do { return try Rate(percentPerMonth: text) } catch { fatalError("invalid seed rate \(text)") }
    }
    static func million(_ m: Int64) -> Money { Money(dong: m * 1_000_000) }

    public static var programs: [LoanProgram] { lending + onTheBooks }
    public static var parameters: [ProgramParameters] { lendingParameters + onTheBooksParameters }

    /// Programs open to new loans, as found in 2025–2026 sources.
    static let lending: [LoanProgram] = [
        .init(code: "poor_household", name: "Cho vay hộ nghèo", channel: .entrusted, legalBasis: "Nghị định 78/2002/NĐ-CP"),
        .init(code: "near_poor_household", name: "Cho vay hộ cận nghèo", channel: .entrusted, legalBasis: "Quyết định 15/2013/QĐ-TTg"),
        .init(code: "escaped_poverty_household", name: "Cho vay hộ mới thoát nghèo", channel: .entrusted, legalBasis: "Quyết định 28/2015/QĐ-TTg"),
        .init(code: "student", name: "Cho vay học sinh, sinh viên có hoàn cảnh khó khăn", channel: .both,
              legalBasis: "Quyết định 157/2007/QĐ-TTg; Quyết định 05/2022/QĐ-TTg"),
        .init(code: "stem_student",
              name: "Cho vay sinh viên học các ngành khoa học, công nghệ, kỹ thuật và toán học"
                  + " (STEM)",
              channel: .both, legalBasis: "Quyết định 29/2025/QĐ-TTg ngày 28/08/2025"),
        .init(code: "job_creation", name: "Cho vay hỗ trợ tạo việc làm, duy trì và mở rộng việc làm", channel: .both,
              legalBasis: "Nghị định 61/2015/NĐ-CP, 74/2019/NĐ-CP, 104/2022/NĐ-CP; từ 01/01/2026 Nghị định 338/2025/NĐ-CP"),
        .init(code: "working_abroad", name: "Cho vay người lao động đi làm việc ở nước ngoài theo hợp đồng", channel: .both,
              legalBasis: "Nghị định 338/2025/NĐ-CP"),
        .init(code: "clean_water_sanitation", name: "Cho vay nước sạch và vệ sinh môi trường nông thôn", channel: .entrusted,
              legalBasis: "Quyết định 10/2024/QĐ-TTg"),
        .init(code: "difficult_area_business", name: "Cho vay hộ gia đình sản xuất, kinh doanh tại vùng khó khăn", channel: .entrusted,
              legalBasis: "Quyết định 31/2007/QĐ-TTg"),
        .init(code: "social_housing", name: "Cho vay nhà ở xã hội", channel: .direct, legalBasis: "Nghị định 100/2024/NĐ-CP; Nghị định 261/2025/NĐ-CP"),
        .init(code: "post_prison", name: "Cho vay người chấp hành xong án phạt tù", channel: .both, legalBasis: "Quyết định 22/2023/QĐ-TTg"),
        .init(code: "ethnic_minority", name: "Cho vay vùng đồng bào dân tộc thiểu số và miền núi (Chương trình 1719)", channel: .entrusted,
              legalBasis: "Nghị định 28/2022/NĐ-CP; Quyết định 1719/QĐ-TTg"),
    ]

    static let lendingParameters: [ProgramParameters] = [
        .init(programCode: "poor_household", validFrom: day("2015-06-05"), legalSource: "Nghị định 78/2002/NĐ-CP; lãi suất theo mức neo (Quyết định 750/QĐ-TTg, 2553/QĐ-TTg)",
              rate: .factorOfAnchor(percent: 100), maxPerLoan: million(50), maxPerHousehold: million(50), maxTermMonths: 120,
              borrowers: .poor, repricing: .existingLoans, note: "Mức cho vay 50 triệu đồng trước 01/03/2019; thời hạn trước 2019 chưa xác nhận."),
        .init(programCode: "poor_household", validFrom: day("2019-03-01"), legalSource: "Quyết định của HĐQT NHCSXH áp dụng từ 01/03/2019 (mức 100 triệu đồng, thời hạn 120 tháng; số văn bản chưa xác nhận)",
              rate: .factorOfAnchor(percent: 100), maxPerLoan: million(100), maxPerHousehold: million(100), maxTermMonths: 120,
              borrowers: .poor),
        .init(programCode: "near_poor_household", validFrom: day("2015-06-05"), legalSource: "Quyết định 15/2013/QĐ-TTg (120% lãi suất hộ nghèo)",
              rate: .factorOfAnchor(percent: 120), maxPerLoan: million(50), maxPerHousehold: million(50), maxTermMonths: 120,
              borrowers: .nearPoor, repricing: .existingLoans, note: "Mức 50 triệu đồng trước 01/03/2019 theo mức hộ nghèo, chưa xác nhận; thời hạn trước 2019 chưa xác nhận."),
        .init(programCode: "near_poor_household", validFrom: day("2019-03-01"), legalSource: "Quyết định của HĐQT NHCSXH áp dụng từ 01/03/2019 (mức 100 triệu đồng, thời hạn 120 tháng; số văn bản chưa xác nhận)",
              rate: .factorOfAnchor(percent: 120), maxPerLoan: million(100), maxPerHousehold: million(100), maxTermMonths: 120,
              borrowers: .nearPoor),
        .init(programCode: "escaped_poverty_household", validFrom: day("2015-09-05"), legalSource: "Quyết định 28/2015/QĐ-TTg (125% lãi suất hộ nghèo)",
              rate: .factorOfAnchor(percent: 125), maxPerLoan: million(50), maxPerHousehold: million(50), maxTermMonths: 60,
              borrowers: .newlyEscaped, repricing: .existingLoans),
        .init(programCode: "escaped_poverty_household", validFrom: day("2019-03-01"),
              legalSource: "Quyết định của HĐQT NHCSXH áp dụng từ 01/03/2019 (mức 100 triệu đồng, thời hạn 120 tháng; số văn bản chưa xác nhận)",
              rate: .factorOfAnchor(percent: 125), maxPerLoan: million(100), maxPerHousehold: million(100), maxTermMonths: 120,
              borrowers: .newlyEscaped),
        .init(programCode: "student", validFrom: day("2022-03-23"), legalSource: "Quyết định 157/2007/QĐ-TTg; mức 4 triệu đồng/tháng theo Quyết định 05/2022/QĐ-TTg",
              rate: .factorOfAnchor(percent: 100), maxPerLoan: nil, maxPerHousehold: nil,
              maxTermMonths: 300, borrowers: .studentHousehold, repricing: .existingLoans,
              note: "Một hợp đồng cho cả khóa học: 4 triệu đồng × số tháng học; thời hạn ="
                  + " thời gian học + đến 12 tháng + thời hạn trả nợ (300 tháng là trần tạm"
                  + " tính). Trả gốc 12 tháng một kỳ theo một chi nhánh, tờ rơi cũ ghi 6 tháng.",
              study: StudyRules(amount: million(4), perMonths: 1)),
        .init(programCode: "stem_student", validFrom: day("2025-08-28"),
              legalSource:
                "Quyết định 29/2025/QĐ-TTg ngày 28/08/2025 (4,8 %/năm; ví dụ 80 triệu đồng"
                + "/năm học)",
              rate: .fixed(rate("0.4")), maxPerLoan: nil, maxPerHousehold: nil, maxTermMonths: 300,
              borrowers: .studentHousehold,
              note: "Ngày hiệu lực, đối tượng (tạm như cho vay HSSV) và mức cho vay theo báo chí"
                  + " và một khoản vay của chi nhánh (480 triệu, 156 tháng): cần đối chiếu"
                  + " văn bản.",
              study: StudyRules(amount: million(80), perMonths: 12)),
        .init(programCode: "job_creation", validFrom: day("2015-09-01"), validTo: day("2019-11-07"),
              legalSource: "Nghị định 61/2015/NĐ-CP ngày 09/07/2015 (bằng lãi suất cho vay hộ nghèo)",
              rate: .factorOfAnchor(percent: 100), maxPerLoan: million(50), maxPerHousehold: million(50), maxTermMonths: 60,
              borrowers: .anyHousehold,
              note: "Người lao động 50 triệu, thời hạn 60 tháng; cơ sở 1 tỷ đồng/dự án, 50 triệu/việc làm (báo, cổng tỉnh). Ngày hiệu lực 01/09/2015 chưa xác nhận.",
              unitCaps: UnitCaps(perProject: million(1_000), perJob: million(50))),
        .init(programCode: "job_creation", validFrom: day("2019-11-08"), validTo: day("2025-12-31"),
              legalSource: "Nghị định 61/2015/NĐ-CP sửa đổi bởi Nghị định 74/2019/NĐ-CP (bằng lãi suất hộ cận nghèo)",
              rate: .factorOfAnchor(percent: 120), maxPerLoan: million(100), maxPerHousehold: million(100), maxTermMonths: 120,
              collateralFrom: million(100), borrowers: .anyHousehold, note: "Mức cho người lao động; cơ sở sản xuất kinh doanh đến 2 tỷ đồng.",
              beneficiaryGroups: [jobCreationHalfRate],
              unitCaps: UnitCaps(perProject: million(2_000), perJob: million(100))),
        .init(programCode: "job_creation", validFrom: day("2026-01-01"), legalSource: "Nghị định 338/2025/NĐ-CP (127% lãi suất hộ nghèo)",
              rate: .factorOfAnchor(percent: 127), maxPerLoan: million(200), maxPerHousehold: million(200), maxTermMonths: 120,
              borrowers: .anyHousehold, note: "Ngưỡng phải có tài sản bảo đảm chưa xác nhận; nhóm ưu tiên vay bằng lãi suất hộ nghèo.",
              beneficiaryGroups: [jobCreationPriority],
              unitCaps: UnitCaps(perProject: million(10_000), perJob: million(200))),
        .init(programCode: "working_abroad", validFrom: day("2026-01-01"), legalSource: "Nghị định 338/2025/NĐ-CP Điều 12–17 (nguồn thứ cấp)",
              rate: .factorOfAnchor(percent: 127), maxPerLoan: million(200), maxPerHousehold: nil, maxTermMonths: 60,
              collateralFrom: million(200), borrowers: .anyHousehold, note: "Mức vay đến 100% chi phí đi làm việc; thời hạn không quá hợp đồng."),
        .init(programCode: "clean_water_sanitation", validFrom: day("2024-09-02"), validTo: day("2025-11-30"), legalSource: "Quyết định 10/2024/QĐ-TTg",
              rate: .fixed(rate("0,75")), maxPerLoan: million(25), maxPerHousehold: million(50), maxTermMonths: 60, borrowers: .ruralHousehold,
              note: "25 triệu đồng mỗi loại công trình (nước sạch, nhà tiêu)."),
        .init(programCode: "clean_water_sanitation", validFrom: day("2025-12-01"), legalSource: "Quyết định 2553/QĐ-TTg ngày 21/11/2025",
              rate: .fixed(rate("0,70")), maxPerLoan: million(25), maxPerHousehold: million(50), maxTermMonths: 60, borrowers: .ruralHousehold,
              repricing: .existingLoans),
        .init(programCode: "difficult_area_business", validFrom: day("2015-06-05"), validTo: day("2025-11-30"), legalSource: "Quyết định 31/2007/QĐ-TTg",
              rate: .fixed(rate("0,75")), maxPerLoan: million(100), maxPerHousehold: million(100), maxTermMonths: 120, borrowers: .notPoorNorNearPoor),
        .init(programCode: "difficult_area_business", validFrom: day("2025-12-01"), legalSource: "Quyết định 2553/QĐ-TTg ngày 21/11/2025",
              rate: .fixed(rate("0,65")), maxPerLoan: million(100), maxPerHousehold: million(100), maxTermMonths: 120, borrowers: .notPoorNorNearPoor,
              repricing: .existingLoans),
        .init(programCode: "social_housing", validFrom: day("2024-08-01"), validTo: day("2025-10-09"), legalSource: "Nghị định 100/2024/NĐ-CP Điều 48",
              rate: .fixed(rate("0,55")), maxPerLoan: million(1_000), maxPerHousehold: million(1_000), maxTermMonths: 300,
              collateralFrom: Money(dong: 1), borrowers: .documents, note: "Mua, thuê mua: 80% giá trị hợp đồng; xây, sửa: 70% dự toán, ≤ 1 tỷ đồng."),
        .init(programCode: "social_housing", validFrom: day("2025-10-10"), legalSource: "Nghị định 261/2025/NĐ-CP ngày 10/10/2025",
              rate: .fixed(rate("0,45")), maxPerLoan: million(1_000), maxPerHousehold: million(1_000), maxTermMonths: 300,
              collateralFrom: Money(dong: 1), borrowers: .documents, repricing: .existingLoans,
              note: "Áp dụng cả dư nợ hiện có, tính trên dư nợ gốc thực tế từ 10/10/2025."),
        .init(programCode: "post_prison", validFrom: day("2023-10-10"),
              legalSource: "Quyết định 22/2023/QĐ-TTg ngày 17/08/2023, hiệu lực 10/10/2023 (bằng lãi suất cho vay hộ nghèo từng thời kỳ)",
              rate: .factorOfAnchor(percent: 100), maxPerLoan: million(100), maxPerHousehold: million(100), maxTermMonths: 120, borrowers: .documents,
              note: "Tài sản bảo đảm chưa xác nhận.",
              unitCaps: UnitCaps(perProject: million(2_000), perJob: million(100))),
        .init(programCode: "ethnic_minority", validFrom: day("2022-04-26"), legalSource: "Nghị định 28/2022/NĐ-CP",
              rate: .factorOfAnchor(percent: 50), maxPerLoan: million(50), maxPerHousehold: million(50), maxTermMonths: 120, borrowers: .anyHousehold,
              note: "Mức vay, thời hạn, lãi suất chưa xác nhận (nguồn báo: 50% lãi suất hộ nghèo hoặc 3%/năm cho nhà ở)."),
    ]
}
