import Domain
import FluentKit
import Foundation
import SQLKit

/// One line of the list of refunds per commune (danh sách hoàn lãi): what a month-end gave back
/// to a loan, how much of it cleared interest still due, and what is owed to the borrower.
public struct InterestRefundLine: Sendable, Codable, Equatable {
    public var id: String
    public var month: String
    public var loanID: String
    public var borrowerName: String
    public var unitID: String
    public var unitName: String
    public var groupName: String?
    public var adjustments: [String]
    public var amount: Money
    public var offset: Money
    public var owed: Money
    public var paidOn: BusinessDate?

    /// Còn phải chi trả: owed to the borrower and not paid yet.
    public var stillOwed: Bool { owed.dong > 0 && paidOn == nil }
}

/// Chi trả lãi hoàn at the sitting: the refund, the day, cash or transfer.
public struct RefundPayout: Sendable, Codable, Equatable {
    public var refundID: String
    public var on: BusinessDate
    public var method: PaymentMethod
    public init(refundID: String, on: BusinessDate, method: PaymentMethod) {
        self.refundID = refundID
        self.on = on
        self.method = method
    }
}

extension RateAdjustmentStore {
    /// The refunds within the reader's scope, of one commune or all, newest month first.
    public func refunds(
        unitIDs: Set<String>? = nil, unpaidOnly: Bool = false,
        scope: AccessScope
    ) async throws -> [InterestRefundLine] {
        try await Self.refunds(
            unitIDs: unitIDs, id: nil, unpaidOnly: unpaidOnly, scope: scope, sql: sql)
    }

    static func refunds(
        unitIDs: Set<String>?, id: String?, unpaidOnly: Bool, scope: AccessScope,
        sql: any SQLDatabase
    ) async throws -> [InterestRefundLine] {
        var condition = ApplicationStore.scopeCondition(scope, alias: "l")
        if let unitIDs {
            condition =
                condition
                + (unitIDs.isEmpty
                    ? " AND 1 = 0" : " AND r.unit_id IN (\(binds: unitIDs.sorted()))")
        }
        if let id { condition = condition + " AND r.id = \(bind: id)" }
        if unpaidOnly { condition = condition + " AND r.owed > 0 AND r.paid_on IS NULL" }
        return try await sql.raw(
            """
            SELECT r.*, l.borrower_name AS borrower_name, u.name AS unit_name, g.name AS group_name
            FROM interest_refunds r JOIN loans l ON l.id = r.loan_id
            JOIN units u ON u.id = r.unit_id
            LEFT JOIN savings_groups g ON g.id = r.group_id
            WHERE \(condition) ORDER BY r.month DESC, r.unit_id, g.name, l.borrower_name, r.loan_id
            """
        ).all().map { row in
            func money(_ column: String) throws -> Money {
                Money(dong: try row.decode(column: column, as: Int64.self))
            }
            return InterestRefundLine(
                id: try row.decode(column: "id", as: String.self),
                month: try row.decode(column: "month", as: String.self),
                loanID: try row.decode(column: "loan_id", as: String.self),
                borrowerName: try row.decode(column: "borrower_name", as: String.self),
                unitID: try row.decode(column: "unit_id", as: String.self),
                unitName: try row.decode(column: "unit_name", as: String.self),
                groupName: try row.decode(column: "group_name", as: String?.self),
                adjustments: try row.decode(column: "adjustments", as: String.self)
                    .split(separator: ",").map(String.init),
                amount: try money("amount"), offset: try money("offset_amount"),
                owed: try money("owed"),
                paidOn: try row.decode(column: "paid_on", as: String?.self)
                    .map { try BusinessDate(iso: $0) })
        }
    }

    /// Chi trả lãi hoàn: pays what a refund owes the borrower, once (idempotent under `key`),
    /// with the refund and its loan locked; the payable leaves by cash or transfer; audited.
    public func payOut(
        _ request: RefundPayout, key: String?, actor: Actor,
        scope: AccessScope
    ) async throws -> (result: InterestRefundLine, replayed: Bool) {
        guard request.on <= world.today else { throw LendingError.futureDate(request.on) }
        let world = world
        let loanID = try await Self.refunds(
            unitIDs: nil, id: request.refundID, unpaidOnly: false,
            scope: scope, sql: sql
        ).first?.loanID
        guard let loanID else { throw RateAdjustmentError.refundNotFound }
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key, request: request,
            locking: [.loan(loanID), RowLock("interest_refunds", keys: [request.refundID])]
        ) { sql in
            guard
                let line = try await Self.refunds(
                    unitIDs: nil, id: request.refundID, unpaidOnly: false,
                    scope: scope, sql: sql
                ).first
            else { throw RateAdjustmentError.refundNotFound }
            guard line.stillOwed else {
                throw RateAdjustmentError.refundNotOwed(line.paidOn)
            }
            let monthEnd = try BusinessDate(month: line.month)
            guard request.on >= monthEnd.lastOfMonth else {
                throw RateAdjustmentError.payoutBeforeRefund(line.month)
            }
            let loan = try await sql.select().columns("program_code", "group_id").from("loans")
                .where("id", .equal, line.loanID).first()
            let dims = LoanDimensions(
                loanID: LoanID(line.loanID),
                programCode: try loan?.decode(column: "program_code", as: String.self) ?? "",
                unitID: line.unitID, groupID: try loan?.decode(column: "group_id", as: String?.self)
            )
            let entryID = EntryID(world.newID())
            try await LedgerStore(sql: sql, world: world).post(
                [
                    RefundRules.payout(
                        id: entryID, on: request.on, loan: dims, amount: line.owed,
                        method: request.method,
                        description: "Chi trả lãi hoàn cho \(line.borrowerName)")
                ],
                actor: actor)
            try await sql.update("interest_refunds").set("paid_on", to: request.on.iso)
                .set("payout_entry_id", to: entryID).set("paid_by", to: actor.username)
                .where("id", .equal, line.id).run()
            var after = line
            after.paidOn = request.on
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "interest_refund.pay", recordType: "loan",
                recordID: line.loanID,
                provinceCode: nil, before: line, after: after, unitID: line.unitID)
            return after
        }
    }
}
