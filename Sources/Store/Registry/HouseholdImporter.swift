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
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

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
                    progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        try await run(source: .table(table), scope: scope, actor: actor, skipBadRows: skipBadRows, dryRun: dryRun, progress: progress)
    }

    /// Two passes over the source, so a file of a million households is never held whole:
    /// the first checks every row and remembers, per household, its first row, head count and
    /// last row; the second reads the rows again and writes each household as soon as its last
    /// row has passed, in batches, inside one transaction (all or nothing).
    public func run(source: CSVSource, scope: AccessScope, actor: Actor, skipBadRows: Bool, dryRun: Bool = false,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        let asOf = world.today
        let readers = ReferenceReaders(sql: try sql)
        let ethnic = try await readers.ethnicGroups()
        let birthplaces = try await readers.birthplaces()
        func checkHeader(_ header: [String]) throws {
            let missing = HouseholdFile.requiredColumns.filter { !header.contains($0) }
            guard missing.isEmpty else {
                let error = CSVError.missingColumns(missing)
                throw RegistryError.importFailed([ErrorDetail(row: 0, line: 1, code: error.code, message: error.message)])
            }
        }
        let parser = RowParser(asOf: asOf, ethnic: ethnic, birthplaces: birthplaces)
        // Pass 1: every row checked; problems collected with row and column.
        var problems: [ErrorDetail] = []
        var groups = HouseholdFileGroups()
        var badCodes: Set<String> = []   // households (by ma_ho) with a row that did not parse
        var count = 0
        do {
            try await source.forEachRow(header: checkHeader) { row in
                count += 1
                switch parser.parse(row) {
                case .success(let parsed): problems += groups.add(parsed)
                case .failure(let failure):
                    problems += failure.details
                    badCodes.insert(Self.householdCode(of: row))
                }
                if count % 100_000 == 0 { progress("Đã kiểm tra \(count) hàng") }
            }
        } catch let error as CSVError {
            throw RegistryError.importFailed(error.details.isEmpty ? [ErrorDetail(code: error.code, message: error.message)] : error.details)
        }
        problems += groups.finish()
        progress("Đã kiểm tra \(count) hàng, \(groups.groups.count) hộ; đối chiếu với dữ liệu đã có…")
        // Communes: in force on the business date and inside the scope.
        var communeIDs: [Int: (id: String, province: Int)] = [:]
        for chunk in Array(groups.communes).chunked(400) {
            let units = try await sql.select().columns("id", "code", "province_code").from("units").where("level", .equal, "commune")
                .where("code", .in, Array(chunk)).where("valid_from", .lessThanOrEqual, asOf.iso)
                .where { $0.where("valid_to", .is, SQLLiteral.null).orWhere("valid_to", .greaterThanOrEqual, asOf.iso) }.all()
            for unit in units {
                communeIDs[try unit.decode(column: "code", as: Int.self)] =
                    (try unit.decode(column: "id", as: String.self), try unit.decode(column: "province_code", as: Int.self))
            }
        }
        for group in groups.groups.values {
            let row = group.first
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
        // A citizen ID held by a household the file does not mention is a clash.
        for chunk in Array(groups.citizenRows.keys).chunked(400) {
            let clashes = try await sql.raw("""
                SELECT m.citizen_id AS citizen_id, h.code AS code, h.unit_id AS unit_id, u.code AS unit_code
                FROM members m JOIN households h ON h.id = m.household_id JOIN units u ON u.id = h.unit_id
                WHERE m.citizen_id IN (\(binds: Array(chunk)))
                """).all()
            for clash in clashes {
                let key = "\(try clash.decode(column: "unit_code", as: Int.self))|\(try clash.decode(column: "code", as: String.self))"
                guard groups.groups[key] == nil else { continue }
                let id = try clash.decode(column: "citizen_id", as: String.self)
                guard let rowNumber = groups.citizenRows[id] else { continue }
                let visible = scope.contains(AdministrativeUnit.ID(try clash.decode(column: "unit_id", as: String.self)))
                let error = RegistryError.duplicateCitizenID(id, otherHousehold: visible ? try clash.decode(column: "code", as: String.self) : nil)
                problems.append(ErrorDetail(row: rowNumber, line: nil, field: "so_cccd", code: error.code, message: error.message))
            }
        }
        problems.sort { ($0.row ?? 0, $0.field ?? "") < ($1.row ?? 0, $1.field ?? "") }
        progress(problems.isEmpty ? "Không có lỗi; bắt đầu ghi…" : "Có \(problems.count) lỗi.")
        var outcome = Outcome()
        if !problems.isEmpty {
            guard skipBadRows else { throw RegistryError.importFailed(problems) }
            outcome.problems = problems
        }
        let badRows = Set(problems.compactMap(\.row))
        if !badRows.isEmpty {
            // A problem may name any row of a household (a clash on its third member, say): read
            // the file once more for the ma_ho of each bad row, so the whole household waits.
            try await source.forEachRow(header: { _ in }) { row in
                if badRows.contains(row.number) { badCodes.insert(Self.householdCode(of: row)) }
            }
        }
        let plan = SecondPass(source: source, parser: parser, groups: groups.groups, communeIDs: communeIDs, badRows: badRows,
                              badCodes: badCodes, reasonsByRow: Dictionary(grouping: problems, by: { $0.row ?? 0 }),
                              skipBadRows: skipBadRows, dryRun: dryRun, actor: actor)
        var result: Outcome
        if dryRun {
            result = try await plan.run(importer: self, sql: sql, progress: progress)
        } else {
            result = try await database.transaction { db in try await plan.run(importer: self, sql: try db.sqlDatabase(), progress: progress) }
        }
        result.problems = outcome.problems
        return result
    }

    /// The household a row belongs to, as the file spells it: rows sharing a ma_ho stand or fall
    /// together, whatever their ma_xa says (a bad ma_xa must not split a household).
    static func householdCode(of row: CSVTable.Row) -> String {
        let raw = row["ma_ho"] ?? ""
        return (try? HouseholdCode(raw).value) ?? raw.trimmingCharacters(in: .whitespaces)
    }

    /// Reads one row into a household file row.
    struct RowParser: Sendable {
        let asOf: BusinessDate
        let ethnic: EthnicGroups
        let birthplaces: Set<Int>

        func parse(_ row: CSVTable.Row) -> Result<HouseholdFileRow, RowProblems> {
            HouseholdFile.parse(row: row.number, line: row.line, fields: row.fields, asOf: asOf, ethnicGroups: ethnic, birthplaces: birthplaces)
        }
    }

    /// Compares a batch of complete households with what is stored and writes the new and the changed.
    func write(_ batch: [(key: String, rows: [HouseholdFileRow])], communeIDs: [Int: (id: String, province: Int)],
               sql: any SQLDatabase, actor: Actor, dryRun: Bool, outcome: inout Outcome) async throws {
        let existing = try await existingHouseholds(rows: batch.map { $0.rows[0] }, communeIDs: communeIDs, sql: sql)
        var toWrite: [Int: [Household]] = [:]
        var existingIDs: Set<String> = []
        var audits: [(action: String, recordType: String, recordID: String, provinceCode: Int?, before: (any Encodable)?, after: (any Encodable)?)] = []
        for (key, rows) in batch {
            guard let commune = communeIDs[rows[0].communeCode] else { continue }
            let before = existing[key]
            let household = Self.household(from: rows, unitID: commune.id, keeping: before, newID: world.newID)
            if let before, before == household { outcome.unchanged += 1; continue }
            if before == nil { outcome.added += 1 } else { outcome.updated += 1; existingIDs.insert(household.id.rawValue) }
            toWrite[commune.province, default: []].append(household)
            audits.append((before == nil ? "household.import.create" : "household.import.update", "household", household.id.rawValue,
                           commune.province, before, household))
        }
        guard !dryRun, !toWrite.isEmpty else { return }
        let now = world.nowMillis
        for (province, households) in toWrite {
            try await HouseholdStore.write(households, provinceCode: province, existing: existingIDs, now: now, sql: sql)
        }
        try await AuditStore(sql: sql, world: world).recordBatch(actor: actor, entries: audits)
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

    /// The stored households with the same keys as these rows, with their members: one query
    /// for the households and one for their members per batch, whatever the communes.
    func existingHouseholds(rows: [HouseholdFileRow], communeIDs: [Int: (id: String, province: Int)],
                            sql: any SQLDatabase) async throws -> [String: Household] {
        var wanted: Set<String> = []
        var units: Set<String> = []
        var codes: Set<String> = []
        for row in rows {
            guard let unit = communeIDs[row.communeCode] else { continue }
            wanted.insert("\(unit.id)|\(row.householdCode.value)")
            units.insert(unit.id)
            codes.insert(row.householdCode.value)
        }
        guard !wanted.isEmpty else { return [:] }
        var found: [(id: String, unitID: String, code: HouseholdCode, village: String, area: Area, address: String, phone: String)] = []
        for chunk in Array(codes).chunked(400) {
            for row in try await sql.select().columns("id", "unit_id", "code", "village", "area", "address", "phone").from("households")
                .where("code", .in, Array(chunk)).where("unit_id", .in, Array(units)).where("closed_on", .is, SQLLiteral.null).all() {
                let unitID = try row.decode(column: "unit_id", as: String.self)
                let code = try row.decode(column: "code", as: String.self)
                guard wanted.contains("\(unitID)|\(code)") else { continue }
                found.append((try row.decode(column: "id", as: String.self), unitID, try HouseholdCode(code),
                              try row.decode(column: "village", as: String.self),
                              Area(rawValue: try row.decode(column: "area", as: String.self)) ?? .rural,
                              try row.decode(column: "address", as: String.self), try row.decode(column: "phone", as: String.self)))
            }
        }
        var members: [String: [Member]] = [:]
        for chunk in found.map(\.id).chunked(400) {
            members.merge(try await HouseholdStore.members(householdIDs: Array(chunk), sql: sql)) { a, _ in a }
        }
        var result: [String: Household] = [:]
        for h in found {
            let unitCode = Int(h.unitID.dropFirst().prefix { $0 != "@" }) ?? 0
            result["\(unitCode)|\(h.code.value)"] = Household(
                id: Household.ID(h.id), unitID: AdministrativeUnit.ID(h.unitID), code: h.code, village: h.village, area: h.area,
                address: h.address, phone: h.phone, members: members[h.id] ?? [])
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
