import Domain
import Foundation
import SQLKit
@testable import Store
import Testing

/// The import step of the random operation sequence: an old book's loan brought in on the
/// business date, then lent on like any other (issue 14 §3).
extension LoanPropertyTests {
    /// A one-loan old book for `household`'s commune, cut over on `date`: one to four instalments
    /// left, the first already due (overdue) in one case of three, or all of it frozen in another.
    static func oldBook(
        _ t: TestApp, household: String, reference: String, on date: BusinessDate,
        random: inout SeededGenerator
    ) async throws -> String {
        let row = try #require(
            try await t.sql.raw(
                """
                SELECT h.code AS household, u.code AS unit FROM households h
                JOIN units u ON u.id = h.unit_id WHERE h.id = \(bind: household)
                """
            ).first())
        let disbursedOn = date.adding(days: -Int.random(in: 200...900, using: &random))
        let shape = Int.random(in: 0..<3, using: &random)  // 0 current, 1 overdue, 2 frozen
        let count = Int.random(in: 1...4, using: &random)
        let amounts = (0..<count).map { _ in Int64.random(in: 1...5, using: &random) * 1_000_000 }
        // The first instalment falls 20 days before the cut-over when overdue, else after it.
        let first = shape == 1 ? date.adding(days: -20) : date.adding(days: 40)
        let dues = (0..<count).map { RepaymentSchedule.adding(months: 6 * $0, to: first) }
        let schedule = zip(dues, amounts).map { "\($0.vietnamese):\($1)" }
            .joined(separator: ";")
        let total = amounts.reduce(0, +)
        let (current, overdue, frozen): (Int64, Int64, Int64) =
            switch shape {
            case 1: (total - amounts[0], amounts[0], 0)
            case 2: (0, 0, total)
            default: (total, 0, 0)
            }
        let paidTo = max(disbursedOn, date.adding(days: -Int.random(in: 0...60, using: &random)))
        let unpaid = Int64.random(in: 0...50, using: &random) * 10_000
        let freeze =
            shape == 2
            ? "\(date.adding(days: -30).vietnamese),\(date.adding(days: 300).vietnamese)" : ","
        let header = BookImporter.requiredColumns + ["khoanh_tu", "khoanh_den"]
        let cells: [String] = [
            reference, "poor_household", "\(try row.decode(column: "unit", as: Int.self))",
            try row.decode(column: "household", as: String.self), disbursedOn.vietnamese,
            "\(total + 10_000_000)", "60", "\"\(schedule)\"", "\(current)", "\(overdue)",
            "\(frozen)", paidTo.vietnamese, "\(unpaid)",
        ]
        return header.joined(separator: ",") + "\n" + cells.joined(separator: ",") + ","
            + freeze + "\n"
    }

    /// Imports `book` cut over on `date`; the loan it added, or nil when the file was already in.
    static func importBook(
        _ t: TestApp, _ book: String, on date: BusinessDate
    ) async throws -> String? {
        let outcome = try await BookImporter(database: t.db, world: t.world).run(
            try CSVTable(text: book), totals: nil, source: "so-cu.csv", scope: .everything,
            actor: Actor(userID: nil, username: "ke-toan"), checkOnly: false,
            acceptDifferences: false, cutOver: date)
        guard let importID = outcome.importID else {
            #expect(outcome.loansAdded == 0 && outcome.unchanged == 1)
            return nil
        }
        #expect(outcome.loansAdded == 1)
        return try await t.sql.raw(
            "SELECT loan_id FROM loan_imports WHERE import_id = \(bind: importID)"
        ).first(decodingColumn: "loan_id", as: String.self)
    }
}
