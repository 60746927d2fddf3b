import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web
import ZIPFoundation

@Suite("Registry: households, import, classification")
struct RegistryTests {
    static let header = "ma_ho,ma_xa,thon,khu_vuc,ho_ten,ngay_sinh,gioi_tinh,so_cccd,quan_he_chu_ho,dan_toc\n"
    static let good = header
        + "T-01,11953,Tổ dân phố 3,Thành thị,Nguyễn Văn Thử,01/02/1970,Nam,033070900001,Chủ hộ,Kinh\n"
        + "T-01,11953,Tổ dân phố 3,thanh thi,Phạm Thị Thử,05/06/1972,nữ,033172900002,Vợ,kinh\n"
        + "T-01,11953,Tổ dân phố 3,Thành thị,Nguyễn Thử Con,09/09/2018,Nam,,Con,Kinh\n"
        + "T-02,11953,Tổ dân phố 4,Thành thị,Đỗ Đức Mường,03/03/1965,Nam,034065900003,chu ho,Mường\n"

    @Test("The list contract: items with code, unit, village, area, head, members, classification; scope applies", arguments: TestDriver.available)
    func listContract(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let client = t.client()
            try await client.useToken("commune")
            let body = try JSONValue.parse(Data(buffer: try await client.get("/api/v1/households?province=33&limit=500").body))
            let items = try #require(body["items"]?.array)
            // The test demo has four households per commune, sixty in the home commune (for its groups); the commune officer sees theirs.
            #expect(body["total"]?.int == 60)
            #expect(items.allSatisfy { $0["unitCode"]?.int == 11953 })
            let first = try #require(items.first?.object)
            #expect(Set(first.keys).isSubset(of: ["id", "code", "unitCode", "village", "area", "head", "members", "classification"]))
            #expect(first["members"]?.int ?? 0 >= 1)
            let admin = t.client()
            try await admin.useToken("admin")
            let all = try JSONValue.parse(Data(buffer: try await admin.get("/api/v1/households?province=33&limit=1").body))
            let total: Int64? = all["total"]?.int
            #expect(total == Int64(4 * 103 + 60))
            #expect(try await client.get("/api/v1/households?unit=11977").status == .forbidden)
            #expect(try await client.get("/api/v1/households?classification=rich").status == .badRequest)
        }
    }

    @Test("Import: one bad row is reported by row and column and nothing is written; fixed, it imports; again, nothing changes",
          arguments: TestDriver.available)
    func importAllOrNothing(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let importer = HouseholdImporter(database: t.db, world: t.world)
            let scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            let bad = Self.good.replacingOccurrences(of: "05/06/1972,nữ", with: "31/02/1972,nữ")
            do {
                _ = try await importer.run(try CSVTable(text: bad), scope: scope, actor: .system, skipBadRows: false)
                Issue.record("a file with a bad row was imported")
            } catch let error as RegistryError {
                #expect(error.code == "import_failed")
                #expect(error.details.map { "\($0.row ?? 0)/\($0.line ?? 0)/\($0.field ?? "")" } == ["2/3/ngay_sinh"])
                #expect(error.details.first?.message.contains("31/02/1972") == true)
            }
            let store = HouseholdStore(database: t.db, world: t.world)
            #expect(try await store.search(HouseholdQuery(text: "T-01", asOf: t.world.today), scope: .everything).total == 0)
            let first = try await importer.run(try CSVTable(text: Self.good), scope: scope, actor: .system, skipBadRows: false)
            #expect(first.added == 2 && first.updated == 0 && first.unchanged == 0)
            let again = try await importer.run(try CSVTable(text: Self.good), scope: scope, actor: .system, skipBadRows: false)
            #expect(again.added == 0 && again.updated == 0 && again.unchanged == 2)
            let villages = try await VillageStore(sql: t.sql).villages(of: ["c11953@2025-07-01"])
            #expect(villages.contains("Tổ dân phố 3") && villages.contains("Tổ dân phố 4"))
            #expect(villages.filter { TextFolding.fold($0) == "to dan pho 3" }.count == 1)
            // The demo may hold a "Nguyễn Văn Thu" too; the imported "Nguyễn Văn Thử" must be among what the folded name finds.
            let matches = try await store.search(HouseholdQuery(text: "nguyen van thu", asOf: t.world.today), scope: scope).items
            let imported = try #require(matches.first { $0.code == "T-01" })
            #expect(imported.memberCount == 3)
            // Ethnicity spellings meet their code; the head of T-02 is Mường.
            let t02 = try #require(try await store.search(HouseholdQuery(text: "T-02", asOf: t.world.today), scope: scope).items.first)
            #expect(try await store.household(id: t02.id, scope: scope).household.members.first?.ethnicityCode == "06")
            // A change in the file updates the household, keeping its id and the known members' ids.
            let before = try await store.household(id: imported.id, scope: scope).household
            let changed = Self.good.replacingOccurrences(of: "Nguyễn Thử Con,09/09/2018", with: "Nguyễn Thử Con,10/09/2018")
            let third = try await importer.run(try CSVTable(text: changed), scope: scope, actor: .system, skipBadRows: false)
            #expect(third.updated == 1 && third.unchanged == 1)
            let after = try await store.household(id: imported.id, scope: scope).household
            #expect(after.members.prefix(2).map(\.id) == before.members.prefix(2).map(\.id))
            let audit = try await AuditStore(sql: t.sql, world: t.world).list(AuditQuery(recordType: "household", recordID: after.id.rawValue), scope: .everything)
            #expect(audit.items.map(\.action) == ["household.import.update", "household.import.create"])
        }
    }

    @Test("Import refuses what breaks the register, row by row: one head, citizen IDs unique, communes in scope")
    func importRules() async throws {
        try await withTestApp(.sqlite) { t in
            let importer = HouseholdImporter(database: t.db, world: t.world)
            let scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            let existing = try #require(try await t.sql.select().column("citizen_id").from("members")
                .where("citizen_id", .isNot, SQLLiteral.null).where("province_code", .equal, 33).limit(1).first(decodingColumn: "citizen_id", as: String.self))
            let file = Self.header
                + "A-1,11953,Tổ 1,Thành thị,Một Hai Ba,01/01/1980,Nam,033080900011,Vợ,Kinh\n"          // no head
                + "A-2,11953,Tổ 1,Thành thị,Bốn Năm Sáu,01/01/1980,Nam,\(existing),Chủ hộ,Kinh\n"       // an ID of another household
                + "A-3,11977,Thôn 1,Nông thôn,Bảy Tám,01/01/1980,Nam,033080900012,Chủ hộ,Kinh\n"       // outside the scope
                + "A-4,11953,Tổ 1,Thành thị,Chín Mười,01/01/1990,Nam,,Chủ hộ,Kinh\n"                   // adult without an ID
                + "A-5,11953,Tổ 1,Ngoại ô,Mười Một,01/01/1990,Khác,099090900013,Ông,Người sao Hỏa\n"    // four bad cells
            do {
                _ = try await importer.run(try CSVTable(text: file), scope: scope, actor: .system, skipBadRows: false)
                Issue.record("accepted")
            } catch let error as RegistryError {
                let found = Set(error.details.map { "\($0.row ?? 0):\($0.field ?? "")" })
                #expect(found == ["1:quan_he_chu_ho", "2:so_cccd", "3:ma_xa", "4:so_cccd", "5:khu_vuc", "5:gioi_tinh", "5:so_cccd", "5:dan_toc"])
            }
            // Skipping bad rows applies nothing here either: every household has a bad row.
            let skipped = try await importer.run(try CSVTable(text: file), scope: scope, actor: .system, skipBadRows: true)
            #expect(skipped.added == 0)
            #expect(skipped.rejected.map(\.row) == [1, 2, 3, 4, 5])
            #expect(skipped.rejected.first { $0.row == 3 }?.reasons.first?.contains("ngoài phạm vi") == true)
        }
    }

    @Test("Households through the API: rules, duplicate citizen IDs named only inside the scope, masked IDs for some roles",
          arguments: TestDriver.available)
    func apiWrites(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let commune = t.client()
            try await commune.useToken("commune")
            struct MemberIn: Encodable { let fullName, birthDate, sex, ethnicityCode, relation: String; let citizenId: String? }
            struct HouseholdIn: Encodable { let unitCode: Int; let code, village, area: String; let members: [MemberIn] }
            let noHead = HouseholdIn(unitCode: 11953, code: "API-1", village: "Tổ 9", area: "urban", members: [
                MemberIn(fullName: "Lê Văn Khách", birthDate: "1980-01-01", sex: "male", ethnicityCode: "Kinh", relation: "Con", citizenId: "033080900021")])
            let refused = try await commune.postJSON("/api/v1/households", noHead)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.errorCode == "head_count")
            let ok = HouseholdIn(unitCode: 11953, code: "API-1", village: "Tổ 9", area: "Thành thị", members: [
                MemberIn(fullName: "Lê Văn Khách", birthDate: "1980-01-01", sex: "Nam", ethnicityCode: "01", relation: "Chủ hộ", citizenId: "033080900021"),
                MemberIn(fullName: "Lê Bé", birthDate: "2020-05-05", sex: "Nữ", ethnicityCode: "Kinh", relation: "Con", citizenId: nil)])
            let created = try await commune.postJSON("/api/v1/households", ok)
            #expect(created.status == .created, "\(created.body.string)")
            let id = try #require(try JSONValue.parse(Data(buffer: created.body))["id"]?.string)
            // The same citizen ID in another household of the same commune: named.
            let clash = HouseholdIn(unitCode: 11953, code: "API-2", village: "Tổ 9", area: "urban", members: [
                MemberIn(fullName: "Người Khác", birthDate: "1985-01-01", sex: "male", ethnicityCode: "Kinh", relation: "head", citizenId: "033080900021")])
            let named = try await commune.postJSON("/api/v1/households", clash)
            #expect(named.status == .conflict)
            #expect(named.body.string.contains("API-1"))
            // From a commune officer elsewhere: refused, without naming the other household.
            let elsewhere = try await UserStore(database: t.db, world: t.world).create(
                NewUser(username: "xa.tanhung", displayName: "Xã Tân Hưng", password: "ngan-hang-2026", role: .commune,
                        scope: .commune(try UnitCode(11977)), mustChangePassword: false), hasher: t.app.settings.hasher, actor: .system)
            _ = elsewhere
            let other = t.client()
            try await other.useToken("xa.tanhung", password: "ngan-hang-2026")
            let hidden = try await other.postJSON("/api/v1/households", HouseholdIn(unitCode: 11977, code: "B-1", village: "Thôn 1", area: "rural",
                members: clash.members))
            #expect(hidden.status == .conflict)
            #expect(!hidden.body.string.contains("API-1"))
            // Inspectors see masked IDs; commune officers the full number.
            let inspector = t.client()
            try await inspector.useToken("inspector")
            let masked = try JSONValue.parse(Data(buffer: try await inspector.get("/api/v1/households/\(id)").body))
            #expect(masked["members"]?[0]?["citizenId"]?.string == "033******021")
            let full = try JSONValue.parse(Data(buffer: try await commune.get("/api/v1/households/\(id)").body))
            #expect(full["members"]?[0]?["citizenId"]?.string == "033080900021")
            #expect(full["newlyEscaped"] == .bool(false))
            #expect(try await other.get("/api/v1/households/\(id)").status == .notFound)
            #expect(try await inspector.postJSON("/api/v1/households", ok).status == .forbidden)
        }
    }

    @Test("The classify contract, and its 400s")
    func classifyContract() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.useToken("commune")
            struct Body: Encodable { let asOf: String; let area: String; let incomePerPersonMonthly: Int64; let deprivations: [String]; let standard: String? }
            let poor = try await client.postJSON("/api/v1/poverty/classify", Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: 1_400_000,
                                                                                  deprivations: ["health_insurance", "latrine", "telecom"], standard: nil))
            let json = try JSONValue.parse(Data(buffer: poor.body))
            #expect(json["classification"]?.string == "poor")
            #expect(json["standard"]?.string == "vn-2022-2026")
            #expect((json["reasons"]?.array?.count ?? 0) >= 2)
            let near = try JSONValue.parse(Data(buffer: try await client.postJSON("/api/v1/poverty/classify",
                Body(asOf: "2027-03-01", area: "urban", incomePerPersonMonthly: 2_800_000, deprivations: ["household_waste"], standard: nil)).body))
            #expect(near["classification"]?.string == "near_poor")
            #expect(near["standard"]?.string == "vn-2027-2030")
            for bad in [Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: -1, deprivations: [], standard: nil),
                        Body(asOf: "2027-06-30", area: "rural", incomePerPersonMonthly: 1, deprivations: ["information_devices"], standard: nil),
                        Body(asOf: "2019-01-01", area: "rural", incomePerPersonMonthly: 1, deprivations: [], standard: nil),
                        Body(asOf: "2025-06-30", area: "moon", incomePerPersonMonthly: 1, deprivations: [], standard: nil),
                        Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: 1, deprivations: [], standard: "vn-1990")] {
                let response = try await client.postJSON("/api/v1/poverty/classify", bad)
                #expect(response.status == .badRequest, "\(bad): \(response.body.string)")
                #expect(response.errorCode != nil)
            }
        }
    }

    @Test("A survey on the household page classifies it, shows why, and keeps the history", arguments: TestDriver.available)
    func surveyAndHistory(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let id = try #require(try await t.sql.select().column("id").from("households").where("unit_id", .equal, "c11953@2025-07-01")
                .orderBy("id").limit(1).first(decodingColumn: "id", as: String.self))
            let client = t.client()
            try await client.login("commune")
            try await client.get("/households/\(id)")
            let saved = try await client.postForm("/households/\(id)/survey", [
                "income": "1.800.000", "validFrom": "2026-11-20", "decision": "QĐ 12/QĐ-UBND",
                "deprivations[0]": "health_insurance", "deprivations[1]": "latrine", "deprivations[2]": "telecom"])
            #expect(saved.status == .seeOther)
            let page = try await client.get("/households/\(id)")
            #expect(page.body.string.contains("Hộ nghèo") || page.body.string.contains("Hộ cận nghèo"))
            #expect(page.body.string.contains("1.800.000 đ"))
            let status = try #require(try await ClassificationStore(database: t.db, world: t.world).status(householdID: id, on: t.world.today))
            // Urban line 2,000,000: 1.8 m with three deprivations is poor.
            #expect(status.classification == .poor)
            #expect(status.decision == "QĐ 12/QĐ-UBND")
            #expect(status.reasons.contains { $0.contains("Bảo hiểm y tế") })
            let earlier = try await ClassificationStore(database: t.db, world: t.world).status(householdID: id, on: try BusinessDate(iso: "2026-11-19"))
            #expect(earlier?.id != status.id)
            // The list filters by the classification in force today.
            let api = t.client()
            try await api.useToken("commune")
            let poor = try JSONValue.parse(Data(buffer: try await api.get("/api/v1/households?unit=11953&classification=poor").body))
            #expect(poor["items"]?.array?.contains { $0["id"]?.string == id } == true)
            // Editing a member: a bad date comes back in Vietnamese; a good edit is saved; removing the head is refused.
            let household = try await HouseholdStore(database: t.db, world: t.world).household(id: id, scope: .everything).household
            let head = try #require(household.head)
            try await client.get("/households/\(id)")
            let bad = try await client.postForm("/households/\(id)/members/\(head.id.rawValue)", [
                "fullName": head.fullName, "birthDate": "2026-13-01", "sex": head.sex.rawValue, "relation": "Chủ hộ",
                "ethnicity": "Kinh", "citizenId": head.citizenID?.digits ?? ""])
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("Ngày sinh không hợp lệ"))
            let renamed = try await client.postForm("/households/\(id)/members/\(head.id.rawValue)", [
                "fullName": "Tên Mới Của Chủ Hộ", "birthDate": head.birthDate.iso, "sex": head.sex.rawValue, "relation": "Chủ hộ",
                "ethnicity": "Kinh", "citizenId": head.citizenID?.digits ?? ""])
            #expect(renamed.status == .seeOther)
            #expect(try await HouseholdStore(database: t.db, world: t.world).household(id: id, scope: .everything).household.head?.fullName == "Tên Mới Của Chủ Hộ")
            try await client.get("/households/\(id)")
            let removeHead = try await client.postForm("/households/\(id)/members/\(head.id.rawValue)", ["remove": "1"])
            #expect(removeHead.status == .unprocessableEntity)
            // A classification dated before the last one is refused.
            let stale = try await client.postForm("/households/\(id)/survey", ["income": "5000000", "validFrom": "2026-01-01"])
            #expect(stale.status == .unprocessableEntity)
        }
    }

    @Test("The upload page shows the bad row and column in Vietnamese and writes nothing")
    func uploadPage() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("commune")
            try await client.get("/households/import")
            let bad = Self.good.replacingOccurrences(of: "Vợ", with: "Hàng xóm")
            let boundary = "----pcboundary"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(client.csrf ?? "")\r\n"
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ho.csv\"\r\nContent-Type: text/csv\r\n\r\n\(bad)\r\n"
            body += "--\(boundary)--\r\n"
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let response = try await client.send(.POST, "/households/import", headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("quan_he_chu_ho"))
            #expect(response.body.string.contains("Quan hệ với chủ hộ không hợp lệ"))
            #expect(try await HouseholdStore(database: t.db, world: t.world).search(HouseholdQuery(text: "T-01", asOf: t.world.today), scope: .everything).total == 0)
        }
    }
}

@Suite("Registry: poverty rates")
struct PovertyRateTests {
    @Test("Rates per commune add up to the scope's total and agree with the classifications in force", arguments: TestDriver.available)
    func rates(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let date = try BusinessDate(iso: "2026-01-01")
            let rows = try await PovertyRateStore(sql: t.sql).byCommune(asOf: date, provinceCode: 33, scope: .everything)
            #expect(rows.count == 104)
            let total = rows.map(\.rate).reduce(PovertyRate(households: 0, poor: 0, nearPoor: 0, reviewed: 0), +)
            #expect(total.households == 4 * 103 + 60)
            let poor = try await t.sql.raw("""
                SELECT COUNT(*) AS n FROM household_classifications WHERE class = 'poor' AND valid_from <= '2026-01-01'
                AND (valid_to IS NULL OR valid_to >= '2026-01-01')
                """).first(decodingColumn: "n", as: Int.self)
            #expect(total.poor == poor)
            #expect(total.reviewed <= total.households)
            let byIndicator = try await PovertyRateStore(sql: t.sql).byIndicator(asOf: date, provinceCode: 33, scope: .everything)
            // Every poor household is deprived in at least three indicators (both standards say 3).
            #expect(byIndicator.map(\.poor).reduce(0, +) >= 3 * total.poor)
            #expect(byIndicator.allSatisfy { PovertyStandardCatalogue.all.flatMap(\.indicators).map(\.code).contains($0.code) })
            let commune = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            let own = try await PovertyRateStore(sql: t.sql).byCommune(asOf: date, provinceCode: 33, scope: commune)
            #expect(own.map(\.unitCode) == [11953])
            let client = t.client()
            try await client.login("province")
            let page = try await client.get("/poverty?asOf=2026-01-01")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<svg"))
            #expect(page.body.string.contains("Phường Phố Hiến"))
            #expect(try await client.get("/poverty?asOf=2026-02-30").status == .badRequest)
        }
    }
}

@Suite("Registry: Excel files")
struct HouseholdWorkbookTests {
    @Test("An .xlsx household file imports like its CSV; a broken workbook gets a Vietnamese error")
    func workbook() async throws {
        try await withTestApp(.sqlite) { t in
            let csv = try CSVTable(text: RegistryTests.good)
            let workbook = try Exporter.xlsx(Exporter.Table(
                sheetName: "Hộ", headers: csv.header,
                rows: csv.rows.map { row in csv.header.map { Exporter.Cell.text(row[$0] ?? "") } }))
            let table = try CSVTable(fileData: workbook)
            #expect(table.header == csv.header)
            #expect(table.rows.map(\.fields) == csv.rows.map(\.fields))
            let client = t.client()
            try await client.useToken("commune")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let response = try await client.send(.POST, "/api/v1/households/import", headers: headers, body: ByteBuffer(data: workbook))
            #expect(response.status == .ok, "\(response.body.string)")
            #expect(try JSONValue.parse(Data(buffer: response.body))["added"]?.int == 2)
            // Excel itself writes shared strings and numbers; read those too.
            let excel = try Archive(accessMode: .create)
            func add(_ path: String, _ text: String) throws {
                let data = Data(text.utf8)
                try excel.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            try add("xl/sharedStrings.xml", #"<sst xmlns="x"><si><t>ma_ho</t></si><si><t>ho_ten</t></si><si><r><t>Nguyễn </t></r><r><t>Văn A</t></r></si></sst>"#)
            try add("xl/worksheets/sheet1.xml", #"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>12</v></c><c r="C2" t="s"><v>2</v></c></row></sheetData></worksheet>"#)
            let read = try CSVTable(fileData: try #require(excel.data))
            #expect(read.header == ["ma_ho", "ho_ten", ""])
            #expect(read.rows.first?["ma_ho"] == "12")
            #expect(read.rows.first?.fields[""] == "Nguyễn Văn A")
            var broken = workbook
            broken.replaceSubrange(100..<400, with: Data(repeating: 0, count: 300))
            #expect(throws: CSVError.notWorkbook) { try CSVTable(fileData: broken) }
        }
    }
}

@Suite("Registry: poverty standards as data")
struct PovertyStandardAdminTests {
    @Test("An administrator adds a province's local standard through the API; classification can use it; bad ones are refused",
          arguments: TestDriver.available)
    func addStandard(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            var local = PovertyStandardCatalogue.decree07_2021
            local.code = "hy-2026-local"
            local.name = "Chuẩn nghèo riêng tỉnh Hưng Yên 2026"
            local.provinceCode = 33
            local.validFrom = try BusinessDate(iso: "2026-01-01")
            local.povertyLines = [.rural: Money(dong: 1_800_000), .urban: Money(dong: 2_300_000)]
            local.averageUpperBounds = [.rural: Money(dong: 2_700_000), .urban: Money(dong: 3_450_000)]
            local.legalSource = "Nghị quyết thử của HĐND tỉnh"
            let admin = t.client()
            try await admin.useToken("admin")
            #expect(try await admin.postJSON("/api/v1/poverty/standards", local).status == .created)
            #expect(try await admin.postJSON("/api/v1/poverty/standards", local).status == .conflict)
            var bad = local
            bad.code = "hy-bad"
            bad.averageUpperBounds = [.rural: Money(dong: 1_000_000), .urban: Money(dong: 3_000_000)]
            let refused = try await admin.postJSON("/api/v1/poverty/standards", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.errorCode == "invalid_standard")
            let commune = t.client()
            try await commune.useToken("commune")
            #expect(try await commune.postJSON("/api/v1/poverty/standards", local).status == .forbidden)
            struct Body: Encodable { let asOf: String; let area: String; let incomePerPersonMonthly: Int64; let deprivations: [String]; let standard: String? }
            let underLocal = try JSONValue.parse(Data(buffer: try await commune.postJSON("/api/v1/poverty/classify",
                Body(asOf: "2026-06-01", area: "rural", incomePerPersonMonthly: 1_700_000, deprivations: [], standard: "hy-2026-local")).body))
            #expect(underLocal["classification"]?.string == "near_poor")
            let national = try JSONValue.parse(Data(buffer: try await commune.postJSON("/api/v1/poverty/classify",
                Body(asOf: "2026-06-01", area: "rural", incomePerPersonMonthly: 1_700_000, deprivations: [], standard: nil)).body))
            #expect(national["classification"]?.string == "average")
            #expect(national["standard"]?.string == "vn-2022-2026")
            let list = try JSONValue.parse(Data(buffer: try await commune.get("/api/v1/poverty/standards").body))
            #expect(list["total"]?.int == 3)
            let page = t.client()
            try await page.login("admin")
            let html = try await page.get("/poverty/standards")
            #expect(html.body.string.contains("Chuẩn riêng của tỉnh 33"))
            #expect(html.body.string.contains("1.800.000 đ"))
        }
    }

    @Test("Who was poor on a date: the list filters by the classification in force then")
    func asOfFilter() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.useToken("province")
            for year in ["2024-06-01", "2025-06-01", "2026-06-01"] {
                let listed = try JSONValue.parse(Data(buffer: try await client.get("/api/v1/households?province=33&classification=poor&asOf=\(year)&limit=500").body))
                let expected = try await t.sql.raw("""
                    SELECT COUNT(*) AS n FROM household_classifications WHERE class = 'poor' AND valid_from <= \(bind: year)
                    AND (valid_to IS NULL OR valid_to >= \(bind: year))
                    """).first(decodingColumn: "n", as: Int.self)
                #expect(listed["total"]?.int.map(Int.init) == expected)
                #expect(listed["items"]?.array?.allSatisfy { $0["classification"]?.string == "poor" } == true)
            }
        }
    }
}

@Suite("Registry: split and merge")
struct SplitMergeTests {
    @Test("Split moves members to a new household with its own head; merge brings them back and closes the other",
          arguments: TestDriver.available)
    func splitAndMerge(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            let store = HouseholdStore(database: t.db, world: t.world)
            let importer = HouseholdImporter(database: t.db, world: t.world)
            _ = try await importer.run(try CSVTable(text: RegistryTests.good), scope: scope, actor: .system, skipBadRows: false)
            let id = try #require(try await store.search(HouseholdQuery(text: "T-01", asOf: t.world.today), scope: scope).items.first?.id)
            let family = try await store.household(id: id, scope: scope).household
            let wife = try #require(family.members.first { $0.relation == .spouse })
            // Refused without a head among those who leave; nothing changes.
            let child = try #require(family.members.first { $0.relation == .child })
            await #expect(throws: RegistryError.headCount(0)) {
                try await store.split(id: id, memberIDs: [child.id.rawValue], newCode: "T-01B", newHeadID: wife.id.rawValue,
                                      village: nil, actor: .system, scope: scope)
            }
            #expect(try await store.household(id: id, scope: scope).household.members.count == 3)
            let client = t.client()
            try await client.useToken("commune")
            struct Split: Encodable { let memberIds: [String]; let newCode: String; let newHeadId: String }
            let response = try await client.postJSON("/api/v1/households/\(id)/split",
                                                      Split(memberIds: [wife.id.rawValue, child.id.rawValue], newCode: "T-01B", newHeadId: wife.id.rawValue))
            #expect(response.status == .created, "\(response.body.string)")
            let newID = try #require(try JSONValue.parse(Data(buffer: response.body))["id"]?.string)
            let split = try await store.household(id: newID, scope: scope).household
            #expect(split.head?.id == wife.id)
            #expect(split.members.map(\.id) == [wife.id, child.id])
            #expect(try await store.household(id: id, scope: scope).household.members.count == 1)
            struct Merge: Encodable { let fromId: String }
            let merged = try await client.postJSON("/api/v1/households/\(id)/merge", Merge(fromId: newID))
            #expect(merged.status == .ok, "\(merged.body.string)")
            let back = try await store.household(id: id, scope: scope).household
            #expect(back.members.count == 3)
            #expect(back.members.filter { $0.relation == .head }.count == 1)
            #expect(back.members.first { $0.id == wife.id }?.citizenID == wife.citizenID)
            // The merged household is closed, not deleted: out of lists, its history kept.
            #expect(try await store.search(HouseholdQuery(text: "T-01B", asOf: t.world.today), scope: scope).total == 0)
            let closed = try await t.sql.select().column("merged_into").from("households").where("id", .equal, newID)
                .first(decodingColumn: "merged_into", as: String?.self)
            #expect(closed == id)
            #expect(try await client.postJSON("/api/v1/households/\(id)/merge", Merge(fromId: id)).status == .unprocessableEntity)
        }
    }
}
