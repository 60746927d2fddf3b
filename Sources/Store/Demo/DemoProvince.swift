import Domain
import Foundation
import FluentKit
import SQLKit

/// The demo province: Hưng Yên (33) after the 2025 merger with Thái Bình, with its real map
/// history, the branch and a transaction office for each former district, a transaction point
/// in every commune (two where four or more old communes merged), their facilities, and one
/// user per role (password `demo1234`). Deterministic for a given seed and business date.
public struct DemoProvince: Sendable {
    public static let provinceCode = 33
    public static let password = "demo1234"
    /// Phường Phố Hiến, the commune of the `commune`, `union` and `leader` users.
    public static let communeCode = 11953
    /// The former city of Hưng Yên, served by the branch itself before and after 2025.
    static let branchDistrict = 323

    let database: any Database
    let world: World
    let hasher: PasswordHashing
    let seed: UInt64
    let businessDate: BusinessDate
    /// About 300 in the real demo; tests ask for a handful.
    let householdsPerCommune: Int

    public init(database: any Database, world: World, hasher: PasswordHashing, seed: UInt64, businessDate: BusinessDate,
                householdsPerCommune: Int = 300) {
        self.database = database
        self.world = world
        self.hasher = hasher
        self.seed = seed
        self.businessDate = businessDate
        self.householdsPerCommune = householdsPerCommune
    }

    public enum Outcome: Sendable, Equatable { case loaded, alreadyLoaded }

    public func load(progress: @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        let sql = try database.sqlDatabase()
        if try await sql.select().column("province_code").from("demo_loads")
            .where("province_code", .equal, Self.provinceCode).first() != nil { return .alreadyLoaded }
        let users = try await UserStore(database: database, world: world).count()
        let offices = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("offices")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        guard users == 0, offices == 0 else { throw DemoError.databaseHasOtherData }

        progress("Nạp lịch sử bản đồ hành chính (Hưng Yên, Thái Bình trước 01/07/2025)…")
        try await MapHistoryLoader(database: database).load(newProvinces: [Self.provinceCode])
        progress("Tạo chi nhánh, phòng giao dịch và điểm giao dịch xã…")
        let plan = try await DemoNetworkPlan.make(sql: sql, provinceCode: Self.provinceCode,
                                                 branchDistrict: Self.branchDistrict, seed: seed, businessDate: businessDate)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await plan.insert(into: sql)
            try await sql.insert(into: "demo_loads").columns("province_code", "seed", "business_date", "loaded_at")
                .values(Self.provinceCode, Int64(bitPattern: seed), businessDate.iso, world.nowMillis).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: .system, action: "demo.load", recordType: "province", recordID: String(Self.provinceCode),
                provinceCode: Self.provinceCode, before: nil as String?,
                after: ["offices": plan.offices.count, "points": plan.points.count, "facilities": plan.facilities.count])
        }
        var leaderGroup: String?
        if householdsPerCommune > 0 {
            progress("Tạo sổ hộ: khoảng \(householdsPerCommune) hộ mỗi xã, ba năm rà soát…")
            let (communes, households) = try await loadRegistry(sql: sql)
            progress("Tạo tổ chức nhận ủy thác, hợp đồng ủy thác, tổ TK&VV…")
            leaderGroup = try await loadEntrustedNetwork(communes: communes, households: households)
        }
        progress("Tạo lịch giao dịch cố định của các điểm giao dịch xã…")
        try await loadTransactionCalendar(sql: sql)
        progress("Tạo người dùng mẫu (mật khẩu \(Self.password))…")
        let store = UserStore(database: database, world: world)
        for (username, name, role, scope) in try demoUsers(branchID: plan.branchID) {
            let user = try await store.create(NewUser(username: username, displayName: name, password: Self.password, role: role,
                                                      scope: scope, mustChangePassword: false), hasher: hasher, actor: .system)
            if role == .union { _ = try await store.linkNetwork(id: user.id, organisation: .womensUnion, groupID: nil, actor: .system) }
            if role == .leader, let leaderGroup {
                _ = try await store.linkNetwork(id: user.id, organisation: nil, groupID: leaderGroup, actor: .system)
            }
        }
        if householdsPerCommune > 0 {
            progress("Tạo sổ cho vay ba năm qua các lệnh nghiệp vụ (hồ sơ, bình xét, xác nhận, phê duyệt, giải ngân, thu nợ)…")
            try await loadLoanBook(leaderGroup: leaderGroup, progress: progress)
            progress("Tạo kế hoạch kiểm tra, phát hiện, mô hình tiêu biểu, đóng góp…")
            try await loadOversight(leaderGroup: leaderGroup)
            try await Self.seedDemoModels(database: database, world: world)
        }
        return .loaded
    }

    /// A fixed day for every point from 1 July 2025 (the points of one office on different days, so
    /// its mobile team can reach each), sittings through three months ahead, the past ones held.
    func loadTransactionCalendar(sql: any SQLDatabase) async throws {
        let points = try await sql.raw("""
            SELECT id, office_id FROM transaction_points WHERE province_code = \(bind: Self.provinceCode) ORDER BY office_id, id
            """).all()
        var index: [String: Int] = [:]
        var rows: [[any Encodable & Sendable]] = []
        for row in points {
            let id = try row.decode(column: "id", as: String.self)
            let office = try row.decode(column: "office_id", as: String.self)
            let n = index[office, default: 0]
            index[office] = n + 1
            rows.append(["schedule-\(id)", id, Self.provinceCode, 5 + (n * 2) % 22, n % 2 == 0 ? "07:30" : "13:30",
                         n % 2 == 0 ? "11:30" : "16:30", "2025-07-01", nil as String?])
        }
        let ids = try points.map { try $0.decode(column: "id", as: String.self) }
        let schedules = rows
        let record = TransactionDayRecord(bankStaff: "Tổ giao dịch lưu động của phòng giao dịch",
                                          attendees: "Tổ trưởng các tổ TK&VV, đại diện các hội đoàn thể, lãnh đạo UBND xã",
                                          business: "Thu lãi, thu tiết kiệm qua tổ; thu nợ gốc; giải ngân; nhận hồ sơ vay mới", briefing: "")
        let recordJSON = try StoredJSON.text(record)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insertBatches(into: "transaction_schedules",
                                        columns: ["id", "point_id", "province_code", "day_of_month", "starts_at", "ends_at", "valid_from", "valid_to"],
                                        rows: schedules)
            try await TransactionDayStore.ensure(pointIDs: ids, through: businessDate.adding(days: 92), world: world, sql: sql)
            try await sql.raw("""
                UPDATE transaction_days SET status = 'held', record = \(bind: recordJSON)
                WHERE province_code = \(bind: Self.provinceCode) AND day < \(bind: businessDate.iso) AND status = 'planned'
                """).run()
        }
    }

    /// Organisations, contracts and groups drawn from the registry's households; returns the group
    /// the `leader` user leads.
    func loadEntrustedNetwork(communes: [(id: String, code: Int, name: String)], households: [Household]) async throws -> String? {
        var random = SeededGenerator(seed: seed &+ 0x0C0FFEE)
        let network = try DemoEntrustedNetwork.make(communes: communes, households: households, provinceUnitID: "p33@2025-07-01",
                                                    legacyDistrictID: "d\(Self.branchDistrict)", homeCommune: Self.communeCode,
                                                    businessDate: businessDate, random: &random)
        try await database.transaction { db in
            try await network.insert(into: try db.sqlDatabase(), provinceCode: Self.provinceCode)
        }
        return network.leaderGroupID
    }

    func loadRegistry(sql: any SQLDatabase) async throws -> (communes: [(id: String, code: Int, name: String)], households: [Household]) {
        let rows = try await sql.raw("""
            SELECT n.id AS id, n.code AS code, n.name AS name, n.type AS type, MIN(o.province_code) AS birthplace
            FROM units n JOIN map_links l ON l.to_unit_id = n.id JOIN units o ON o.id = l.from_unit_id
            WHERE n.province_code = \(bind: Self.provinceCode) AND n.level = 'commune' AND n.valid_to IS NULL
            GROUP BY n.id, n.code, n.name, n.type ORDER BY n.code
            """).all()
        let communes = try rows.map { row in
            (id: try row.decode(column: "id", as: String.self), code: try row.decode(column: "code", as: Int.self),
             name: try row.decode(column: "name", as: String.self), birthplace: try row.decode(column: "birthplace", as: Int.self),
             isWard: try row.decode(column: "type", as: String.self) == UnitType.ward.rawValue)
        }
        var random = SeededGenerator(seed: seed &+ 0x5EED)
        var counter = 0
        let newID: (String) -> String = { prefix in
            counter += 1
            return "demo-\(prefix)-\(counter)"
        }
        var registry = DemoRegistry(provinceCode: Self.provinceCode, householdsPerCommune: householdsPerCommune, businessDate: businessDate)
        let groups = try registry.households(communes: communes, random: &random, newID: newID)
        let standards = try await PovertyStandardStore(database: database, world: world).all()
        var classifications: [[any Encodable & Sendable]] = []
        for (_, households) in groups {
            classifications += try registry.reviews(of: households, standards: standards, random: &random, newID: newID)
        }
        let allClassifications = classifications
        let chains = try await ReferenceDataStore(database: database, world: world)
        let chainValues = try await chains.table(key: "review_approval_chain", asOf: businessDate).values
        let records = try registry.reviewRecords(
            startedIn: (businessDate.year - 3)...(businessDate.year - 1), unitIDs: communes.map(\.id),
            chain: { date in chainValues.inForce(on: date)?.value ?? "" }, newID: newID)
        let now = world.nowMillis
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            for (province, households) in groups {
                try await HouseholdStore.write(households, provinceCode: province, existing: [], now: now, sql: sql)
            }
            try await sql.insertBatches(
                into: "household_classifications",
                columns: ClassificationStore.columns,
                rows: allClassifications, batchSize: 300)
            try await sql.insertBatches(into: "review_campaigns",
                                        columns: ["id", "province_code", "unit_id", "year", "kind", "definition", "created_at"],
                                        rows: records.campaigns, batchSize: 200)
            try await sql.insertBatches(into: "review_entries", columns: ["campaign_id", "household_id", "province_code", "definition"],
                                        rows: records.entries, batchSize: 300)
            try await RegistryFigures(sql: sql).rebuild()
        }
        return (communes.map { ($0.id, $0.code, $0.name) }, groups.flatMap(\.1))
    }

    func demoUsers(branchID: String) throws -> [(String, String, Role, ScopeSpec)] {
        let province = try UnitCode(Self.provinceCode)
        let commune = try UnitCode(Self.communeCode)
        return [
            ("admin", "Quản trị hệ thống", .admin, .everything),
            ("province", "Lãnh đạo UBND tỉnh Hưng Yên", .province, .province(province)),
            ("bank", "Cán bộ NHCSXH chi nhánh Hưng Yên", .bank, .office(Office.ID(branchID))),
            // A second officer: an approval must come from someone other than the officer who checked the file.
            ("approver", "Phó giám đốc NHCSXH chi nhánh Hưng Yên (phê duyệt cho vay)", .bank, .office(Office.ID(branchID))),
            ("commune", "Cán bộ UBND phường Phố Hiến", .commune, .commune(commune)),
            ("union", "Hội LHPN phường Phố Hiến", .union, .commune(commune)),
            ("leader", "Tổ trưởng tổ TK&VV phường Phố Hiến", .leader, .commune(commune)),
            ("inspector", "Ban đại diện HĐQT NHCSXH tỉnh", .inspector, .province(province)),
            ("finance", "Sở Tài chính tỉnh Hưng Yên", .finance, .province(province)),
            ("construction", "Sở Xây dựng tỉnh Hưng Yên", .construction, .province(province)),
        ]
    }
}

public enum DemoError: DomainError, Equatable {
    case databaseHasOtherData

    public var code: String { "demo_refused" }
    public var message: String {
        "Cơ sở dữ liệu đã có dữ liệu khác (người dùng hoặc phòng giao dịch); không nạp tỉnh mẫu để tránh trộn dữ liệu."
    }
    public var kind: FailureKind { .conflict }
}
