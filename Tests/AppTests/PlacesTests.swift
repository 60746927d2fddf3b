import Domain
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

@Suite("Places: units, history, offices, points")
struct PlacesTests {
    static let today = try! BusinessDate(iso: "2026-11-25")

    func scope(_ t: TestApp, _ username: String) async throws -> AccessScope {
        let user = try #require(try await UserStore(database: t.db, world: t.world).user(username: username))
        return try await ScopeResolver(sql: t.sql).resolve(user.scope, today: Self.today)
    }

    @Test("The 2025 list is loaded: 34 provinces, 3,321 communes; Hưng Yên has 104 (11 wards, 93 communes)", arguments: TestDriver.available)
    func officialList(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = UnitStore(sql: t.sql)
            let communes = try await store.search(UnitQuery(asOf: Self.today, paging: Paging(limit: 1)), scope: .everything)
            #expect(communes.total == 3_321)
            let provinces = try await store.search(UnitQuery(level: .province, asOf: Self.today, paging: Paging(limit: 1)), scope: .everything)
            #expect(provinces.total == 34)
            let hungYen = try await store.search(UnitQuery(provinceCode: 33, asOf: Self.today, paging: Paging(limit: 500)), scope: .everything)
            #expect(hungYen.total == 104)
            #expect(hungYen.items.filter { $0.type == .ward }.count == 11)
            #expect(hungYen.items.filter { $0.type == .commune }.count == 93)
        }
    }

    @Test("Search without diacritics, narrowed to the scope", arguments: TestDriver.available)
    func search(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = UnitStore(sql: t.sql)
            let admin = try await store.search(UnitQuery(text: "pho hien", asOf: Self.today), scope: .everything)
            #expect(admin.items.map(\.name).contains("Phường Phố Hiến"))
            let communeScope = try await scope(t, "commune")
            let wide = try await store.search(UnitQuery(provinceCode: 33, asOf: Self.today), scope: communeScope)
            #expect(wide.items.map(\.code) == [11953])
            await #expect(throws: PlatformError.outOfScope) {
                try await store.search(UnitQuery(provinceCode: 1, asOf: Self.today), scope: communeScope)
            }
            // The bank office serves a strict subset of the province.
            let bank = try await store.search(UnitQuery(provinceCode: 33, asOf: Self.today, paging: Paging(limit: 500)), scope: try await scope(t, "bank"))
            #expect(bank.total > 1 && bank.total < 104)
            #expect(bank.items.contains { $0.code == 11953 })
            // Wildcards in the text are matched literally.
            #expect(try await store.search(UnitQuery(text: "%", asOf: Self.today), scope: .everything).total == 0)
            // A code finds its unit.
            #expect(try await store.search(UnitQuery(text: "11953", asOf: Self.today), scope: .everything).items.first?.name == "Phường Phố Hiến")
        }
    }

    @Test("The map as it stood on a date: before 1 July 2025 Hưng Yên and Thái Bình had their own communes", arguments: TestDriver.available)
    func asOf(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = UnitStore(sql: t.sql)
            let before = try await BusinessDate(iso: "2025-06-30")
            let oldHungYen = try await store.search(UnitQuery(provinceCode: 33, asOf: before, paging: Paging(limit: 1)), scope: .everything)
            let oldThaiBinh = try await store.search(UnitQuery(provinceCode: 34, asOf: before, paging: Paging(limit: 1)), scope: .everything)
            let csv = try BundledData.table("units-pre2025")
            #expect(oldHungYen.total == csv.rows.filter { $0["province_code"] == "33" }.count)
            #expect(oldThaiBinh.total == csv.rows.filter { $0["province_code"] == "34" }.count)
            #expect(oldThaiBinh.total > 0)
            let districts = try await store.search(UnitQuery(provinceCode: 34, level: .district, asOf: before, paging: Paging(limit: 50)), scope: .everything)
            #expect(districts.items.map(\.name).contains("Thành phố Thái Bình"))
            // After the merger no Thái Bình province exists.
            #expect(try await store.search(UnitQuery(provinceCode: 34, asOf: Self.today), scope: .everything).total == 0)
            // The province user sees the old map of both former provinces.
            let province = try await scope(t, "province")
            #expect(try await store.search(UnitQuery(provinceCode: 34, asOf: before, paging: Paging(limit: 1)), scope: province).total == oldThaiBinh.total)
        }
    }

    @Test("A unit's history: Phường Phố Hiến was formed from six communes; the old ones point to it", arguments: TestDriver.available)
    func history(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = UnitStore(sql: t.sql)
            let phoHien = try await store.unit(level: .commune, code: 11953, asOf: Self.today, scope: .everything)
            #expect(phoHien.name == "Phường Phố Hiến")
            let history = try await store.history(of: phoHien)
            #expect(Set(history.formedFrom.map(\.unit.name)) == ["Phường Hiến Nam", "Phường An Tảo", "Phường Lê Lợi", "Phường Minh Khai",
                                                                 "Xã Trung Nghĩa", "Xã Liên Phương"])
            #expect(history.formedFrom.allSatisfy { $0.change == .merger && $0.effectiveOn == map2025EffectiveDate })
            #expect(history.otherVersions.map(\.name) == ["Phường Hiến Nam"])
            let anTao = try await store.unit(level: .commune, code: 11956, asOf: Self.today, scope: .everything)
            #expect(anTao.validTo?.iso == "2025-06-30")
            #expect(try await store.history(of: anTao).wentInto.map(\.unit.name) == ["Phường Phố Hiến"])
            // A commune divided among several: Xã Ngọc Thanh went partly into Phường Sơn Nam.
            let ngocThanh = try await store.unit(level: .commune, code: 12322, asOf: try BusinessDate(iso: "2025-01-01"), scope: .everything)
            let parts = try await store.history(of: ngocThanh).wentInto
            #expect(parts.contains { $0.unit.name == "Phường Sơn Nam" && $0.share == .part && $0.change == .split })
            // The page shows it.
            let client = t.client()
            try await client.login("commune")
            let page = try await client.get("/units/11953")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("id=\"unit-history\""))
            #expect(page.body.string.contains("Phường An Tảo"))
        }
    }

    @Test("A record kept under an old unit is found under its successor, and in its successor's scope", arguments: TestDriver.available)
    func oldRecordsFollowTheMerger(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            // A transaction point recorded before the merger, under Phường An Tảo.
            try await t.sql.insert(into: "transaction_points").columns("id", "province_code", "unit_id", "office_id", "name", "address")
                .values("point-old-an-tao", 33, "c11956", "office-33-branch", "Điểm giao dịch phường An Tảo", "UBND phường An Tảo (cũ)").run()
            let commune = try await scope(t, "commune")
            let found = try await PointStore(database: t.db).point(id: "point-old-an-tao", scope: commune)
            #expect(found.point.unitName == "Phường An Tảo")
            let covering = try await UnitStore(sql: t.sql).covering(id: "c11953@2025-07-01")
            let points = try await PointStore(database: t.db).list(unitIDs: covering, officeID: nil, needingAction: false, scope: commune, paging: Paging())
            #expect(points.items.map(\.id).contains("point-old-an-tao"))
            // Someone scoped elsewhere does not see it.
            let elsewhere = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11977)), today: Self.today)
            await #expect(throws: PlacesError.pointNotFound("point-old-an-tao")) {
                try await PointStore(database: t.db).point(id: "point-old-an-tao", scope: elsewhere)
            }
            let client = t.client()
            try await client.useToken("commune")
            let api = try JSONValue.parse(Data(buffer: try await client.get("/api/v1/units/11953").body))
            #expect(api["transactionPoints"]?.array?.contains { $0["id"]?.string == "point-old-an-tao" } == true)
        }
    }

    @Test("The demo network: a branch, at least eight transaction offices, a point in every commune", arguments: TestDriver.available)
    func demoNetwork(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let offices = try await OfficeStore(sql: t.sql).list(provinceCode: 33, scope: .everything, paging: Paging(limit: 100))
            #expect(offices.items.filter { $0.kind == .branch }.count == 1)
            #expect(offices.items.filter { $0.kind == .transactionOffice }.count >= 8)
            #expect(offices.items.map(\.communeCount).reduce(0, +) == 104)
            let uncovered = try await t.sql.raw("""
                SELECT COUNT(*) AS n FROM units u WHERE u.province_code = 33 AND u.level = 'commune' AND u.valid_to IS NULL
                AND NOT EXISTS (SELECT 1 FROM transaction_points p WHERE p.unit_id = u.id)
                """).first(decodingColumn: "n", as: Int.self)
            #expect(uncovered == 0)
            let points = try await PointStore(database: t.db).list(unitIDs: nil, officeID: nil, needingAction: false, scope: .everything, paging: Paging(limit: 1))
            #expect(points.total > 104)
        }
    }

    @Test("A bank officer records a facility check: stored, audited with before and after; others may not", arguments: TestDriver.available)
    func facilityCheck(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.login("bank")
            try await bank.get("/points/point-11953-1")
            let saved = try await bank.postForm("/points/point-11953-1/facilities",
                                                ["category": "security", "item": "camera an ninh", "state": "broken", "checkedOn": "2026-11-24"])
            #expect(saved.status == .seeOther)
            let page = try await bank.get("/points/point-11953-1")
            #expect(page.body.string.contains("Đã ghi kết quả kiểm tra."))
            let found = try await PointStore(database: t.db).point(id: "point-11953-1", scope: .everything)
            let camera = try #require(found.facilities.first { $0.item == "Camera an ninh" })
            #expect(camera.state == .broken)
            #expect(camera.checkedOn.iso == "2026-11-24")
            #expect(found.facilities.filter { TextFolding.fold($0.item) == "camera an ninh" }.count == 1)
            let audit = try await AuditStore(sql: t.sql, world: t.world).list(AuditQuery(recordType: "point_facility", recordID: camera.id), scope: .everything)
            let entry = try #require(audit.items.first)
            #expect(entry.actorUsername == "bank")
            #expect(entry.before?.contains("\"state\"") == true)
            #expect(entry.after?.contains("\"broken\"") == true)
            // A date in the future is refused with a Vietnamese message and nothing changes.
            let future = try await bank.postForm("/points/point-11953-1/facilities",
                                                 ["category": "security", "item": "Camera an ninh", "state": "good", "checkedOn": "2027-01-01"])
            #expect(future.status == .unprocessableEntity)
            #expect(future.body.string.contains("ngày kiểm tra không được sau hôm nay"))
            #expect(try await PointStore(database: t.db).point(id: "point-11953-1", scope: .everything).facilities.first { $0.id == camera.id }?.state == .broken)
            // The commune officer reads but may not write.
            let commune = t.client()
            try await commune.login("commune")
            try await commune.get("/points/point-11953-1")
            let refused = try await commune.postForm("/points/point-11953-1/facilities",
                                                     ["category": "security", "item": "Camera an ninh", "state": "good", "checkedOn": "2026-11-24"])
            #expect(refused.status == .forbidden)
            // The bank may not touch a point outside its office's communes.
            let outside = try await bank.postForm("/points/point-12817-1/facilities",
                                                  ["category": "security", "item": "Camera an ninh", "state": "good", "checkedOn": "2026-11-24"])
            #expect(outside.status == .notFound)
        }
    }
}
