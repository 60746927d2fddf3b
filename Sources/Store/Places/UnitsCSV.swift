import Domain

/// Reads the official list of units (the columns of `units-2025.csv`) into unit versions,
/// collecting every bad cell with its row and column instead of stopping at the first.
public enum UnitsCSV {
    public static let columns = ["province_code", "province_name", "province_type", "unit_code", "unit_name", "unit_type"]

    public static func parse(_ table: CSVTable, validFrom: BusinessDate?) throws(PlacesError) -> [AdministrativeUnit] {
        do { try table.requireColumns(columns) } catch {
            throw .importFailed([ErrorDetail(row: 0, line: 1, field: nil, code: error.code, message: error.message)])
        }
        var problems: [ErrorDetail] = []
        var provinces: [Int: AdministrativeUnit] = [:]
        var units: [AdministrativeUnit] = []
        var seenCodes: [Int: Int] = [:]
        func problem(_ row: CSVTable.Row, _ field: String, _ code: String, _ message: String) {
            problems.append(ErrorDetail(row: row.number, line: row.line, field: field, code: code, message: message))
        }
        for row in table.rows {
            let provinceCode = try? UnitCode(text: row["province_code"] ?? "")
            if provinceCode == nil { problem(row, "province_code", "invalid_unit_code", "Mã tỉnh không hợp lệ: «\(row["province_code"] ?? "")».") }
            let unitCode = try? UnitCode(text: row["unit_code"] ?? "")
            if unitCode == nil { problem(row, "unit_code", "invalid_unit_code", "Mã đơn vị không hợp lệ: «\(row["unit_code"] ?? "")».") }
            let provinceName = (row["province_name"] ?? "").trimmingCharacters(in: .whitespaces)
            if provinceName.isEmpty { problem(row, "province_name", "required", "Thiếu tên tỉnh.") }
            let unitName = (row["unit_name"] ?? "").trimmingCharacters(in: .whitespaces)
            if unitName.isEmpty { problem(row, "unit_name", "required", "Thiếu tên đơn vị.") }
            let provinceType = try? UnitType(label: row["province_type"] ?? "")
            if provinceType == nil || provinceType?.level != .province {
                problem(row, "province_type", "invalid_unit_type", "Loại tỉnh không hợp lệ: «\(row["province_type"] ?? "")» (tỉnh hoặc thành phố trung ương).")
            }
            let unitType = try? UnitType(label: row["unit_type"] ?? "")
            if unitType == nil || unitType?.level != .commune {
                problem(row, "unit_type", "invalid_unit_type", "Loại đơn vị không hợp lệ: «\(row["unit_type"] ?? "")» (xã, phường hoặc đặc khu).")
            }
            if let code = unitCode?.value {
                if let earlier = seenCodes[code] {
                    problem(row, "unit_code", "duplicate_unit_code", "Mã đơn vị \(code) trùng với hàng \(earlier).")
                } else {
                    seenCodes[code] = row.number
                }
            }
            guard let provinceCode, let unitCode, let provinceType, let unitType, !unitName.isEmpty,
                  provinceType.level == .province, unitType.level == .commune else { continue }
            if provinces[provinceCode.value] == nil {
                provinces[provinceCode.value] = AdministrativeUnit(
                    level: .province, code: provinceCode, name: provinceName, type: provinceType,
                    provinceCode: provinceCode, validFrom: validFrom)
            }
            units.append(AdministrativeUnit(level: .commune, code: unitCode, name: unitName, type: unitType,
                                            provinceCode: provinceCode, validFrom: validFrom))
        }
        guard problems.isEmpty else { throw .importFailed(problems) }
        return provinces.values.sorted { $0.code < $1.code } + units
    }
}

extension AdministrativeUnit {
    static let columns = ["id", "level", "code", "name", "folded_name", "type", "province_code", "district_code",
                          "valid_from", "valid_to"]

    var row: [any Encodable & Sendable] {
        [id.rawValue, level.rawValue, code.value, name, foldedName, type.rawValue, provinceCode.value,
         districtCode?.value, validFrom?.iso, validTo?.iso]
    }
}

/// The day the two-tier map took effect (Resolution 202/2025/QH15 and the Standing Committee's
/// resolutions on each province).
public let map2025EffectiveDate = BusinessDate(fixedYear: 2025, month: 7, day: 1)
