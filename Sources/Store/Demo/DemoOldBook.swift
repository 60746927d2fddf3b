import Domain
import Foundation
import SQLKit

/// The demo's other communes bring their loans in as a branch moving in would: an old book,
/// one row per loan with what is still owed, read by the book importer with control totals
/// (issue #14 §1). Faster than replaying three years of commands, and it keeps the importer on
/// the path every demo and every test database takes.
extension DemoProvince {
    struct OldBookBorrower {
        var unitCode: Int
        var householdCode: String
        var groupName: String
        var classification: String?
    }

    func oldBookBorrowers(sql: any SQLDatabase) async throws -> [Int: [OldBookBorrower]] {
        let rows = try await sql.raw(
            """
            SELECT u.code AS unit_code, h.code AS household_code, g.name AS group_name,
                   (SELECT MIN(c.class) FROM household_classifications c WHERE c.household_id =
                     m.household_id
                      AND c.class IN ('poor', 'near_poor')) AS class
            FROM group_memberships m JOIN savings_groups g ON g.id = m.group_id JOIN units u ON
              u.id = g.unit_id
            JOIN households h ON h.id = m.household_id
            WHERE g.province_code = \(bind: Self.provinceCode) AND g.status = 'active' AND
              m.valid_to IS NULL
              AND h.closed_on IS NULL AND u.code <> \(bind: Self.communeCode)
            ORDER BY u.code, m.group_id, m.household_id
            """
        ).all()
        var byCommune: [Int: [OldBookBorrower]] = [:]
        for row in rows {
            let borrower = OldBookBorrower(
                unitCode: try row.decode(column: "unit_code", as: Int.self),
                householdCode: try row.decode(column: "household_code", as: String.self),
                groupName: try row.decode(column: "group_name", as: String.self),
                classification: try row.decode(column: "class", as: String?.self))
            byCommune[borrower.unitCode, default: []].append(borrower)
        }
        return byCommune
    }

    /// Two loans per commune outside the home commune, as the old book holds them on the demo's
    /// business day: instalments paid on time by most, one in ten behind; interest paid quarterly.
    func loadOldBook(progress: @Sendable (String) -> Void) async throws {
        let sql = try database.sqlDatabase()
        var random = SeededGenerator(seed: seed &+ 0x01DB00C)
        let sets = try StoredJSON.definitions(
            ProgramParameters.self,
            try await sql.select().column("definition").from("program_parameters").all())
        let anchors = try await LoanStore.anchorHistory(sql: sql)
        let first = try BusinessDate(year: businessDate.year - 2, month: 1, day: 10)
        let last = businessDate.adding(days: -45)
        guard first < last else { return }
        var lines: [String] = [], loans: [(code: Int, loan: OpeningLoan)] = []
        let members = try await oldBookBorrowers(sql: sql)
        for (code, borrowers) in members.sorted(by: { $0.key < $1.key }) {
            var candidates = borrowers
            candidates.shuffle(using: &random)
            candidates =
                candidates.filter { $0.classification != nil }
                + candidates.filter { $0.classification == nil }
            for borrower in candidates.prefix(2) {
                let program =
                    borrower.classification == "poor"
                    ? "poor_household"
                    : borrower.classification == "near_poor"
                        ? "near_poor_household" : "job_creation"
                let disbursedOn = first.adding(
                    days: Int.random(in: 0...first.days(until: last), using: &random))
                guard let set = ProgramParameters.inForce(program, on: disbursedOn, among: sets)
                else { continue }
                let amount = Money(dong: Int64.random(in: 10...50, using: &random) * 1_000_000)
                let term = [36, 60].randomElement(using: &random) ?? 36
                let behind = Int.random(in: 0..<10, using: &random) == 0
                let schedule = try RepaymentSchedule.make(
                    amount: amount, disbursedOn: disbursedOn, termMonths: term, intervalMonths: 12)
                // On time: every instalment due before the day is paid; behind: the last one due
                // is not.
                let due = schedule.filter { $0.dueOn < businessDate }
                let paidCount = behind ? max(0, due.count - 1) : due.count
                let remaining = Array(schedule.dropFirst(paidCount))
                guard !remaining.isEmpty else { continue }
                let overdue = try remaining.filter { $0.dueOn < businessDate }.map(\.principal)
                    .sum()
                let owed = try remaining.map(\.principal).sum()
                var quarters = 0
                while RepaymentSchedule.adding(months: 3 * (quarters + 1), to: disbursedOn)
                    <= businessDate
                { quarters += 1 }
                let paidTo = RepaymentSchedule.adding(
                    months: 3 * max(0, quarters - (behind ? 2 : 0)), to: disbursedOn)
                let rates = try LoanPricing.periods(
                    loanSet: set, group: nil, disbursedOn: disbursedOn, sets: sets, anchors: anchors
                )
                let facts = LoanFacts(
                    disbursedOn: disbursedOn, schedule: remaining,
                    movements: [PrincipalMovement(on: disbursedOn, amount: owed)], rates: rates,
                    overduePercent: set.overduePercent, dayCount: set.dayCount, interestFrom: paidTo
                )
                let unpaid = try LoanAccount.interestAccrued(facts, through: businessDate)
                // A 60-month loan was lent in two tranches, 60 % and 40 % a quarter apart (kept
                // with the loan as the old book's record; what is owed is the same).
                let tranches = Self.tranches(
                    amount, on: disbursedOn, term: term, cutOver: businessDate)
                let loan = OpeningLoan(
                    row: lines.count + 1, reference: "SC-\(code)-\(lines.count + 1)",
                    programCode: program,
                    unitID: "", groupID: nil, disbursedOn: disbursedOn, disbursed: amount,
                    termMonths: term,
                    remaining: remaining, current: try owed.subtracting(overdue), overdue: overdue,
                    frozen: .zero,
                    freeze: nil, interestPaidTo: paidTo, unpaidInterest: unpaid, source: .central,
                    tranches: tranches)
                loans.append((code, loan))
                lines.append(
                    [
                        loan.reference, program, String(code), borrower.householdCode,
                        disbursedOn.vietnamese,
                        String(amount.dong), String(term),
                        "\""
                            + remaining.map { "\($0.dueOn.vietnamese):\($0.principal.dong)" }
                            .joined(separator: ";") + "\"",
                        String(loan.current.dong), String(overdue.dong), "0", paidTo.vietnamese,
                        String(unpaid.dong),
                        "\"" + borrower.groupName.replacingOccurrences(of: "\"", with: "\"\"")
                            + "\"",
                        tranches.map { "\($0.on.vietnamese):\($0.amount.dong)" }
                            .joined(separator: ";"),
                    ]
                    .joined(separator: ","))
            }
        }
        guard !lines.isEmpty else { return }
        let header = (BookImporter.requiredColumns + ["ten_to", "cac_lan_giai_ngan"])
            .joined(separator: ",")
        let savings = oldBookSavings(members)
        let outcome = try await BookImporter(database: database, world: world).run(
            try CSVTable(text: ([header] + lines).joined(separator: "\n") + "\n"),
            totals: try CSVTable(
                text: try Self.controlTotals(loans) + Self.savingsControl(savings.totals)),
            savings: try CSVTable(text: savings.csv), source: "so-cu-demo.csv",
            scope: .everything,
            actor: Self.bankActor, checkOnly: false, acceptDifferences: false, cutOver: businessDate
        )
        progress(
            "  … sổ cũ của các xã khác: \(outcome.loansAdded) khoản vay, "
                + "\(outcome.savingsAdded) sổ tiết kiệm, khớp số kiểm soát")
    }

    /// The old book's two tranches of a 60-month loan lent a quarter or more before the cut-over
    /// (none listed for the others).
    static func tranches(
        _ amount: Money, on date: BusinessDate, term: Int, cutOver: BusinessDate
    ) -> [OpeningTranche] {
        guard term == 60, date.adding(days: 91) <= cutOver else { return [] }
        let first = Money(dong: amount.dong / 10 * 6 / 1_000_000 * 1_000_000)
        return [
            OpeningTranche(on: date, amount: first),
            OpeningTranche(
                on: date.adding(days: 91), amount: Money(dong: amount.dong - first.dong)),
        ]
    }

    /// The branch's control totals of the old book, per commune × program (what its old system
    /// reports).
    static func controlTotals(_ loans: [(code: Int, loan: OpeningLoan)]) throws -> String {
        // The commune's code stands in the unit's place: the file names communes by code.
        let totals = try OpeningBook.figures(
            loans.map { code, loan in
                var keyed = loan
                keyed.unitID = String(code)
                return keyed
            })
        return BookImporter.totalsColumns.joined(separator: ",") + "\n"
            + totals.sorted { $0.key < $1.key }.map { key, f in
                "\(key.unitID),\(key.programCode),\(f.loans),\(f.outstanding.dong),"
                    + "\(f.overdue.dong),\(f.frozen.dong)"
            }.joined(separator: "\n") + "\n"
    }
}
