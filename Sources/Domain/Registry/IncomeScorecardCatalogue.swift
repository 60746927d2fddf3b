/// The first Phiếu B1 scorecard, as seed data for the 2022–2026 standard. Its shape follows the
/// circular's income-scoring part (household size and dependants, the head's schooling, wage
/// earners, the house, water and latrine, assets, farm land), but the points and cut-offs here are
/// placeholders that give sensible results on the demo, not the annex's figures: an administrator
/// adds the confirmed scorecard with a later `validFrom` and it takes over.
public enum IncomeScorecardCatalogue {
    public static let b1_2022 = IncomeScorecard(
        code: "b1-2022-2026",
        name: "Phiếu B1 – chấm điểm thu nhập (chuẩn nghèo 2022–2025, áp dụng đến hết 2026)",
        standardCode: PovertyStandardCatalogue.decree07_2021.code,
        validFrom: PovertyStandardCatalogue.decree07_2021.validFrom, validTo: PovertyStandardCatalogue.decree07_2021.validTo,
        legalSource: "Thông tư 07/2021/TT-BLĐTBXH, phụ lục Phiếu B1 — câu hỏi, điểm và ngưỡng CHƯA ĐỐI CHIẾU với phụ lục; thay khi có số liệu chính thức",
        items: [
            item("household_size", "Số nhân khẩu của hộ", [("1_2", "1–2 người", 40), ("3_4", "3–4 người", 30), ("5_6", "5–6 người", 20), ("7_plus", "Từ 7 người", 10)]),
            item("dependants", "Người phụ thuộc (trẻ em, người cao tuổi, người ốm đau, khuyết tật không làm việc)",
                 [("none", "Không có", 25), ("under_half", "Dưới một nửa số nhân khẩu", 15), ("half_or_more", "Từ một nửa trở lên", 5)]),
            item("head_education", "Trình độ học vấn cao nhất của chủ hộ",
                 [("none", "Chưa tốt nghiệp tiểu học", 5), ("primary", "Tiểu học", 10), ("lower_secondary", "Trung học cơ sở", 15),
                  ("upper_secondary", "Trung học phổ thông", 20), ("higher", "Trung cấp trở lên", 30)]),
            item("wage_earners", "Số thành viên có việc làm được trả tiền công, tiền lương",
                 [("none", "Không có", 0), ("one", "1 người", 15), ("two_plus", "Từ 2 người", 30)]),
            item("housing", "Loại nhà ở", [("makeshift", "Nhà tạm, nhà thiếu kiên cố", 0), ("semi_solid", "Nhà bán kiên cố", 15), ("solid", "Nhà kiên cố", 30)]),
            item("floor_area", "Diện tích nhà ở bình quân đầu người",
                 [("under_8", "Dưới 8 m²", 0), ("8_to_20", "Từ 8 đến dưới 20 m²", 10), ("20_plus", "Từ 20 m²", 20)]),
            item("water", "Nguồn nước ăn uống", [("unsafe", "Không hợp vệ sinh", 0), ("safe", "Giếng, nước mưa hợp vệ sinh", 5), ("piped", "Nước máy", 10)]),
            item("latrine", "Nhà tiêu", [("none", "Không có hoặc không hợp vệ sinh", 0), ("hygienic", "Hợp vệ sinh", 10)]),
            item("motorbike", "Xe máy", [("none", "Không có", 0), ("one", "1 chiếc", 10), ("two_plus", "Từ 2 chiếc", 20)]),
            item("fridge", "Tủ lạnh", [("no", "Không có", 0), ("yes", "Có", 10)]),
            item("television", "Ti vi", [("no", "Không có", 0), ("yes", "Có", 5)]),
            item("washer_or_aircon", "Máy giặt hoặc điều hòa", [("no", "Không có", 0), ("yes", "Có", 10)]),
            item("car", "Ô tô", [("no", "Không có", 0), ("yes", "Có", 30)]),
            item("farm_land", "Đất sản xuất nông, lâm nghiệp, mặt nước nuôi trồng",
                 [("none", "Không có", 0), ("under_0_2", "Dưới 0,2 ha", 5), ("0_2_to_0_5", "Từ 0,2 đến dưới 0,5 ha", 10), ("0_5_plus", "Từ 0,5 ha", 20)]),
        ],
        cutoffs: [.rural: ScoreCutoffs(povertyLine: 140, averageUpperBound: 175),
                  .urban: ScoreCutoffs(povertyLine: 160, averageUpperBound: 195)])

    public static let all: [IncomeScorecard] = [b1_2022]

    private static func item(_ code: String, _ question: String, _ options: [(String, String, Int)]) -> ScorecardItem {
        ScorecardItem(code: code, question: question, options: options.map { ScorecardOption(code: $0.0, label: $0.1, points: $0.2) })
    }
}
