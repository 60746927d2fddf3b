import Domain
import FluentKit
import Foundation
import SQLKit

/// Phí ủy thác và hoa hồng, computed by month-end for each active group from the month's
/// figures (`group_month_figures`) and the rules in force at the month's end, payable in the ledger (8011 / 4591).
public struct FeeStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func rules(on date: BusinessDate) async throws -> FeeRules {
        let reference = ReferenceDataStore(database: database, world: world)
        func value(_ key: String, _ fallback: Int64) async throws -> Int64 {
            try await reference.value(key: key, on: date).flatMap { Int64($0.value) } ?? fallback
        }
        let districtTo = try await reference.value(key: "fee_district_share_to", on: date)
            .flatMap { FeePayee(rawValue: $0.value.trimmingCharacters(in: .whitespaces)) }
        return FeeRules(
            groupCommissionBasisPoints: try await value("fee_group_commission_bp", 0),
            organisationFeeMillionths: try await value("fee_org_rate_millionths", 0),
            shares: [
                .communeOrganisation: try await value("fee_share_commune_bp", 0),
                .districtOrganisation: try await value("fee_share_district_bp", 0),
                .provinceOrganisation: try await value("fee_share_province_bp", 0),
                .centralOrganisation: try await value("fee_share_central_bp", 0),
            ],
            districtShareTo: districtTo,
            minimumCollectionPercent: try await value("fee_min_collection_percent", 0),
            maximumOverduePercent: try await value("fee_max_overdue_percent", 100),
            reducedAboveOverduePercent: try await value("fee_reduced_above_overdue_percent", 100),
            reductionPercent: try await value("fee_reduction_percent", 0))
    }

    static let lineColumns = [
        "month", "payee", "group_id", "organisation", "unit_id", "base", "basis_points",
        "rate_millionths", "amount", "reason", "entry_id",
    ]

    /// A line's row for `fee_lines`.
    static func row(_ line: FeeLine, month: String, entryID: String?) -> [any Encodable & Sendable]
    {
        [
            month, line.payee.rawValue, line.groupID, line.organisation.rawValue, line.unitID,
            line.base.dong, line.basisPoints, line.rateMillionths, line.amount.dong, line.reason,
            entryID,
        ]
    }

    /// Writes the month's lines and one balanced entry making them payable, in the caller's transaction.
    static func record(
        _ lines: [FeeLine], month: String, on date: BusinessDate, actor: Actor,
        sql: any SQLDatabase, world: World
    ) async throws {
        let payable = lines.filter { $0.amount.dong > 0 }
        var entryID: String?
        if !payable.isEmpty {
            var journal: [JournalLine] = []
            for line in payable {
                journal.append(
                    JournalLine(
                        account: ChartOfAccounts.feesExpense.code, debit: line.amount,
                        unitID: line.unitID, groupID: line.groupID))
                journal.append(
                    JournalLine(
                        account: ChartOfAccounts.feesPayable.code, credit: line.amount,
                        unitID: line.unitID, groupID: line.groupID))
            }
            let entry = JournalEntry(
                id: EntryID(world.newID()), postedOn: date, kind: "fees",
                description: "Phí ủy thác, hoa hồng tháng \(month)", lines: journal)
            try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
            entryID = entry.id.rawValue
        }
        try await sql.insertBatches(
            into: "fee_lines", columns: lineColumns,
            rows: lines.map { row($0, month: month, entryID: $0.amount.dong > 0 ? entryID : nil) })
    }

    /// The month's lines in the caller's scope (organisation and group narrowing apply).
    public func lines(month: String, scope: AccessScope) async throws -> [FeeLine] {
        try await Self.stored(month: month, scope: scope, sql: try sql).map(\.line)
    }

    /// The scope's part of the fee lines (organisation and group narrowing apply), as a condition on `fee_lines f`.
    static func condition(_ scope: AccessScope) -> SQLQueryString {
        var condition = scope.condition("f.unit_id")
        if let organisation = scope.organisationID {
            condition = condition + " AND f.organisation = \(bind: organisation)"
        }
        if let group = scope.groupID { condition = condition + " AND f.group_id = \(bind: group)" }
        return condition
    }

    /// The month's lines in the scope, each with the entry that made it payable.
    static func stored(
        month: String, scope: AccessScope,
        sql: any SQLDatabase
    ) async throws -> [(line: FeeLine, entryID: String?)] {
        try await sql.raw(
            """
            SELECT f.* FROM fee_lines f WHERE f.month = \(bind: month) AND \(Self.condition(scope)) ORDER BY f.unit_id, f.group_id, f.payee
            """
        ).all().map { r in
            (
                FeeLine(
                    payee: FeePayee(rawValue: try r.decode(column: "payee", as: String.self))
                        ?? .group, groupID: try r.decode(column: "group_id", as: String.self),
                    organisation: Organisation(
                        rawValue: try r.decode(column: "organisation", as: String.self))
                        ?? .womensUnion,
                    unitID: try r.decode(column: "unit_id", as: String.self),
                    base: Money(dong: try r.decode(column: "base", as: Int64.self)),
                    basisPoints: try r.decode(column: "basis_points", as: Int64.self),
                    rateMillionths: try r.decode(column: "rate_millionths", as: Int64.self),
                    amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                    reason: try r.decode(column: "reason", as: String.self)),
                try r.decode(column: "entry_id", as: String?.self)
            )
        }
    }
}
