import Domain
import SQLKit

extension UnitStore {
    /// The codes among `codes` of provinces in force on the date: a scope keeps the codes of
    /// the provinces merged into its own in 2025, which no longer exist.
    public func currentProvinces(among codes: Set<Int>, on date: BusinessDate) async throws -> [Int]
    {
        guard !codes.isEmpty else { return [] }
        return try await sql.raw(
            """
            SELECT DISTINCT code FROM units WHERE level = 'province'
            AND code IN (\(binds: codes.sorted()))
            AND (valid_from IS NULL OR valid_from <= \(bind: date.iso))
            AND (valid_to IS NULL OR valid_to >= \(bind: date.iso)) ORDER BY code
            """
        ).all(decodingColumn: "code", as: Int.self)
    }

    /// The provinces the bank has offices in: an installation's own, for a reader whose scope
    /// is everything and who names none.
    public func servedProvinces() async throws -> Set<Int> {
        Set(
            try await sql.raw("SELECT DISTINCT province_code FROM offices").all(
                decodingColumn: "province_code", as: Int.self))
    }
}
