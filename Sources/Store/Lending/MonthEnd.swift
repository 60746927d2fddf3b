import Domain
import FluentKit
import Foundation
import SQLKit

/// What a month-end did, or found already done.
public struct MonthEndReport: Sendable, Codable, Equatable {
    public var month: String
    public var alreadyClosed: Bool
    public var batches: Int
    /// Batches found done by an earlier, interrupted run.
    public var resumed: Int
    public var loansMoved: Int
    public var toOverdue: Money
    public var backToCurrent: Money
    /// Loans whose unpaid interest reaches three months of their interest (lãi tồn ≥ 3 tháng).
    public var arrearsLoans: [String]
    public var freezesEnding: [String]
    /// Phí ủy thác và hoa hồng made payable this month (all payees), and the groups paid nothing.
    public var fees: Money = .zero
    /// Interest accrued this month that was not yet income.
    public var interestAccrued: Money = .zero
    public var groupsSuspended: Int = 0
}

/// Khóa sổ cuối tháng (first part of #7's month-end): moves each loan's overdue principal between
/// the current and the overdue account so the ledger matches the one overdue rule at the month's
/// end, lists the loans with three months of interest arrears and the freezes ending, and closes
/// the month. Communes are processed in batches; each batch's entry and its checkpoint are one
/// transaction, so a run killed in the middle resumes where it stopped and ends with the same
/// ledger as one clean run; a second run of a closed month changes nothing.
/// It then accrues interest (Nợ 3941 / Có 7021 up to the interest accrued to the month's end; a
/// later collection clears the receivable first) and makes the month's fees and commissions
/// payable (`FeeStore`). Not yet here: group ratings from the month's figures, dashboard summaries.
public struct MonthEnd: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func run(date: BusinessDate, actor: Actor, communesPerBatch: Int = 20,
                    afterBatch: @Sendable (Int) async throws -> Void = { _ in }, progress: @Sendable (String) -> Void = { _ in }) async throws -> MonthEndReport {
        guard date.day == date.daysInMonth else {
            throw PlatformError.invalidInput(field: "date", message: "Ngày khóa sổ phải là ngày cuối tháng (\(date.vietnamese) không phải).")
        }
        guard date <= world.today else { throw LendingError.futureDate(date) }
        let month = AccountingPeriod.key(of: date)
        var report = MonthEndReport(month: month, alreadyClosed: false, batches: 0, resumed: 0, loansMoved: 0, toOverdue: .zero, backToCurrent: .zero,
                                    arrearsLoans: [], freezesEnding: [])
        let ledger = LedgerStore(sql: sql, world: world)
        if try await ledger.closedMonths().contains(month) {
            report.alreadyClosed = true
            return report
        }
        if try await sql.select().column("month").from("month_end_runs").where("month", .equal, month).first() == nil {
            try await sql.insert(into: "month_end_runs").columns("month", "business_date", "status", "started_at", "summary")
                .values(month, date.iso, "running", world.nowMillis, "").run()
        }
        let units = try await sql.raw("SELECT DISTINCT unit_id FROM loans WHERE disbursed_on <= \(bind: date.iso) ORDER BY unit_id")
            .all(decodingColumn: "unit_id", as: String.self)
        let done = Set(try await sql.select().column("batch").from("month_end_batches").where("month", .equal, month).where("step", .equal, "overdue")
            .all(decodingColumn: "batch", as: String.self))
        let batches = stride(from: 0, to: units.count, by: communesPerBatch).map { Array(units[$0..<min($0 + communesPerBatch, units.count)]) }
        report.batches = batches.count
        for (n, batch) in batches.enumerated() {
            let key = batch.first ?? ""
            if done.contains(key) { report.resumed += 1; continue }
            let moved = try await database.transaction { db in
                try await Self.overdueTransfer(units: batch, on: date, batchKey: key, month: month, actor: actor, sql: db as! any SQLDatabase, world: world)
            }
            report.loansMoved += moved.loans
            report.toOverdue = Money(dong: report.toOverdue.dong + moved.toOverdue)
            report.backToCurrent = Money(dong: report.backToCurrent.dong + moved.back)
            progress("  lô \(n + 1)/\(batches.count): \(moved.loans) khoản vay chuyển nhóm nợ")
            try await afterBatch(n)
        }
        // Dự thu lãi: interest accrued to the month's end becomes income, the unpaid part receivable.
        let accrued = Set(try await sql.select().column("batch").from("month_end_batches").where("month", .equal, month).where("step", .equal, "accrual")
            .all(decodingColumn: "batch", as: String.self))
        let loans = LoanStore(database: database, world: world)
        for (n, batch) in batches.enumerated() {
            let key = batch.first ?? ""
            if accrued.contains(key) { continue }
            let open = try await loans.standings(LoanQuery(unitIDs: Set(batch)), on: date, scope: .everything)
                .filter { ![.writtenOff, .repaid].contains($0.facts.state) }
            var income: [String: Int64] = [:]
            for slice in open.map(\.summary.id).chunked(500) {
                for row in try await sql.raw("""
                    SELECT loan_id, CAST(SUM(credit - debit) AS BIGINT) AS income FROM journal_lines
                    WHERE account = '7021' AND loan_id IN (\(binds: Array(slice))) GROUP BY loan_id
                    """).all() {
                    income[try row.decode(column: "loan_id", as: String.self)] = try row.decode(column: "income", as: Int64.self)
                }
            }
            let accruals: [(LoanDimensions, Money)] = open.compactMap { loan in
                let target = LoanAccount.interestAccrued(loan.facts, through: date).dong - loan.facts.interestWrittenOff.dong
                let amount = target - (income[loan.summary.id] ?? 0)
                guard amount > 0 else { return nil }
                return (LoanDimensions(loanID: loan.summary.id, programCode: loan.summary.programCode, unitID: loan.summary.unitID, groupID: loan.summary.groupID),
                        Money(dong: amount))
            }
            let total = accruals.reduce(0) { $0 + $1.1.dong }
            try await database.transaction { db in
                let sql = db as! any SQLDatabase
                var entryID: String?
                if !accruals.isEmpty {
                    let entry = LoanPostings.accrual(id: world.newID(), on: date, loans: accruals,
                                                     description: "Dự thu lãi tháng \(month) (\(batch.count) xã từ \(key))")
                    try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
                    entryID = entry.id
                }
                try await sql.insert(into: "month_end_batches").columns("month", "step", "batch", "entry_id", "loans", "done_at")
                    .values(month, "accrual", key, entryID, accruals.count, world.nowMillis).run()
            }
            report.interestAccrued = Money(dong: report.interestAccrued.dong + total)
            progress("  dự thu lãi lô \(n + 1)/\(batches.count): \(Money(dong: total))")
        }
        // Every loan as it stands at the month's end, read once for the fees and the lists.
        let all = try await loans.standings(LoanQuery(), on: date, scope: .everything)
        // Fees and commissions, once per month (their checkpoint is the lines themselves).
        if try await sql.select().column("batch").from("month_end_batches").where("month", .equal, month).where("step", .equal, "fees").first() == nil {
            let fees = FeeStore(database: database, world: world)
            let rules = try await fees.rules(on: date)
            let figures = try await fees.figures(monthEnd: date, loans: all)
            let lines = figures.flatMap { FeeCalculator.lines(for: $0, rules: rules) }
            try await database.transaction { db in
                let sql = db as! any SQLDatabase
                try await FeeStore.record(lines, month: month, on: date, actor: actor, sql: sql, world: world)
                try await sql.insert(into: "month_end_batches").columns("month", "step", "batch", "entry_id", "loans", "done_at")
                    .values(month, "fees", "all", nil as String?, lines.count, world.nowMillis).run()
            }
            report.fees = Money(dong: lines.reduce(0) { $0 + $1.amount.dong })
            report.groupsSuspended = figures.filter { FeeCalculator.suspension($0, rules: rules) != nil }.count
            progress("  phí ủy thác, hoa hồng: \(report.fees)")
        }
        // Lists for the officers, from the same rules the loan pages use.
        report.arrearsLoans = Self.arrears(all)
        report.freezesEnding = try await loans.freezesEnding(in: date, scope: .everything).map(\.id)
        let summary = report
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            try await LedgerStore(sql: sql, world: world).close(month: month, actor: actor)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "month_end.run", recordType: "accounting_period", recordID: month,
                                                               provinceCode: nil, before: nil as String?, after: summary)
            try await sql.update("month_end_runs").set("status", to: "done").set("finished_at", to: world.nowMillis)
                .set("summary", to: try StoredJSON.text(summary)).where("month", .equal, month).run()
        }
        return report
    }

    /// One batch: every open loan's overdue principal at the end of `date` against what its
    /// overdue account holds, the differences in one balanced entry; the checkpoint with it.
    static func overdueTransfer(units: [String], on date: BusinessDate, batchKey: String, month: String, actor: Actor, sql: any SQLDatabase,
                                world: World) async throws -> (loans: Int, toOverdue: Int64, back: Int64) {
        let rows = try await sql.raw("""
            SELECT l.id AS id, l.program_code AS program_code, l.unit_id AS unit_id, l.group_id AS group_id,
                   CAST(COALESCE((SELECT SUM(i.principal - i.paid) FROM loan_instalments i
                                  WHERE i.loan_id = l.id AND i.due_on < \(bind: date.iso) AND i.paid < i.principal), 0) AS BIGINT) AS target,
                   CAST(COALESCE((SELECT SUM(j.debit - j.credit) FROM journal_lines j WHERE j.loan_id = l.id AND j.account = '2112'), 0) AS BIGINT) AS held,
                   CAST(COALESCE((SELECT SUM(j.debit - j.credit) FROM journal_lines j WHERE j.loan_id = l.id AND j.account = '2111'), 0) AS BIGINT) AS current_balance
            FROM loans l WHERE l.unit_id IN (\(binds: units)) AND l.disbursed_on <= \(bind: date.iso) AND l.state NOT IN ('written_off', 'repaid', 'frozen')
            ORDER BY l.id
            """).all()
        var lines: [JournalLine] = []
        var toOverdue: Int64 = 0, back: Int64 = 0, moved = 0
        for row in rows {
            let target = try row.decode(column: "target", as: Int64.self), held = try row.decode(column: "held", as: Int64.self)
            let current = try row.decode(column: "current_balance", as: Int64.self)
            // Never more than the current account holds (a loan mid-correction keeps its book consistent).
            let change = target > held ? min(target - held, max(0, current)) : target - held
            guard change != 0 else { continue }
            let dims = LoanDimensions(loanID: try row.decode(column: "id", as: String.self), programCode: try row.decode(column: "program_code", as: String.self),
                                      unitID: try row.decode(column: "unit_id", as: String.self), groupID: try row.decode(column: "group_id", as: String?.self))
            let amount = Money(dong: abs(change))
            let (from, to) = change > 0 ? (ChartOfAccounts.loansCurrent, ChartOfAccounts.loansOverdue) : (ChartOfAccounts.loansOverdue, ChartOfAccounts.loansCurrent)
            lines.append(JournalLine(account: to.code, debit: amount, loanID: dims.loanID, programCode: dims.programCode, unitID: dims.unitID, groupID: dims.groupID))
            lines.append(JournalLine(account: from.code, credit: amount, loanID: dims.loanID, programCode: dims.programCode, unitID: dims.unitID, groupID: dims.groupID))
            if change > 0 { toOverdue += change } else { back -= change }
            moved += 1
        }
        var entryID: String?
        if !lines.isEmpty {
            let entry = JournalEntry(id: world.newID(), postedOn: date, kind: "overdue_transfer",
                                     description: "Chuyển nợ quá hạn cuối tháng \(month) (\(units.count) xã từ \(batchKey))", lines: lines)
            try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
            entryID = entry.id
        }
        try await sql.insert(into: "month_end_batches").columns("month", "step", "batch", "entry_id", "loans", "done_at")
            .values(month, "overdue", batchKey, entryID, moved, world.nowMillis).run()
        return (moved, toOverdue, back)
    }

    /// Loans whose interest arrears reach three months of their current interest
    /// (arrears ≥ outstanding × monthly rate × 3, compared exactly in integers).
    static func arrears(_ loans: [LoanOnDate]) -> [String] {
        loans.filter { loan in
            guard ![.writtenOff, .repaid, .frozen].contains(loan.standing.status), loan.standing.interestArrears.dong > 0, let rate = loan.rate else { return false }
            return Int128(loan.standing.interestArrears.dong) * Int128(Rate.scale) >= Int128(loan.standing.outstanding.dong) * Int128(rate.billionthsPerMonth) * 3
        }.map(\.summary.id)
    }
}
