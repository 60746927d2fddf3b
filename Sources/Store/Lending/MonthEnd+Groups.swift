import Domain
import FluentKit
import Foundation
import SQLKit

extension MonthEnd {
    /// Every group's totals for a month, as month-end stored them (the summary table).
    public static func groupTotals(
        month: String, sql: any SQLDatabase
    ) async throws -> [GroupMonthTotals] {
        try await sql.raw(
            "SELECT * FROM group_month_figures WHERE month = \(bind: month) ORDER BY group_id"
        ).all().map(Self.totals)
    }

    public static func totals(_ r: any SQLRow) throws -> GroupMonthTotals {
        func money(_ column: String) throws -> Money {
            Money(dong: try r.decode(column: column, as: Int64.self))
        }
        return GroupMonthTotals(
            groupID: try r.decode(column: "group_id", as: String.self),
            organisation: Organisation(
                rawValue: try r.decode(column: "organisation", as: String.self)) ?? .womensUnion,
            unitID: try r.decode(column: "unit_id", as: String.self),
            loans: try r.decode(column: "loans", as: Int.self),
            outstanding: try money("outstanding"), overdue: try money("overdue"),
            frozen: try money("frozen"), interestArrears: try money("interest_arrears"),
            arrearsLoans: try r.decode(column: "arrears_loans", as: Int.self),
            interestDue: try money("interest_due"),
            interestCollected: try money("interest_collected"),
            interestViaLeader: try money("interest_via_leader"),
            principalDue: try money("principal_due"),
            principalCollected: try money("principal_collected"),
            members: try r.decode(column: "members", as: Int.self),
            membersSaving: try r.decode(column: "members_saving", as: Int.self),
            savings: try money("savings"), savingsPrevious: try money("savings_previous"),
            meetings: try r.decode(column: "meetings", as: Int.self),
            sittings: try r.decode(column: "sittings", as: Int.self),
            outstandingWithInterest: try money("outstanding_with_interest"))
    }

    /// Step 3a: the month's fees and commissions from the groups' figures and the rules in force,
    /// once per month (the checkpoint is written with the lines).
    func feesStep(
        date: BusinessDate, month: String, actor: Actor
    ) async throws -> (total: Money, suspended: Int) {
        let rules = try await FeeStore(database: database, world: world).rules(on: date)
        let figures = try await Self.groupTotals(month: month, sql: sql).map(\.fees)
        let suspended = figures.filter { FeeCalculator.suspension($0, rules: rules) != nil }.count
        if try await sql.select().column("batch").from("month_end_batches").where(
            "month", .equal, month
        ).where("step", .equal, "fees").first() != nil {
            // Done by an earlier, interrupted run: report what it wrote.
            let total =
                try await sql.raw(
                    """
                    SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total
                    FROM fee_lines WHERE month = \(bind: month)
                    """
                )
                .first(decodingColumn: "total", as: Int64.self) ?? 0
            return (Money(dong: total), suspended)
        }
        let lines = try figures.flatMap { try FeeCalculator.lines(for: $0, rules: rules) }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await FeeStore.record(
                lines, month: month, on: date, actor: actor, sql: sql, world: world)
            try await Self.checkpoint(
                ["all"], step: "fees", month: month, entryID: nil, loans: lines.count, sql: sql,
                world: world)
        }
        return (Money(dong: lines.reduce(0) { $0 + $1.amount.dong }), suspended)
    }

    /// Step 3b: each active group rated from the month's figures with the scoring table in force at
    /// the month's end (#4's rule). A rating imported from the bank's file for the month stays.
    func ratingStep(date: BusinessDate, month: String, actor: Actor) async throws -> Int {
        if try await sql.select().column("batch").from("month_end_batches").where(
            "month", .equal, month
        ).where("step", .equal, "ratings").first() != nil {
            return try await sql.raw(
                """
                SELECT COUNT(*) AS n
                FROM group_ratings WHERE month = \(bind: month) AND source = 'computed'
                """
            )
            .first(decodingColumn: "n", as: Int.self) ?? 0
        }
        let store = GroupRatingStore(database: database, world: world)
        guard
            let table = GroupScoringTable.inForce(
                for: date.firstOfMonth, among: try await store.tables())
        else { return 0 }
        let ratings = try await Self.groupTotals(month: month, sql: sql).map {
            try GroupRatingStore.computed(
                groupID: $0.groupID, month: month, figures: $0.rating, table: table)
        }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.delete(from: "group_ratings").where("month", .equal, month).where(
                "source", .equal, GroupRating.Source.computed.rawValue
            ).run()
            try await GroupRatingStore.store(ratings, sql: sql)
            try await Self.checkpoint(
                ["all"], step: "ratings", month: month, entryID: nil, loans: ratings.count,
                sql: sql, world: world)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.rate_month", recordType: "group_ratings",
                recordID: month,
                provinceCode: nil, before: nil as String?,
                after: ["groups": "\(ratings.count)", "table": table.code])
        }
        return try await sql.raw(
            """
            SELECT COUNT(*) AS n
            FROM group_ratings WHERE month = \(bind: month) AND source = 'computed'
            """
        )
        .first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
