import Testing

@testable import Domain

/// Theo dõi xử lý phát hiện: every status × every target × note × date, against the rule
/// restated here independently of `CaseStatus.next`.
@Suite("Oversight: the follow-up of findings and cases")
struct CaseLifecycleTests {
    static let today = BusinessDate(fixedYear: 2026, month: 11, day: 25)
    static let rules = CaseRules(reopenWindowDays: 30)

    /// The moves the issue names: received → open → in progress → resolved → closed; a received
    /// report may be closed unfounded; a resolution not accepted goes back to work; closed
    /// reopens.
    static let allowed: Set<[CaseStatus]> = [
        [.received, .open], [.received, .closed], [.open, .inProgress], [.open, .resolved],
        [.inProgress, .resolved], [.resolved, .closed], [.resolved, .inProgress], [.closed, .open],
    ]

    @Test("Exhaustive: a move is taken exactly when allowed, dated, noted and within the window")
    func exhaustive() {
        let last = Self.today.adding(days: -40)
        for from in CaseStatus.allCases {
            for to in CaseStatus.allCases {
                for note in ["", "  ", "Đã đôn đốc hộ vay trả lãi"] {
                    for offset in [-41, -40, -11, -10, -9, 0, 1] {
                        let date = Self.today.adding(days: offset)
                        let closedOn = from == .closed ? Self.today.adding(days: -40) : nil
                        let standing = CaseStanding(
                            status: from, lastStepOn: last, closedOn: closedOn)
                        let noted = !note.trimmingCharacters(in: .whitespaces).isEmpty
                        let needsNote = to == .resolved || to == .closed || from == .closed
                        let inWindow = from != .closed || date <= last.adding(days: 30)
                        let expected =
                            Self.allowed.contains([from, to]) && date <= Self.today
                            && date >= last && (noted || !needsNote) && inWindow
                        let result = try? CaseLifecycle.step(
                            standing, to: to, on: date, note: note, rules: Self.rules,
                            today: Self.today)
                        #expect((result != nil) == expected, "\(from)→\(to) '\(note)' \(offset)")
                        if let result {
                            #expect(result.from == from && result.to == to && result.on == date)
                            #expect(result.note == note.trimmingCharacters(in: .whitespaces))
                        }
                    }
                }
            }
        }
    }

    @Test("Overdue exactly when the due date passed and the case is still owed")
    func overdue() {
        for status in CaseStatus.allCases {
            for offset in [-1, 0, 1] {
                let due = Self.today.adding(days: offset)
                let expected = offset < 0 && status != .resolved && status != .closed
                #expect(
                    CaseLifecycle.isOverdue(status: status, dueOn: due, on: Self.today)
                        == expected)
            }
            #expect(!CaseLifecycle.isOverdue(status: status, dueOn: nil, on: Self.today))
        }
    }

    @Test("A finding is trimmed, bounded, its subjects distinct, due not before it was found")
    func findingChecks() throws {
        let base = NewFinding(
            category: .wrongPurpose, description: "  Dùng vốn mua xe máy  ",
            requiredAction: "Thu hồi", responsible: " Hội LHPN ", dueOn: Self.today,
            priority: .high,
            subjects: [
                FindingSubject(kind: .loan, id: "a"), FindingSubject(kind: .loan, id: "a"),
                FindingSubject(kind: .group, id: "a"), FindingSubject(kind: .loan, id: ""),
            ])
        let checked = try base.checked(foundOn: Self.today)
        #expect(checked.description == "Dùng vốn mua xe máy" && checked.responsible == "Hội LHPN")
        #expect(checked.subjects.count == 2)
        var early = base
        early.dueOn = Self.today.adding(days: -1)
        #expect(throws: OversightError.self) { try early.checked(foundOn: Self.today) }
        for (field, change) in [
            ("description", { (f: inout NewFinding) in f.description = " " }),
            (
                "description",
                { (f: inout NewFinding) in f.description = String(repeating: "x", count: 2_001) }
            ),
            ("responsible", { (f: inout NewFinding) in f.responsible = "" }),
            (
                "subjects",
                { (f: inout NewFinding) in
                    f.subjects = (0...200).map { FindingSubject(kind: .loan, id: "l\($0)") }
                }
            ),
        ] {
            var bad = base
            change(&bad)
            do {
                _ = try bad.checked(foundOn: Self.today)
                Issue.record("\(field) accepted")
            } catch {
                #expect(error.details.first?.field == field)
            }
        }
    }

    @Test("A black-credit report from a point names the point; bounds are checked")
    func blackCredit() throws {
        let report = NewBlackCreditReport(
            unitCode: 11953, raisedAt: .transactionPoint, pointID: " ", lender: "",
            description: "Cho vay lãi cao",
            households: 2, reportedOn: Self.today, reporterName: "", reporterContact: "",
            handler: "", priority: .normal)
        #expect(throws: OversightError.self) { try report.checked(today: Self.today) }
        var ok = report
        ok.pointID = "point-11953-1"
        #expect(try ok.checked(today: Self.today).pointID == "point-11953-1")
        var future = ok
        future.reportedOn = Self.today.adding(days: 1)
        #expect(throws: OversightError.self) { try future.checked(today: Self.today) }
        var many = ok
        many.households = 100_001
        #expect(throws: OversightError.self) { try many.checked(today: Self.today) }
    }

    @Test("The group record's overdue ratio is Kernel's, in basis points")
    func groupRecord() {
        let r = GroupInspectionRecord(
            groupName: "Tổ 1", members: 30, borrowers: 20, outstanding: Money(dong: 1_000_000_000),
            overdue: Money(dong: 12_345_678), interestArrears: .zero, depositBalance: .zero,
            latestRating: nil)
        #expect(r.overdueBasisPoints == 123)
        #expect(r.overdueRatioText == "1,23 %")
    }
}
