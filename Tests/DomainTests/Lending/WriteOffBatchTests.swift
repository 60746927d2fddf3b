import Testing

@testable import Domain

/// Đợt xóa nợ: the approval level by amount as data, and the rules of a batch's decision.
@Suite("Lending: write-off batches and approval levels")
struct WriteOffBatchTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate(dayNumber: 0)
    }
    static let limits = WriteOffApprovalLimits(
        branchMax: Money(dong: 50_000_000), headOfficeMax: Money(dong: 500_000_000))

    @Test("Level by amount: monotone, the limits themselves belong to the lower level")
    func levels() {
        var random = SplitMix(seed: 15)
        var previous = WriteOffLevel.branch
        var amounts = (0..<2000).map { _ in Int64.random(in: 0...2_000_000_000, using: &random) }
        amounts += [0, 50_000_000, 50_000_001, 500_000_000, 500_000_001]
        for dong in amounts.sorted() {
            let level = Self.limits.level(for: Money(dong: dong))
            #expect(level >= previous)
            previous = level
            let expected: WriteOffLevel =
                dong <= 50_000_000 ? .branch : dong <= 500_000_000 ? .headOffice : .board
            #expect(level == expected, "\(dong)")
        }
    }

    @Test("A batch needs the highest level any file needs; a corrupt sum goes to the board")
    func batchLevel() {
        var random = SplitMix(seed: 16)
        for _ in 0..<500 {
            let files = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                WriteOffFileFigures(
                    measure: .principal,
                    interest: Money(dong: Int64.random(in: 0...10_000_000, using: &random)),
                    principal: Money(dong: Int64.random(in: 0...600_000_000, using: &random)))
            }
            let expected = files.map { Self.limits.level(for: $0.amount) }.max() ?? .branch
            #expect(WriteOffBatches.level(files, limits: Self.limits) == expected)
        }
        let corrupt = WriteOffFileFigures(
            measure: .principal, interest: Money(dong: .max), principal: Money(dong: 1))
        #expect(WriteOffBatches.level([corrupt], limits: Self.limits) == .board)
    }

    @Test("A decision: on a submitted batch, numbered, dated, at the level, not all set aside")
    func decisions() {
        let today = Self.day("2026-11-25"), submitted = Self.day("2026-11-20")
        func check(
            _ d: WriteOffDecision, status: WriteOffBatchStatus = .submitted, aside: Int = 0
        ) -> Bool {
            (try? WriteOffBatches.checkDecision(
                d, status: status, submittedOn: submitted, required: .headOffice, files: 3,
                setAside: aside, today: today)) != nil
        }
        let good = WriteOffDecision(
            approved: true, number: "123/QĐ-NHCS", date: Self.day("2026-11-24"),
            level: .headOffice, note: "")
        #expect(check(good))
        var d = good
        d.level = .board
        #expect(check(d))
        d.level = .branch
        #expect(!check(d))
        d = good
        d.number = " "
        #expect(!check(d))
        d = good
        d.date = Self.day("2026-11-26")
        #expect(!check(d))
        d.date = Self.day("2026-11-19")
        #expect(!check(d))
        #expect(!check(good, status: .open) && !check(good, status: .approved))
        #expect(check(good, aside: 2) && !check(good, aside: 3))
        d = good
        d.approved = false
        #expect(check(d, aside: 3))
        #expect((try? WriteOffBatches.checkSubmit(.open, files: 0)) == nil)
        #expect((try? WriteOffBatches.checkSubmit(.open, files: 1)) != nil)
        #expect((try? WriteOffBatches.checkSubmit(.submitted, files: 1)) == nil)
    }
}
