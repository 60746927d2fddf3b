import Domain
import FluentKit
import Foundation
import SQLKit

/// Một dòng tổng hợp: a commune's demand for one purpose.
public struct HousingDemandLine: Sendable, Equatable {
    public var unitCode: Int
    public var unitName: String
    public var purpose: HousingPurpose
    public var registrations: Int
    public var households: Int
    public var amount: Money
}

/// Tổng hợp nhu cầu theo xã: the lines, and per commune the social-housing loans already on
/// the book (outstanding), which the capital context will set beside what is allocated.
public struct HousingDemandSummary: Sendable, Equatable {
    public var lines: [HousingDemandLine]
    public var outstanding: [Int: Money]
    public var households: Int { lines.reduce(0) { $0 + $1.households } }
    /// Sums read back from the database saturate rather than trap.
    public var amount: Money {
        lines.reduce(Money.zero) { (try? $0.adding($1.amount)) ?? Money(dong: .max) }
    }
}

extension HousingDemandStore {
    /// The registrations in scope (optionally of some communes or one purpose), newest first.
    public func list(
        unitIDs: Set<String>?, purpose: HousingPurpose?, scope: AccessScope, limit: Int = 500
    ) async throws -> [HousingDemandRecord] {
        var filter = scope.condition("d.unit_id")
        if let unitIDs { filter = filter + " AND d.unit_id IN (\(binds: unitIDs.sorted()))" }
        if let purpose { filter = filter + " AND d.purpose = \(bind: purpose.rawValue)" }
        return try await sql.raw(
            """
            SELECT d.*, u.code AS unit_code, u.name AS unit_name FROM housing_demands d
            JOIN units u ON u.id = d.unit_id WHERE \(filter)
            ORDER BY d.surveyed_on DESC, d.created_at DESC, d.id LIMIT \(literal: limit)
            """
        ).all().map(Self.record)
    }

    /// One GROUP BY over the registrations, one over the social-housing loans.
    public func summary(
        unitIDs: Set<String>?, scope: AccessScope
    ) async throws
        -> HousingDemandSummary
    {
        func where_(_ column: String) -> SQLQueryString {
            var c = scope.condition(column)
            if let unitIDs { c = c + " AND \(unsafeRaw: column) IN (\(binds: unitIDs.sorted()))" }
            return c
        }
        let lines = try await sql.raw(
            """
            SELECT u.code AS unit_code, u.name AS unit_name, d.purpose AS purpose,
            CAST(COUNT(*) AS BIGINT) AS registrations,
            CAST(SUM(d.households) AS BIGINT) AS households,
            CAST(SUM(d.amount) AS BIGINT) AS amount
            FROM housing_demands d JOIN units u ON u.id = d.unit_id WHERE \(where_("d.unit_id"))
            GROUP BY u.code, u.name, d.purpose ORDER BY u.code, d.purpose
            """
        ).all().map { r in
            HousingDemandLine(
                unitCode: try r.decode(column: "unit_code", as: Int.self),
                unitName: try r.decode(column: "unit_name", as: String.self),
                purpose: HousingPurpose(rawValue: try r.decode(column: "purpose", as: String.self))
                    ?? .buy,
                registrations: try r.decode(column: "registrations", as: Int.self),
                households: try r.decode(column: "households", as: Int.self),
                amount: Money(dong: try r.decode(column: "amount", as: Int64.self)))
        }
        var outstanding: [Int: Money] = [:]
        for r in try await sql.raw(
            """
            SELECT u.code AS unit_code,
            CAST(SUM(l.disbursed - l.principal_repaid - l.principal_written_off) AS BIGINT) AS o
            FROM loans l JOIN units u ON u.id = l.unit_id
            WHERE l.program_code = 'social_housing' AND \(where_("l.unit_id"))
            GROUP BY u.code
            """
        ).all() {
            outstanding[try r.decode(column: "unit_code", as: Int.self)] = Money(
                dong: try r.decode(column: "o", as: Int64.self))
        }
        return HousingDemandSummary(lines: lines, outstanding: outstanding)
    }

    static func record(_ r: any SQLRow) throws -> HousingDemandRecord {
        HousingDemandRecord(
            id: try r.decode(column: "id", as: String.self),
            unitCode: try r.decode(column: "unit_code", as: Int.self),
            unitName: try r.decode(column: "unit_name", as: String.self),
            applicant: try r.decode(column: "applicant", as: String.self),
            person: HousingApplicant(
                beneficiary: HousingBeneficiary(
                    rawValue: try r.decode(column: "beneficiary", as: String.self)) ?? .worker,
                marital: HousingMarital(rawValue: try r.decode(column: "marital", as: String.self))
                    ?? .single,
                monthlyIncome: Money(dong: try r.decode(column: "monthly_income", as: Int64.self)),
                ownsHouse: try r.decode(column: "owns_house", as: Int.self) != 0,
                areaPerPerson: try r.decode(column: "area_per_person", as: Int.self)),
            purpose: HousingPurpose(rawValue: try r.decode(column: "purpose", as: String.self))
                ?? .buy,
            households: try r.decode(column: "households", as: Int.self),
            amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
            surveyedOn: try BusinessDate(iso: try r.decode(column: "surveyed_on", as: String.self)),
            source: HousingSource(rawValue: try r.decode(column: "source", as: String.self))
                ?? .commune,
            assessment: try StoredJSON.value(
                HousingAssessment.self, from: try r.decode(column: "assessment", as: String.self)),
            createdBy: try r.decode(column: "created_by", as: String.self))
    }
}
