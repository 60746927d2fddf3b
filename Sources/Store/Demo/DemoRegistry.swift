import Domain
import Foundation
import SQLKit

/// The demo registry: households with members in every commune of the demo province, names and
/// ethnicities drawn from realistic distributions, and three years of annual reviews classified
/// by the real classifier under the standard then in force. Deterministic for a seed.
struct DemoRegistry {
    let provinceCode: Int
    let householdsPerCommune: Int
    let businessDate: BusinessDate

    // Shares of Vietnamese surnames (per mille), most common first.
    static let surnames: [(String, Int)] = [
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 50), ("Vũ", 40), ("Phan", 35), ("Đặng", 25),
        ("Bùi", 25), ("Đỗ", 20), ("Ngô", 15), ("Dương", 12), ("Đào", 12), ("Đinh", 10), ("Lương", 8), ("Mai", 8), ("Trịnh", 8),
        ("Tô", 6), ("Hà", 6), ("Lưu", 5), ("Cao", 5),
    ]
    static let maleMiddle = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Công", "Thanh"]
    static let femaleMiddle = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Minh", "Phương"]
    static let maleGiven = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Huy", "Khánh", "Long", "Mạnh", "Nam",
                            "Phong", "Quân", "Sơn", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Hiếu", "Lâm"]
    static let femaleGiven = ["Anh", "Bích", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai",
                              "Nga", "Ngọc", "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thu", "Trang", "Tuyết", "Vân", "Yến"]
    /// Hưng Yên is almost entirely Kinh; a few households of other groups live there.
    static let ethnicities: [(String, Int)] = [("01", 995), ("02", 1), ("06", 1), ("04", 1), ("07", 1), ("03", 1)]

    func households(communes: [(id: String, code: Int, name: String, birthplace: Int, isWard: Bool)],
                    random: inout SeededGenerator, newID: (String) -> String) throws -> [(Int, [Household])] {
        var result: [(Int, [Household])] = []
        var serial = 0
        for commune in communes {
            let villages = Int.random(in: 6...14, using: &random)
            var households: [Household] = []
            // The home commune always has enough households for its groups, even in a small test demo.
            let count = commune.code == DemoProvince.communeCode ? max(householdsPerCommune, 60) : householdsPerCommune
            for index in 1...count {
                serial += 1
                let village = commune.isWard ? "Tổ dân phố \(1 + index % villages)" : "Thôn \(1 + index % villages)"
                let surname = Self.pick(Self.surnames, &random)
                let ethnicity = Self.pick(Self.ethnicities, &random)
                var members: [Member] = []
                func person(_ relation: Relation, sex: Sex, age: ClosedRange<Int>, surname: String) throws -> Member {
                    serial += 1
                    let years = Int.random(in: age, using: &random)
                    let birth = businessDate.adding(days: -(years * 365 + Int.random(in: 0...364, using: &random)))
                    let middle = (sex == .male ? Self.maleMiddle : Self.femaleMiddle).randomElement(using: &random) ?? "Văn"
                    let given = (sex == .male ? Self.maleGiven : Self.femaleGiven).randomElement(using: &random) ?? "An"
                    var citizenID: CitizenID?
                    if birth.fullYears(until: businessDate) >= 14 || Int.random(in: 0..<4, using: &random) == 0 {
                        let century = (birth.year - 1900) / 100 * 2 + (sex == .female ? 1 : 0)
                        let digits = String(format: "%03d%d%02d%06d", commune.birthplace, century, birth.year % 100, serial % 1_000_000)
                        citizenID = try CitizenID(digits, birthplaces: [commune.birthplace])
                    }
                    return Member(id: Member.ID(newID("m")), fullName: "\(surname) \(middle) \(given)", birthDate: birth, sex: sex,
                                  ethnicityCode: ethnicity, relation: relation, citizenID: citizenID,
                                  flags: Int.random(in: 0..<40, using: &random) == 0 ? [.disability] : [])
                }
                let headSex: Sex = Int.random(in: 0..<10, using: &random) < 8 ? .male : .female
                members.append(try person(.head, sex: headSex, age: 24...82, surname: surname))
                if Int.random(in: 0..<10, using: &random) < 8 {
                    members.append(try person(.spouse, sex: headSex == .male ? .female : .male, age: 22...78,
                                              surname: Self.pick(Self.surnames, &random)))
                }
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    var child = try person(.child, sex: Bool.random(using: &random) ? .male : .female, age: 0...25, surname: surname)
                    if child.age(on: businessDate) >= 6, child.age(on: businessDate) <= 22, Int.random(in: 0..<3, using: &random) > 0 {
                        child.flags.insert(.student)
                    }
                    members.append(child)
                }
                if Int.random(in: 0..<5, using: &random) == 0 {
                    members.append(try person(.parent, sex: Bool.random(using: &random) ? .male : .female, age: 70...95, surname: surname))
                }
                households.append(Household(
                    id: Household.ID(newID("h")), unitID: AdministrativeUnit.ID(commune.id), code: try HouseholdCode(String(format: "HO-%04d", index)),
                    village: village, area: commune.isWard ? .urban : .rural,
                    address: "\(village), \(commune.name)", phone: String(format: "09%08d", serial % 100_000_000), members: members))
            }
            result.append((provinceCode, households))
        }
        return result
    }

    /// Three annual reviews (results in force from 1 January of each year), classified under the
    /// standard in force then. Incomes drift upward, so some households escape poverty over time.
    /// The review entries behind each year's results, by commune and review year.
    var entries: [String: [ReviewEntry]] = [:]

    mutating func reviews(of households: [Household], standards: [PovertyStandard], random: inout SeededGenerator,
                          newID: (String) -> String) throws -> [[any Encodable & Sendable]] {
        var rows: [[any Encodable & Sendable]] = []
        let years = (businessDate.year - 2)...businessDate.year
        for household in households {
            // Base income per person: most households well above the line, a tail below it.
            let base = Int64(Self.skewedIncome(&random))
            var deprived = Set<String>()
            var previous: (class: Classification, id: String)?
            var rowsOfHousehold: [[any Encodable & Sendable]] = []
            for (offset, year) in years.enumerated() {
                let from = try BusinessDate(year: year, month: 1, day: 1)
                guard let standard = PovertyStandard.nationalInForce(on: from, among: standards) else { continue }
                let income = base + Int64(offset) * Int64.random(in: 50_000...250_000, using: &random)
                let codes = standard.indicators.map(\.code)
                // Sorted: a Set's order differs between runs, and each element draws a random number.
                deprived = Set(deprived.sorted().filter { codes.contains($0) && Int.random(in: 0..<4, using: &random) > 0 })
                while deprived.count < Int.random(in: 0...4, using: &random), let code = codes.randomElement(using: &random) {
                    deprived.insert(code)
                }
                let result = try PovertyClassifier.classify(SurveyAnswers(area: household.area, incomePerPersonMonthly: Money(dong: income),
                                                                          deprivations: deprived), under: standard)
                // The review of the year before surveyed the households on the lists and those that joined them.
                let listed = previous?.class == .poor || previous?.class == .nearPoor
                if listed || result.classification == .poor || result.classification == .nearPoor {
                    var entry = ReviewEntry(householdID: household.id, reason: listed ? .onList : .atRisk)
                    entry.screening = .passed
                    entry.income = Money(dong: income)
                    entry.deprivations = result.deprivedIndicators
                    entry.proposed = result.classification
                    entry.reasons = result.reasons
                    entry.standardCode = result.standardCode
                    entries["\(household.unitID.rawValue)|\(year - 1)", default: []].append(entry)
                }
                if result.classification == previous?.class { continue }
                if var last = rowsOfHousehold.popLast() {
                    last[6] = from.adding(days: -1).iso
                    rowsOfHousehold.append(last)
                }
                let id = newID("c")
                rowsOfHousehold.append(ClassificationStore.row(
                    id: id, provinceCode: provinceCode, householdID: household.id.rawValue, standardCode: result.standardCode,
                    classification: result.classification, validFrom: from, validTo: nil,
                    decision: "Quyết định công nhận kết quả rà soát năm \(year - 1)", reasons: result.reasons,
                    deprivations: result.deprivedIndicators, createdAt: 0))
                previous = (result.classification, id)
            }
            rows += rowsOfHousehold
        }
        return rows
    }

    /// One decided periodic review per commune and year, holding the entries above: the review
    /// pages of the demo show the history the classifications came from.
    func reviewRecords(startedIn years: ClosedRange<Int>, unitIDs: [String], chain: (BusinessDate) -> String,
                       newID: (String) -> String) throws -> (campaigns: [[any Encodable & Sendable]], entries: [[any Encodable & Sendable]]) {
        var campaigns: [[any Encodable & Sendable]] = []
        var rows: [[any Encodable & Sendable]] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for unitID in unitIDs {
            for year in years {
                let started = try BusinessDate(year: year, month: 9, day: 1)
                var campaign = ReviewCampaign(id: ReviewCampaign.ID(newID("r")), unitID: AdministrativeUnit.ID(unitID), year: year,
                                              kind: .periodic, startedOn: started, approvalChain: chain(started))
                campaign.step = .decided
                campaign.meetingOn = try BusinessDate(year: year, month: 11, day: 5)
                campaign.meetingMinutes = "Biên bản họp dân"
                campaign.postedFrom = try BusinessDate(year: year, month: 11, day: 10)
                campaign.decidedOn = try BusinessDate(year: year, month: 12, day: 10)
                campaign.decisionNumber = "Quyết định công nhận kết quả rà soát năm \(year)"
                campaigns.append([campaign.id.rawValue, provinceCode, unitID, year, campaign.kind.rawValue,
                                  String(decoding: try encoder.encode(campaign), as: UTF8.self), Int64(0)])
                for entry in entries["\(unitID)|\(year)"] ?? [] {
                    rows.append([campaign.id.rawValue, entry.householdID.rawValue, provinceCode,
                                 String(decoding: try encoder.encode(entry), as: UTF8.self)])
                }
            }
        }
        return (campaigns, rows)
    }

    /// Income per person per month: a log-normal-like spread around 3.5 million đồng, with about
    /// one household in twenty under the rural line.
    static func skewedIncome(_ random: inout SeededGenerator) -> Int {
        let u = (0..<4).map { _ in Double.random(in: 0..<1, using: &random) }.reduce(0, +) / 4
        return Int(700_000 + u * u * 9_000_000) / 10_000 * 10_000
    }

    static func pick<T>(_ table: [(T, Int)], _ random: inout SeededGenerator) -> T {
        let total = table.reduce(0) { $0 + $1.1 }
        var roll = Int.random(in: 0..<total, using: &random)
        for (value, weight) in table {
            if roll < weight { return value }
            roll -= weight
        }
        return table[0].0
    }
}
