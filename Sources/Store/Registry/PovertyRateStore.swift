import Domain
import SQLKit

/// Poverty rates per commune as of a date, and the province's trend year by year.
public struct PovertyRateStore: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    public struct UnitRate: Sendable, Equatable {
        public let unitID: String
        public let unitCode: Int
        public let unitName: String
        public let rate: PovertyRate
    }

    /// One row per commune holding households in scope; classifications in force on `asOf`.
    public func byCommune(asOf: BusinessDate, provinceCode: Int?, scope: AccessScope) async throws -> [UnitRate] {
        if let province = provinceCode, !scope.admits(province: province) { throw PlatformError.outOfScope }
        // The summary tables kept by the registry's writes (`RegistryFigures`).
        return try await RegistryFigures(sql: sql).counts(on: asOf) { table in
            var conditions: [SQLQueryString] = [scope.condition("\(table).unit_id")]
            if let province = provinceCode {
                conditions.append("\(unsafeRaw: table).province_code = \(bind: province)")
            }
            return conditions.joined(separator: " AND ")
        }.map { UnitRate(unitID: $0.unitID, unitCode: $0.code, unitName: $0.name, rate: $0.rate) }
    }

    /// The upward report by indicator: how many poor and near-poor households are deprived in
    /// each indicator, as of `asOf`, in the scope.
    public func byIndicator(asOf: BusinessDate, provinceCode: Int?, scope: AccessScope) async throws -> [(code: String, poor: Int, nearPoor: Int)] {
        if let province = provinceCode, !scope.admits(province: province) { throw PlatformError.outOfScope }
        var conditions: [SQLQueryString] = [scope.condition("h.unit_id"), "h.closed_on IS NULL", "c.class IN ('poor', 'near_poor')"]
        if let province = provinceCode { conditions.append("h.province_code = \(bind: province)") }
        let rows = try await sql.raw("""
            SELECT c.class AS class, c.deprivations AS deprivations
            FROM households h JOIN household_classifications c ON c.household_id = h.id AND c.valid_from <= \(bind: asOf.iso)
                AND (c.valid_to IS NULL OR c.valid_to >= \(bind: asOf.iso))
            WHERE \(conditions.joined(separator: " AND "))
            """).all()
        var counts: [String: (poor: Int, nearPoor: Int)] = [:]
        for row in rows {
            let poor = try row.decode(column: "class", as: String.self) == Classification.poor.rawValue
            for code in try row.decode(column: "deprivations", as: String.self).split(separator: ",") {
                var c = counts[String(code)] ?? (0, 0)
                if poor { c.poor += 1 } else { c.nearPoor += 1 }
                counts[String(code)] = c
            }
        }
        return counts.map { ($0.key, $0.value.poor, $0.value.nearPoor) }.sorted { ($0.poor + $0.nearPoor, $1.code) > ($1.poor + $1.nearPoor, $0.code) }
    }

    /// The total of the scope on the first day of each year (annual review results take effect
    /// on 1 January).
    public func trend(years: ClosedRange<Int>, provinceCode: Int?, scope: AccessScope) async throws -> [(year: Int, rate: PovertyRate)] {
        var result: [(Int, PovertyRate)] = []
        for year in years {
            let date = try BusinessDate(year: year, month: 1, day: 1)
            let total = try await byCommune(asOf: date, provinceCode: provinceCode, scope: scope).map(\.rate)
                .reduce(PovertyRate(households: 0, poor: 0, nearPoor: 0, reviewed: 0), +)
            result.append((year, total))
        }
        return result
    }
}
