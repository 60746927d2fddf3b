import Domain
import FluentKit
import Foundation
import SQLKit

extension MonthEnd {
    /// Step 0: every freeze whose end passed before the month's end is ended, on the day after
    /// its end (or the month's first day, the first open one), its balance back in the current
    /// account and its unpaid instalments on a new schedule (`LoanCommands.endFreeze`). Each is
    /// the loan's own money command with a key of the month, so a rerun ends none twice.
    func endExpiredFreezes(
        date: BusinessDate, month: String, actor: Actor
    ) async throws -> [String] {
        let first = date.firstOfMonth
        let expired = try await sql.raw(
            """
            SELECT id, frozen_through FROM loans
            WHERE state = 'frozen' AND frozen_through IS NOT NULL
              AND frozen_through < \(bind: date.iso)
            ORDER BY id
            """
        ).all().map {
            (
                try $0.decode(column: "id", as: String.self),
                try BusinessDate(iso: try $0.decode(column: "frozen_through", as: String.self))
            )
        }
        let loans = LoanStore(database: database, world: world)
        var ended: [String] = []
        for (id, through) in expired {
            let end = max(through.adding(days: 1), first)
            _ = try await loans.endFreeze(
                loanID: id, on: end, key: "month-end-\(month)-freeze-end-\(id)", actor: actor,
                scope: .everything)
            ended.append(id)
        }
        return ended
    }
}
