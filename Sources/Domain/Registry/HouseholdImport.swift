import Foundation

/// One row of a household file (one member), read and checked. Column names are those of the
/// communes' spreadsheets; values are matched without diacritics or case.
public struct HouseholdFileRow: Sendable, Equatable {
    public let row: Int
    public let line: Int
    public let communeCode: Int
    public let householdCode: HouseholdCode
    public let village: String
    public let area: Area
    public let address: String
    public let phone: String
    public let fullName: String
    public let birthDate: BusinessDate
    public let sex: Sex
    public let citizenID: CitizenID?
    public let relation: Relation
    public let ethnicityCode: String
    public let flags: Set<MemberFlag>

    /// The household's key in a file: commune and household code.
    public var householdKey: String { "\(communeCode)|\(householdCode.value)" }
}

/// The problems of one row, each with its column.
public struct RowProblems: Error, Sendable, Equatable {
    public let details: [ErrorDetail]
}

/// Reading household files: columns, parsing, grouping. Pure, so the CLI, the web upload and the
/// tests share it.
public enum HouseholdFile {
    public static let requiredColumns = ["ma_ho", "ma_xa", "thon", "khu_vuc", "ho_ten", "ngay_sinh", "gioi_tinh", "so_cccd",
                                         "quan_he_chu_ho", "dan_toc"]
    /// Optional columns: address, phone, and member flags ("x", "có", "1" mean yes).
    public static let optionalColumns = ["dia_chi", "dien_thoai", "khuyet_tat", "hoc_sinh", "lao_dong"]
    static let flagColumns: [(String, MemberFlag)] = [("khuyet_tat", .disability), ("hoc_sinh", .student), ("lao_dong", .worker)]

    /// Reads one row; every bad cell is reported, with its column.
    public static func parse(row: Int, line: Int, fields: [String: String], asOf: BusinessDate, ethnicGroups: EthnicGroups,
                             birthplaces: Set<Int>) -> Result<HouseholdFileRow, RowProblems> {
        var problems: [ErrorDetail] = []
        func value(_ column: String) -> String { (fields[column] ?? "").trimmingCharacters(in: .whitespaces) }
        func problem(_ column: String, _ error: some DomainError) {
            problems.append(ErrorDetail(row: row, line: line, field: column, code: error.code, message: error.message))
        }
        let commune = Int(value("ma_xa"))
        if commune == nil || !(1...99_999).contains(commune ?? 0) { problem("ma_xa", PlacesError.invalidUnitCode(value("ma_xa"))) }
        var code: HouseholdCode?
        do { code = try HouseholdCode(value("ma_ho")) } catch { problem("ma_ho", error) }
        if value("thon").isEmpty { problem("thon", RegistryError.missingVillage) }
        var area: Area?
        do { area = try Area(label: value("khu_vuc")) } catch { problem("khu_vuc", error) }
        let name = value("ho_ten").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if name.isEmpty { problem("ho_ten", RegistryError.missingName) }
        var birth: BusinessDate?
        do {
            let date = try BusinessDate(vietnamese: value("ngay_sinh"))
            if date > asOf { problem("ngay_sinh", RegistryError.bornInFuture(name)) } else { birth = date }
        } catch { problem("ngay_sinh", RegistryError.invalidBirthDate(value("ngay_sinh"))) }
        var sex: Sex?
        do { sex = try Sex(label: value("gioi_tinh")) } catch { problem("gioi_tinh", error) }
        var citizenID: CitizenID?
        if !value("so_cccd").isEmpty {
            do { citizenID = try CitizenID(value("so_cccd"), birthplaces: birthplaces) } catch {
                problem("so_cccd", RegistryError.invalidCitizenID(value("so_cccd"), error))
            }
        } else if let birth, birth.fullYears(until: asOf) >= Member.citizenIDRequiredFromAge {
            problem("so_cccd", RegistryError.citizenIDRequired(name))
        }
        var relation: Relation?
        do { relation = try Relation(label: value("quan_he_chu_ho")) } catch { problem("quan_he_chu_ho", error) }
        let ethnicity = ethnicGroups.code(for: value("dan_toc"))
        if ethnicity == nil { problem("dan_toc", RegistryError.unknownEthnicity(value("dan_toc"))) }
        var flags: Set<MemberFlag> = []
        for (column, flag) in flagColumns where ["x", "co", "1", "yes", "true"].contains(TextFolding.fold(value(column))) {
            flags.insert(flag)
        }
        guard problems.isEmpty, let commune, let code, let area, let birth, let sex, let relation, let ethnicity else {
            return .failure(RowProblems(details: problems))
        }
        return .success(HouseholdFileRow(
            row: row, line: line, communeCode: commune, householdCode: code, village: value("thon"), area: area,
            address: value("dia_chi"), phone: value("dien_thoai"), fullName: name, birthDate: birth, sex: sex,
            citizenID: citizenID, relation: relation, ethnicityCode: ethnicity, flags: flags))
    }

    /// Rows of one household must agree on the household's fields, and a household has one head;
    /// a citizen ID appears once in the file. Returns the problems, naming the row at fault.
    public static func checkGroups(_ rows: [HouseholdFileRow]) -> [ErrorDetail] {
        var groups = HouseholdFileGroups()
        var problems: [ErrorDetail] = []
        for row in rows { problems += groups.add(row) }
        problems += groups.finish()
        return problems.sorted { ($0.row ?? 0, $0.field ?? "") < ($1.row ?? 0, $1.field ?? "") }
    }
}

/// The same checks row by row, for files read as a stream: what it keeps per household is its
/// first row's household fields, its head count and its last row.
public struct HouseholdFileGroups: Sendable {
    public struct Group: Sendable {
        public let first: HouseholdFileRow
        public var heads: Int
        public var lastRow: Int
    }

    public private(set) var groups: [String: Group] = [:]
    public private(set) var citizenRows: [String: Int] = [:]
    public private(set) var communes: Set<Int> = []

    public init() {}

    public mutating func add(_ row: HouseholdFileRow) -> [ErrorDetail] {
        var problems: [ErrorDetail] = []
        let key = row.householdKey
        communes.insert(row.communeCode)
        if var group = groups[key] {
            let lead = group.first
            for (column, same) in [("thon", lead.village == row.village), ("khu_vuc", lead.area == row.area),
                                   ("dia_chi", lead.address == row.address), ("dien_thoai", lead.phone == row.phone)] where !same {
                problems.append(ErrorDetail(row: row.row, line: row.line, field: column, code: "household_fields_disagree",
                                            message: "Khác với hàng \(lead.row) của cùng hộ \(row.householdCode): các hàng của một hộ phải giống nhau ở cột này."))
            }
            if row.relation == .head { group.heads += 1 }
            group.lastRow = row.row
            groups[key] = group
        } else {
            groups[key] = Group(first: row, heads: row.relation == .head ? 1 : 0, lastRow: row.row)
        }
        if let id = row.citizenID?.digits {
            if let earlier = citizenRows[id] {
                problems.append(ErrorDetail(row: row.row, line: row.line, field: "so_cccd", code: "duplicate_citizen_id",
                                            message: "Số CCCD \(id) trùng với hàng \(earlier)."))
            } else {
                citizenRows[id] = row.row
            }
        }
        return problems
    }

    /// A household without exactly one head, reported on its first row.
    public func finish() -> [ErrorDetail] {
        groups.values.filter { $0.heads != 1 }.sorted { $0.first.row < $1.first.row }.map { group in
            let error = RegistryError.headCount(group.heads)
            return ErrorDetail(row: group.first.row, line: group.first.line, field: "quan_he_chu_ho", code: error.code,
                               message: "Hộ \(group.first.householdCode): \(error.message)")
        }
    }
}
