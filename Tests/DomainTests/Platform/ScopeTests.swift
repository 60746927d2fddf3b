import Domain
import Testing

@Suite("Roles, scopes and credentials")
struct ScopeTests {
    @Test("Scopes round-trip through their stored form")
    func roundTrip() throws {
        let scopes: [ScopeSpec] = [.everything, .province(try UnitCode(33)), .commune(try UnitCode(11953)), .office("office-33-branch")]
        for scope in scopes {
            #expect(try ScopeSpec(kind: scope.kind, reference: scope.reference) == scope)
        }
    }

    @Test("Bad scopes are refused", arguments: [("province", nil), ("commune", "abc"), ("office", ""), ("planet", "3")] as [(String, String?)])
    func refused(kind: String, reference: String?) {
        #expect(throws: PlatformError.self) { try ScopeSpec(kind: kind, reference: reference) }
    }

    @Test("A filter wider than the scope is admitted, one wholly outside is not")
    func admits() {
        let scope = AccessScope(isEverything: false, unitIDs: ["c11953@2025-07-01", "c11956"], provinceCodes: [33])
        #expect(scope.admits(province: 33))
        #expect(!scope.admits(province: 1))
        #expect(scope.admits(filterUnits: ["c11956", "c4@2025-07-01"]))
        #expect(!scope.admits(filterUnits: ["c4@2025-07-01"]))
        #expect(AccessScope.everything.admits(province: 1))
        #expect(scope.contains("c11956"))
        #expect(!scope.contains("c4@2025-07-01"))
    }

    @Test("Only administrators manage users and reference data; inspectors only read")
    func roles() {
        for role in Role.allCases {
            #expect(role.administersUsers == (role == .admin))
            #expect(role.editsReferenceData == (role == .admin))
            #expect(role.isReadOnly == (role == .inspector))
            #expect(!role.label.isEmpty)
        }
    }

    @Test("Usernames and passwords", arguments: ["ab", "Tên", "a b c", String(repeating: "x", count: 41)])
    func badUsernames(name: String) {
        #expect(throws: PlatformError.invalidUsername) { try Credentials.validate(username: name) }
    }

    @Test("Passwords must be long and differ from the username")
    func passwords() throws {
        #expect(try Credentials.validate(username: " Commune.1 ") == "commune.1")
        #expect(throws: PlatformError.weakPassword) { try Credentials.validate(password: "short", username: "abc") }
        #expect(throws: PlatformError.weakPassword) { try Credentials.validate(password: "longname", username: "LongName") }
        try Credentials.validate(password: "demo1234", username: "commune")
    }

    @Test("Every platform error has a stable code and a Vietnamese message")
    func errors() {
        let errors: [PlatformError] = [.wrongCredentials, .throttled(seconds: 4), .outOfScope, .duplicateUsername("x"), .csrfMismatch]
        #expect(Set(errors.map(\.code)).count == errors.count)
        for error in errors { #expect(!error.message.isEmpty) }
        #expect(PlatformError.throttled(seconds: 4).kind == .tooManyRequests)
        #expect(PlatformError.outOfScope.kind == .forbidden)
    }
}
