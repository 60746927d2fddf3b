import Domain
import FluentKit
import Foundation
import SQLKit

/// Nhập hộ và nhân khẩu từ tệp: one row per member. All or nothing: every bad row is reported
/// with its row, column and reason and nothing is written, unless the caller asked to skip bad
/// rows, in which case the households with a bad row are set aside (a household is never
/// written half) and the rest applied. Importing the same file again changes nothing.
public struct HouseholdImporter: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public struct Rejected: Sendable, Equatable {
        public let row: Int
        public let fields: [String: String]
        public let reasons: [String]
    }

    public struct Outcome: Sendable, Equatable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        public var rejected: [Rejected] = []
        public var problems: [ErrorDetail] = []
    }

    /// `dryRun`: check and count, write nothing (the upload page's preview).
    public func run(_ table: CSVTable, scope: AccessScope, actor: Actor, skipBadRows: Bool, dryRun: Bool = false,
                    progress: @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        do { try table.requireColumns(HouseholdFile.requiredColumns) } catch {
            throw RegistryError.importFailed([ErrorDetail(row: 0, line: 1, code: error.code, message: error.message)])
        }
        let asOf = world.today
        let ethnic = try await ReferenceReaders(sql: sql).ethnicGroups()
        let birthplaces = try await ReferenceReaders(sql: sql).birthplaces()
        var problems: [ErrorDetail] = []
        var rows: [HouseholdFileRow] = []
        rows.reserveCapacity(table.rows.count)
        for (index, row) in table.rows.enumerated() {
            switch HouseholdFile.parse(row: row.number, line: row.line, fields: row.fields, asOf: asOf, ethnicGroups: ethnic,
                                       birthplaces: birthplaces) {
            case .success(let parsed): rows.append(parsed)
            case .failure(let failure): problems += failure.details
            }
            if (index + 1) % 50_000 == 0 { progress("Đã đọc \(index + 1)/\(table.rows.count) hàng") }
        }
        problems += HouseholdFile.checkGroups(rows)
        // Communes: in force on the business date and inside the scope.
        let codes = Set(rows.map(\.communeCode))
        var communeIDs: [Int: (id: String, province: Int)] = [:]
        for chunk in Array(codes).chunked(400) {
            for unit in try await sql.select().columns("id", "code", "province_code").from("units").where("level", .equal, "commune")
                .where("code", .in, Array(chunk)).where("valid_from", .lessThanOrEqual, asOf.iso)
                .where { $0.where("valid_to", .is, SQLLiteral.null).orWhere("valid_to", .greaterThanOrEqual, asOf.iso) }.all() {
                communeIDs[try unit.decode(column: "code", as: Int.self)] =
                    (try unit.decode(column: "id", as: String.self), try unit.decode(column: "province_code", as: Int.self))
            }
        }
        for row in rows {
            guard let commune = communeIDs[row.communeCode] else {
                problems.append(ErrorDetail(row: row.row, line: row.line, field: "ma_xa", code: "unit_not_found",
                                            message: "Không có xã, phường, đặc khu mã \(row.communeCode) đang có hiệu lực."))
                continue
            }
            if !scope.contains(AdministrativeUnit.ID(commune.id)) {
                problems.append(ErrorDetail(row: row.row, line: row.line, field: "ma_xa", code: "out_of_scope",
                                            message: "Xã mã \(row.communeCode) nằm ngoài phạm vi được giao của bạn."))
            }
        }
        // The households already stored under the same keys, with their members.
        let existing = try await existingHouseholds(rows: rows, communeIDs: communeIDs)
        // A citizen ID held by a household the file does not mention is a clash.
        let fileKeys = Set(rows.map(\.householdKey))
        let citizenIDs = rows.compactMap { $0.citizenID?.digits }
        for chunk in citizenIDs.chunked(400) {
            let clashes = try await sql.raw("""
                SELECT m.citizen_id AS citizen_id, h.code AS code, h.unit_id AS unit_id, u.code AS unit_code
                FROM members m JOIN households h ON h.id = m.household_id JOIN units u ON u.id = h.unit_id
                WHERE m.citizen_id IN (\(binds: Array(chunk)))
                """).all()
            for clash in clashes {
                let key = "\(try clash.decode(column: "unit_code", as: Int.self))|\(try clash.decode(column: "code", as: String.self))"
                guard !fileKeys.contains(key) else { continue }
                let id = try clash.decode(column: "citizen_id", as: String.self)
                guard let row = rows.first(where: { $0.citizenID?.digits == id }) else { continue }
                let visible = scope.contains(AdministrativeUnit.ID(try clash.decode(column: "unit_id", as: String.self)))
                let error = RegistryError.duplicateCitizenID(id, otherHousehold: visible ? try clash.decode(column: "code", as: String.self) : nil)
                problems.append(ErrorDetail(row: row.row, line: row.line, field: "so_cccd", code: error.code, message: error.message))
            }
        }
        problems.sort { ($0.row ?? 0, $0.field ?? "") < ($1.row ?? 0, $1.field ?? "") }
        var outcome = Outcome()
        let badRows = Set(problems.compactMap(\.row))
        if !problems.isEmpty {
            guard skipBadRows else { throw RegistryError.importFailed(problems) }
            outcome.problems = problems
        }
        // Group rows into households; a household with any bad row is set aside whole.
        var order: [String] = []
        var grouped: [String: [HouseholdFileRow]] = [:]
        for row in rows {
            if grouped[row.householdKey] == nil { order.append(row.householdKey) }
            grouped[row.householdKey, default: []].append(row)
        }
        let rowsByNumber = Dictionary(table.rows.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let badKeys = Set(rows.filter { badRows.contains($0.row) }.map(\.householdKey))
        let reasonsByRow = Dictionary(grouping: problems, by: { $0.row ?? 0 })
        for number in badRows.sorted() {
            outcome.rejected.append(Rejected(row: number, fields: rowsByNumber[number]?.fields ?? [:],
                                             reasons: (reasonsByRow[number] ?? []).map { "\($0.field ?? ""): \($0.message)" }))
        }
        for row in rows where badKeys.contains(row.householdKey) && !badRows.contains(row.row) {
            outcome.rejected.append(Rejected(row: row.row, fields: rowsByNumber[row.row]?.fields ?? [:],
                                             reasons: ["Hộ \(row.householdCode) có hàng lỗi khác; cả hộ chưa được nhập."]))
        }
        outcome.rejected.sort { $0.row < $1.row }
        var toWrite: [Int: [Household]] = [:]
        var existingIDs: Set<String> = []
        var audits: [(Household?, Household, Int)] = []
        for key in order where !badKeys.contains(key) {
            let members = grouped[key]!
            let lead = members[0]
            guard let commune = communeIDs[lead.communeCode] else { continue }
            let before = existing[key]
            let household = Self.household(from: members, unitID: commune.id, keeping: before, newID: world.newID)
            if let before, before == household { outcome.unchanged += 1; continue }
            if before == nil { outcome.added += 1 } else { outcome.updated += 1; existingIDs.insert(household.id.rawValue) }
            toWrite[commune.province, default: []].append(household)
            audits.append((before, household, commune.province))
        }
        guard !toWrite.isEmpty, !dryRun else { return outcome }
        progress("Ghi \(outcome.added) hộ mới, \(outcome.updated) hộ thay đổi…")
        let now = world.nowMillis
        let changes = audits
        let writes = toWrite
        let ids = existingIDs
        try await database.transaction { db in
            let sql = db as! any SQLDatabase
            for (province, households) in writes {
                try await HouseholdStore.write(households, provinceCode: province, existing: ids, now: now, sql: sql)
            }
            let audit = AuditStore(sql: sql, world: world)
            try await audit.recordBatch(actor: actor, entries: changes.map { before, after, province in
                (before == nil ? "household.import.create" : "household.import.update", "household", after.id.rawValue, province,
                 before as (any Encodable)?, after as any Encodable)
            })
        }
        return outcome
    }

    /// Builds the household a file describes, keeping the ids of the stored household and of the
    /// members it recognises (by citizen ID, else by name and birth date), so a re-import is a no-op.
    static func household(from rows: [HouseholdFileRow], unitID: String, keeping before: Household?,
                          newID: () -> String) -> Household {
        let lead = rows[0]
        var byCitizen: [String: Member.ID] = [:]
        var byNameBirth: [String: Member.ID] = [:]
        for member in before?.members ?? [] {
            if let id = member.citizenID?.digits { byCitizen[id] = member.id }
            byNameBirth["\(TextFolding.fold(member.fullName))|\(member.birthDate.iso)"] = member.id
        }
        let members = rows.map { row in
            let known = row.citizenID.flatMap { byCitizen[$0.digits] } ?? byNameBirth["\(TextFolding.fold(row.fullName))|\(row.birthDate.iso)"]
            return Member(id: known ?? Member.ID(newID()), fullName: row.fullName, birthDate: row.birthDate, sex: row.sex,
                          ethnicityCode: row.ethnicityCode, relation: row.relation, citizenID: row.citizenID, flags: row.flags)
        }
        return Household(id: before?.id ?? Household.ID(newID()), unitID: AdministrativeUnit.ID(unitID), code: lead.householdCode,
                         village: lead.village, area: lead.area, address: lead.address, phone: lead.phone, members: members)
    }

    func existingHouseholds(rows: [HouseholdFileRow], communeIDs: [Int: (id: String, province: Int)]) async throws -> [String: Household] {
        var keysByUnit: [String: Set<String>] = [:]
        for row in rows { if let unit = communeIDs[row.communeCode] { keysByUnit[unit.id, default: []].insert(row.householdCode.value) } }
        var result: [String: Household] = [:]
        let store = HouseholdStore(database: database, world: world)
        for (unitID, codes) in keysByUnit {
            for chunk in Array(codes).chunked(400) {
                let found = try await sql.select().columns("id", "code", "village", "area", "address", "phone").from("households")
                    .where("unit_id", .equal, unitID).where("code", .in, Array(chunk)).all()
                let members = try await store.members(householdIDs: try found.map { try $0.decode(column: "id", as: String.self) })
                let unitCode = Int(unitID.dropFirst().prefix { $0 != "@" }) ?? 0
                for row in found {
                    let id = try row.decode(column: "id", as: String.self)
                    let code = try HouseholdCode(try row.decode(column: "code", as: String.self))
                    result["\(unitCode)|\(code.value)"] = Household(
                        id: Household.ID(id), unitID: AdministrativeUnit.ID(unitID), code: code,
                        village: try row.decode(column: "village", as: String.self),
                        area: Area(rawValue: try row.decode(column: "area", as: String.self)) ?? .rural,
                        address: try row.decode(column: "address", as: String.self), phone: try row.decode(column: "phone", as: String.self),
                        members: members[id] ?? [])
                }
            }
        }
        return result
    }
}

/// Reference data the registry reads: ethnic groups and the citizen-ID birthplaces.
public struct ReferenceReaders: Sendable {
    let sql: any SQLDatabase

    public init(sql: any SQLDatabase) { self.sql = sql }

    public func ethnicGroups() async throws -> EthnicGroups {
        let rows = try await sql.select().columns("code", "name", "synonyms").from("ethnic_groups").orderBy("code").all()
        return EthnicGroups(groups: try rows.map {
            EthnicGroups.Group(code: try $0.decode(column: "code", as: String.self), name: try $0.decode(column: "name", as: String.self),
                               synonyms: try $0.decode(column: "synonyms", as: String.self).split(separator: "|").map(String.init))
        })
    }

    public func birthplaces() async throws -> Set<Int> {
        Set(try await sql.select().column("code").from("citizen_birthplaces").all(decodingColumn: "code", as: Int.self))
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
