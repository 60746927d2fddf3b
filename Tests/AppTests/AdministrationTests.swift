import Domain
import Foundation
import Store
import Testing
import Vapor
import VaporTesting

@Suite("Administration: users, reference data, audit")
struct AdministrationTests {
    @Test("An administrator creates a user through the form; mistakes come back in Vietnamese and change nothing", arguments: TestDriver.available)
    func createUser(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let admin = t.client()
            try await admin.login("admin")
            try await admin.get("/admin/users/new")
            let duplicate = try await admin.postForm("/admin/users", ["username": "commune", "displayName": "Trùng", "password": "ngan-hang-2026", "role": "commune"])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.string.contains("Tên đăng nhập «commune» đã được dùng."))
            let badScope = try await admin.postForm("/admin/users", ["username": "moi", "displayName": "Mới", "password": "ngan-hang-2026",
                                                                     "role": "commune", "scopeUnit": "99999"])
            #expect(badScope.status == .unprocessableEntity)
            #expect(badScope.body.string.contains("Phạm vi dữ liệu không hợp lệ"))
            let users = UserStore(database: t.db, world: t.world)
            #expect(try await users.user(username: "moi") == nil)
            let created = try await admin.postForm("/admin/users", ["username": "moi", "displayName": "Người mới", "password": "ngan-hang-2026",
                                                                    "role": "bank", "scopeOffice": "office-33-336"])
            #expect(created.status == .seeOther)
            let record = try #require(try await users.user(username: "moi"))
            #expect(record.scope == .office("office-33-336"))
            #expect(record.mustChangePassword)
            let page = try await admin.get(try #require(created.location))
            #expect(page.body.string.contains("flash-success"))
            let audit = try await AuditStore(sql: t.sql, world: t.world).list(AuditQuery(recordType: "user", recordID: record.id), scope: .everything)
            #expect(audit.items.map(\.action) == ["user.create"])
            #expect(audit.items.first?.actorUsername == "admin")
            #expect(audit.items.first?.before == nil)
            #expect(audit.items.first?.after?.contains("\"username\":\"moi\"") == true)
            #expect(audit.items.first?.after?.contains("password") == false)
        }
    }

    @Test("Reference data: a new dated value supersedes from its date; the old one still answers for earlier dates", arguments: TestDriver.available)
    func referenceData(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = ReferenceDataStore(database: t.db, world: t.world)
            #expect(try await store.value(key: "anchor_rate", on: try BusinessDate(iso: "2025-11-30"))?.value == "5500000")
            #expect(try await store.value(key: "anchor_rate", on: try BusinessDate(iso: "2025-12-01"))?.value == "5200000")
            let admin = t.client()
            try await admin.login("admin")
            try await admin.get("/reference-data/anchor_rate")
            let added = try await admin.postForm("/reference-data/anchor_rate/values",
                                                 ["effectiveFrom": "2027-01-01", "value": "0,5", "legalSource": "Quyết định thử số 1"])
            #expect(added.status == .seeOther)
            #expect(try await store.value(key: "anchor_rate", on: try BusinessDate(iso: "2027-01-01"))?.value == "5000000")
            #expect(try await store.value(key: "anchor_rate", on: try BusinessDate(iso: "2026-12-31"))?.value == "5200000")
            let same = try await admin.postForm("/reference-data/anchor_rate/values",
                                                ["effectiveFrom": "2027-01-01", "value": "0,4", "legalSource": "Quyết định thử số 2"])
            #expect(same.status == .conflict)
            #expect(same.body.string.contains("Đã có giá trị có hiệu lực từ ngày 01/01/2027"))
            let bad = try await admin.postForm("/reference-data/anchor_rate/values",
                                               ["effectiveFrom": "2027-02-01", "value": "nhiều", "legalSource": "QĐ"])
            #expect(bad.status == .unprocessableEntity)
            let noSource = try await admin.postForm("/reference-data/anchor_rate/values",
                                                    ["effectiveFrom": "2027-02-01", "value": "0,4", "legalSource": " "])
            #expect(noSource.status == .badRequest)
            #expect(try await store.table(key: "anchor_rate", asOf: try BusinessDate(iso: "2030-01-01")).values.count == 3)
            let audit = try await AuditStore(sql: t.sql, world: t.world).list(AuditQuery(recordType: "reference_value"), scope: .everything)
            #expect(audit.total == 1)
            #expect(audit.items.first?.before?.contains("5200000") == true)
            // The API shows rates as fractions.
            let reader = t.client()
            try await reader.useToken("commune")
            let table = try JSONValue.parse(Data(buffer: try await reader.get("/api/v1/reference-data/anchor_rate?asOf=2026-01-01").body))
            #expect(table["inForce"]?["value"]?.string == "0.0052")
            #expect(table["inForce"]?["display"]?.string == "0,52 %/tháng")
        }
    }

    @Test("The audit log page filters by user and shows before and after; inspectors see their province only")
    func auditPage() async throws {
        try await withTestApp(.sqlite) { t in
            let admin = t.client()
            try await admin.login("admin")
            try await admin.get("/reference-data/group_members_min")
            try await admin.postForm("/reference-data/group_members_min/values", ["effectiveFrom": "2027-01-01", "value": "6", "legalSource": "Thử"])
            let page = try await admin.get("/audit?user=admin")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("reference_value.create"))
            let none = try await admin.get("/audit?user=nobody")
            #expect(none.body.string.contains("0 mục"))
            let badDate = try await admin.get("/audit?from=31/02/2026")
            #expect(badDate.status == .badRequest)
            #expect(badDate.body.string.contains("Ngày không hợp lệ"))
            // Province-less entries (users, reference data) are the administrator's; the inspector sees province 33's.
            let inspector = t.client()
            try await inspector.useToken("inspector")
            let seen = try JSONValue.parse(Data(buffer: try await inspector.get("/api/v1/audit?limit=500").body))
            let provinces = Set(seen["items"]?.array?.compactMap { $0["provinceCode"]?.int } ?? [])
            #expect(provinces == [33])
            #expect(seen["items"]?.array?.contains { $0["action"]?.string == "reference_value.create" } == false)
        }
    }
}
