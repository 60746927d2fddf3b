import Domain
import Foundation
import Testing

@Suite("Phiếu B1 income scorecard")
struct IncomeScorecardTests {
    static let scorecard = IncomeScorecardCatalogue.b1_2022
    static let standard = PovertyStandardCatalogue.decree07_2021

    static func day(_ iso: String) -> BusinessDate { try! BusinessDate(iso: iso) }

    /// Every item answered with its option at `index` (clamped to the item's last option).
    static func choices(_ index: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: scorecard.items.map { ($0.code, $0.options[min(index, $0.options.count - 1)].code) })
    }

    @Test("The seed scorecard is valid for the standard it belongs to")
    func seedIsValid() throws {
        try Self.scorecard.validate(against: Self.standard)
        #expect(Self.scorecard.standardCode == Self.standard.code)
    }

    @Test("The score is the sum of the chosen options' points, for random answers")
    func scoreIsSumOfPoints() throws {
        var random = SplitMix(seed: 42)
        for _ in 0..<500 {
            var chosen: [String: String] = [:]
            var expected = 0
            for item in Self.scorecard.items {
                let option = item.options.randomElement(using: &random)!
                chosen[item.code] = option.code
                expected += option.points
            }
            #expect(try Self.scorecard.score(chosen) == expected)
        }
    }

    @Test("An unanswered question, an unknown question or an unknown option is refused, naming it")
    func badAnswers() throws {
        var missing = Self.choices(0)
        missing["car"] = nil
        #expect(throws: RegistryError.scoreItemUnanswered("Ô tô")) { try Self.scorecard.score(missing) }
        var blank = Self.choices(0)
        blank["car"] = ""
        #expect(throws: RegistryError.scoreItemUnanswered("Ô tô")) { try Self.scorecard.score(blank) }
        var stray = Self.choices(0)
        stray["yacht"] = "yes"
        #expect(throws: RegistryError.unknownScoreItem("yacht", scorecard: "b1-2022-2026")) { try Self.scorecard.score(stray) }
        var wrong = Self.choices(0)
        wrong["car"] = "two"
        #expect(throws: RegistryError.unknownScoreOption("two", item: "Ô tô")) { try Self.scorecard.score(wrong) }
    }

    @Test("Every score around the cut-offs × every deprivation count classifies as the decree says",
          arguments: Area.allCases)
    func boundaries(area: Area) throws {
        let cut = try #require(Self.scorecard.cutoffs[area])
        let upper = try #require(cut.averageUpperBound)
        let codes = Self.standard.indicators.map(\.code)
        for score in [0, cut.povertyLine - 1, cut.povertyLine, cut.povertyLine + 1, upper - 1, upper, upper + 1, 1_000] {
            for count in 0...codes.count {
                let answers = SurveyAnswers(area: area, income: .scored(score, Self.scorecard), deprivations: Set(codes.prefix(count)))
                let result = try PovertyClassifier.classify(answers, under: Self.standard)
                let expected: Classification =
                    score <= cut.povertyLine ? (count >= 3 ? .poor : .nearPoor) : score <= upper ? .average : .none
                #expect(result.classification == expected, "\(area) \(score) \(count)")
                #expect(result.reasons.first?.contains("\(score)") == true)
                #expect(result.reasons.first?.contains("\(cut.povertyLine) điểm") == true)
            }
        }
    }

    @Test("A household of the demo's typical shape scores at the rural poverty cut-off or below")
    func typicalPoorHousehold() throws {
        let chosen = ["household_size": "3_4", "dependants": "under_half", "head_education": "lower_secondary", "wage_earners": "one",
                      "housing": "semi_solid", "floor_area": "8_to_20", "water": "safe", "latrine": "hygienic", "motorbike": "one",
                      "fridge": "no", "television": "yes", "washer_or_aircon": "no", "car": "no", "farm_land": "under_0_2"]
        let score = try Self.scorecard.score(chosen)
        #expect(score == 30 + 15 + 15 + 15 + 15 + 10 + 5 + 10 + 10 + 0 + 5 + 0 + 0 + 5)
        let result = try PovertyClassifier.classify(
            SurveyAnswers(area: .rural, income: .scored(score, Self.scorecard), deprivations: ["health_insurance", "latrine", "telecom"]),
            under: Self.standard)
        #expect(result.classification == .poor)
        #expect(result.reasons[0] == "Điểm thu nhập Phiếu B1 (b1-2022-2026): 135 ≤ ngưỡng nghèo nông thôn 140 điểm (chuẩn nghèo 1.500.000 đ)")
    }

    @Test("A scorecard of another standard, or without cut-offs for the area, is refused")
    func mismatches() throws {
        let later = PovertyStandardCatalogue.decree351_2025
        #expect(throws: RegistryError.scorecardMismatch(scorecard: "b1-2022-2026", standard: "vn-2027-2030")) {
            try PovertyClassifier.classify(SurveyAnswers(area: .rural, income: .scored(10, Self.scorecard), deprivations: []), under: later)
        }
        var ruralOnly = Self.scorecard
        ruralOnly.cutoffs[.urban] = nil
        #expect(throws: RegistryError.scoreCutoffMissing(scorecard: "b1-2022-2026", area: .urban)) {
            try PovertyClassifier.classify(SurveyAnswers(area: .urban, income: .scored(10, ruralOnly), deprivations: []), under: Self.standard)
        }
    }

    @Test("Under a standard without the average band, a score above the poverty cut-off is none")
    func noBand() throws {
        var standard = Self.standard
        standard.averageUpperBounds = nil
        let result = try PovertyClassifier.classify(
            SurveyAnswers(area: .rural, income: .scored(141, Self.scorecard), deprivations: []), under: standard)
        #expect(result.classification == Classification.none)
        #expect(result.reasons.contains { $0.contains("chưa xác định ngưỡng hộ có mức sống trung bình") })
    }

    @Test("The scorecard that applies: in force on the date, of the standard, the province's own first, then the latest")
    func applicable() throws {
        var local = Self.scorecard
        local.code = "hy-b1"
        local.provinceCode = 33
        var revised = Self.scorecard
        revised.code = "b1-2022-rev"
        revised.validFrom = Self.day("2026-01-01")
        let all = [Self.scorecard, local, revised]
        func pick(_ date: String, _ standard: String = "vn-2022-2026", province: Int?) -> String? {
            IncomeScorecard.applicable(on: Self.day(date), standardCode: standard, provinceCode: province, among: all)?.code
        }
        #expect(pick("2025-06-30", province: 1) == "b1-2022-2026")
        #expect(pick("2026-06-30", province: 1) == "b1-2022-rev")
        #expect(pick("2026-06-30", province: nil) == "b1-2022-rev")
        #expect(pick("2026-06-30", province: 33) == "hy-b1")
        #expect(pick("2021-12-31", province: 33) == nil)
        #expect(pick("2027-01-01", province: 1) == nil)
        #expect(pick("2026-06-30", "vn-2027-2030", province: 1) == nil)
    }

    @Test("Validation names what is wrong", arguments: [
        ("code", "mã phải có"), ("cutoff", "thiếu ngưỡng điểm khu vực thành thị"), ("band", "phải lớn hơn ngưỡng nghèo"),
        ("items", "chưa có câu hỏi"), ("duplicate", "mã câu hỏi bị trùng"), ("options", "chưa có phương án"),
        ("optionCode", "mã phương án bị trùng"), ("standard", "không khớp chuẩn nghèo"), ("dates", "trước ngày có hiệu lực"),
    ])
    func validation(broken: String, message: String) throws {
        var s = Self.scorecard
        switch broken {
        case "code": s.code = "x"
        case "cutoff": s.cutoffs[.urban] = nil
        case "band": s.cutoffs[.rural] = ScoreCutoffs(povertyLine: 140, averageUpperBound: 140)
        case "items": s.items = []
        case "duplicate": s.items.append(s.items[0])
        case "options": s.items[0].options = []
        case "optionCode": s.items[0].options.append(s.items[0].options[0])
        case "standard": s.standardCode = "vn-2027-2030"
        default: s.validTo = Self.day("2021-01-01")
        }
        do {
            try s.validate(against: Self.standard)
            Issue.record("\(broken) passed validation")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.code == "invalid_scorecard")
        }
    }
}
