import Domain
import FluentKit
import SQLKit

/// `policy-credit places import FILE`: adds units from a CSV with the columns of the official
/// list. All or nothing: one bad row (or a row that contradicts a unit already stored, which
/// must be a dated change instead) is reported with its row and column and nothing is written.
public struct UnitImporter: Sendable {
    let database: any Database
    let world: World

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public struct Result: Sendable, Equatable {
        public let added: Int
        public let unchanged: Int
    }

    public func importCSV(_ text: String, validFrom: BusinessDate, actor: Actor) async throws -> Result {
        let table: CSVTable
        do { table = try CSVTable(text: text) } catch { throw PlacesError.importFailed(error.details.isEmpty
            ? [ErrorDetail(code: error.code, message: error.message)] : error.details) }
        let units = try UnitsCSV.parse(table, validFrom: validFrom)
        let sql = try database.sqlDatabase()
        var existing: [String: UnitSummary] = [:]
        var start = 0
        let ids = units.map(\.id.rawValue)
        while start < ids.count {
            let batch = Array(ids[start..<min(start + 400, ids.count)])
            for row in try await sql.select().columns(UnitStore.columns).from("units").where("id", .in, batch).all() {
                let unit = try UnitStore.summary(row)
                existing[unit.id] = unit
            }
            start += 400
        }
        var problems: [ErrorDetail] = []
        var toAdd: [AdministrativeUnit] = []
        var unchanged = 0
        let rowOfCode = Dictionary(table.rows.map { (Int($0["unit_code"] ?? "") ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        let rowOfProvince = Dictionary(table.rows.map { (Int($0["province_code"] ?? "") ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        for unit in units {
            guard let stored = existing[unit.id.rawValue] else { toAdd.append(unit); continue }
            if stored.name == unit.name && stored.type == unit.type && stored.provinceCode == unit.provinceCode.value {
                unchanged += 1
            } else {
                let isProvince = unit.level == .province
                let row = isProvince ? rowOfProvince[unit.code.value] : rowOfCode[unit.code.value]
                problems.append(ErrorDetail(
                    row: row?.number, line: row?.line, field: isProvince ? "province_name" : "unit_name", code: "conflicts_with_stored_unit",
                    message: "Đơn vị \(unit.code) đã có với tên «\(stored.name)»; đổi tên hay sáp nhập phải ghi thành sự kiện có ngày."))
            }
        }
        guard problems.isEmpty else { throw PlacesError.importFailed(problems) }
        let adding = toAdd
        let unchangedCount = unchanged
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insertBatches(into: "units", columns: AdministrativeUnit.columns, rows: adding.map(\.row))
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "units.import", recordType: "units", recordID: validFrom.iso, provinceCode: nil,
                before: nil as String?, after: ["added": adding.count, "unchanged": unchangedCount])
        }
        return Result(added: toAdd.count, unchanged: unchanged)
    }
}
