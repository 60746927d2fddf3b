import Domain
import Testing

@Suite("Network: group rating")
struct GroupScoringTests {
    static let table = GroupScoringCatalogue.placeholder2025

    static func figures(_ a: Int, _ o: Int, _ p: Int, _ i: Int, _ m: Int, _ g: Int) -> GroupMonthFigures {
        GroupMonthFigures(meetingsHeld: a, overduePerMille: o, principalCollectedPercent: p, interestCollectedPercent: i, membersSavingPercent: m,
                          savingsGrowthPercent: g)
    }

    @Test("The seed table is valid and scores 100 at best")
    func seed() throws {
        try Self.table.validate()
        #expect(Self.table.maxScore == 100)
        #expect(GroupRatingRule.rate(Self.figures(2, 0, 100, 100, 100, 1), under: Self.table).score == 100)
        let worst = GroupRatingRule.rate(Self.figures(0, 1000, 0, 0, 0, -5), under: Self.table)
        #expect(worst.grade == .weak && worst.score == 0)
    }

    @Test("The grade follows the score at every cut-off, and better figures never lower the grade")
    func properties() {
        var random = SplitMix(seed: 7)
        for _ in 0..<5_000 {
            let f = Self.figures(Int.random(in: 0...4, using: &random), Int.random(in: 0...60, using: &random), Int.random(in: 50...100, using: &random),
                                 Int.random(in: 70...100, using: &random), Int.random(in: 0...100, using: &random), Int.random(in: -3...3, using: &random))
            let result = GroupRatingRule.rate(f, under: Self.table)
            let expected: GroupGrade = result.score >= 85 ? .good : result.score >= 70 ? .fair : result.score >= 50 ? .average : .weak
            #expect(result.grade == expected)
            #expect(result.reasons.count == Self.table.components.count + 1)
            var better = f
            better.overduePerMille = max(0, f.overduePerMille - Int.random(in: 0...20, using: &random))
            better.interestCollectedPercent = min(100, f.interestCollectedPercent + Int.random(in: 0...10, using: &random))
            better.meetingsHeld += Int.random(in: 0...1, using: &random)
            let improved = GroupRatingRule.rate(better, under: Self.table)
            #expect(improved.score >= result.score)
            #expect(improved.grade <= result.grade) // better grades sort first
        }
    }

    @Test("Cut-offs exactly: 85 is good, 84 fair, 70 fair, 69 average, 50 average, 49 weak")
    func cutoffs() throws {
        // A one-component table whose points are the activity value, to reach any score.
        let linear = GroupScoringTable(code: "t", name: "t", validFrom: try BusinessDate(iso: "2025-01-01"), legalSource: "thử",
                                       components: [ScoringComponent(metric: .activity, bands: (0...100).reversed().map { .init(atLeast: $0, points: $0) })],
                                       goodFrom: 85, fairFrom: 70, averageFrom: 50)
        try linear.validate()
        for (score, grade) in [(100, GroupGrade.good), (85, .good), (84, .fair), (70, .fair), (69, .average), (50, .average), (49, .weak), (0, .weak)] {
            #expect(GroupRatingRule.rate(Self.figures(score, 0, 0, 0, 0, 0), under: linear).grade == grade, "\(score)")
        }
    }

    @Test("A month is rated with the table in force at its end, so past months stay as they were")
    func inForce() throws {
        var later = Self.table
        later.code = "tk-vv-2026"
        later.validFrom = try BusinessDate(iso: "2026-03-15")
        let tables = [Self.table, later]
        #expect(GroupScoringTable.inForce(for: try BusinessDate(iso: "2026-02-01"), among: tables)?.code == "tk-vv-2025")
        #expect(GroupScoringTable.inForce(for: try BusinessDate(iso: "2026-03-01"), among: tables)?.code == "tk-vv-2026")
        #expect(GroupScoringTable.inForce(for: try BusinessDate(iso: "2025-06-01"), among: tables) == nil)
        var broken = Self.table
        broken.goodFrom = 60
        #expect(throws: NetworkError.self) { try broken.validate() }
        #expect(throws: NetworkError.self) { try Self.figures(1, 0, 120, 0, 0, 0).validate() }
    }
}
