import Domain
import FluentKit
import Foundation
import SQLKit

/// A group's collection batch as posted: the answer of `POST /api/v1/groups/{id}/collections`.
public struct CollectionBatch: Sendable, Codable, Equatable {
    public var id: String
    public var group: String
    public var date: BusinessDate
    /// The day was a sitting of a point of the group's commune (otherwise a sitting elsewhere, or the office).
    public var atSitting: Bool
    public var cashCounted: Money
    public var lines: Int
    public var interest: Money
    public var interestViaLeader: Money
    public var principal: Money
    public var savingsDeposits: Money
    public var savingsWithdrawals: Money
    public var entries: [String]
}

/// One line of the collection sheet (bảng kê thu lãi, thu tiết kiệm): a member, a loan where it has one.
public struct CollectionSheetLine: Sendable, Equatable {
    public var householdID: String
    public var householdCode: String
    public var head: String
    public var loanID: String?
    public var program: String?
    public var outstanding: Money
    public var interestDue: Money
    public var principalDue: Money
    public var overdue: Money
    public var savings: Money
}

/// Thu lãi, thu nợ, tiết kiệm của tổ tại phiên giao dịch: the sheet printed before the sitting and
/// the batch posted after it, all lines or none, each line its balanced entry, the batch idempotent.
public struct CollectionStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The sheet for a group on a date: every member household, each open loan on its own line with
    /// the interest due to the date, the principal due by the month's end and the overdue; savings.
    public func sheet(
        groupID: String, on date: BusinessDate, scope: AccessScope
    ) async throws -> [CollectionSheetLine] {
        let detail = try await GroupStore(database: database, world: world).detail(
            id: groupID, scope: scope)
        let loans = try await LoanStore(database: database, world: world).standings(
            LoanQuery(groupID: groupID), on: date, scope: scope
        )
        .filter { ![.writtenOff, .repaid].contains($0.standing.status) }
        let monthEnd = date.firstOfMonth.adding(days: date.daysInMonth - 1)
        let due = try await sql.raw(
            """
            SELECT i.loan_id AS loan, CAST(SUM(i.principal - i.paid) AS BIGINT) AS due FROM loan_instalments i JOIN loans l ON l.id = i.loan_id
            WHERE l.group_id = \(bind: groupID) AND i.paid < i.principal AND i.due_on >= \(bind: date.iso) AND i.due_on <= \(bind: monthEnd.iso)
            GROUP BY i.loan_id
            """
        ).all()
        let principalDue = Dictionary(
            uniqueKeysWithValues: try due.map {
                (
                    try $0.decode(column: "loan", as: String.self),
                    try $0.decode(column: "due", as: Int64.self)
                )
            })
        let savings = try await balances(groupID: groupID)
        var lines: [CollectionSheetLine] = []
        for member in detail.members {
            let own = loans.filter { $0.summary.householdID == member.householdID }
            let balance = Money(dong: savings[member.householdID] ?? 0)
            if own.isEmpty {
                lines.append(
                    CollectionSheetLine(
                        householdID: member.householdID, householdCode: member.code,
                        head: member.head, loanID: nil, program: nil,
                        outstanding: .zero, interestDue: .zero, principalDue: .zero, overdue: .zero,
                        savings: balance))
            }
            for (n, loan) in own.enumerated() {
                lines.append(
                    CollectionSheetLine(
                        householdID: member.householdID, householdCode: member.code,
                        head: member.head, loanID: loan.summary.id,
                        program: loan.summary.programName,
                        outstanding: loan.standing.outstanding,
                        interestDue: LoanAccount.interestToCollect(
                            loan.facts, loan.standing, on: date),
                        principalDue: Money(dong: principalDue[loan.summary.id] ?? 0),
                        overdue: loan.standing.overdue, savings: n == 0 ? balance : .zero))
            }
        }
        return lines
    }

    /// Số dư tiền gửi of each member household of a group.
    public func balances(groupID: String) async throws -> [String: Int64] {
        try await Self.balances(groupID: groupID, sql: sql)
    }

    /// Ghi kết quả thu của tổ: every line checked (a member of the group on the date; a loan of that
    /// member; interest and principal within what is owed then; a withdrawal within the balance),
    /// the cash counted against the lines, then every line posted, in one transaction.
    public func post(
        groupID: String, on date: BusinessDate, cashCounted: Money, lines: [CollectionLine],
        key: String?, actor: Actor,
        scope: AccessScope
    ) async throws -> (result: CollectionBatch, replayed: Bool) {
        struct Request: Encodable {
            let group: String; let date: BusinessDate; let cashCounted: Money;
            let lines: [CollectionLine]
        }
        let groups = GroupStore(database: database, world: world)
        let (group, province) = try await groups.writable(id: groupID, on: date, scope: scope)
        let minimum =
            try await ReferenceDataStore(database: database, world: world).value(
                key: "savings_min_deposit", on: date
            )
            .flatMap { Int64($0.value) }.map { Money(dong: $0) } ?? Money(dong: 5_000)
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: Request(group: groupID, date: date, cashCounted: cashCounted, lines: lines),
            // The group's savings and every loan the lines name, before any is read.
            locking: [.group(groupID), .loans(lines.compactMap(\.loan?.rawValue))]
        ) { sql in
            // Every loan the batch names, read at once (a few queries, whatever the number of lines).
            let named = Array(Set(lines.compactMap(\.loan?.rawValue)))
            let loanBalances = try await LoanStore.balances(loanIDs: named, sql: sql)
            let loans = try await LoanStore.standings(ids: named, on: date, scope: scope, sql: sql)
            let balances = try await Self.balances(groupID: groupID, sql: sql)
            // Members as of the sitting, read under the group's lock as membership changes are.
            let members = try await GroupStore.members(groupID: groupID, on: date, sql: sql)
            let sitting = CollectionSitting(
                groupID: groupID, unitID: group.unitID.rawValue, groupName: group.name, date: date,
                today: world.today, members: Set(members), minimumDeposit: minimum,
                savings: balances.mapValues { Money(dong: $0) },
                loans: Dictionary(
                    uniqueKeysWithValues: try loans.map { loan in
                        let id = loan.summary.id
                        return (
                            LoanID(id),
                            try LoanStore.holding(loan, balances: loanBalances[id] ?? [:])
                        )
                    }))
            let plan = try LoanCommands.collection(
                sitting, cashCounted: cashCounted, lines: lines, newID: world.newID)
            let batchID = world.newID()
            try await Self.write(
                plan, batch: batchID, sitting: sitting, province: province, actor: actor, sql: sql,
                world: world)
            let atSitting =
                try await sql.raw(
                    """
                    SELECT 1 AS x FROM transaction_days d JOIN transaction_points p ON p.id = d.point_id
                    WHERE p.unit_id = \(bind: group.unitID.rawValue) AND d.day = \(bind: date.iso) AND d.status <> 'cancelled'
                    """
                ).first() != nil
            let totals = plan.totals, now = world.nowMillis
            let batch = CollectionBatch(
                id: batchID, group: groupID, date: date, atSitting: atSitting,
                cashCounted: cashCounted, lines: plan.lines.count, interest: totals.interest,
                interestViaLeader: totals.interestViaLeader, principal: totals.principal,
                savingsDeposits: totals.savingsDeposits,
                savingsWithdrawals: totals.savingsWithdrawals,
                entries: plan.entries.map(\.id.rawValue))
            try await sql.insert(into: "collection_batches").columns(
                "id", "group_id", "unit_id", "province_code", "on_date", "at_sitting",
                "cash_counted", "interest", "interest_via_leader", "principal",
                "deposits", "withdrawals", "lines", "actor", "created_at"
            ).values(
                batchID, groupID, group.unitID.rawValue, province, date.iso, atSitting,
                cashCounted.dong, batch.interest.dong, batch.interestViaLeader.dong,
                batch.principal.dong, batch.savingsDeposits.dong,
                batch.savingsWithdrawals.dong, try StoredJSON.text(plan.lines), actor.username,
                now
            ).run()
            // Posted: the officer's draft of this group is done with.
            try await sql.delete(from: "collection_drafts").where("group_id", .equal, groupID)
                .where("actor", .equal, actor.username).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.collections", recordType: "savings_group",
                recordID: groupID,
                provinceCode: province, before: ["savings": balances], after: batch)
            return batch
        }
    }

    /// The columns of a batch file (CSV or .xlsx), in the order of the sheet's template.
    public static let fileColumns = [
        "member", "loan", "interest", "via", "principal", "savingsDeposit", "savingsWithdrawal",
        "interestFromSavings",
    ]

    /// Lines from an uploaded batch file: `member` is the household's code (or id), amounts in đồng;
    /// every cell that cannot be read is named by row and column, and nothing is taken.
    public func lines(from table: CSVTable, groupID: String) async throws -> [CollectionLine] {
        try table.requireColumns(["member"])
        let members = try await sql.raw(
            """
            SELECT h.id AS id, h.code AS code FROM group_memberships m JOIN households h ON h.id = m.household_id
            WHERE m.group_id = \(bind: groupID) AND m.valid_to IS NULL
            """
        ).all()
        var byCode: [String: String] = [:]
        for row in members {
            byCode[try row.decode(column: "code", as: String.self)] = try row.decode(
                column: "id", as: String.self)
        }
        var problems: [ErrorDetail] = []
        var lines: [CollectionLine] = []
        for row in table.rows {
            func amount(_ column: String) -> Money {
                let text = (row[column] ?? "").trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { return .zero }
                if let money = try? Money(text: text) { return money }
                problems.append(
                    ErrorDetail(
                        row: row.number, line: row.line, field: column, code: "invalid_amount",
                        message: "Dòng \(row.number), cột \(column): «\(text)» không phải số đồng.")
                )
                return .zero
            }
            let member = (row["member"] ?? "").trimmingCharacters(in: .whitespaces)
            let via =
                CollectionVia(
                    rawValue: (row["via"] ?? "").trimmingCharacters(in: .whitespaces).lowercased())
                ?? .leader
            if let text = row["via"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty,
                CollectionVia(rawValue: text.lowercased()) == nil
            {
                problems.append(
                    ErrorDetail(
                        row: row.number, line: row.line, field: "via", code: "invalid_via",
                        message:
                            "Dòng \(row.number), cột via: «\(text)» phải là leader hoặc borrower."))
            }
            let loan = (row["loan"] ?? "").trimmingCharacters(in: .whitespaces)
            let fromSavings = (row["interestFromSavings"] ?? "")
                .trimmingCharacters(in: .whitespaces).lowercased()
            if !["", "0", "1", "true", "false", "x", "có", "không"].contains(fromSavings) {
                problems.append(
                    ErrorDetail(
                        row: row.number, line: row.line, field: "interestFromSavings",
                        code: "invalid_flag",
                        message: "Dòng \(row.number), cột interestFromSavings: ghi 1 (trả lãi từ"
                            + " tiền gửi) hoặc để trống."))
            }
            let line = CollectionLine(
                member: byCode[member] ?? member, loan: loan.isEmpty ? nil : LoanID(loan),
                interest: amount("interest"), via: via,
                principal: amount("principal"), savingsDeposit: amount("savingsDeposit"),
                savingsWithdrawal: amount("savingsWithdrawal"),
                interestFromSavings: ["1", "true", "x", "có"].contains(fromSavings))
            // A row with nothing in it is a member who paid nothing this time: skipped, as on the page.
            if line.isEmpty { continue }
            lines.append(line)
        }
        guard problems.isEmpty else { throw LendingError.badCollectionLines(problems) }
        return lines
    }

    /// Sổ tiết kiệm của một tổ viên (đối chiếu số dư): every movement with the balance after it.
    public func statement(
        groupID: String, householdID: String, scope: AccessScope
    ) async throws -> [(date: BusinessDate, kind: String, amount: Money, balance: Money)] {
        _ = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        let rows = try await sql.raw(
            """
            SELECT m.on_date AS on_date, m.kind AS kind, m.amount AS amount FROM savings_movements m JOIN savings_accounts a ON a.id = m.account_id
            WHERE a.household_id = \(bind: householdID) AND a.group_id = \(bind: groupID) ORDER BY m.on_date, m.created_at, m.id
            """
        ).all()
        var balance: Int64 = 0
        return try rows.map { row in
            let amount = try row.decode(column: "amount", as: Int64.self)
            balance = try Money(dong: balance).adding(Money(dong: amount)).dong
            return (
                try BusinessDate(iso: try row.decode(column: "on_date", as: String.self)),
                try row.decode(column: "kind", as: String.self),
                Money(dong: amount), Money(dong: balance)
            )
        }
    }

    /// Lưu nháp: the entry form as the officer left it (any text; the page owns its shape).
    public func saveDraft(
        groupID: String, form: String, actor: Actor, scope: AccessScope
    ) async throws {
        _ = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        let previous = try await draft(groupID: groupID, actor: actor)?.form
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.delete(from: "collection_drafts").where("group_id", .equal, groupID)
                .where("actor", .equal, actor.username).run()
            try await sql.insert(into: "collection_drafts").columns(
                "group_id", "actor", "form", "updated_at"
            )
            .values(groupID, actor.username, form, world.nowMillis).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.collections_draft", recordType: "savings_group",
                recordID: groupID, provinceCode: nil, before: previous, after: form)
        }
    }

    /// The officer's draft for the group, with when it was saved.
    public func draft(groupID: String, actor: Actor) async throws -> (form: String, savedAt: Int64)?
    {
        guard
            let row = try await sql.select().columns("form", "updated_at").from("collection_drafts")
                .where("group_id", .equal, groupID)
                .where("actor", .equal, actor.username).first()
        else { return nil }
        return (
            try row.decode(column: "form", as: String.self),
            try row.decode(column: "updated_at", as: Int64.self)
        )
    }

    static func balances(groupID: String, sql: any SQLDatabase) async throws -> [String: Int64] {
        let rows = try await sql.select().columns("household_id", "balance").from(
            "savings_accounts"
        ).where("group_id", .equal, groupID).all()
        return Dictionary(
            uniqueKeysWithValues: try rows.map {
                (
                    try $0.decode(column: "household_id", as: String.self),
                    try $0.decode(column: "balance", as: Int64.self)
                )
            })
    }
}
