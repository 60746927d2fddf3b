import Domain
import FluentKit
import SQLKit

/// A reference table with its values (newest first) and the one in force on the asked date.
public struct ReferenceTableView: Sendable {
    public let table: ReferenceTable
    public let values: [ReferenceValue]
    public let inForce: ReferenceValue?
}

/// Dated reference data: read as "the value in force on date D", added as new dated values,
/// never edited in place. Writes are for administrators (checked by the caller's role) and audited.
public struct ReferenceDataStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func tables(asOf: BusinessDate) async throws -> [ReferenceTableView] {
        let tables = try await sql.select().columns("key", "name", "value_kind", "description").from("reference_tables")
            .orderBy("name").all().map(Self.table)
        let values = try await allValues(key: nil)
        let grouped = Dictionary(grouping: values, by: \.tableKey)
        return tables.map { table in
            let values = (grouped[table.key] ?? []).sorted { $0.effectiveFrom > $1.effectiveFrom }
            return ReferenceTableView(table: table, values: values, inForce: values.inForce(on: asOf))
        }
    }

    public func table(key: String, asOf: BusinessDate) async throws -> ReferenceTableView {
        guard let row = try await sql.select().columns("key", "name", "value_kind", "description").from("reference_tables")
            .where("key", .equal, key).first() else { throw PlatformError.unknownReferenceTable(key) }
        let values = try await allValues(key: key).sorted { $0.effectiveFrom > $1.effectiveFrom }
        return ReferenceTableView(table: try Self.table(row), values: values, inForce: values.inForce(on: asOf))
    }

    /// The only way other code reads a figure: the value in force on `date`.
    public func value(key: String, on date: BusinessDate) async throws -> ReferenceValue? {
        try await allValues(key: key).inForce(on: date)
    }

    public func addValue(key: String, effectiveFrom: BusinessDate, value: String, legalSource: String, note: String,
                         actor: Actor) async throws -> ReferenceValue {
        let view = try await table(key: key, asOf: effectiveFrom)
        let normalised = try view.table.valueKind.normalise(value)
        let source = legalSource.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !source.isEmpty else {
            throw PlatformError.invalidInput(field: "legalSource", message: "Cần ghi căn cứ pháp lý (số, ngày văn bản).")
        }
        guard !view.values.contains(where: { $0.effectiveFrom == effectiveFrom }) else {
            throw PlatformError.duplicateEffectiveDate(effectiveFrom.vietnamese)
        }
        // The anchor re-prices every loan tied to it: a value dated into a closed month would
        // rewrite that month's interest.
        if key == "anchor_rate" {
            try LoanPricing.checkNotIntoClosedMonth(
                from: effectiveFrom,
                closedMonths: try await LedgerStore(sql: try database.sqlDatabase(), world: world).closedMonths())
        }
        let created = ReferenceValue(id: ReferenceValue.ID(world.newID()), tableKey: key, effectiveFrom: effectiveFrom,
                                     value: normalised, legalSource: source,
                                     note: note.trimmingCharacters(in: .whitespacesAndNewlines))
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insert(into: "reference_values")
                .columns("id", "table_key", "effective_from", "value", "legal_source", "note", "created_at", "created_by")
                .values(created.id.rawValue, key, effectiveFrom.iso, normalised, created.legalSource, created.note,
                        world.nowMillis, actor.username)
                .run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "reference_value.create", recordType: "reference_value", recordID: created.id.rawValue,
                provinceCode: nil, before: view.inForce, after: created)
        }
        return created
    }

    func allValues(key: String?) async throws -> [ReferenceValue] {
        var query = try sql.select().columns("id", "table_key", "effective_from", "value", "legal_source", "note")
            .from("reference_values")
        if let key { query = query.where("table_key", .equal, key) }
        return try await query.all().map { row in
            ReferenceValue(
                id: ReferenceValue.ID(try row.decode(column: "id", as: String.self)),
                tableKey: try row.decode(column: "table_key", as: String.self),
                effectiveFrom: try BusinessDate(iso: try row.decode(column: "effective_from", as: String.self)),
                value: try row.decode(column: "value", as: String.self),
                legalSource: try row.decode(column: "legal_source", as: String.self),
                note: try row.decode(column: "note", as: String.self))
        }
    }

    static func table(_ row: any SQLRow) throws -> ReferenceTable {
        ReferenceTable(key: try row.decode(column: "key", as: String.self),
                       name: try row.decode(column: "name", as: String.self),
                       valueKind: ReferenceValueKind(rawValue: try row.decode(column: "value_kind", as: String.self)) ?? .text,
                       description: try row.decode(column: "description", as: String.self))
    }
}
