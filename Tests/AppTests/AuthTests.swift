import Domain
import Store
import Testing
import Vapor
import VaporTesting

@Suite("Sign-in, sessions, tokens, throttling")
struct AuthTests {
    @Test("Signing in sets a session that the server knows; signing out ends it on the server", arguments: TestDriver.available)
    func sessionLifecycle(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let client = t.client()
            let login = try await client.login("commune")
            #expect(login.status == .seeOther)
            #expect(login.location == "/")
            let cookie = try #require(client.cookies["pc_session"])
            let home = try await client.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Cán bộ UBND phường Phố Hiến"))
            // The stored session is a hash, never the token itself.
            let stored = try await t.sql.raw("SELECT token_hash FROM sessions").all(decodingColumn: "token_hash", as: String.self)
            #expect(!stored.contains(cookie))
            let logout = try await client.postForm("/logout", [:])
            #expect(logout.status == .seeOther)
            // Replaying the old cookie after logout is refused: the session ended on the server.
            let replay = t.client()
            replay.cookies["pc_session"] = cookie
            let after = try await replay.get("/units")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
        }
    }

    @Test("A wrong password gets a Vietnamese message, status 401 and no session")
    func wrongPassword() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            let response = try await client.login("commune", password: "sai-mat-khau")
            #expect(response.status == .unauthorized)
            #expect(response.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
            #expect(client.cookies["pc_session"] == nil)
            let unknown = try await client.login("nobody", password: "whatever1")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
        }
    }

    @Test("Forms without their CSRF token are refused and change nothing")
    func csrf() async throws {
        try await withTestApp(.sqlite) { t in
            let anonymous = t.client()
            let login = try await anonymous.postForm("/login", ["username": "commune", "password": "demo1234"], withCSRF: false)
            #expect(login.status == .forbidden)
            #expect(login.body.string.contains("Biểu mẫu đã hết hạn"))
            #expect(anonymous.cookies["pc_session"] == nil)

            let admin = t.client()
            try await admin.login("admin")
            let forged = try await admin.postForm("/admin/users", ["username": "forged", "displayName": "X", "password": "ngan-hang-2026",
                                                                   "role": "admin", "_csrf": "0000"])
            #expect(forged.status == .forbidden)
            #expect(try await UserStore(database: t.db, world: t.world).user(username: "forged") == nil)
        }
    }

    @Test("Repeated failures are slowed per username and address, without locking out others", arguments: TestDriver.available)
    func throttling(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            struct Credentials: Encodable { let username: String; let password: String }
            let client = t.client()
            for _ in 0..<LoginThrottle.pairDefault.freeFailures {
                let response = try await client.postJSON("/api/v1/auth/token", Credentials(username: "commune", password: "wrong-one"))
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "wrong_credentials")
            }
            // Now even the right password waits: an attacker cannot tell when they guessed it.
            let slowed = try await client.postJSON("/api/v1/auth/token", Credentials(username: "commune", password: "demo1234"))
            #expect(slowed.status == .tooManyRequests)
            #expect(slowed.errorCode == "too_many_attempts")
            // Another user from the same address is not locked out.
            let other = try await client.postJSON("/api/v1/auth/token", Credentials(username: "bank", password: "demo1234"))
            #expect(other.status == .ok)
            // After the wait, the right password works again.
            t.clock.advance(seconds: 3)
            let later = try await client.postJSON("/api/v1/auth/token", Credentials(username: "commune", password: "demo1234"))
            #expect(later.status == .ok)
        }
    }

    @Test("API tokens work until they expire; bad tokens get 401 with a JSON error", arguments: TestDriver.available)
    func tokens(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let client = t.client()
            try await client.useToken("commune")
            let me = try await client.get("/api/v1/me")
            #expect(me.status == .ok)
            let body = try JSONValue.parse(Data(buffer: me.body))
            #expect(body["username"]?.string == "commune")
            #expect(body["scope"]?["kind"]?.string == "commune")
            t.clock.advance(seconds: 24 * 3600 + 1)
            let expired = try await client.get("/api/v1/me")
            #expect(expired.status == .unauthorized)
            #expect(expired.errorCode == "not_signed_in")
            client.bearer = "not-a-token"
            #expect(try await client.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("A created user must change the password first; disabling a user ends their sessions", arguments: TestDriver.available)
    func forcedChangeAndDisable(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let admin = t.client()
            try await admin.login("admin")
            try await admin.get("/admin/users/new")
            let created = try await admin.postForm("/admin/users", ["username": "ntha", "displayName": "Nguyễn Thị Hà",
                                                                    "password": "tamthoi123", "role": "commune", "scopeUnit": "11953"])
            #expect(created.status == .seeOther)
            let userPath = try #require(created.location)
            let user = t.client()
            let first = try await user.login("ntha", password: "tamthoi123")
            #expect(first.location == "/account/password")
            let blocked = try await user.get("/units")
            #expect(blocked.status == .seeOther)
            #expect(blocked.location == "/account/password")
            try await user.get("/account/password")
            let mismatch = try await user.postForm("/account/password", ["current": "tamthoi123", "password": "moi-12345", "confirm": "khac-12345"])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(mismatch.body.string.contains("Mật khẩu nhập lại không khớp."))
            let changed = try await user.postForm("/account/password", ["current": "tamthoi123", "password": "moi-12345", "confirm": "moi-12345"])
            #expect(changed.status == .seeOther)
            #expect(try await user.get("/units").status == .ok)

            try await admin.get(userPath)
            let disabled = try await admin.postForm(userPath, ["displayName": "Nguyễn Thị Hà", "role": "commune", "scopeUnit": "11953", "disabled": "on"])
            #expect(disabled.status == .seeOther)
            let after = try await user.get("/units")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
            let again = try await t.client().login("ntha", password: "moi-12345")
            #expect(again.status == .unauthorized)
        }
    }

    @Test("An API user forced to change the password does it through the API, and only that")
    func apiPasswordChange() async throws {
        try await withTestApp(.sqlite) { t in
            let admin = t.client()
            try await admin.useToken("admin")
            struct Scope: Encodable { let kind: String; let ref: String? }
            struct NewUser: Encodable { let username, displayName, password, role: String; let scope: Scope }
            let created = try await admin.postJSON("/api/v1/users", NewUser(username: "api.user", displayName: "Máy", password: "tamthoi123",
                                                                            role: "inspector", scope: Scope(kind: "province", ref: "33")))
            #expect(created.status == .created)
            let client = t.client()
            try await client.useToken("api.user", password: "tamthoi123")
            let blocked = try await client.get("/api/v1/units")
            #expect(blocked.status == .forbidden)
            #expect(blocked.errorCode == "password_change_required")
            struct Change: Encodable { let currentPassword, newPassword: String }
            let wrong = try await client.postJSON("/api/v1/me/password", Change(currentPassword: "sai-roi-1", newPassword: "moi-123456"))
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.errorCode == "wrong_current_password")
            let changed = try await client.postJSON("/api/v1/me/password", Change(currentPassword: "tamthoi123", newPassword: "moi-123456"))
            #expect(changed.status == .noContent)
            // The password change ends every token: sign in again with the new one.
            #expect(try await client.get("/api/v1/units").status == .unauthorized)
            try await client.useToken("api.user", password: "moi-123456")
            #expect(try await client.get("/api/v1/units").status == .ok)
        }
    }

    @Test("The login form only redirects to local paths after sign-in")
    func safeNext() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.get("/login?next=/units")
            let local = try await client.postForm("/login", ["username": "commune", "password": "demo1234", "next": "/units?q=pho"])
            #expect(local.location == "/units?q=pho")
            let other = t.client()
            try await other.get("/login")
            let foreign = try await other.postForm("/login", ["username": "commune", "password": "demo1234", "next": "//evil.example/x"])
            #expect(foreign.location == "/")
        }
    }
}
