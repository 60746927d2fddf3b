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
    public func sheet(groupID: String, on date: BusinessDate, scope: AccessScope) async throws -> [CollectionSheetLine] {
        let detail = try await GroupStore(database: database, world: world).detail(id: groupID, scope: scope)
        let loans = try await LoanStore(database: database, world: world).standings(LoanQuery(groupID: groupID), on: date, scope: scope)
            .filter { ![.writtenOff, .repaid].contains($0.standing.status) }
        let monthEnd = date.firstOfMonth.adding(days: date.daysInMonth - 1)
        let due = try await sql.raw("""
            SELECT i.loan_id AS loan, CAST(SUM(i.principal - i.paid) AS BIGINT) AS due FROM loan_instalments i JOIN loans l ON l.id = i.loan_id
            WHERE l.group_id = \(bind: groupID) AND i.paid < i.principal AND i.due_on >= \(bind: date.iso) AND i.due_on <= \(bind: monthEnd.iso)
            GROUP BY i.loan_id
            """).all()
        let principalDue = Dictionary(uniqueKeysWithValues: try due.map { (try $0.decode(column: "loan", as: String.self), try $0.decode(column: "due", as: Int64.self)) })
        let savings = try await balances(groupID: groupID)
        var lines: [CollectionSheetLine] = []
        for member in detail.members {
            let own = loans.filter { $0.summary.householdID == member.householdID }
            let balance = Money(dong: savings[member.householdID] ?? 0)
            if own.isEmpty {
                lines.append(CollectionSheetLine(householdID: member.householdID, householdCode: member.code, head: member.head, loanID: nil, program: nil,
                                                 outstanding: .zero, interestDue: .zero, principalDue: .zero, overdue: .zero, savings: balance))
            }
            for (n, loan) in own.enumerated() {
                lines.append(CollectionSheetLine(
                    householdID: member.householdID, householdCode: member.code, head: member.head, loanID: loan.summary.id, program: loan.summary.programName,
                    outstanding: loan.standing.outstanding, interestDue: loan.standing.status == .frozen ? .zero : loan.standing.interestDue,
                    principalDue: Money(dong: principalDue[loan.summary.id] ?? 0), overdue: loan.standing.overdue, savings: n == 0 ? balance : .zero))
            }
        }
        return lines
    }

    /// Số dư tiền gửi of each member household of a group.
    public func balances(groupID: String) async throws -> [String: Int64] { try await Self.balances(groupID: groupID, sql: sql) }

    /// Ghi kết quả thu của tổ: every line checked (a member of the group on the date; a loan of that
    /// member; interest and principal within what is owed then; a withdrawal within the balance),
    /// the cash counted against the lines, then every line posted, in one transaction.
    public func post(groupID: String, on date: BusinessDate, cashCounted: Money, lines: [CollectionLine], key: String?, actor: Actor,
                     scope: AccessScope) async throws -> (result: CollectionBatch, replayed: Bool) {
        struct Request: Encodable { let group: String; let date: BusinessDate; let cashCounted: Money; let lines: [CollectionLine] }
        let groups = GroupStore(database: database, world: world)
        let (group, province) = try await groups.writable(id: groupID, on: date, scope: scope)
        let members = try await groups.members(groupID: groupID, on: date)
        let minimum = try await ReferenceDataStore(database: database, world: world).value(key: "savings_min_deposit", on: date)
            .flatMap { Int64($0.value) }.map { Money(dong: $0) } ?? Money(dong: 5_000)
        let world = world
        return try await IdempotentCommand.run(database: database, world: world, actor: actor, key: key,
                                               request: Request(group: groupID, date: date, cashCounted: cashCounted, lines: lines),
                                               // The group's savings and every loan the lines name, before any is read.
                                               locking: [.group(groupID), .loans(lines.compactMap(\.loan))]) { sql in
            guard !lines.isEmpty else { throw PlatformError.invalidInput(field: "lines", message: "Bảng kê chưa có dòng nào.") }
            var problems: [ErrorDetail] = []
            // Every loan the batch names, read at once (a few queries, whatever the number of lines).
            let named = Array(Set(lines.compactMap(\.loan)))
            var details = Dictionary(uniqueKeysWithValues: try await LoanStore.standings(ids: named, on: date, scope: scope, sql: sql).map { ($0.summary.id, $0) })
            let loanBalances = try await LoanStore.balances(loanIDs: named, sql: sql)
            var resolved: [CollectionLine] = []
            let balances = try await Self.balances(groupID: groupID, sql: sql)
            var withdrawn: [String: Money] = [:]
            for (n, original) in lines.enumerated() {
                var line = original
                func fail(_ field: String, _ code: String, _ message: String) {
                    problems.append(ErrorDetail(row: n + 1, field: field, code: code, message: "Dòng \(n + 1): \(message)"))
                }
                for (field, message) in CollectionRules.problems(line, minimumDeposit: minimum) { fail(field, "invalid_line", message) }
                if let loanID = line.loan {
                    guard let loan = details[loanID], loan.summary.groupID == groupID else {
                        fail("loan", "loan_not_in_group", "khoản vay \(loanID) không thuộc tổ này.")
                        continue
                    }
                    if line.member.isEmpty, let household = loan.summary.householdID { line.member = household }
                    if loan.summary.householdID != line.member { fail("loan", "loan_not_of_member", "khoản vay không phải của tổ viên này.") }
                    for problem in try LoanAccount.repaymentProblems(loan.facts, on: date, today: world.today, interest: line.interest, principal: line.principal)
                    where problem != .invalidAmount {
                        fail(problem == .interestAboveDue(loan.standing.interestDue) ? "interest" : "principal", problem.code, problem.message)
                    }
                    // The next line of the same loan sees what this one paid.
                    var facts = loan.facts
                    facts.interestPaid = try facts.interestPaid.adding(max(.zero, line.interest))
                    if line.principal.dong > 0 { facts.movements.append(PrincipalMovement(on: date, amount: Money(dong: -line.principal.dong))) }
                    details[loanID]?.facts = facts
                    details[loanID]?.standing = try LoanAccount.standing(facts, on: date)
                }
                if !members.contains(line.member) { fail("member", "not_a_member", "hộ không phải tổ viên của tổ vào ngày \(date.vietnamese).") }
                let net = try withdrawn[line.member, default: .zero]
                    .adding(try line.savingsWithdrawal.subtracting(line.savingsDeposit))
                withdrawn[line.member] = net
                if line.savingsWithdrawal.dong > 0, net.dong > balances[line.member] ?? 0 {
                    fail("savingsWithdrawal", "savings_insufficient", "rút vượt số dư tiết kiệm \(Money(dong: balances[line.member] ?? 0)).")
                }
                resolved.append(line)
            }
            guard problems.isEmpty else { throw LendingError.badCollectionLines(problems) }
            let expected = try CollectionRules.expectedCash(resolved)
            guard expected == cashCounted else { throw LendingError.cashMismatch(counted: cashCounted, lines: expected) }

            let batchID = world.newID(), now = world.nowMillis
            var entries: [JournalEntry] = []
            var movements: [[any Encodable & Sendable]] = []
            var savingsChange: [String: Int64] = [:]
            var loanChange: [String: (interest: Int64, principal: Int64)] = [:]
            var events: [[any Encodable & Sendable]] = []
            for line in resolved {
                let loan = line.loan.flatMap { details[$0] }
                let dims = loan.map { LoanDimensions(loanID: $0.summary.id, programCode: $0.summary.programCode, unitID: $0.summary.unitID,
                                                     groupID: $0.summary.groupID) }
                var credits: [(account: Account, amount: Money)] = []
                var receivable = Money.zero
                if let loan, line.principal.dong > 0 || line.interest.dong > 0 {
                    let balances = loanBalances[loan.summary.id] ?? [:]
                    let taken = loanChange[loan.summary.id] ?? (0, 0)
                    // Earlier lines of the batch for the same loan took from these balances already.
                    let adjusted = LoanPostings.balances(balances, afterPrincipal: Money(dong: taken.principal))
                    let held = balances[ChartOfAccounts.interestReceivable.code] ?? 0
                    receivable = Money(dong: max(0, held - taken.interest))
                    if line.principal.dong > 0 { credits = LoanPostings.principalCredits(amount: line.principal, balances: adjusted) }
                }
                let entry = CollectionRules.entry(id: world.newID(), on: date, line: line, interestReceivable: receivable, principalCredits: credits,
                                                  loan: dims, unitID: group.unitID.rawValue,
                                                  groupID: groupID, description: "Thu tại tổ \(group.name), ngày \(date.vietnamese)")
                entries.append(entry)
                if let loan, line.interest.dong + line.principal.dong > 0 {
                    let before = loanChange[loan.summary.id] ?? (0, 0)
                    loanChange[loan.summary.id] = (try Money(dong: before.interest).adding(line.interest).dong,
                                                   try Money(dong: before.principal).adding(line.principal).dong)
                    events.append([world.newID(), loan.summary.id, LoanEventKind.repayment.rawValue, date.iso, -line.principal.dong, line.interest.dong,
                                   PaymentMethod.cash.rawValue, nil as String?, entry.id, nil as String?, "{\"batch\":\"\(batchID)\",\"via\":\"\(line.via.rawValue)\"}",
                                   actor.username, now])
                }
                let saved = try line.savingsDeposit.subtracting(line.savingsWithdrawal)
                if line.savingsDeposit.dong > 0 || line.savingsWithdrawal.dong > 0 {
                    savingsChange[line.member] = try Money(dong: savingsChange[line.member, default: 0]).adding(saved).dong
                    for (amount, kind) in [(line.savingsDeposit.dong, "deposit"), (-line.savingsWithdrawal.dong, "withdrawal")] where amount != 0 {
                        movements.append([world.newID(), "sav-\(line.member)", date.iso, amount, kind, batchID, entry.id, actor.username, now])
                    }
                }
            }
            try await LedgerStore(sql: sql, world: world).post(entries, actor: actor)
            // Accounts open on the first deposit; then movements and balances.
            let newAccounts = savingsChange.keys.filter { balances[$0] == nil }.sorted()
            try await sql.insertBatches(into: "savings_accounts", columns: ["id", "household_id", "group_id", "unit_id", "province_code", "opened_on", "balance", "updated_at"],
                                        rows: newAccounts.map { ["sav-\($0)", $0, groupID, group.unitID.rawValue, province, date.iso, Int64(0), now] })
            try await sql.insertBatches(into: "savings_movements", columns: ["id", "account_id", "on_date", "amount", "kind", "batch_id", "entry_id", "actor", "created_at"],
                                        rows: movements)
            // Every member's balance in one statement, not one UPDATE per member.
            if !savingsChange.isEmpty {
                var change: SQLQueryString = "CASE household_id"
                for (household, amount) in savingsChange { change = change + " WHEN \(bind: household) THEN \(bind: amount)" }
                try await sql.raw("""
                    UPDATE savings_accounts SET balance = balance + CAST(\(change) END AS BIGINT), updated_at = \(bind: now)
                    WHERE household_id IN (\(binds: Array(savingsChange.keys)))
                    """).run()
            }
            // The loans' figures, their instalments and the loans now repaid: a few statements for the whole batch.
            for chunk in loanChange.sorted(by: { $0.key < $1.key }).chunked(300) {
                var principal: SQLQueryString = "CASE id", interest: SQLQueryString = "CASE id"
                for (loanID, change) in chunk {
                    principal = principal + " WHEN \(bind: loanID) THEN \(bind: change.principal)"
                    interest = interest + " WHEN \(bind: loanID) THEN \(bind: change.interest)"
                }
                try await sql.raw("""
                    UPDATE loans SET principal_repaid = principal_repaid + CAST(\(principal) END AS BIGINT),
                    interest_paid = interest_paid + CAST(\(interest) END AS BIGINT), updated_at = \(bind: now) WHERE id IN (\(binds: chunk.map(\.key)))
                    """).run()
            }
            let paidPrincipal = loanChange.filter { $0.value.principal > 0 }.map(\.key).sorted()
            try await LoanStore.reallocate(loanIDs: paidPrincipal, sql: sql)
            let repaid = try paidPrincipal.filter { id in
                guard let loan = details[id] else { return false }
                return try loan.standing.outstanding == .zero && loan.approved == loan.facts.disbursed()
            }
            if !repaid.isEmpty {
                try await sql.raw("""
                    UPDATE loans SET state = \(bind: LoanState.repaid.rawValue), updated_at = \(bind: now) WHERE id IN (\(binds: repaid))
                    """).run()
            }
            try await sql.insertBatches(into: "loan_events", columns: ["id", "loan_id", "kind", "on_date", "principal", "interest", "method", "capital_source",
                                                                       "entry_id", "reverses", "details", "actor", "created_at"], rows: events)
            let atSitting = try await sql.raw("""
                SELECT 1 AS x FROM transaction_days d JOIN transaction_points p ON p.id = d.point_id
                WHERE p.unit_id = \(bind: group.unitID.rawValue) AND d.day = \(bind: date.iso) AND d.status <> 'cancelled'
                """).first() != nil
            let batch = CollectionBatch(
                id: batchID, group: groupID, date: date, atSitting: atSitting, cashCounted: cashCounted, lines: resolved.count,
                interest: Money(dong: resolved.reduce(0) { $0 + $1.interest.dong }),
                interestViaLeader: Money(dong: resolved.filter { $0.via == .leader }.reduce(0) { $0 + $1.interest.dong }),
                principal: Money(dong: resolved.reduce(0) { $0 + $1.principal.dong }),
                savingsDeposits: Money(dong: resolved.reduce(0) { $0 + $1.savingsDeposit.dong }),
                savingsWithdrawals: Money(dong: resolved.reduce(0) { $0 + $1.savingsWithdrawal.dong }), entries: entries.map(\.id))
            try await sql.insert(into: "collection_batches").columns(
                "id", "group_id", "unit_id", "province_code", "on_date", "at_sitting", "cash_counted", "interest", "interest_via_leader", "principal",
                "deposits", "withdrawals", "lines", "actor", "created_at"
            ).values(batchID, groupID, group.unitID.rawValue, province, date.iso, atSitting, cashCounted.dong, batch.interest.dong, batch.interestViaLeader.dong,
                     batch.principal.dong, batch.savingsDeposits.dong, batch.savingsWithdrawals.dong, try StoredJSON.text(resolved), actor.username, now).run()
            // Posted: the officer's draft of this group is done with.
            try await sql.delete(from: "collection_drafts").where("group_id", .equal, groupID).where("actor", .equal, actor.username).run()
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "group.collections", recordType: "savings_group", recordID: groupID,
                                                               provinceCode: province, before: ["savings": balances], after: batch)
            return batch
        }
    }

    /// The columns of a batch file (CSV or .xlsx), in the order of the sheet's template.
    public static let fileColumns = ["member", "loan", "interest", "via", "principal", "savingsDeposit", "savingsWithdrawal"]

    /// Lines from an uploaded batch file: `member` is the household's code (or id), amounts in đồng;
    /// every cell that cannot be read is named by row and column, and nothing is taken.
    public func lines(from table: CSVTable, groupID: String) async throws -> [CollectionLine] {
        try table.requireColumns(["member"])
        let members = try await sql.raw("""
            SELECT h.id AS id, h.code AS code FROM group_memberships m JOIN households h ON h.id = m.household_id
            WHERE m.group_id = \(bind: groupID) AND m.valid_to IS NULL
            """).all()
        var byCode: [String: String] = [:]
        for row in members { byCode[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: String.self) }
        var problems: [ErrorDetail] = []
        var lines: [CollectionLine] = []
        for row in table.rows {
            func amount(_ column: String) -> Money {
                let text = (row[column] ?? "").trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { return .zero }
                if let money = try? Money(text: text) { return money }
                problems.append(ErrorDetail(row: row.number, line: row.line, field: column, code: "invalid_amount",
                                            message: "Dòng \(row.number), cột \(column): «\(text)» không phải số đồng."))
                return .zero
            }
            let member = (row["member"] ?? "").trimmingCharacters(in: .whitespaces)
            let via = CollectionVia(rawValue: (row["via"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()) ?? .leader
            if let text = row["via"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty, CollectionVia(rawValue: text.lowercased()) == nil {
                problems.append(ErrorDetail(row: row.number, line: row.line, field: "via", code: "invalid_via",
                                            message: "Dòng \(row.number), cột via: «\(text)» phải là leader hoặc borrower."))
            }
            let loan = (row["loan"] ?? "").trimmingCharacters(in: .whitespaces)
            let line = CollectionLine(member: byCode[member] ?? member, loan: loan.isEmpty ? nil : loan, interest: amount("interest"), via: via,
                                      principal: amount("principal"), savingsDeposit: amount("savingsDeposit"), savingsWithdrawal: amount("savingsWithdrawal"))
            // A row with nothing in it is a member who paid nothing this time: skipped, as on the page.
            if line.interest == .zero, line.principal == .zero, line.savingsDeposit == .zero, line.savingsWithdrawal == .zero { continue }
            lines.append(line)
        }
        guard problems.isEmpty else { throw LendingError.badCollectionLines(problems) }
        return lines
    }

    /// Sổ tiết kiệm của một tổ viên (đối chiếu số dư): every movement with the balance after it.
    public func statement(groupID: String, householdID: String, scope: AccessScope) async throws -> [(date: BusinessDate, kind: String, amount: Money, balance: Money)] {
        _ = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        let rows = try await sql.raw("""
            SELECT m.on_date AS on_date, m.kind AS kind, m.amount AS amount FROM savings_movements m JOIN savings_accounts a ON a.id = m.account_id
            WHERE a.household_id = \(bind: householdID) AND a.group_id = \(bind: groupID) ORDER BY m.on_date, m.created_at, m.id
            """).all()
        var balance: Int64 = 0
        return try rows.map { row in
            let amount = try row.decode(column: "amount", as: Int64.self)
            balance = try Money(dong: balance).adding(Money(dong: amount)).dong
            return (try BusinessDate(iso: try row.decode(column: "on_date", as: String.self)), try row.decode(column: "kind", as: String.self),
                    Money(dong: amount), Money(dong: balance))
        }
    }

    /// Lưu nháp: the entry form as the officer left it (any text; the page owns its shape).
    public func saveDraft(groupID: String, form: String, actor: Actor, scope: AccessScope) async throws {
        _ = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        let previous = try await draft(groupID: groupID, actor: actor)?.form
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.delete(from: "collection_drafts").where("group_id", .equal, groupID).where("actor", .equal, actor.username).run()
            try await sql.insert(into: "collection_drafts").columns("group_id", "actor", "form", "updated_at")
                .values(groupID, actor.username, form, world.nowMillis).run()
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "group.collections_draft", recordType: "savings_group",
                                                               recordID: groupID, provinceCode: nil, before: previous, after: form)
        }
    }

    /// The officer's draft for the group, with when it was saved.
    public func draft(groupID: String, actor: Actor) async throws -> (form: String, savedAt: Int64)? {
        guard let row = try await sql.select().columns("form", "updated_at").from("collection_drafts").where("group_id", .equal, groupID)
            .where("actor", .equal, actor.username).first() else { return nil }
        return (try row.decode(column: "form", as: String.self), try row.decode(column: "updated_at", as: Int64.self))
    }

    static func balances(groupID: String, sql: any SQLDatabase) async throws -> [String: Int64] {
        let rows = try await sql.select().columns("household_id", "balance").from("savings_accounts").where("group_id", .equal, groupID).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "household_id", as: String.self), try $0.decode(column: "balance", as: Int64.self)) })
    }
}
