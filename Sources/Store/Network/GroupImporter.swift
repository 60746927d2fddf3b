import Domain
import FluentKit
import Foundation
import SQLKit

/// Nhập tổ TK&VV và tổ viên từ tệp (CSV or .xlsx), one row per member household. Every row is
/// checked first; with one bad row nothing is written unless bad rows are to be skipped, and then
/// a group with a bad row is skipped whole (a group is never half-imported). A group already there
/// (same commune, organisation and name, active) is matched, and only households not yet its
/// members are added: importing the same file again changes nothing.
public struct GroupImporter: Sendable {
    public static let requiredColumns = ["ten_to", "ma_xa", "thon", "to_chuc", "ngay_thanh_lap", "ma_ho"]
    public static let optionalColumns = ["so_hd_uy_nhiem", "ngay_hd_uy_nhiem", "chuc_vu"]

    public struct Outcome: Sendable, Equatable {
        public var groupsAdded = 0
        public var groupsMatched = 0
        public var membersAdded = 0
        public var unchanged = 0
        public var skippedRows = 0
        public var problems: [ErrorDetail] = []
    }

    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    struct Planned {
        var key: String
        var group: SavingsGroup
        var provinceCode: Int
        var existingID: String?
        var rows: [Int] = []
        var households: [(id: String, code: String, from: BusinessDate, row: Int)] = []
        var leader: (household: String, row: Int)?
        var deputy: (household: String, row: Int)?
    }

    public func run(_ table: CSVTable, scope: AccessScope, actor: Actor, skipBadRows: Bool, dryRun: Bool = false) async throws -> Outcome {
        let missing = Self.requiredColumns.filter { !table.header.contains($0) }
        if !missing.isEmpty {
            throw NetworkError.importFailed([ErrorDetail(row: 0, line: 1, field: missing.joined(separator: ", "), code: "missing_columns",
                                                         message: "Thiếu cột: \(missing.joined(separator: ", ")).")])
        }
        var problems: [ErrorDetail] = []
        // Groups with a bad row, by name: a row whose ma_xa or to_chuc is wrong still belongs to
        // the group it names, so that group waits whole rather than being founded without it.
        var badNames: Set<String> = []
        func problem(_ row: CSVTable.Row, _ column: String, _ message: String) {
            problems.append(ErrorDetail(row: row.number, line: row.line, field: column, code: "invalid_row", message: message))
            badNames.insert(TextFolding.fold((row["ten_to"] ?? "").trimmingCharacters(in: .whitespaces)))
        }
        let units = UnitStore(sql: try sql)
        var unitCache: [Int: UnitSummary?] = [:]
        var planned: [String: Planned] = [:]
        var order: [String] = []
        var seenHouseholds: [String: Int] = [:]
        // Each commune's open households by code, read once per commune rather than once per row.
        var householdsByUnit: [String: [String: String]] = [:]
        let limits = try await GroupStore(database: database, world: world).limits(on: world.today)
        for row in table.rows {
            let name = (row["ten_to"] ?? "").trimmingCharacters(in: .whitespaces)
            let unitText = (row["ma_xa"] ?? "").trimmingCharacters(in: .whitespaces)
            let orgText = row["to_chuc"] ?? ""
            let key = "\(unitText)|\(TextFolding.fold(orgText))|\(TextFolding.fold(name))"
            if name.isEmpty { problem(row, "ten_to", "Thiếu tên tổ."); continue }
            guard let code = try? UnitCode(text: unitText) else { problem(row, "ma_xa", "Mã xã không hợp lệ: «\(unitText)»."); continue }
            if unitCache[code.value] == nil {
                unitCache[code.value] = try? await units.unit(level: .commune, code: code.value, asOf: world.today, scope: scope)
            }
            guard let unit = unitCache[code.value] ?? nil else {
                problem(row, "ma_xa", "Xã \(unitText) không có hoặc ngoài phạm vi của bạn."); continue
            }
            let organisation: Organisation
            do { organisation = try Organisation(text: orgText) } catch { problem(row, "to_chuc", error.message); continue }
            if let own = scope.organisationID, own != organisation.rawValue {
                problem(row, "to_chuc", NetworkError.organisationOutOfScope.message); continue
            }
            let founded: BusinessDate
            do { founded = try BusinessDate(vietnamese: row["ngay_thanh_lap"] ?? "") } catch {
                problem(row, "ngay_thanh_lap", "Ngày thành lập không hợp lệ: «\(row["ngay_thanh_lap"] ?? "")» (dd/mm/yyyy)."); continue
            }
            if founded > world.today { problem(row, "ngay_thanh_lap", "Ngày thành lập sau ngày hôm nay."); continue }
            var authorisationDate: BusinessDate?
            if let text = row["ngay_hd_uy_nhiem"], !text.isEmpty {
                do { authorisationDate = try BusinessDate(vietnamese: text) } catch {
                    problem(row, "ngay_hd_uy_nhiem", "Ngày hợp đồng ủy nhiệm không hợp lệ: «\(text)»."); continue
                }
            }
            let village = (row["thon"] ?? "").trimmingCharacters(in: .whitespaces)
            if planned[key] == nil {
                let group = SavingsGroup(id: .init(world.newID()), name: name, organisation: organisation, unitID: .init(unit.id), village: village,
                                         foundedOn: founded, authorisationNumber: (row["so_hd_uy_nhiem"] ?? "").trimmingCharacters(in: .whitespaces),
                                         authorisationDate: authorisationDate, foundingMinutes: "Nhập từ tệp")
                do { try group.validate() } catch { problem(row, "thon", error.message); continue }
                let existing = try await sql.select().column("id").from("savings_groups").where("unit_id", .equal, unit.id)
                    .where("organisation", .equal, organisation.rawValue).where("folded_name", .equal, TextFolding.fold(name))
                    .where("status", .equal, "active").first(decodingColumn: "id", as: String.self)
                planned[key] = Planned(key: key, group: group, provinceCode: unit.provinceCode, existingID: existing)
                order.append(key)
            } else if let first = planned[key], first.group.village != village || first.group.foundedOn != founded {
                problem(row, first.group.village != village ? "thon" : "ngay_thanh_lap",
                        "Khác với hàng đầu tiên của tổ «\(name)»; mọi hàng của một tổ phải ghi giống nhau."); continue
            }
            let householdCode = (row["ma_ho"] ?? "").trimmingCharacters(in: .whitespaces)
            if householdsByUnit[unit.id] == nil {
                var codes: [String: String] = [:]
                for row in try await sql.select().columns("id", "code").from("households").where("unit_id", .equal, unit.id)
                    .where("closed_on", .is, SQLLiteral.null).all() {
                    codes[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: String.self)
                }
                householdsByUnit[unit.id] = codes
            }
            guard let household = householdsByUnit[unit.id]?[householdCode] else {
                problem(row, "ma_ho", NetworkError.householdNotInCommune(householdCode).message); continue
            }
            if let other = seenHouseholds[household] {
                problem(row, "ma_ho", "Hộ \(householdCode) đã có ở hàng \(other) của tệp."); continue
            }
            seenHouseholds[household] = row.number
            planned[key]?.rows.append(row.number)
            planned[key]?.households.append((household, householdCode, founded, row.number))
            switch TextFolding.fold(row["chuc_vu"] ?? "") {
            case "": break
            case "to truong", "leader":
                if planned[key]?.leader != nil { problem(row, "chuc_vu", "Tổ «\(name)» có hai tổ trưởng trong tệp."); continue }
                planned[key]?.leader = (household, row.number)
            case "to pho", "deputy":
                if planned[key]?.deputy != nil { problem(row, "chuc_vu", "Tổ «\(name)» có hai tổ phó trong tệp."); continue }
                planned[key]?.deputy = (household, row.number)
            default: problem(row, "chuc_vu", "Chức vụ «\(row["chuc_vu"] ?? "")» không hợp lệ (Tổ trưởng, Tổ phó hoặc để trống).")
            }
        }
        // Checks across rows: households in another group, sizes, the board's kinship. The open
        // memberships of every household in the file are read in batches, not group by group.
        var current: [String: String] = [:]
        for chunk in Array(seenHouseholds.keys).chunked(400) {
            for row in try await sql.raw("""
                SELECT m.household_id AS household, m.group_id AS grp FROM group_memberships m
                WHERE m.valid_to IS NULL AND m.household_id IN (\(binds: Array(chunk)))
                """).all() {
                current[try row.decode(column: "household", as: String.self)] = try row.decode(column: "grp", as: String.self)
            }
        }
        for key in order {
            guard var plan = planned[key], !plan.households.isEmpty else { continue }
            var toAdd: [(id: String, code: String, from: BusinessDate, row: Int)] = []
            for h in plan.households {
                if let group = current[h.id] {
                    if group == plan.existingID { continue }
                    let row = table.rows[h.row - 1]
                    problem(row, "ma_ho", NetworkError.householdInAnotherGroup(code: h.code, group: nil).message)
                } else {
                    toAdd.append(h)
                }
            }
            var already = 0
            if let existing = plan.existingID {
                already = try await GroupStore(database: database, world: world).members(groupID: existing, on: world.today).count
            }
            let size = already + toAdd.count
            let fits = plan.existingID == nil ? limits.admitsFounding(size) : size <= limits.max
            if !fits {
                let row = table.rows[plan.rows[0] - 1]
                problem(row, "ma_ho", "Tổ «\(plan.group.name)» sẽ có \(size) tổ viên; quy định \(limits.label).")
            }
            if let leader = plan.leader, let deputy = plan.deputy, leader.household == deputy.household {
                let row = table.rows[deputy.row - 1]
                problem(row, "chuc_vu", "Tổ trưởng và tổ phó là chủ hộ của cùng một hộ; tổ trưởng và tổ phó không được là người thân gần của nhau.")
            }
            plan.households = toAdd
            planned[key] = plan
        }
        var outcome = Outcome()
        outcome.problems = problems
        if !problems.isEmpty && !skipBadRows { throw NetworkError.importFailed(problems) }
        let good = order.compactMap { planned[$0] }.filter { !badNames.contains(TextFolding.fold($0.group.name)) }
        outcome.skippedRows = table.rows.count - good.reduce(0) { $0 + $1.rows.count }
        for plan in good {
            if plan.existingID == nil { outcome.groupsAdded += 1 } else { outcome.groupsMatched += 1 }
            outcome.membersAdded += plan.households.count
            outcome.unchanged += plan.rows.count - plan.households.count
        }
        if dryRun { return outcome }
        let heads = try await headsOf(good.flatMap { [$0.leader?.household, $0.deputy?.household].compactMap { $0 } })
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            for plan in good {
                let groupID = plan.existingID ?? plan.group.id.rawValue
                if plan.existingID == nil {
                    try await GroupStore.insert([plan.group], provinceCode: plan.provinceCode, sql: sql)
                    try await VillageStore(sql: sql).register([(plan.group.unitID.rawValue, plan.group.village)], provinceCode: plan.provinceCode)
                }
                for (from, households) in Dictionary(grouping: plan.households, by: \.from) {
                    try await GroupStore.openMemberships(groupID: groupID, householdIDs: households.map(\.id), from: from, reason: "Nhập từ tệp",
                                                         provinceCode: plan.provinceCode, world: world, sql: sql)
                }
                if plan.existingID == nil {
                    var board: [[any Encodable & Sendable]] = []
                    for (post, household) in [(BoardPost.leader, plan.leader?.household), (.deputy, plan.deputy?.household)] {
                        guard let household, let head = heads[household] else { continue }
                        board.append([world.newID(), groupID, post.rawValue, head.id, household, head.name, plan.group.foundedOn.iso, nil as String?])
                    }
                    try await sql.insertBatches(into: "group_board_terms",
                                                columns: ["id", "group_id", "post", "member_id", "household_id", "member_name", "valid_from", "valid_to"],
                                                rows: board)
                }
                if !plan.households.isEmpty || plan.existingID == nil {
                    try await AuditStore(sql: sql, world: world).record(
                        actor: actor, action: plan.existingID == nil ? "group.import.create" : "group.import.add_members", recordType: "savings_group",
                        recordID: groupID, provinceCode: plan.provinceCode, before: nil as String?,
                        after: ["group": plan.group.name, "households": plan.households.map(\.code).joined(separator: ",")])
                }
            }
        }
        return outcome
    }

    /// The head (id, name) of each household.
    func headsOf(_ households: [String]) async throws -> [String: (id: String, name: String)] {
        guard !households.isEmpty else { return [:] }
        var result: [String: (String, String)] = [:]
        for row in try await sql.select().columns("id", "household_id", "full_name").from("members")
            .where("household_id", .in, households).where("relation", .equal, "head").all() {
            result[try row.decode(column: "household_id", as: String.self)] = (try row.decode(column: "id", as: String.self),
                                                                             try row.decode(column: "full_name", as: String.self))
        }
        return result
    }
}
