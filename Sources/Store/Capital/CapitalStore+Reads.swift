import Domain
import FluentKit
import Foundation
import SQLKit

/// Số dư vốn: what a source holds for a program on a date.
public struct CapitalBalance: Sendable, Equatable {
    public var source: CapitalSource
    public var programCode: String
    public var amount: Money
}

extension [CapitalBalance] {
    /// What every source holds for one program, summed in 128 bits and clamped.
    public func total(program: String) -> Money {
        Money(
            dong: Int64(
                clamping: filter { $0.programCode == program }
                    .reduce(Int128(0)) { $0 + Int128($1.amount.dong) }))
    }
}

/// Tỷ trọng một năm: the share at the year's end (or on the date, for the current year).
public struct YearShare: Sendable, Equatable {
    public var year: Int
    public var share: LocalShare
}

extension CapitalStore {
    /// The movements of the province the reader may see, newest first; of one year if given.
    public func movements(
        provinceCode: Int, year: Int?, scope: AccessScope, limit: Int = 500
    ) async throws -> [CapitalMovementRecord] {
        var filter =
            "m.province_code = \(bind: provinceCode) AND " + Self.visible("m", scope: scope)
        if let year {
            filter =
                filter + " AND m.on_date >= \(bind: "\(year)-01-01")"
                + " AND m.on_date <= \(bind: "\(year)-12-31")"
        }
        return try await sql.raw(
            """
            SELECT m.*, u.code AS unit_code, u.name AS unit_name FROM capital_movements m
            JOIN units u ON u.id = m.unit_id WHERE \(filter)
            ORDER BY m.on_date DESC, m.created_at DESC, m.id LIMIT \(literal: limit)
            """
        ).all().map(Self.record)
    }

    /// Balances by source and program on the date: allocations into a program, transfers out
    /// of one and into another (one pass over the movements, grouped).
    public func balances(
        provinceCode: Int, on date: BusinessDate, scope: AccessScope
    ) async throws -> [CapitalBalance] {
        let filter =
            "m.province_code = \(bind: provinceCode) AND m.on_date <= \(bind: date.iso) AND "
            + Self.visible("m", scope: scope)
        return try await sql.raw(
            """
            SELECT source, program, CAST(SUM(amount) AS BIGINT) AS amount FROM (
              SELECT m.source AS source, m.program_code AS program,
              CASE WHEN m.kind = 'transfer' THEN -m.amount ELSE m.amount END AS amount
              FROM capital_movements m WHERE \(filter)
              UNION ALL
              SELECT m.source AS source, m.to_program_code AS program, m.amount AS amount
              FROM capital_movements m WHERE m.kind = 'transfer' AND \(filter)
            ) b GROUP BY source, program ORDER BY source, program
            """
        ).all().map { r in
            CapitalBalance(
                source: try Self.source(r),
                programCode: try r.decode(column: "program", as: String.self),
                amount: Money(dong: try r.decode(column: "amount", as: Int64.self)))
        }
    }

    /// Tỷ trọng vốn địa phương on the date.
    public func share(
        provinceCode: Int, on date: BusinessDate, scope: AccessScope
    ) async throws -> LocalShare {
        LocalShare(
            amounts: try await balances(provinceCode: provinceCode, on: date, scope: scope)
                .map { ($0.source, $0.amount) })
    }

    /// The share at each year's end from the first movement's year to the date's (that year
    /// on the date): one GROUP BY year and source, summed forward in Domain.
    public func yearlyShares(
        provinceCode: Int, through date: BusinessDate, scope: AccessScope
    ) async throws -> [YearShare] {
        let rows = try await sql.raw(
            """
            SELECT SUBSTR(m.on_date, 1, 4) AS year, m.source AS source,
            CAST(SUM(m.amount) AS BIGINT) AS amount FROM capital_movements m
            WHERE m.kind = 'allocation' AND m.province_code = \(bind: provinceCode)
            AND m.on_date <= \(bind: date.iso) AND \(Self.visible("m", scope: scope))
            GROUP BY SUBSTR(m.on_date, 1, 4), m.source ORDER BY year
            """
        ).all()
        let allocations = try rows.compactMap {
            r -> (year: Int, source: CapitalSource, amount: Money)? in
            guard let year = Int(try r.decode(column: "year", as: String.self)) else { return nil }
            return (
                year, try Self.source(r),
                Money(dong: try r.decode(column: "amount", as: Int64.self))
            )
        }
        return LocalShare.yearEnds(allocations, through: date.year).map {
            YearShare(year: $0.year, share: $0.share)
        }
    }

    /// The assumptions in force: the target share and the yearly growth of the total.
    public func assumptions(on date: BusinessDate) async throws -> (target: Int64, growth: Int64) {
        let reference = ReferenceDataStore(database: database, world: world)
        let target = try await reference.value(key: "capital_local_share_target_bp", on: date)
        let growth = try await reference.value(key: "capital_total_growth_bp", on: date)
        return (
            target.flatMap { Int64($0.value) } ?? LocalShareProjection.targetBasisPoints,
            growth.flatMap { Int64($0.value) } ?? 0
        )
    }

    static func record(_ r: any SQLRow) throws -> CapitalMovementRecord {
        CapitalMovementRecord(
            id: try r.decode(column: "id", as: String.self),
            kind: try r.decode(column: "kind", as: String.self),
            source: try source(r), level: try level(r),
            provinceCode: try r.decode(column: "province_code", as: Int.self),
            unitCode: try r.decode(column: "unit_code", as: Int.self),
            unitName: try r.decode(column: "unit_name", as: String.self),
            programCode: try r.decode(column: "program_code", as: String.self),
            toProgramCode: try r.decode(column: "to_program_code", as: String?.self),
            amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
            on: try BusinessDate(iso: try r.decode(column: "on_date", as: String.self)),
            decision: CapitalDecision(
                number: try r.decode(column: "decision_number", as: String.self),
                date: try BusinessDate(
                    iso: try r.decode(column: "decision_date", as: String.self))),
            note: try r.decode(column: "note", as: String.self),
            entryID: try r.decode(column: "entry_id", as: String.self),
            actor: try r.decode(column: "actor", as: String.self))
    }
}
