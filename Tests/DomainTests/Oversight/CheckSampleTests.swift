import Testing

@testable import Domain

/// Chọn mẫu kiểm tra sử dụng vốn: reproducible from the seed, independent of the order the
/// loans come in, every forced loan in, the random share near its rate, on random books.
@Suite("Oversight: the loan-use check sample")
struct CheckSampleTests {
    static func book(_ n: Int, seed: UInt64) -> [SampleCandidate] {
        var rng = SplitMix(seed: seed)
        return (0..<n).map { i in
            SampleCandidate(
                loanID: "loan-\(i)-\(rng.next() % 1_000)",
                amount: Money(dong: Int64(rng.next() % 200) * 1_000_000),
                groupHasFinding: rng.next() % 10 == 0)
        }
    }

    @Test("Same seed, same sample, whatever the order; each loan in for the rule's reason")
    func property() {
        var rng = SplitMix(seed: 17)
        for round in 0..<60 {
            let loans = Self.book(Int(rng.next() % 400), seed: UInt64(round))
            let rules = SampleRules(
                sharePerMille: Int(rng.next() % 1_001),
                amountAbove: rng.next() % 3 == 0 ? nil : Money(dong: 150_000_000),
                groupsWithFindings: rng.next() % 2 == 0)
            let seed = rng.next()
            let sample = CheckSample.draw(loans, rules: rules, seed: seed)
            #expect(sample == CheckSample.draw(loans.reversed(), rules: rules, seed: seed))
            #expect(sample == CheckSample.draw(loans.shuffled(), rules: rules, seed: seed))
            let drawn = Dictionary(uniqueKeysWithValues: sample.map { ($0.loanID, $0.reason) })
            for c in loans {
                let big = rules.amountAbove.map { c.amount >= $0 } ?? false
                let flagged = rules.groupsWithFindings && c.groupHasFinding
                if big {
                    #expect(drawn[c.loanID] == .amount)
                } else if flagged {
                    #expect(drawn[c.loanID] == .groupFinding)
                } else if let reason = drawn[c.loanID] {
                    #expect(reason == .random)
                }
            }
            if rules.sharePerMille == 0 { #expect(!drawn.values.contains(.random)) }
            if rules.sharePerMille == 1_000 { #expect(drawn.count == loans.count) }
        }
    }

    @Test("The random share is near its rate on a large book; another seed, another sample")
    func share() {
        let loans = (0..<20_000).map {
            SampleCandidate(loanID: "l\($0)", amount: Money(dong: 1), groupHasFinding: false)
        }
        let rules = SampleRules(sharePerMille: 100, amountAbove: nil, groupsWithFindings: false)
        let a = CheckSample.draw(loans, rules: rules, seed: 1)
        let b = CheckSample.draw(loans, rules: rules, seed: 2)
        #expect((1_800...2_200).contains(a.count))
        #expect(a != b)
        // A loan added later changes no other loan's draw.
        let more = CheckSample.draw(
            loans + [
                SampleCandidate(loanID: "late", amount: Money(dong: 1), groupHasFinding: false)
            ],
            rules: rules, seed: 1)
        #expect(more.filter { $0.loanID != "late" } == a)
    }

    @Test("A plan is bounded: title, window, share, amount")
    func plan() throws {
        let today = BusinessDate(fixedYear: 2026, month: 11, day: 25)
        let rules = SampleRules(sharePerMille: 100, amountAbove: nil, groupsWithFindings: true)
        let ok = NewCheckPlan(
            title: " Quý IV ", unitCodes: [11953, 11953], disbursedFrom: today.adding(days: -90),
            disbursedTo: today, rules: rules, seed: 1)
        let checked = try ok.checked(today: today)
        #expect(checked.title == "Quý IV" && checked.unitCodes == [11953])
        var bad = [ok, ok, ok, ok, ok]
        bad[0].title = ""
        bad[1].disbursedTo = today.adding(days: 1)
        bad[2].disbursedFrom = today.adding(days: 1)
        bad[3].rules.sharePerMille = 1_001
        bad[4].rules.amountAbove = Money(dong: 0)
        for p in bad { #expect(throws: OversightError.self) { try p.checked(today: today) } }
    }
}
