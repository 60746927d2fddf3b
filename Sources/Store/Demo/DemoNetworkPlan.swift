import Domain
import SQLKit

/// The offices, communes served, points and facilities of the demo, worked out before anything
/// is written, then inserted in batches.
struct DemoNetworkPlan {
    var branchID: String
    var offices: [[any Encodable & Sendable]] = []
    var officeCommunes: [[any Encodable & Sendable]] = []
    var points: [[any Encodable & Sendable]] = []
    var facilities: [[any Encodable & Sendable]] = []

    static let securityItems = ["Két sắt đựng tiền", "Camera an ninh", "Bình chữa cháy", "Lực lượng bảo vệ (công an xã)"]
    /// What a point must post (VBSP names the first four; the rest is practice, unconfirmed).
    static let noticeItems = ["Chính sách, hướng dẫn cho vay", "Lãi suất các chương trình", "Danh sách hộ vay vốn",
                              "Danh sách hộ nợ quá hạn", "Lịch giao dịch cố định", "Số điện thoại đường dây nóng, hòm thư góp ý"]
    static let equipmentItems = ["Máy tính xách tay", "Máy in", "Bảng thông tin công khai", "Hòm thư góp ý", "Bàn ghế giao dịch"]

    static func make(sql: any SQLDatabase, provinceCode: Int, branchDistrict: Int, seed: UInt64,
                     businessDate: BusinessDate) async throws -> DemoNetworkPlan {
        var random = SeededGenerator(seed: seed)
        // Each 2025 commune goes to the office of the former district most of its old communes came from.
        let rows = try await sql.raw("""
            SELECT n.id AS new_id, n.code AS new_code, n.name AS new_name, o.district_code AS district_code,
                   o.name AS old_name, l.share AS share
            FROM units n JOIN map_links l ON l.to_unit_id = n.id JOIN units o ON o.id = l.from_unit_id
            WHERE n.province_code = \(bind: provinceCode) AND n.level = 'commune' AND n.valid_to IS NULL
            ORDER BY n.code, o.code
            """).all()
        struct Formation { var name = ""; var code = 0; var districts: [Int: Int] = [:]; var wholeOld: [String] = [] }
        var formations: [String: Formation] = [:]
        for row in rows {
            let id = try row.decode(column: "new_id", as: String.self)
            var f = formations[id] ?? Formation()
            f.name = try row.decode(column: "new_name", as: String.self)
            f.code = try row.decode(column: "new_code", as: Int.self)
            if let district = try row.decode(column: "district_code", as: Int?.self) { f.districts[district, default: 0] += 1 }
            if try row.decode(column: "share", as: String.self) == "whole" {
                f.wholeOld.append(try row.decode(column: "old_name", as: String.self))
            }
            formations[id] = f
        }
        let districts = try await sql.raw("""
            SELECT code, name FROM units WHERE level = 'district' AND id IN
            (SELECT DISTINCT 'd' || CAST(o.district_code AS TEXT) FROM units o JOIN map_links l ON l.from_unit_id = o.id
             JOIN units n ON n.id = l.to_unit_id WHERE n.province_code = \(bind: provinceCode))
            ORDER BY code
            """).all()
        var plan = DemoNetworkPlan(branchID: "office-\(provinceCode)-branch")
        var officeOfDistrict: [Int: String] = [:]
        plan.offices.append([plan.branchID, provinceCode, Office.Kind.branch.rawValue, "Chi nhánh NHCSXH tỉnh Hưng Yên",
                             "Số 2 đường Chùa Chuông, phường Phố Hiến, tỉnh Hưng Yên", nil as String?])
        for row in districts {
            let code = try row.decode(column: "code", as: Int.self)
            let name = try row.decode(column: "name", as: String.self)
            if code == branchDistrict { officeOfDistrict[code] = plan.branchID; continue }
            let id = "office-\(provinceCode)-\(code)"
            officeOfDistrict[code] = id
            let area = Self.areaName(name)
            plan.offices.append([id, provinceCode, Office.Kind.transactionOffice.rawValue, "Phòng giao dịch NHCSXH khu vực \(area)",
                                 "Trung tâm khu vực \(area), tỉnh Hưng Yên", plan.branchID as String?])
        }
        for (unitID, f) in formations.sorted(by: { $0.value.code < $1.value.code }) {
            let district = f.districts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? branchDistrict
            let officeID = officeOfDistrict[district] ?? plan.branchID
            plan.officeCommunes.append([officeID, unitID, provinceCode])
            var sites = [("Điểm giao dịch \(f.name)", "Trụ sở UBND \(f.name)")]
            // Four or more communes merged: the bank keeps a second sitting at a former headquarters.
            if f.wholeOld.count >= 4, let second = f.wholeOld.dropFirst().first {
                sites.append(("Điểm giao dịch \(f.name) – khu vực \(Self.areaName(second))", "Nhà văn hóa \(second) (cũ)"))
            }
            for (index, site) in sites.enumerated() {
                let pointID = "point-\(f.code)-\(index + 1)"
                plan.points.append([pointID, provinceCode, unitID, officeID, site.0, site.1])
                let items = Self.securityItems.map { (Facility.Category.security, $0) } + Self.equipmentItems.map { (.equipment, $0) }
                for (n, (category, item)) in items.enumerated() {
                    let roll = Int.random(in: 0..<100, using: &random)
                    let state: Facility.State = roll < 78 ? .good : roll < 88 ? .needsRepair : roll < 94 ? .broken : .missing
                    let checked = businessDate.adding(days: -Int.random(in: 0...180, using: &random))
                    plan.facilities.append(["\(pointID)-f\(n + 1)", pointID, provinceCode, category.rawValue, item,
                                            state.rawValue, checked.iso])
                }
                // A generator of their own, so the notice items leave the rest of the demo as it was.
                var notices = SeededGenerator(seed: seed ^ pointID.utf8.reduce(UInt64(17)) { $0 &* 31 &+ UInt64($1) })
                for (n, item) in Self.noticeItems.enumerated() {
                    let state: Facility.State = Int.random(in: 0..<100, using: &notices) < 85 ? .good : .missing
                    plan.facilities.append(["\(pointID)-n\(n + 1)", pointID, provinceCode, Facility.Category.notice.rawValue, item,
                                            state.rawValue, businessDate.adding(days: -Int.random(in: 0...60, using: &notices)).iso])
                }
            }
        }
        return plan
    }

    /// "Huyện Văn Lâm" → "Văn Lâm", "Phường Hiến Nam" → "Hiến Nam".
    static func areaName(_ name: String) -> String {
        for prefix in ["Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Phường ", "Xã ", "Thị trấn "] where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    func insert(into sql: any SQLDatabase) async throws {
        try await sql.insertBatches(into: "offices", columns: ["id", "province_code", "kind", "name", "address", "parent_id"], rows: offices)
        try await sql.insertBatches(into: "office_communes", columns: ["office_id", "unit_id", "province_code"], rows: officeCommunes)
        try await sql.insertBatches(into: "transaction_points",
                                    columns: ["id", "province_code", "unit_id", "office_id", "name", "address"], rows: points)
        try await sql.insertBatches(into: "point_facilities",
                                    columns: ["id", "point_id", "province_code", "category", "item", "state", "checked_on"],
                                    rows: facilities)
    }
}
