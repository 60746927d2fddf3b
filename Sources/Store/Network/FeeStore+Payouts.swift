import Domain
import FluentKit
import Foundation
import SQLKit

/// What one recipient is owed for a month and what it was paid, as the fee page, the API
/// (`GET /api/v1/fees`) and the signed payout list show it.
public struct FeeItem: Codable, Sendable, Equatable {
    /// The recipient's key (`FeeRecipient.key`): what a payout names.
    public var payee: String
    public var level: FeePayee
    public var organisation: Organisation
    /// The group (commission), the commune (commune level), or nil for a wider level.
    public var groupID: String?
    public var unitID: String?
    public var base: Money
    public var amount: Money
    public var paid: Money
    public var paidOn: BusinessDate?
    public var groups: Int

    public var kind: String { level.kind }
    public var owed: Money { Money(dong: amount.dong - paid.dong) }
}

/// One payout, as the command answers it.
public struct FeePayout: Codable, Sendable, Equatable {
    public var id: String
    public var month: String
    public var payee: String
    public var amount: Money
    public var method: PaymentMethod
    public var paidOn: BusinessDate
    public var entry: String
    /// Still owed to the payee for the month after this payout.
    public var owed: Money
}

extension FeeStore {
    /// The month's amounts per recipient in the scope (organisation and group narrowing apply),
    /// with what was paid of them: one query for the lines, one for the payouts.
    public func items(month: String, scope: AccessScope) async throws -> [FeeItem] {
        let sql = try sql
        var items: [String: FeeItem] = [:]
        var order: [String] = []
        for r in try await sql.raw(
            """
            SELECT f.payee, f.group_id, f.organisation, f.unit_id, f.base, f.amount,
                   u.province_code AS province_code
            FROM fee_lines f JOIN units u ON u.id = f.unit_id
            WHERE f.month = \(bind: month) AND \(Self.condition(scope))
            ORDER BY f.unit_id, f.payee, f.group_id
            """
        ).all() {
            guard
                let level = FeePayee(rawValue: try r.decode(column: "payee", as: String.self)),
                let organisation = Organisation(
                    rawValue: try r.decode(column: "organisation", as: String.self))
            else { continue }
            let groupID = try r.decode(column: "group_id", as: String.self)
            let unitID = try r.decode(column: "unit_id", as: String.self)
            let line = FeeLine(
                payee: level, groupID: groupID, organisation: organisation, unitID: unitID,
                base: .zero, basisPoints: 0, amount: .zero, reason: "")
            let key = FeeRecipient(
                line, provinceCode: try r.decode(column: "province_code", as: Int.self)
            ).key
            var item =
                items[key]
                ?? FeeItem(
                    payee: key, level: level, organisation: organisation,
                    groupID: level == .group ? groupID : nil,
                    unitID: [.group, .communeOrganisation].contains(level) ? unitID : nil,
                    base: .zero, amount: .zero, paid: .zero, paidOn: nil, groups: 0)
            if items[key] == nil { order.append(key) }
            item.base = try item.base.adding(
                Money(dong: try r.decode(column: "base", as: Int64.self)))
            item.amount = try item.amount.adding(
                Money(dong: try r.decode(column: "amount", as: Int64.self)))
            item.groups += 1
            items[key] = item
        }
        for r in try await sql.raw(
            """
            SELECT f.recipient, CAST(SUM(f.amount) AS BIGINT) AS paid, MAX(p.paid_on) AS paid_on
            FROM fee_payout_lines f JOIN fee_payouts p ON p.id = f.payout_id
            WHERE f.month = \(bind: month) AND \(Self.condition(scope))
            GROUP BY f.recipient
            """
        ).all() {
            let key = try r.decode(column: "recipient", as: String.self)
            guard var item = items[key] else { continue }
            item.paid = Money(dong: try r.decode(column: "paid", as: Int64.self))
            item.paidOn = try r.decode(column: "paid_on", as: String?.self).map {
                try BusinessDate(iso: $0)
            }
            items[key] = item
        }
        // As the sitting pays them: the commune's organisations, its groups, then the wider levels.
        let rank: [FeePayee: Int] = [
            .communeOrganisation: 0, .group: 1, .districtOrganisation: 2,
            .provinceOrganisation: 3, .centralOrganisation: 4,
        ]
        return order.compactMap { items[$0] }.enumerated().sorted {
            (rank[$0.element.level] ?? 5, $0.offset) < (rank[$1.element.level] ?? 5, $1.offset)
        }.map(\.element)
    }
}
