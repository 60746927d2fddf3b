import Domain
import FluentKit
import Foundation
import SQLKit

/// Reads and adds poverty standards; classification always goes through the standard in force.
public struct PovertyStandardStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func all() async throws -> [PovertyStandard] {
        let rows = try await sql.select().column("definition").from("poverty_standards").orderBy("valid_from").all()
        return try StoredJSON.definitions(PovertyStandard.self, rows)
    }

    /// The standard named by `code`, or else the national one in force on `date`.
    public func standard(code: String?, on date: BusinessDate) async throws -> PovertyStandard {
        let standards = try await all()
        if let code, !code.isEmpty {
            guard let found = standards.first(where: { $0.code == code }) else { throw RegistryError.unknownStandard(code) }
            return found
        }
        guard let national = PovertyStandard.nationalInForce(on: date, among: standards) else { throw RegistryError.noStandardInForce(date) }
        return national
    }

    /// A new standard (national or a province's local one); its code must be new.
    public func add(_ standard: PovertyStandard, actor: Actor) async throws {
        try standard.validate()
        guard try await sql.select().column("code").from("poverty_standards").where("code", .equal, standard.code).first() == nil else {
            throw RegistryError.duplicateStandard(standard.code)
        }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert(standard, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "poverty_standard.create", recordType: "poverty_standard", recordID: standard.code,
                provinceCode: standard.provinceCode, before: nil as String?, after: standard)
        }
    }

    static func insert(_ standard: PovertyStandard, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "poverty_standards").columns("code", "province_code", "valid_from", "valid_to", "definition")
            .values(standard.code, standard.provinceCode, standard.validFrom.iso, standard.validTo?.iso, try StoredJSON.text(standard))
            .run()
    }
}
