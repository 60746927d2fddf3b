import Domain
import Foundation
import NIOCore
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// Issue #13 §5: two-factor sign-in with TOTP (RFC 6238): enrolment with a server-drawn QR code
/// and recovery codes, the second step of the sign-in page, `otp` on the token endpoint, and the
/// roles the dated reference value `mfa_required_roles` names.
@Suite("Two-factor sign-in")
struct TwoFactorTests {
    /// The code an authenticator shows now for the secret printed on the enrolment page.
    static func code(_ page: String, at date: Date) throws -> String {
        let printed = try #require(page.firstMatch(of: /id="two-factor-secret">([A-Z2-7 ]+)</)?.1)
        let secret = try #require(Base32.decode(String(printed)))
        return TOTP.code(secret: secret, counter: TOTP.counter(atUnixSeconds: Int64(date.timeIntervalSince1970)))
    }

    @Test("Enrol on the account page, then sign in with a code; a code works once; a recovery code works once",
          arguments: TestDriver.available)
    func enrolAndSignIn(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.login("bank")
            let page = try await bank.get("/account/two-factor")
            #expect(page.status == .ok && page.body.string.contains("<svg") && page.body.string.contains("two-factor-secret"))
            #expect(try await bank.postForm("/account/two-factor/enable", ["code": "000000"]).status == .unprocessableEntity)
            let first = try Self.code(page.body.string, at: t.world.now())
            let enabled = try await bank.postForm("/account/two-factor/enable", ["code": first])
            let codes = enabled.body.string.matches(of: /<code>([0-9a-f]{5}-[0-9a-f]{5})<\/code>/).map { String($0.1) }
            #expect(enabled.status == .ok && codes.count == 10 && Set(codes).count == 10)
            let recovery = try #require(codes.first)
            try await bank.postForm("/logout", [:])

            // The password alone leads to the second step, not into the site.
            let again = t.client()
            try await again.get("/login")
            let step = try await again.postForm("/login", ["username": "bank", "password": "demo1234", "next": "/loans"])
            #expect(step.location == "/login/second-factor")
            #expect(try await again.get("/loans").status == .seeOther)
            try await again.get("/login/second-factor")
            #expect(try await again.postForm("/login/second-factor", ["code": "123456"]).status == .unauthorized)
            t.clock.advance(seconds: 30)
            let now = try Self.code(page.body.string, at: t.world.now())
            let signedIn = try await again.postForm("/login/second-factor", ["code": now])
            #expect(signedIn.location == "/loans")
            #expect(try await again.get("/loans").status == .ok)

            // The same code cannot sign in twice; a recovery code works once.
            let replay = t.client()
            try await replay.get("/login")
            _ = try await replay.postForm("/login", ["username": "bank", "password": "demo1234"])
            try await replay.get("/login/second-factor")
            #expect(try await replay.postForm("/login/second-factor", ["code": now]).status == .unauthorized)
            #expect(try await replay.postForm("/login/second-factor", ["code": recovery]).location == "/")
            struct Token: Encodable { let username: String; let password: String; let otp: String? }
            let noCode = try await t.client().postJSON("/api/v1/auth/token", Token(username: "bank", password: "demo1234", otp: nil))
            #expect(noCode.status == .unauthorized && noCode.errorCode == "otp_required")
            let usedRecovery = try await t.client().postJSON("/api/v1/auth/token", Token(username: "bank", password: "demo1234", otp: recovery))
            #expect(usedRecovery.errorCode == "wrong_otp")
            t.clock.advance(seconds: 30)
            let withCode = try await t.client().postJSON("/api/v1/auth/token",
                                                         Token(username: "bank", password: "demo1234", otp: try Self.code(page.body.string, at: t.world.now())))
            #expect(withCode.status == .ok)
            let kinds = try await SecurityLog(sql: t.sql, world: t.world).list(kind: nil, username: "bank", paging: Paging(limit: 100)).items.map(\.kind)
            #expect(kinds.contains(.twoFactorEnabled) && kinds.contains(.secondFactorFailed))
        }
    }

    @Test("A role mfa_required_roles names must enrol before anything else; the API refuses it a token until then")
    func requiredRoles() async throws {
        try await withTestApp(.sqlite) { t in
            _ = try await ReferenceDataStore(database: t.db, world: t.world).addValue(
                key: "mfa_required_roles", effectiveFrom: t.world.today, value: "bank, admin", legalSource: "Quy chế an toàn (thử)", note: "",
                actor: .system)
            let bank = t.client()
            try await bank.login("bank")
            let forced = try await bank.get("/loans")
            #expect(forced.status == .seeOther && forced.location == "/account/two-factor")
            let page = try await bank.get("/account/two-factor")
            #expect(page.body.string.contains("two-factor-forced"))
            struct Token: Encodable { let username: String; let password: String }
            let refused = try await t.client().postJSON("/api/v1/auth/token", Token(username: "bank", password: "demo1234"))
            #expect(refused.status == .forbidden && refused.errorCode == "two_factor_enrolment_required")
            #expect(try await t.client().postJSON("/api/v1/auth/token", Token(username: "commune", password: "demo1234")).status == .ok)
            _ = try await bank.postForm("/account/two-factor/enable", ["code": try Self.code(page.body.string, at: t.world.now())])
            #expect(try await bank.get("/loans").status == .ok)
        }
    }
}
