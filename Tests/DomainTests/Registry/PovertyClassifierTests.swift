import Domain
import Foundation
import Testing

@Suite("Poverty classifier")
struct PovertyClassifierTests {
    static let standards = PovertyStandardCatalogue.all
    static let grid: [(PovertyStandard, Area)] = standards.flatMap { standard in Area.allCases.map { (standard, $0) } }

    @Test("Headline cases, figures from the decrees", arguments: [
        // Decree 07/2021, rural line 1.500.000 đ, band up to 2.250.000 đ
        ("vn-2022-2026", Area.rural, 1_500_000, 3, Classification.poor),
        ("vn-2022-2026", .rural, 1_500_000, 2, .nearPoor),
        ("vn-2022-2026", .rural, 1_499_999, 0, .nearPoor),
        ("vn-2022-2026", .rural, 0, 3, .poor),
        ("vn-2022-2026", .rural, 1_500_001, 12, .average),   // above the line deprivations do not count
        ("vn-2022-2026", .rural, 2_250_000, 0, .average),
        ("vn-2022-2026", .rural, 2_250_001, 12, .none),
        // Decree 07/2021, urban line 2.000.000 đ, band up to 3.000.000 đ
        ("vn-2022-2026", .urban, 2_000_000, 3, .poor),
        ("vn-2022-2026", .urban, 1_999_999, 2, .nearPoor),
        ("vn-2022-2026", .urban, 2_000_001, 5, .average),
        ("vn-2022-2026", .urban, 2_500_000, 3, .average),
        ("vn-2022-2026", .urban, 3_000_000, 0, .average),
        ("vn-2022-2026", .urban, 3_000_001, 0, .none),
        // Decree 351/2025, rural 2.200.000 đ, urban 2.800.000 đ, no confirmed band
        ("vn-2027-2030", .rural, 2_200_000, 3, .poor),
        ("vn-2027-2030", .rural, 2_200_000, 2, .nearPoor),
        ("vn-2027-2030", .rural, 2_200_001, 0, .none),
        ("vn-2027-2030", .rural, 2_250_000, 0, .none),
        ("vn-2027-2030", .urban, 2_500_000, 3, .poor),          // average under 2022, poor under 2027
        ("vn-2027-2030", .urban, 2_800_000, 13, .poor),
        ("vn-2027-2030", .urban, 2_800_001, 0, .none),
    ] as [(String, Area, Int64, Int, Classification)])
    func headline(code: String, area: Area, income: Int64, deprivations: Int, expected: Classification) throws {
        let standard = try #require(Self.standards.first { $0.code == code })
        let answers = SurveyAnswers(area: area, incomePerPersonMonthly: Money(dong: income),
                                    deprivations: Set(standard.indicators.prefix(deprivations).map(\.code)))
        let result = try PovertyClassifier.classify(answers, under: standard)
        #expect(result.classification == expected)
        #expect(result.standardCode == code)
    }

    @Test("Every boundary: income around the line and the band × every deprivation count",
          arguments: Self.grid.map { StandardAndArea(standard: $0.0, area: $0.1) })
    func boundaries(_ pair: StandardAndArea) throws {
        let standard = pair.standard, area = pair.area
        let line = try #require(standard.povertyLines[area]).dong
        // 2027 has no band: probe the 2022 figures anyway, they must give `none` above the line.
        let upper = standard.averageUpperBounds?[area]?.dong
        let probeUpper = upper ?? PovertyStandardCatalogue.decree07_2021.averageUpperBounds![area]!.dong
        let incomes: [Int64] = [0, 1, line - 1, line, line + 1, probeUpper - 1, probeUpper, probeUpper + 1, 100_000_000]
        let codes = standard.indicators.map(\.code)
        var random = SplitMix(seed: UInt64(codes.count * 10 + (area == .rural ? 1 : 2)))
        for income in incomes {
            for count in 0...codes.count {
                let subsets = [Array(codes.prefix(count)), Array(codes.suffix(count)),
                               Array(codes.shuffled(using: &random).prefix(count))]
                for subset in subsets {
                    let answers = SurveyAnswers(area: area, incomePerPersonMonthly: Money(dong: income),
                                                deprivations: Set(subset))
                    let result = try PovertyClassifier.classify(answers, under: standard)
                    let expected: Classification =
                        income <= line ? (count >= 3 ? .poor : .nearPoor)
                        : (upper.map { income <= $0 } ?? false) ? .average : .none
                    #expect(result.classification == expected, "\(standard.code) \(area) \(income) \(count)")
                    #expect(result.deprivedIndicators == codes.filter(Set(subset).contains))
                    #expect(result.reasons.first?.contains(Money(dong: line).description) == true)
                }
            }
        }
    }

    @Test("Reasons are Vietnamese sentences naming the figures and indicators")
    func reasons() throws {
        let standard = PovertyStandardCatalogue.decree07_2021
        let poor = try PovertyClassifier.classify(
            SurveyAnswers(area: .rural, incomePerPersonMonthly: Money(dong: 1_400_000),
                          deprivations: ["telecom", "latrine", "health_insurance"]), under: standard)
        #expect(poor.classification == .poor)
        #expect(poor.deprivedIndicators == ["health_insurance", "latrine", "telecom"])
        #expect(poor.reasons == [
            "Thu nhập bình quân 1.400.000 đ/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đ",
            "Thiếu hụt 3/12 chỉ số: Bảo hiểm y tế, Nhà tiêu hợp vệ sinh, Sử dụng dịch vụ viễn thông (≥ 3)",
        ])

        let nearPoor = try PovertyClassifier.classify(
            SurveyAnswers(area: .urban, incomePerPersonMonthly: Money(dong: 2_000_000), deprivations: []), under: standard)
        #expect(nearPoor.classification == .nearPoor)
        #expect(nearPoor.reasons == [
            "Thu nhập bình quân 2.000.000 đ/người/tháng ≤ chuẩn nghèo thành thị 2.000.000 đ",
            "Thiếu hụt 0/12 chỉ số (< 3)",
        ])

        let average = try PovertyClassifier.classify(
            SurveyAnswers(area: .urban, incomePerPersonMonthly: Money(dong: 2_500_000), deprivations: ["water"]),
            under: standard)
        #expect(average.classification == .average)
        #expect(average.reasons == [
            "Thu nhập bình quân 2.500.000 đ/người/tháng > chuẩn nghèo thành thị 2.000.000 đ",
            "Thu nhập bình quân 2.500.000 đ/người/tháng ≤ ngưỡng hộ có mức sống trung bình thành thị 3.000.000 đ",
            "Thiếu hụt 1/12 chỉ số: Nguồn nước sinh hoạt (không xét do thu nhập trên chuẩn nghèo)",
        ])

        let none = try PovertyClassifier.classify(
            SurveyAnswers(area: .rural, incomePerPersonMonthly: Money(dong: 2_300_000), deprivations: ["household_waste"]),
            under: PovertyStandardCatalogue.decree351_2025)
        #expect(none.classification == .none)
        #expect(none.deprivedIndicators == ["household_waste"])
        #expect(none.reasons == [
            "Thu nhập bình quân 2.300.000 đ/người/tháng > chuẩn nghèo nông thôn 2.200.000 đ",
            "Chuẩn nghèo vn-2027-2030 chưa xác định ngưỡng hộ có mức sống trung bình nông thôn",
            "Thiếu hụt 1/13 chỉ số: Thu gom, xử lý rác thải sinh hoạt (không xét do thu nhập trên chuẩn nghèo)",
        ])
    }

    @Test("Negative income is refused", arguments: [-1, -1_500_000, Int64.min] as [Int64])
    func negativeIncome(dong: Int64) {
        for standard in Self.standards {
            #expect(throws: RegistryError.negativeIncome) {
                try PovertyClassifier.classify(
                    SurveyAnswers(area: .rural, incomePerPersonMonthly: Money(dong: dong), deprivations: []), under: standard)
            }
        }
    }

    @Test("Indicators belong to their standard", arguments: [
        ("vn-2022-2026", "information_devices", true), ("vn-2027-2030", "information_devices", false),
        ("vn-2022-2026", "household_waste", false), ("vn-2027-2030", "household_waste", true),
        ("vn-2022-2026", "digital_services", false), ("vn-2027-2030", "digital_services", true),
        ("vn-2022-2026", "telecom", true), ("vn-2027-2030", "telecom", true),
        ("vn-2022-2026", "", false), ("vn-2022-2026", "Health_Insurance", false), ("vn-2027-2030", "bảo hiểm y tế", false),
    ] as [(String, String, Bool)])
    func indicatorMembership(code: String, indicator: String, accepted: Bool) throws {
        let standard = try #require(Self.standards.first { $0.code == code })
        let answers = SurveyAnswers(area: .urban, incomePerPersonMonthly: Money(dong: 1_000_000),
                                    deprivations: [indicator, "employment"])
        if accepted {
            let result = try PovertyClassifier.classify(answers, under: standard)
            #expect(result.deprivedIndicators.contains(indicator))
        } else {
            #expect(throws: RegistryError.unknownIndicator(indicator, standard: code)) {
                try PovertyClassifier.classify(answers, under: standard)
            }
        }
    }

    @Test("Several unknown codes: the first in code order is reported, every time")
    func unknownIsDeterministic() {
        let answers = SurveyAnswers(area: .rural, incomePerPersonMonthly: .zero, deprivations: ["zeta", "alpha", "mu", "water"])
        #expect(throws: RegistryError.unknownIndicator("alpha", standard: "vn-2022-2026")) {
            try PovertyClassifier.classify(answers, under: PovertyStandardCatalogue.decree07_2021)
        }
    }

    @Test("A standard without a line for the area is reported, not guessed")
    func missingLine() {
        var standard = PovertyStandardCatalogue.decree07_2021
        standard.povertyLines[.urban] = nil
        let answers = SurveyAnswers(area: .urban, incomePerPersonMonthly: .zero, deprivations: [])
        #expect(throws: RegistryError.povertyLineMissing(standard: "vn-2022-2026", area: .urban)) {
            try PovertyClassifier.classify(answers, under: standard)
        }
        #expect((try? PovertyClassifier.classify(SurveyAnswers(area: .rural, incomePerPersonMonthly: .zero, deprivations: []),
                                                 under: standard))?.classification == .nearPoor)
    }

    @Test("Properties over random answers: the rule, monotonicity, reasons")
    func properties() throws {
        var random = SplitMix(seed: 2025)
        for _ in 0..<3_000 {
            let standard = Self.standards.randomElement(using: &random)!
            let area = Area.allCases.randomElement(using: &random)!
            let line = standard.povertyLines[area]!
            let income = Self.randomIncome(near: line, using: &random)
            let answers = SurveyAnswers(area: area, incomePerPersonMonthly: income,
                                        deprivations: Self.randomSubset(of: standard, using: &random))
            let result = try PovertyClassifier.classify(answers, under: standard)
            let count = answers.deprivations.count

            #expect((result.classification == .poor) == (income <= line && count >= 3))
            #expect((result.classification == .nearPoor) == (income <= line && count < 3))
            if standard.averageUpperBounds == nil { #expect(result.classification != .average) }
            #expect(result.deprivedIndicators.count == count)
            #expect(result.deprivedIndicators == standard.indicators.map(\.code).filter(answers.deprivations.contains))
            #expect(!result.reasons.isEmpty && result.reasons.allSatisfy { !$0.isEmpty })
            #expect(result.reasons[0].contains(line.description))
            #expect(result.standardCode == standard.code)

            // Raising income never makes a household poorer.
            var richer = answers
            richer.income = .declared(Money(dong: income.dong + Int64.random(in: 0...2_000_000, using: &random)))
            let richerResult = try PovertyClassifier.classify(richer, under: standard)
            #expect(Self.rank(richerResult.classification) <= Self.rank(result.classification))

            // Adding a deprivation never makes a household less poor (poor stays poor).
            let missing = standard.indicators.map(\.code).filter { !answers.deprivations.contains($0) }
            if let added = missing.randomElement(using: &random) {
                var worse = answers
                worse.deprivations.insert(added)
                let worseResult = try PovertyClassifier.classify(worse, under: standard)
                #expect(Self.rank(worseResult.classification) >= Self.rank(result.classification))
                if result.classification == .poor { #expect(worseResult.classification == .poor) }
            }

            // The result survives the API's JSON unchanged.
            let decoded = try JSONDecoder().decode(ClassificationResult.self, from: JSONEncoder().encode(result))
            #expect(decoded == result)
        }
    }

    /// How poor a classification is: poor > near-poor > average > none.
    static func rank(_ classification: Classification) -> Int {
        switch classification {
        case .poor: 3
        case .nearPoor: 2
        case .average: 1
        case .none: 0
        }
    }

    /// Half the draws close to a line or band edge, the rest anywhere from 0 to 5 m đ.
    static func randomIncome(near line: Money, using random: inout SplitMix) -> Money {
        let edges: [Int64] = [line.dong, 2_250_000, 3_000_000]
        if Bool.random(using: &random) {
            return Money(dong: max(0, edges.randomElement(using: &random)! + Int64.random(in: -3...3, using: &random)))
        }
        return Money(dong: Int64.random(in: 0...5_000_000, using: &random))
    }

    static func randomSubset(of standard: PovertyStandard, using random: inout SplitMix) -> Set<String> {
        Set(standard.indicators.map(\.code).filter { _ in Int.random(in: 0..<4, using: &random) == 0 })
    }
}

/// A standard and an area as one test argument.
struct StandardAndArea: Sendable, CustomTestStringConvertible {
    let standard: PovertyStandard
    let area: Area
    var testDescription: String { "\(standard.code) \(area.rawValue)" }
}
