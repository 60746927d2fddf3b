/// Programs that no longer lend, or lend under a new act, but whose loans are still on branch
/// books (programs.md "Other programs still on the books"), with the sets those loans were made
/// under. Values come from the sources a review found (press, VBSP and government pages, acts'
/// texts); what none confirmed says so in the set's note. A loan older than the first set known
/// for its program is refused at import with the reason, until the branch adds that set.
extension ProgramCatalogue {
    static let onTheBooks: [LoanProgram] = [
        .init(
            code: "difficult_area_traders",
            name: "Cho vay thương nhân hoạt động thương mại tại vùng khó khăn",
            channel: .entrusted, openForNewLoans: false, legalBasis: "Quyết định 92/2009/QĐ-TTg"),
        .init(
            code: "poor_housing_2015", name: "Cho vay hộ nghèo về nhà ở (giai đoạn 2)",
            channel: .entrusted,
            openForNewLoans: false,
            legalBasis: "Quyết định 33/2015/QĐ-TTg; sửa đổi Quyết định 33/2019/QĐ-TTg"),
        .init(
            code: "ethnic_minority_2012",
            name: "Cho vay hộ đồng bào dân tộc thiểu số đặc biệt khó khăn",
            channel: .entrusted, openForNewLoans: false, legalBasis: "Quyết định 54/2012/QĐ-TTg"),
        .init(
            code: "student_devices",
            name: "Cho vay học sinh, sinh viên mua máy tính học trực tuyến",
            channel: .entrusted, openForNewLoans: false,
            legalBasis:
                "Nghị quyết 11/NQ-CP; Quyết định 09/2022/QĐ-TTg; dừng theo Nghị quyết 195/NQ-CP"),
        .init(
            code: "private_schools",
            name: "Cho vay cơ sở giáo dục mầm non, tiểu học ngoài công lập",
            channel: .direct, openForNewLoans: false,
            legalBasis: "Nghị quyết 11/NQ-CP; Quyết định 11/2022/QĐ-TTg"),
        .init(
            code: "post_rehabilitation", name: "Cho vay người sau cai nghiện ma túy",
            channel: .both,
            legalBasis:
                "Quyết định 29/2014/QĐ-TTg (thí điểm đến 31/12/2020); Quyết định 08/2026/QĐ-TTg"),
    ]

    static let onTheBooksParameters: [ProgramParameters] = [
        .init(
            programCode: "difficult_area_traders", validFrom: day("2015-06-05"),
            validTo: day("2025-11-30"),
            legalSource: "Quyết định 750/QĐ-TTg ngày 01/06/2015 (0,75 %/tháng)",
            rate: .fixed(rate("0,75")),
            maxPerLoan: nil, maxPerHousehold: nil, maxTermMonths: 60, borrowers: .documents,
            repricing: .existingLoans,
            note: "Trước 05/06/2015: 0,8 %/tháng (báo). Mức cho vay và thời hạn chưa xác nhận."),
        .init(
            programCode: "difficult_area_traders", validFrom: day("2025-12-01"),
            legalSource: "Quyết định 2553/QĐ-TTg ngày 21/11/2025 (7,8 %/năm)",
            rate: .fixed(rate("0,65")),
            maxPerLoan: nil, maxPerHousehold: nil, maxTermMonths: 60, borrowers: .documents,
            repricing: .existingLoans, note: "Mức cho vay và thời hạn chưa xác nhận."),
        .init(
            programCode: "poor_housing_2015", validFrom: day("2015-10-01"),
            legalSource: "Quyết định 33/2015/QĐ-TTg ngày 10/08/2015, hiệu lực 01/10/2015 (3 %/năm)",
            rate: .fixed(rate("0,25")), maxPerLoan: million(25), maxPerHousehold: million(25),
            maxTermMonths: 180, borrowers: .poor,
            note:
                "15 năm, 5 năm đầu ân hạn gốc và lãi; từ năm thứ 6 trả tối thiểu 10 %/năm"
                + " (hướng dẫn của NHCSXH, theo báo)."
        ),
        .init(
            programCode: "ethnic_minority_2012", validFrom: day("2012-11-26"),
            legalSource: "Quyết định 54/2012/QĐ-TTg (0,1 %/tháng)", rate: .fixed(rate("0,1")),
            maxPerLoan: million(8), maxPerHousehold: million(8), maxTermMonths: 60,
            borrowers: .documents,
            note:
                "Gia hạn tối đa thêm 5 năm. Ngày ký theo bản dịch (26/11/2012);"
                + " ngày hiệu lực chưa xác nhận."
        ),
        .init(
            programCode: "student_devices", validFrom: day("2022-04-04"),
            validTo: day("2023-11-20"),
            legalSource: "Quyết định 09/2022/QĐ-TTg ngày 04/04/2022 (1,2 %/năm)",
            rate: .fixed(rate("0,1")),
            maxPerLoan: million(10), maxPerHousehold: nil, maxTermMonths: 60,
            borrowers: .studentHousehold,
            note: "10 triệu đồng mỗi học sinh, sinh viên; thời hạn chưa xác nhận."),
        .init(
            programCode: "private_schools", validFrom: day("2022-04-27"),
            validTo: day("2023-12-31"),
            legalSource: "Quyết định 11/2022/QĐ-TTg ngày 27/04/2022 (3,3 %/năm)",
            rate: .fixed(rate("0,275")),
            maxPerLoan: million(200), maxPerHousehold: nil, maxTermMonths: 36,
            borrowers: .documents,
            note: "80 triệu đồng mỗi nhóm, lớp độc lập; 200 triệu đồng mỗi trường."),
        .init(
            programCode: "post_rehabilitation", validFrom: day("2014-06-15"),
            validTo: day("2020-12-31"),
            legalSource:
                "Quyết định 29/2014/QĐ-TTg (thí điểm; gia hạn theo Quyết định 02/2020/QĐ-TTg)",
            rate: .factorOfAnchor(percent: 100), maxPerLoan: million(20),
            maxPerHousehold: million(30),
            maxTermMonths: 36, borrowers: .documents,
            note: "Lãi suất cho vay hộ nghèo trước 05/06/2015 chưa có trong bảng mức neo."),
        .init(
            programCode: "post_rehabilitation", validFrom: day("2026-05-01"),
            legalSource: "Quyết định 08/2026/QĐ-TTg ngày 03/03/2026, hiệu lực 01/05/2026",
            rate: .factorOfAnchor(percent: 100), maxPerLoan: million(200),
            maxPerHousehold: million(200),
            maxTermMonths: 120, borrowers: .documents,
            note: "Cơ sở sử dụng từ 10 % lao động là người sau cai nghiện: đến 2 tỷ đồng (báo)."),
        .init(
            programCode: "social_housing", validFrom: day("2019-04-01"), validTo: day("2024-07-31"),
            legalSource:
                "Nghị định 100/2015/NĐ-CP (sửa đổi Nghị định 49/2021/NĐ-CP);"
                + " 4,8 %/năm theo Quyết định 532/QĐ-TTg, 486/QĐ-TTg",
            rate: .fixed(rate("0,4")), maxPerLoan: million(500), maxPerHousehold: million(500),
            maxTermMonths: 300, collateralFrom: Money(dong: 1), borrowers: .documents,
            note:
                "Xây, sửa: 70 % dự toán, tối đa 500 triệu đồng;"
                + " mua, thuê mua: 80 % giá trị hợp đồng (báo)."
        ),
    ]
}
