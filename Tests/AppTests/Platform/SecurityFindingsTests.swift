import Domain
import Foundation
import NIOCore
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// Issue #13 §5, the findings: each test here failed before its fix.
@Suite("Security findings")
struct SecurityFindingsTests {
    @Test("A CSV export opens a text cell that starts like a formula as text; .xlsx keeps inline strings")
    func csvInjection() async throws {
        let evil = "=HYPERLINK(\"http://evil.example\",\"x\")"
        let table = Exporter.Table(sheetName: "t", headers: ["Tên", "Số"], rows: [
            [.text(evil), .number(-5)], [.text("+84 912"), .number(7)], [.text("@SUM(A1)"), .number(0)],
            [.text("-1+2"), .number(1)], [.text("\tx"), .number(1)], [.text("Nguyễn Văn An"), .number(2)]])
        let csv = String(decoding: Exporter.csv(table), as: UTF8.self)
        let rows = csv.split(separator: "\r\n").map(String.init)
        #expect(rows[1] == "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",-5")
        #expect(rows[2] == "'+84 912,7" && rows[3] == "'@SUM(A1),0" && rows[4] == "'-1+2,1" && rows[5] == "'\tx,1")
        #expect(rows[6] == "Nguyễn Văn An,2")
        let xlsx = try Exporter.xlsx(table)
        let read = try CSVTable(fileData: xlsx)
        #expect(read.rows.first?["Tên"] == evil)
    }

    @Test("The audit log: a commune's inspector reads her commune's entries only, with citizen IDs masked",
          arguments: TestDriver.available)
    func auditScope(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let users = UserStore(database: t.db, world: t.world)
            _ = try await users.create(NewUser(username: "thanh.tra.xa", displayName: "Thanh tra xã", password: "kiem-tra-2026",
                                               role: .inspector, scope: .commune(try UnitCode(11953)), mustChangePassword: false),
                                       hasher: t.app.settings.hasher, actor: .system)
            // A household with a citizen ID, in the inspector's commune, and one outside it.
            let commune = t.client()
            try await commune.useToken("commune")
            struct MemberIn: Encodable { let fullName, birthDate, sex, ethnicityCode, relation: String; let citizenId: String? }
            struct HouseholdIn: Encodable { let unitCode: Int; let code, village, area: String; let members: [MemberIn] }
            let created = try await commune.postJSON("/api/v1/households", HouseholdIn(unitCode: 11953, code: "AUDIT-1", village: "Tổ 1", area: "urban",
                members: [MemberIn(fullName: "Lê Văn Kiểm", birthDate: "1980-01-01", sex: "male", ethnicityCode: "Kinh", relation: "head",
                                   citizenId: "033080901234")]))
            #expect(created.status == .created, "\(created.body.string)")
            let inspector = t.client()
            try await inspector.useToken("thanh.tra.xa", password: "kiem-tra-2026")
            let seen = try JSONValue.parse(Data(buffer: try await inspector.get("/api/v1/audit?limit=500").body))
            let items = seen["items"]?.array ?? []
            #expect(!items.isEmpty)
            let units = try await t.sql.raw("SELECT DISTINCT unit_id FROM audit_log WHERE id IN (\(binds: items.compactMap { $0["id"]?.string }))")
                .all().map { try $0.decode(column: "unit_id", as: String?.self) }
            #expect(units.allSatisfy { $0 == "c11953@2025-07-01" }, "\(units)")
            let text = items.map { "\($0["before"]?.string ?? "") \($0["after"]?.string ?? "")" }.joined()
            #expect(text.contains("033******234") && !text.contains("033080901234"))
            // The administrator sees the whole log, numbers in full; a user created is not a commune's entry.
            let admin = t.client()
            try await admin.useToken("admin")
            let all = try JSONValue.parse(Data(buffer: try await admin.get("/api/v1/audit?recordType=household&limit=50").body))
            #expect((all["items"]?.array ?? []).contains { ($0["after"]?.string ?? "").contains("033080901234") })
            let userEntries = try JSONValue.parse(Data(buffer: try await inspector.get("/api/v1/audit?recordType=user").body))
            #expect(userEntries["total"]?.int == 0)
        }
    }

    @Test("A union officer with no organisation and a leader with no group see and do nothing until linked; a leader's register is his group's",
          arguments: TestDriver.available)
    func narrowingFailsClosed(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let admin = t.client()
            try await admin.useToken("admin")
            struct Scope: Codable { let kind: String; let ref: String? }
            struct NewUserIn: Encodable { let username, displayName, password, role: String; let scope: Scope; let organisation: String?; let group: String? }
            let union = try await admin.postJSON("/api/v1/users", NewUserIn(username: "hoi.moi", displayName: "Cán bộ hội mới", password: "hoi-phu-nu-2026",
                                                                         role: "union", scope: Scope(kind: "commune", ref: "11953"), organisation: nil, group: nil))
            #expect(union.status == .created, "\(union.body.string)")
            let unionID = try #require(try JSONValue.parse(Data(buffer: union.body))["id"]?.string)
            try await UserStore(database: t.db, world: t.world).changeOwnPassword(
                id: unionID, current: "hoi-phu-nu-2026", newPassword: "hoi-phu-nu-2027", keepSessionHash: nil, hasher: t.app.settings.hasher)
            let officer = t.client()
            try await officer.useToken("hoi.moi", password: "hoi-phu-nu-2027")
            for path in ["/api/v1/groups", "/api/v1/households", "/api/v1/loans", "/api/v1/applications"] {
                let list = try JSONValue.parse(Data(buffer: try await officer.get(path).body))
                #expect(list["total"]?.int == 0, "\(path): \(list)")
            }
            struct Link: Encodable { let displayName, role: String; let scope: Scope; let disabled: Bool; let organisation: String?; let group: String? }
            let linked = try await admin.postJSON("/api/v1/users/\(unionID)", Link(displayName: "Cán bộ hội mới", role: "union",
                scope: Scope(kind: "commune", ref: "11953"), disabled: false, organisation: "womens_union", group: nil), method: .PUT)
            let linkedOrganisation = try JSONValue.parse(Data(buffer: linked.body))["organisation"]?.string
            #expect(linked.status == .ok && linkedOrganisation == "womens_union")
            try await officer.useToken("hoi.moi", password: "hoi-phu-nu-2027")
            let groups = try JSONValue.parse(Data(buffer: try await officer.get("/api/v1/groups").body))
            #expect((groups["total"]?.int ?? 0) > 0 && (groups["items"]?.array ?? []).allSatisfy { $0["organisation"]?.string == "womens_union" })

            // The demo's leader: his group's member households, no other.
            let leader = t.client()
            try await leader.useToken("leader")
            let group = try #require(try await t.sql.raw("SELECT group_id FROM users WHERE username = 'leader'").first(decodingColumn: "group_id", as: String.self))
            let members = Set(try await GroupStore(database: t.db, world: t.world).members(groupID: group, on: t.world.today))
            let register = try JSONValue.parse(Data(buffer: try await leader.get("/api/v1/households?limit=500").body))
            let seen = Set((register["items"]?.array ?? []).compactMap { $0["id"]?.string })
            #expect(!seen.isEmpty && seen == members, "\(seen.count) seen, \(members.count) members")
            let outsider = try #require(try await t.sql.raw("""
                SELECT h.id FROM households h WHERE h.unit_id = 'c11953@2025-07-01' AND h.id NOT IN
                (SELECT household_id FROM group_memberships WHERE group_id = \(bind: group) AND valid_to IS NULL) LIMIT 1
                """).first(decodingColumn: "id", as: String.self))
            #expect(try await leader.get("/api/v1/households/\(outsider)").status == .notFound)
        }
    }

    @Test("Over HTTPS the session cookie is Secure with the __Host- prefix and HSTS is sent; error answers carry the security headers")
    func cookiesAndHeaders() async throws {
        try await withTestApp(.sqlite, secureCookies: true) { t in
            let client = t.client()
            try await client.get("/login")
            let login = try await client.postForm("/login", ["username": "bank", "password": "demo1234"])
            let cookie = try #require(login.headers[.setCookie].first { $0.hasPrefix("__Host-pc_session=") })
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/") && !cookie.lowercased().contains("domain"))
            #expect(login.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            #expect(try await client.get("/loans").status == .ok)
        }
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.get("/login")
            let login = try await client.postForm("/login", ["username": "bank", "password": "demo1234"])
            #expect(login.headers[.setCookie].contains { $0.hasPrefix("pc_session=") && !$0.contains("Secure") })
            #expect(login.headers.first(name: "Strict-Transport-Security") == nil)
            var forwarded = HTTPHeaders()
            forwarded.add(name: "X-Forwarded-Proto", value: "https")
            let proxied = try await t.client().send(.GET, "/login", headers: forwarded)
            #expect(proxied.headers[.setCookie].contains { $0.hasPrefix("__Host-pc_csrf=") && $0.contains("Secure") })
            for (path, status) in [("/api/v1/nothing-here", 404), ("/no-such-page", 404), ("/api/v1/units", 401)] {
                let response = try await t.client().get(path)
                #expect(Int(response.status.code) == status)
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Content-Security-Policy") != nil, "\(path)")
            }
            let api = t.client()
            try await api.useToken("bank")
            let people = try await api.get("/api/v1/households?limit=5")
            #expect(people.headers.first(name: .cacheControl) == "no-store")
        }
    }

    @Test("Twenty wrong guesses at once: at most five passwords are checked, the others wait; an unknown name costs a hash too")
    func throttleAndTiming() async throws {
        try await withTestApp(.sqlite) { t in
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        struct Credentials: Encodable { let username: String; let password: String }
                        return try await t.client().postJSON("/api/v1/auth/token", Credentials(username: "bank", password: "sai-\(n)-xyz")).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count <= LoginThrottle.pairDefault.freeFailures, "\(statuses.sorted())")
            #expect(statuses.filter { $0 == 429 }.count >= 20 - LoginThrottle.pairDefault.freeFailures)
        }
        // At a real cost (2¹⁰ rounds) the wrong password and the unknown name take about as long.
        try await withTestApp(.sqlite, bcryptCost: 10) { t in
            _ = try await UserStore(database: t.db, world: t.world).create(
                NewUser(username: "cham.lam", displayName: "Người dùng thử", password: "mat-khau-cham-1", role: .bank,
                        scope: .province(try UnitCode(33)), mustChangePassword: false), hasher: t.app.settings.hasher, actor: .system)
            struct Credentials: Encodable { let username: String; let password: String }
            func seconds(_ name: String, _ n: Int) async throws -> Double {
                let start = Date()
                let response = try await t.client().postJSON("/api/v1/auth/token", Credentials(username: name, password: "sai-\(n)-abc"))
                #expect(response.status == .unauthorized && response.errorCode == "wrong_credentials")
                return Date().timeIntervalSince(start)
            }
            // Interleaved, so both see the same load; before the fix an unknown name skipped the
            // hash and answered in a few milliseconds against the hash's tens.
            var known: [Double] = [], unknown: [Double] = []
            // Four each: a fifth wrong password for one name would be throttled.
            for n in 0..<4 {
                known.append(try await seconds("cham.lam", n))
                unknown.append(try await seconds("khong.co.ai", n))
            }
            // Medians, so that one request slowed by other work on the machine does not decide.
            func median(_ xs: [Double]) -> Double {
                let s = xs.sorted()
                return (s[s.count / 2 - 1] + s[s.count / 2]) / 2
            }
            let ratio = median(unknown) / median(known)
            #expect(ratio > 0.4, "unknown \(unknown) s, known \(known) s")
        }
    }

    @Test("Sign-ins good and bad, sign-outs, tokens, refusals and exports are in the security log, read by an administrator only")
    func securityLog() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("bank", password: "sai-mat-khau-1")
            try await client.login("bank")
            #expect(try await client.get("/admin/users").status == .forbidden)
            #expect(try await client.get("/loans?format=csv").status == .ok)
            try await client.postForm("/logout", [:])
            try await client.useToken("inspector")
            let log = SecurityLog(sql: t.sql, world: t.world)
            let events = try await log.list(kind: nil, username: nil, paging: Paging(limit: 500)).items
            let kinds = Set(events.map(\.kind))
            #expect(kinds.isSuperset(of: [.signIn, .signInFailed, .refused, .export, .signOut, .tokenIssued]), "\(kinds)")
            let export = try #require(events.first { $0.kind == .export })
            #expect(export.username == "bank" && export.detail.contains("office:") && export.detail.contains("hàng"))
            #expect(try await client.get("/api/v1/security-events").status == .forbidden)
            let admin = t.client()
            try await admin.useToken("admin")
            let page = try JSONValue.parse(Data(buffer: try await admin.get("/api/v1/security-events?kind=sign_in_failed").body))
            #expect((page["items"]?.array ?? []).allSatisfy { $0["kind"]?.string == "sign_in_failed" } && (page["total"]?.int ?? 0) >= 1)
            try await admin.login("admin")
            #expect(try await admin.get("/admin/security").body.string.contains("Đăng nhập sai"))
        }
    }

    @Test("next= never leaves the site, in any spelling a browser would follow", arguments: [
        "//evil.example", "/\\evil.example", "/%09/evil.example", "/\t/evil.example", "https://evil.example", "/ /evil.example",
        "\\\\evil.example", "/%2F%2Fevil.example", "/.\\evil", "javascript:alert(1)"])
    func openRedirect(next: String) async throws {
        let decoded = next.removingPercentEncoding ?? next
        let safe = AuthRoutes.safeNext(decoded)
        #expect(safe == "/" || (safe.hasPrefix("/") && !safe.hasPrefix("//") && !safe.contains("\\")), "\(next) → \(safe)")
        #expect(!["//", "/\\", "/\t"].contains { safe.hasPrefix($0) })
    }

    @Test("Passwords over 72 bytes and common passwords are refused; a plain strong one is taken")
    func passwords() async throws {
        try await withTestApp(.sqlite) { t in
            let admin = t.client()
            try await admin.useToken("admin")
            struct Scope: Codable { let kind: String; let ref: String? }
            struct NewUserIn: Encodable { let username, displayName, password, role: String; let scope: Scope }
            func create(_ name: String, _ password: String) async throws -> TestingHTTPResponse {
                try await admin.postJSON("/api/v1/users", NewUserIn(username: name, displayName: "Thử", password: password, role: "bank",
                                                                     scope: Scope(kind: "province", ref: "33")))
            }
            #expect(try await create("dai.qua", String(repeating: "ạ", count: 25)).errorCode == "password_too_long")
            for common in ["12345678", "matkhau123", "Password1", "qwerty123", "aaaaaaaa", "abcdefgh", "87654321"] {
                let response = try await create("pho.bien", common)
                #expect(response.status == .unprocessableEntity && response.errorCode == "common_password", "\(common)")
            }
            #expect(try await create("manh.me", "Tre-xanh-bo-song-9").status == .created)
        }
    }

    @Test("A session ends after thirty idle minutes (a dated setting); use keeps it alive")
    func idleSessions() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("bank")
            for _ in 0..<4 {
                t.clock.advance(seconds: 20 * 60)
                #expect(try await client.get("/loans").status == .ok)
            }
            t.clock.advance(seconds: 31 * 60)
            let idle = try await client.get("/loans")
            #expect(idle.status == .seeOther && (idle.location ?? "").hasPrefix("/login"))
        }
    }
}
