import Domain
import FluentKit
import SQLKit

/// Loads the pre-2025 map of the provinces that formed the given 2025 provinces (their
/// provinces, districts and communes, in force until 30 June 2025) and the merger of each old
/// commune into its 2025 successor, from the shipped `units-pre2025.csv` and `mergers-2025.csv`.
public struct MapHistoryLoader: Sendable {
    let database: any Database

    public init(database: any Database) { self.database = database }

    public static let legalSource =
        "Nghị quyết 202/2025/QH15 ngày 12/06/2025 (sắp xếp đơn vị hành chính cấp tỉnh) và nghị quyết của "
        + "Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025"

    /// Returns the number of old units loaded; loads nothing when the history is already there.
    @discardableResult
    public func load(newProvinces: Set<Int>) async throws -> Int {
        let lastOldDay = map2025EffectiveDate.adding(days: -1)
        let mergers = try BundledData.table("mergers-2025").rows.filter {
            newProvinces.contains(Int($0["new_province_code"] ?? "") ?? -1)
        }
        let oldProvinces = Set(mergers.compactMap { Int($0["old_province_code"] ?? "") })
        let oldMap = try BundledData.table("units-pre2025").rows.filter {
            oldProvinces.contains(Int($0["province_code"] ?? "") ?? -1)
        }
        var units: [String: AdministrativeUnit] = [:]
        for row in oldMap {
            let province = try UnitCode(text: row["province_code"] ?? "")
            let district = try UnitCode(text: row["district_code"] ?? "")
            let commune = try UnitCode(text: row["unit_code"] ?? "")
            let provinceName = row["province_name"] ?? ""
            let districtName = row["district_name"] ?? ""
            let communeName = row["unit_name"] ?? ""
            let p = AdministrativeUnit(level: .province, code: province, name: provinceName,
                                       type: UnitType.fromName(provinceName, level: .province) ?? .province,
                                       provinceCode: province, validTo: lastOldDay)
            let d = AdministrativeUnit(level: .district, code: district, name: districtName,
                                       type: UnitType.fromName(districtName, level: .district) ?? .ruralDistrict,
                                       provinceCode: province, validTo: lastOldDay)
            let typeLabel = row["unit_type"] ?? ""
            let type = (try? UnitType(label: typeLabel)) ?? UnitType.fromName(communeName, level: .commune) ?? .commune
            let c = AdministrativeUnit(level: .commune, code: commune, name: communeName, type: type,
                                       provinceCode: province, districtCode: district, validTo: lastOldDay)
            for unit in [p, d, c] { units[unit.id.rawValue] = unit }
        }
        let sql = try database.sqlDatabase()
        let existing = try await sql.select().column("id").from("units")
            .where("id", .in, Array(units.keys)).all(decodingColumn: "id", as: String.self)
        guard existing.isEmpty else { return 0 }

        let current = try await sql.select().columns("id", "code", "folded_name", "province_code").from("units")
            .where("province_code", .in, Array(newProvinces)).where("valid_from", .equal, map2025EffectiveDate.iso)
            .all()
        var byCode: [Int: String] = [:]
        var byName: [String: String] = [:]
        var provinceOf: [String: Int] = [:]
        for row in current {
            let id = try row.decode(column: "id", as: String.self)
            let province = try row.decode(column: "province_code", as: Int.self)
            byCode[try row.decode(column: "code", as: Int.self)] = id
            byName["\(province)|\(try row.decode(column: "folded_name", as: String.self))"] = id
            provinceOf[id] = province
        }
        // Links grouped by new unit: each new unit's formation is one dated change.
        var links: [String: [MapLink]] = [:]
        for row in mergers {
            // The two public lists disagree on some codes: the folded name decides where they do.
            let nameKey = "\(row["new_province_code"] ?? "")|\(TextFolding.fold(row["new_unit_name"] ?? ""))"
            guard let to = byName[nameKey] ?? byCode[Int(row["new_unit_code"] ?? "") ?? -1] else {
                throw PlacesError.unitNotFound(row["new_unit_code"] ?? "")
            }
            let from = AdministrativeUnit.id(level: .commune, code: try UnitCode(text: row["old_unit_code"] ?? ""), validFrom: nil)
            links[to, default: []].append(MapLink(from: from, to: AdministrativeUnit.ID(to),
                                                   share: row["share"] == "part" ? .part : .whole))
        }
        var changes: [(change: MapChange, province: Int)] = links.sorted { $0.key < $1.key }.map { to, links in
            (MapChange(id: MapChange.ID("2025-\(to)"), kind: MapLink.kind(of: links), effectiveOn: map2025EffectiveDate,
                       legalSource: Self.legalSource, links: links), provinceOf[to] ?? 0)
        }
        for province in newProvinces.sorted() {
            let to = AdministrativeUnit.id(level: .province, code: try UnitCode(province), validFrom: map2025EffectiveDate)
            var from: [MapLink] = []
            for old in oldProvinces.sorted() {
                from.append(MapLink(from: AdministrativeUnit.id(level: .province, code: try UnitCode(old), validFrom: nil),
                                    to: to, share: .whole))
            }
            changes.append((MapChange(id: MapChange.ID("2025-\(to.rawValue)"), kind: MapLink.kind(of: from),
                                      effectiveOn: map2025EffectiveDate, legalSource: Self.legalSource, links: from), province))
        }
        let allChanges = changes
        let ordered = units.values.sorted { $0.id.rawValue < $1.id.rawValue }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insertBatches(into: "units", columns: AdministrativeUnit.columns, rows: ordered.map(\.row))
            try await sql.insertBatches(
                into: "map_changes", columns: ["id", "kind", "effective_on", "legal_source", "province_code"],
                rows: allChanges.map { c, province in [c.id.rawValue, c.kind.rawValue, c.effectiveOn.iso, c.legalSource, province] })
            try await sql.insertBatches(
                into: "map_links", columns: ["change_id", "from_unit_id", "to_unit_id", "share"],
                rows: allChanges.flatMap { c, _ in c.links.map { [c.id.rawValue, $0.from.rawValue, $0.to.rawValue, $0.share.rawValue] } })
        }
        return ordered.count
    }
}
