import Domain
import FluentKit
import Foundation
import SQLKit

/// What a month-end did, or found already done.
public struct MonthEndReport: Sendable, Codable, Equatable {
    public var month: String
    public var alreadyClosed: Bool
    public var batches: Int
    /// Communes found done by an earlier, interrupted run.
    public var resumed: Int
    public var loansMoved: Int
    public var toOverdue: Money
    public var backToCurrent: Money
    /// Loans whose unpaid interest reaches three months of their interest (lãi tồn ≥ 3 tháng),
    /// listed in `month_arrears_loans`.
    public var arrearsLoans: Int = 0
    public var freezesEnding: [String] = []
    /// Loans whose freeze had ended before the month's end, ended by the run with a new schedule.
    public var freezesEnded: [String] = []
    /// Phí ủy thác và hoa hồng made payable this month (all payees), and the groups paid nothing.
    public var fees: Money = .zero
    /// Interest accrued this month that was not yet income.
    public var interestAccrued: Money = .zero
    public var groupsSuspended: Int = 0
    /// Lãi tiền gửi credited to members' savings (on 30/6 and 31/12, for the half-year).
    public var savingsInterest: Money = .zero
    /// Lãi tiền gửi the month earned, booked as owed to the members (4913).
    public var savingsInterestAccrued: Money = .zero
    /// Groups rated from the month's figures (a rating imported for the month stays).
    public var groupsRated: Int = 0
    /// Hoàn lãi: interest of closed months given back for retroactive rate adjustments, and
    /// the loans it went to (listed in `interest_refunds`).
    public var interestRefunded: Money = .zero
    public var refundLoans: Int = 0
}

/// Khóa sổ cuối tháng (`policy-credit month-end`), in steps over batches of communes, each batch
/// written with its checkpoint (one row per commune) in one transaction, so a run killed in the
/// middle resumes where it stopped and ends with the same ledger as one clean run:
/// 1. moves each loan's overdue principal between the current and the overdue account so the
///    ledger matches the one overdue rule at the month's end;
/// 2. reads each batch's loans once at the month's end and from them accrues interest (Nợ 3941 /
///    Có 7021; a later collection clears the receivable first), credits members' savings interest,
///    and writes the month's summary tables (`group_month_figures`, `unit_month_figures`) and the
///    list of loans with three months of interest arrears;
/// 3. from the groups' figures, makes the month's fees and commissions payable and rates the groups;
/// 4. closes the month (later postings dated in it are refused).
/// A second run of a closed month changes nothing.
public struct MonthEnd: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// `communesPerBatch` and `loansPerBatch` bound a batch: a transaction and the loans held in
    /// memory at once (a commune larger than the bound is a batch of its own).
    /// One run at a time per database (`RunLock`): a second run started meanwhile is refused.
    public func run(
        date: BusinessDate, actor: Actor, communesPerBatch: Int = 20, loansPerBatch: Int = 20_000,
        afterBatch: @escaping @Sendable (Int) async throws -> Void = { _ in },
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> MonthEndReport {
        let this = self
        return try await RunLock.holding(
            "month-end", label: "khóa sổ cuối tháng", database: database
        ) {
            try await this.unlockedRun(
                date: date, actor: actor, communesPerBatch: communesPerBatch,
                loansPerBatch: loansPerBatch, afterBatch: afterBatch, progress: progress)
        }
    }

    /// The communes a run on `date` goes through (those with loans or active groups), with their
    /// loan counts, in code order. `/metrics` counts them too, for a run's progress.
    public static func communes(
        on date: BusinessDate, sql: any SQLDatabase
    ) async throws -> [(unit: String, loans: Int)] {
        try await sql.raw(
            """
            SELECT u.unit_id AS unit_id, CAST(SUM(u.n) AS BIGINT) AS n FROM (
              SELECT unit_id, COUNT(*) AS n FROM loans WHERE disbursed_on <= \(bind: date.iso) GROUP BY unit_id
              UNION ALL SELECT unit_id, 0 AS n FROM savings_groups WHERE status = 'active' GROUP BY unit_id) u
            GROUP BY u.unit_id ORDER BY u.unit_id
            """
        ).all().map {
            (
                try $0.decode(column: "unit_id", as: String.self),
                Int(try $0.decode(column: "n", as: Int64.self))
            )
        }
    }

    func unlockedRun(
        date: BusinessDate, actor: Actor, communesPerBatch: Int, loansPerBatch: Int,
        afterBatch: @Sendable (Int) async throws -> Void, progress: @Sendable (String) -> Void
    ) async throws -> MonthEndReport {
        guard date.day == date.daysInMonth else {
            throw PlatformError.invalidInput(
                field: "date",
                message: "Ngày khóa sổ phải là ngày cuối tháng (\(date.vietnamese) không phải).")
        }
        guard date <= world.today else { throw LendingError.futureDate(date) }
        let month = AccountingPeriod.key(of: date)
        var report = MonthEndReport(
            month: month, alreadyClosed: false, batches: 0, resumed: 0, loansMoved: 0,
            toOverdue: .zero, backToCurrent: .zero)
        let ledger = LedgerStore(sql: try sql, world: world)
        let closed = try await ledger.closedMonths()
        if closed.contains(month) {
            report.alreadyClosed = true
            return report
        }
        // Months close in order: a month before one already closed cannot be closed any more.
        if let later = closed.filter({ $0 > month }).min() {
            throw PlatformError.inputRefused(
                field: "date",
                message: "Tháng \(later) đã khóa sổ; không khóa sổ được tháng \(month) trước đó.")
        }
        if try await sql.select().column("month").from("month_end_runs").where(
            "month", .equal, month
        ).first() == nil {
            try await sql.insert(into: "month_end_runs").columns(
                "month", "business_date", "status", "started_at", "summary"
            )
            .values(month, date.iso, "running", world.nowMillis, "").run()
        }
        // Communes with loans or active groups, with their loan counts, in code order.
        let units = try await Self.communes(on: date, sql: sql)
        func pending(_ step: String) async throws -> [[String]] {
            let done = Set(
                try await sql.select().column("batch").from("month_end_batches").where(
                    "month", .equal, month
                ).where("step", .equal, step)
                    .all(decodingColumn: "batch", as: String.self))
            var batches: [[String]] = [], current: [String] = [], loans = 0
            for (unit, count) in units where !done.contains(unit) {
                if !current.isEmpty
                    && (current.count >= communesPerBatch || loans + count > loansPerBatch)
                {
                    batches.append(current)
                    current = []
                    loans = 0
                }
                current.append(unit)
                loans += count
            }
            if !current.isEmpty { batches.append(current) }
            return batches
        }
        // Freezes past their end go back to current, on a new schedule, before the overdue move.
        report.freezesEnded = try await endExpiredFreezes(date: date, month: month, actor: actor)
        if !report.freezesEnded.isEmpty {
            progress("  hết khoanh nợ: \(report.freezesEnded.count) khoản vay, lịch trả nợ mới")
        }
        let transfers = try await pending("overdue")
        report.resumed = units.count - transfers.reduce(0) { $0 + $1.count }
        report.batches = transfers.count
        progress(
            "Tháng \(month): \(units.count) xã, \(transfers.count) lô cần chuyển nợ quá hạn (\(report.resumed) xã đã xong)."
        )
        for (n, batch) in transfers.enumerated() {
            let moved = try await database.transaction { db in
                try await Self.overdueTransfer(
                    units: batch, on: date, month: month, actor: actor, sql: try db.sqlDatabase(),
                    world: world)
            }
            report.loansMoved += moved.loans
            report.toOverdue = try report.toOverdue.adding(Money(dong: moved.toOverdue))
            report.backToCurrent = try report.backToCurrent.adding(Money(dong: moved.back))
            progress("  chuyển nợ lô \(n + 1)/\(transfers.count): \(moved.loans) khoản vay")
            try await afterBatch(n)
        }
        // Adjustments recorded since the last close give back what closed months took.
        let (adjustments, closedThrough) = try await Self.pendingRefunds(
            closed: closed, sql: try sql)
        if let closedThrough, adjustments.contains(where: { $0.from <= closedThrough }) {
            let batches = try await pending("refunds")
            for (n, batch) in batches.enumerated() {
                let done = try await refunds(
                    units: batch, on: date, month: month, pending: adjustments,
                    closedThrough: closedThrough, actor: actor)
                report.refundLoans += done.loans
                report.interestRefunded = try report.interestRefunded.adding(done.amount)
                progress(
                    "  hoàn lãi lô \(n + 1)/\(batches.count): \(done.loans) khoản vay, \(done.amount)"
                )
            }
        }
        // Each batch's loans read once: interest accrued, savings interest, the month's figures.
        let figureBatches = try await pending("figures")
        let savingsRates = try await savingsRates(through: date)
        for (n, batch) in figureBatches.enumerated() {
            let done = try await figures(
                units: batch, on: date, month: month, savingsRates: savingsRates, actor: actor)
            report.interestAccrued = try report.interestAccrued.adding(done.accrued)
            report.savingsInterest = try report.savingsInterest.adding(done.savingsInterest)
            report.savingsInterestAccrued = try report.savingsInterestAccrued.adding(
                done.savingsAccrued)
            progress(
                "  số liệu lô \(n + 1)/\(figureBatches.count): \(done.loans) khoản vay, dự thu lãi \(done.accrued), lãi tiền gửi \(done.savingsInterest)"
            )
        }
        // Whole-month steps from the groups' figures, each once (their checkpoint is in their transaction).
        let fees = try await feesStep(date: date, month: month, actor: actor)
        report.fees = fees.total
        report.groupsSuspended = fees.suspended
        progress(
            "  phí ủy thác, hoa hồng: \(report.fees) (\(fees.suspended) tổ không đạt điều kiện)")
        report.groupsRated = try await ratingStep(date: date, month: month, actor: actor)
        progress("  xếp loại tổ: \(report.groupsRated) tổ")
        report.arrearsLoans =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM month_arrears_loans WHERE month = \(bind: month)"
            )
            .first(decodingColumn: "n", as: Int.self) ?? 0
        report.freezesEnding = try await LoanStore(database: database, world: world).freezesEnding(
            in: date, scope: .everything
        ).map(\.id)
        let summary = report
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await LedgerStore(sql: sql, world: world).close(month: month, actor: actor)
            try await Self.settle(adjustments, month: month, sql: sql)
            // The open month's figures roll to the business date's month.
            try await CurrentLoanFigures(sql: sql).rebuild(on: world.today)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "month_end.run", recordType: "accounting_period",
                recordID: month,
                provinceCode: nil, before: nil as String?, after: summary)
            try await sql.update("month_end_runs").set("status", to: "done").set(
                "finished_at", to: world.nowMillis
            )
            .set("summary", to: try StoredJSON.text(summary)).where("month", .equal, month).run()
        }
        return report
    }

    /// The checkpoint rows of a batch: one per commune, in the batch's transaction.
    static func checkpoint(
        _ units: [String], step: String, month: String, entryID: EntryID?, loans: Int,
        sql: any SQLDatabase, world: World
    ) async throws {
        try await sql.insertBatches(
            into: "month_end_batches",
            columns: ["month", "step", "batch", "entry_id", "loans", "done_at"],
            rows: units.map { [month, step, $0, entryID, loans, world.nowMillis] })
    }

    /// One batch: every open loan's overdue principal at the end of `date` against what its
    /// overdue account holds, the differences in one balanced entry; the checkpoint with it.
    static func overdueTransfer(
        units: [String], on date: BusinessDate, month: String, actor: Actor, sql: any SQLDatabase,
        world: World
    ) async throws -> (loans: Int, toOverdue: Int64, back: Int64) {
        let overdue = ChartOfAccounts.loansOverdue.code, current = ChartOfAccounts.loansCurrent.code
        let rows = try await sql.raw(
            """
            SELECT l.id AS id, l.program_code AS program_code, l.unit_id AS unit_id, l.group_id AS group_id,
                   CAST(COALESCE((SELECT SUM(i.principal - i.paid) FROM loan_instalments i
                                  WHERE i.loan_id = l.id AND i.due_on < \(bind: date.iso) AND i.paid < i.principal), 0) AS BIGINT) AS target,
                   CAST(COALESCE((SELECT SUM(j.debit - j.credit) FROM journal_lines j
                                  WHERE j.loan_id = l.id AND j.account = \(bind: overdue)), 0)
                        AS BIGINT) AS held,
                   CAST(COALESCE((SELECT SUM(j.debit - j.credit) FROM journal_lines j
                                  WHERE j.loan_id = l.id AND j.account = \(bind: current)), 0)
                        AS BIGINT) AS current_balance
            FROM loans l WHERE l.unit_id IN (\(binds: units)) AND l.disbursed_on <= \(bind: date.iso) AND l.state NOT IN ('written_off', 'repaid', 'frozen')
            ORDER BY l.id
            """
        ).all()
        let later = try await overdueAfterLaterEvents(units: units, on: date, sql: sql)
        var lines: [JournalLine] = []
        var toOverdue: Int64 = 0, back: Int64 = 0, moved = 0
        for row in rows {
            let asOf = try later[try row.decode(column: "id", as: String.self)]
            let change = try LoanAccount.overdueTransfer(
                target: asOf?.target
                    ?? Money(dong: try row.decode(column: "target", as: Int64.self)),
                held: asOf?.held ?? Money(dong: try row.decode(column: "held", as: Int64.self)),
                current: asOf?.current
                    ?? Money(dong: try row.decode(column: "current_balance", as: Int64.self))
            ).dong
            guard change != 0 else { continue }
            let dims = LoanDimensions(
                loanID: LoanID(try row.decode(column: "id", as: String.self)),
                programCode: try row.decode(column: "program_code", as: String.self),
                unitID: try row.decode(column: "unit_id", as: String.self),
                groupID: try row.decode(column: "group_id", as: String?.self))
            let amount = Money(dong: Int64(clamping: change.magnitude))
            let (from, to) =
                change > 0
                ? (ChartOfAccounts.loansCurrent, ChartOfAccounts.loansOverdue)
                : (ChartOfAccounts.loansOverdue, ChartOfAccounts.loansCurrent)
            lines.append(
                JournalLine(
                    account: to.code, debit: amount, loanID: dims.loanID,
                    programCode: dims.programCode, unitID: dims.unitID, groupID: dims.groupID))
            lines.append(
                JournalLine(
                    account: from.code, credit: amount, loanID: dims.loanID,
                    programCode: dims.programCode, unitID: dims.unitID, groupID: dims.groupID))
            if change > 0 {
                toOverdue = try Money(dong: toOverdue).adding(Money(dong: change)).dong
            } else {
                back = try Money(dong: back).subtracting(Money(dong: change)).dong
            }
            moved += 1
        }
        var entryID: EntryID?
        if !lines.isEmpty {
            let entry = JournalEntry(
                id: EntryID(world.newID()), postedOn: date, kind: "overdue_transfer",
                description:
                    "Chuyển nợ quá hạn cuối tháng \(month) (\(units.count) xã từ \(units.first ?? ""))",
                lines: lines)
            try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
            entryID = entry.id
        }
        try await checkpoint(
            units, step: "overdue", month: month, entryID: entryID, loans: moved, sql: sql,
            world: world)
        return (moved, toOverdue, back)
    }

    /// The loans with an event dated after `date` (a month closed after the next month's first
    /// sittings) as they stood at its end: their instalments' `paid` and their loan accounts
    /// already hold the later payments, so the overdue is the Domain's standing on the day and
    /// the balances are the lines posted through it. The other loans have no line after the day
    /// and read as they are. A few queries per batch, whatever its size.
    static func overdueAfterLaterEvents(
        units: [String], on date: BusinessDate, sql: any SQLDatabase
    ) async throws -> [String: (target: Money, held: Money, current: Money)] {
        let later = try await sql.raw(
            """
            SELECT DISTINCT e.loan_id AS id FROM loan_events e JOIN loans l ON l.id = e.loan_id
            WHERE l.unit_id IN (\(binds: units)) AND l.disbursed_on <= \(bind: date.iso)
              AND e.on_date > \(bind: date.iso)
            """
        ).all(decodingColumn: "id", as: String.self)
        guard !later.isEmpty else { return [:] }
        let balances = try await LoanStore.balances(loanIDs: later, through: date, sql: sql)
        let (overdue, current) = (ChartOfAccounts.loansOverdue, ChartOfAccounts.loansCurrent)
        var found: [String: (target: Money, held: Money, current: Money)] = [:]
        for loan in try await LoanStore.standings(
            ids: later, on: date, scope: .everything, sql: sql)
        {
            let held = balances[loan.summary.id] ?? [:]
            found[loan.summary.id] = (
                loan.standing.overdue, Money(dong: held[overdue.code] ?? 0),
                Money(dong: held[current.code] ?? 0)
            )
        }
        return found
    }
}
