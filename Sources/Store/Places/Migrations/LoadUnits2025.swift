import Domain
import FluentKit
import SQLKit

/// Loads the official 2025 list (34 provinces, 3,321 communes, wards and special zones) shipped
/// with the program, in force from 1 July 2025.
struct LoadUnits2025: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let units = try UnitsCSV.parse(BundledData.table("units-2025"), validFrom: map2025EffectiveDate)
        try await (try database.sqlDatabase()).insertBatches(
            into: "units", columns: AdministrativeUnit.columns, rows: units.map(\.row))
    }

    func revert(on database: any Database) async throws {
        try await (try database.sqlDatabase()).delete(from: "units")
            .where("valid_from", .equal, map2025EffectiveDate.iso).run()
    }
}
