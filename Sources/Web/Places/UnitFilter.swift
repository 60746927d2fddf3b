import Domain
import Store
import Vapor

/// The commune filter of a list (`unit=11953`, `commune=11953`): the commune named by its code and
/// the old units it was formed from, so records kept under a predecessor are found. Resolved
/// against the whole map; the store then meets it with the caller's scope (403 when wholly outside).
enum UnitFilter {
    static func communeUnits(_ text: String?, req: Request) async throws -> Set<String>? {
        guard let text, !text.isEmpty else { return nil }
        guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
        let store = UnitStore(sql: try req.sql)
        let unit = try await store.unit(level: .commune, code: code.value, asOf: req.world.today, scope: .everything)
        return try await store.covering(id: unit.id)
    }
}
