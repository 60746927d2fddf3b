import Domain
import FluentKit
import Foundation
import SQLKit

/// A filter of contributions: a calendar year, a purpose, a text without diacritics.
public struct ContributionQuery: Sendable, Equatable {
    public var year: Int?
    public var purpose: ContributionPurpose?
    public var text: String?

    public init(year: Int? = nil, purpose: ContributionPurpose? = nil, text: String? = nil) {
        self.year = year
        self.purpose = purpose
        self.text = text
    }
}

/// A sum and how many made it.
public struct ContributionTotal: Sendable, Equatable, Codable {
    public var amount: Money
    public var count: Int

    public init(amount: Money, count: Int) {
        self.amount = amount
        self.count = count
    }

    public static let zero = ContributionTotal(amount: .zero, count: 0)
}

/// Per purpose, the year's total and the peak month's.
public struct ContributionTotals: Sendable, Equatable {
    public var year: Int
    public var byPurpose: [ContributionPurpose: ContributionTotal]
    public var peakByPurpose: [ContributionPurpose: ContributionTotal]

    public func total(_ p: ContributionPurpose) -> ContributionTotal { byPurpose[p] ?? .zero }
    public func peak(_ p: ContributionPurpose) -> ContributionTotal { peakByPurpose[p] ?? .zero }
}

/// The matching rows (up to the limit), how many match and their sum.
public struct ContributionPage: Sendable, Equatable {
    public var items: [Contribution]
    public var total: Int
    public var sum: Money
}

/// Đóng góp Quỹ Vì người nghèo và vốn ủy thác: recorded in a commune in scope, listed, summed
/// by purpose for the year and for the peak month; every write audited.
public struct ContributionStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// Ghi đóng góp: checked, the commune in scope, the peak month from the date; audited.
    public func record(
        _ d: ContributionDraft, actor: Actor, scope: AccessScope
    ) async throws
        -> Contribution
    {
        try ContributionRules.check(d, today: world.today)
        let unit = try await UnitStore(sql: try self.sql).unit(
            level: .commune, code: d.unitCode, asOf: d.receivedOn, scope: scope)
        let id = world.newID()
        let world = world
        let record = Contribution(
            id: id, unitCode: unit.code, unitName: unit.name,
            contributor: d.contributor.trimmingCharacters(in: .whitespacesAndNewlines),
            kind: d.kind, amount: d.amount, purpose: d.purpose, receivedOn: d.receivedOn,
            inPeakMonth: PeakMonth.contains(d.receivedOn),
            note: d.note.trimmingCharacters(in: .whitespacesAndNewlines),
            createdBy: actor.username)
        try await WriteTransaction.run(database) { sql in
            try await sql.insertBatches(
                into: "contributions", columns: Self.columns,
                rows: [
                    [
                        id, unit.id, unit.provinceCode, record.contributor, record.kind.rawValue,
                        record.amount.dong, record.purpose.rawValue, record.receivedOn.iso,
                        record.inPeakMonth ? 1 : 0, record.note,
                        TextFolding.fold(record.contributor + " " + record.note), actor.username,
                        world.nowMillis,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "contribution.record", recordType: "contribution",
                recordID: id, provinceCode: unit.provinceCode, before: nil as String?,
                after: record, unitID: unit.id)
        }
        return record
    }

    /// The contributions in scope matching `query`, newest first, with the count and sum of all
    /// that match.
    public func list(
        _ query: ContributionQuery, scope: AccessScope, limit: Int = 500
    )
        async throws -> ContributionPage
    {
        let filter = Self.filter(query, scope: scope)
        let sql = try self.sql
        let items = try await sql.raw(
            """
            SELECT c.*, u.code AS unit_code, u.name AS unit_name FROM contributions c
            JOIN units u ON u.id = c.unit_id WHERE \(filter)
            ORDER BY c.received_on DESC, c.created_at DESC, c.id LIMIT \(literal: limit)
            """
        ).all().map(Self.contribution)
        let sums = try await sql.raw(
            """
            SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(c.amount), 0) AS BIGINT) AS s
            FROM contributions c WHERE \(filter)
            """
        ).first()
        return ContributionPage(
            items: items, total: try sums?.decode(column: "n", as: Int.self) ?? 0,
            sum: Money(dong: try sums?.decode(column: "s", as: Int64.self) ?? 0))
    }

    /// Tổng hợp theo mục đích: the year's sums and the peak month's, in one GROUP BY.
    public func totals(year: Int, scope: AccessScope) async throws -> ContributionTotals {
        let filter = Self.filter(ContributionQuery(year: year), scope: scope)
        var all: [ContributionPurpose: ContributionTotal] = [:]
        var peak: [ContributionPurpose: ContributionTotal] = [:]
        for r in try await self.sql.raw(
            """
            SELECT c.purpose AS purpose, c.in_peak_month AS peak, CAST(COUNT(*) AS BIGINT) AS n,
            CAST(SUM(c.amount) AS BIGINT) AS s FROM contributions c WHERE \(filter)
            GROUP BY c.purpose, c.in_peak_month
            """
        ).all() {
            guard
                let purpose = ContributionPurpose(
                    rawValue: try r.decode(column: "purpose", as: String.self))
            else { continue }
            let line = ContributionTotal(
                amount: Money(dong: try r.decode(column: "s", as: Int64.self)),
                count: try r.decode(column: "n", as: Int.self))
            all[purpose] = Self.add(all[purpose] ?? .zero, line)
            if try r.decode(column: "peak", as: Int.self) != 0 {
                peak[purpose] = Self.add(peak[purpose] ?? .zero, line)
            }
        }
        return ContributionTotals(year: year, byPurpose: all, peakByPurpose: peak)
    }

    /// For the dashboard: everything contributed in scope in `year`, both purposes together.
    public func contributionTotals(
        year: Int, scope: AccessScope
    ) async throws
        -> ContributionTotal
    {
        let t = try await totals(year: year, scope: scope)
        return ContributionPurpose.allCases.reduce(ContributionTotal.zero) {
            Self.add($0, t.total($1))
        }
    }

    /// Sums read back saturate rather than trap.
    static func add(_ a: ContributionTotal, _ b: ContributionTotal) -> ContributionTotal {
        ContributionTotal(
            amount: (try? a.amount.adding(b.amount)) ?? Money(dong: .max), count: a.count + b.count)
    }

    static func filter(_ q: ContributionQuery, scope: AccessScope) -> SQLQueryString {
        var filter = scope.condition("c.unit_id")
        if let year = q.year {
            let from = BusinessDate(fixedYear: year, month: 1, day: 1).iso
            let through = BusinessDate(fixedYear: year, month: 12, day: 31).iso
            filter =
                filter
                + " AND c.received_on >= \(bind: from) AND c.received_on <= \(bind: through)"
        }
        if let purpose = q.purpose {
            filter = filter + " AND c.purpose = \(bind: purpose.rawValue)"
        }
        if let text = q.text.map(TextFolding.fold), !text.isEmpty {
            filter =
                filter
                + " AND c.folded LIKE \(bind: likePattern(containing: text)) ESCAPE '\\'"
        }
        return filter
    }

    static func contribution(_ r: any SQLRow) throws -> Contribution {
        Contribution(
            id: try r.decode(column: "id", as: String.self),
            unitCode: try r.decode(column: "unit_code", as: Int.self),
            unitName: try r.decode(column: "unit_name", as: String.self),
            contributor: try r.decode(column: "contributor", as: String.self),
            kind: ContributorKind(
                rawValue: try r.decode(column: "contributor_kind", as: String.self))
                ?? .person,
            amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
            purpose: ContributionPurpose(rawValue: try r.decode(column: "purpose", as: String.self))
                ?? .forThePoorFund,
            receivedOn: try BusinessDate(iso: try r.decode(column: "received_on", as: String.self)),
            inPeakMonth: try r.decode(column: "in_peak_month", as: Int.self) != 0,
            note: try r.decode(column: "note", as: String.self),
            createdBy: try r.decode(column: "created_by", as: String.self))
    }

    static let columns = [
        "id", "unit_id", "province_code", "contributor", "contributor_kind", "amount", "purpose",
        "received_on", "in_peak_month", "note", "folded", "created_by", "created_at",
    ]
}
