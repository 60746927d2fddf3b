import Domain
import FluentKit
import Foundation
import SQLKit

/// One account's line of the trial balance.
public struct TrialBalanceLine: Sendable, Equatable, Codable {
    public let account: String
    public let name: String
    public let kind: AccountKind
    public let debit: Money
    public let credit: Money
    /// Debit minus credit: positive for a debit balance.
    public var balance: Money { Money(dong: debit.dong - credit.dong) }
}

/// Sổ cái: posts balanced entries inside the caller's transaction, reverses them, closes months,
/// and reads the trial balance. Nothing here updates or deletes a journal row.
public struct LedgerStore: Sendable {
    let sql: any SQLDatabase
    let world: World

    public init(sql: any SQLDatabase, world: World) {
        self.sql = sql
        self.world = world
    }

    /// Adds an account of the chart that a database created before it lacks (a migration's
    /// step; the chart itself is `ChartOfAccounts`).
    static func ensure(_ account: Account, sql: any SQLDatabase) async throws {
        guard
            try await sql.select().column("code").from("ledger_accounts")
                .where("code", .equal, account.code).first() == nil
        else { return }
        try await sql.insert(into: "ledger_accounts").columns("code", "name", "kind")
            .values(account.code, account.name, account.kind.rawValue).run()
    }

    public func closedMonths() async throws -> Set<String> {
        Set(
            try await sql.select().column("month").from("closed_periods").all(
                decodingColumn: "month", as: String.self))
    }

    /// Posts entries (checked, in a month still open). Call inside the transaction of the change
    /// that causes them, so both are written or neither.
    public func post(_ entries: [JournalEntry], actor: Actor) async throws {
        guard !entries.isEmpty else { return }
        let closed = try await closedMonths()
        for entry in entries {
            try entry.validate()
            try AccountingPeriod.check(entry.postedOn, closedMonths: closed)
        }
        let now = world.nowMillis
        try await sql.insertBatches(
            into: "journal_entries",
            columns: ["id", "posted_on", "kind", "description", "reverses", "actor", "created_at"],
            rows: entries.map {
                [$0.id, $0.postedOn.iso, $0.kind, $0.description, $0.reverses, actor.username, now]
            })
        var lines: [[any Encodable & Sendable]] = []
        for entry in entries {
            for (n, line) in entry.lines.enumerated() {
                lines.append([
                    entry.id, n + 1, entry.postedOn.iso, line.account, line.debit.dong,
                    line.credit.dong, line.loanID, line.programCode,
                    line.unitID, line.groupID,
                ])
            }
        }
        try await sql.insertBatches(
            into: "journal_lines",
            columns: [
                "entry_id", "line_no", "posted_on", "account", "debit", "credit", "loan_id",
                "program_code", "unit_id", "group_id",
            ], rows: lines, batchSize: 300)
    }

    public func entry(id: EntryID) async throws -> JournalEntry {
        guard
            let head = try await sql.select().columns(
                "id", "posted_on", "kind", "description", "reverses"
            ).from("journal_entries")
                .where("id", .equal, id).first()
        else { throw LedgerError.entryNotFound(id.rawValue) }
        let lines = try await sql.select().columns(
            "account", "debit", "credit", "loan_id", "program_code", "unit_id", "group_id"
        )
        .from("journal_lines").where("entry_id", .equal, id).orderBy("line_no").all().map { row in
            JournalLine(
                account: try row.decode(column: "account", as: String.self),
                debit: Money(dong: try row.decode(column: "debit", as: Int64.self)),
                credit: Money(dong: try row.decode(column: "credit", as: Int64.self)),
                loanID: try row.decode(column: "loan_id", as: String?.self).map { LoanID($0) },
                programCode: try row.decode(column: "program_code", as: String?.self),
                unitID: try row.decode(column: "unit_id", as: String?.self),
                groupID: try row.decode(column: "group_id", as: String?.self))
        }
        return JournalEntry(
            id: id,
            postedOn: try BusinessDate(iso: try head.decode(column: "posted_on", as: String.self)),
            kind: try head.decode(column: "kind", as: String.self),
            description: try head.decode(column: "description", as: String.self),
            lines: lines,
            reverses: try head.decode(column: "reverses", as: String?.self).map { EntryID($0) })
    }

    /// Đảo bút toán: a correction is a new entry with the sides swapped, never an edit; once only.
    /// Audited; like `post`, it belongs inside the transaction of the correction that causes it.
    public func reverse(
        entryID: EntryID, on date: BusinessDate, reason: String, actor: Actor
    ) async throws -> JournalEntry {
        let original = try await entry(id: entryID)
        if try await sql.select().column("id").from("journal_entries").where(
            "reverses", .equal, entryID
        ).first() != nil {
            throw LedgerError.alreadyReversed(entryID)
        }
        let reversal = original.reversal(id: EntryID(world.newID()), on: date, reason: reason)
        try await post([reversal], actor: actor)
        try await AuditStore(sql: sql, world: world).record(
            actor: actor, action: "journal.reverse", recordType: "journal_entry",
            recordID: entryID.rawValue, provinceCode: nil, before: original, after: reversal)
        return reversal
    }

    /// Khóa sổ tháng: later postings dated in it are refused.
    public func close(month: String, actor: Actor) async throws {
        guard try await !closedMonths().contains(month) else { return }
        try await sql.insert(into: "closed_periods").columns("month", "closed_at", "actor").values(
            month, world.nowMillis, actor.username
        )
        .ignoringConflicts().run()
        try await AuditStore(sql: sql, world: world).record(
            actor: actor, action: "ledger.close_period", recordType: "accounting_period",
            recordID: month, provinceCode: nil, before: nil as String?, after: ["closed": month])
    }

    /// Bảng cân đối tài khoản at the end of `date`: every account's debit and credit totals.
    /// A scope narrower than everything sees the lines of its units only.
    public func trialBalance(
        on date: BusinessDate, scope: AccessScope = .everything
    ) async throws -> [TrialBalanceLine] {
        let inScope: SQLQueryString = scope.isEverything ? "1 = 1" : scope.condition("l.unit_id")
        let rows = try await sql.raw(
            """
            SELECT a.code AS code, a.name AS name, a.kind AS kind,
                   CAST(COALESCE(SUM(l.debit), 0) AS BIGINT) AS debit, CAST(COALESCE(SUM(l.credit), 0) AS BIGINT) AS credit
            FROM ledger_accounts a LEFT JOIN journal_lines l ON l.account = a.code AND l.posted_on <= \(bind: date.iso) AND \(inScope)
            GROUP BY a.code, a.name, a.kind ORDER BY a.code
            """
        ).all()
        return try rows.map { row in
            TrialBalanceLine(
                account: try row.decode(column: "code", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                kind: AccountKind(rawValue: try row.decode(column: "kind", as: String.self))
                    ?? .asset,
                debit: Money(dong: try row.decode(column: "debit", as: Int64.self)),
                credit: Money(dong: try row.decode(column: "credit", as: Int64.self)))
        }
    }

    // PostgreSQL sums BIGINT into NUMERIC; the casts keep both drivers decoding Int64.
    /// `policy-credit verify`: every problem the journal shows. Entries that do not balance, an entry
    /// without lines, a trial balance that is not zero. (Loan sub-ledgers join this list with loans.)
    public func verify() async throws -> [String] {
        var problems: [String] = []
        let unbalanced = try await sql.raw(
            """
            SELECT entry_id, CAST(SUM(debit) AS BIGINT) AS d, CAST(SUM(credit) AS BIGINT) AS c FROM journal_lines GROUP BY entry_id HAVING SUM(debit) <> SUM(credit)
            ORDER BY entry_id
            """
        ).all()
        for row in unbalanced {
            problems.append(
                "Bút toán \(try row.decode(column: "entry_id", as: String.self)) không cân: Nợ \(Money(dong: try row.decode(column: "d", as: Int64.self))), Có \(Money(dong: try row.decode(column: "c", as: Int64.self)))."
            )
        }
        let empty = try await sql.raw(
            """
            SELECT e.id AS id FROM journal_entries e WHERE NOT EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id) ORDER BY e.id
            """
        ).all(decodingColumn: "id", as: String.self)
        problems += empty.map { "Bút toán \($0) không có dòng nào." }
        if let totals = try await sql.raw(
            "SELECT CAST(COALESCE(SUM(debit), 0) AS BIGINT) AS d, CAST(COALESCE(SUM(credit), 0) AS BIGINT) AS c FROM journal_lines"
        ).first() {
            let d = try totals.decode(column: "d", as: Int64.self),
                c = try totals.decode(column: "c", as: Int64.self)
            if d != c {
                problems.append(
                    "Bảng cân đối không bằng 0: tổng Nợ \(Money(dong: d)), tổng Có \(Money(dong: c))."
                )
            }
        }
        return problems
    }
}
