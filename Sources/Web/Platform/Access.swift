import Domain
import Store
import SQLKit
import Vapor

/// Who may call a route. Every route the app registers declares one (the route-table test fails
/// on a route without it), and the handler only runs once it is satisfied.
enum Access: Sendable, Hashable, CustomStringConvertible {
    /// Anyone: health check, sign-in, the OpenAPI document.
    case open
    /// Any signed-in user; the store narrows what they see to their scope.
    case signedIn
    /// Signed-in users with one of these roles.
    case roles(Set<Role>)

    static let admin = Access.roles([.admin])

    func allows(_ role: Role) -> Bool {
        switch self {
        case .open, .signedIn: true
        case .roles(let roles): roles.contains(role)
        }
    }

    var description: String {
        switch self {
        case .open: "open"
        case .signedIn: "signedIn"
        case .roles(let roles): roles.map(\.rawValue).sorted().joined(separator: ",")
        }
    }
}

/// The signed-in person making this request, with their scope resolved against the map.
struct Viewer: Sendable {
    let user: UserRecord
    let scope: AccessScope
    /// The session's CSRF token; nil for bearer-token calls, which carry no cookies.
    let csrfToken: String?
    let sessionHash: String?

    var actor: Actor { Actor(userID: user.id, username: user.username) }
    var role: Role { user.role }
}

enum RouteKind: Sendable { case page, api }

struct AccessKey: Hashable, Sendable {}

extension Request {
    private struct ViewerKey: StorageKey { typealias Value = Viewer }
    private struct IdentityKey: StorageKey { typealias Value = Identity }

    /// Set by `Authenticator` from the session cookie or bearer token.
    var identity: Identity? {
        get { storage[IdentityKey.self] }
        set { storage[IdentityKey.self] = newValue }
    }

    var viewer: Viewer? {
        get { storage[ViewerKey.self] }
        set { storage[ViewerKey.self] = newValue }
    }

    func requireViewer() throws -> Viewer {
        guard let viewer else { throw PlatformError.notSignedIn }
        return viewer
    }

    /// Answered as JSON, errors too: the API and the two addresses machines read.
    var isAPI: Bool { url.path.hasPrefix("/api/") || url.path == "/healthz" || url.path == "/metrics" }
}

struct BodyLimitKey: Hashable, Sendable {}

extension RoutesBuilder {
    /// Registers a route with its access rule: checks sign-in, role and forced password change,
    /// then the body's size, then reads the body, then CSRF, before the handler; and records the
    /// rule on the route for the route-table test. The body is never read for a caller the rule
    /// turns away, and a declared length over the route's limit is refused before reading.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], access: Access, kind: RouteKind,
        body: HTTPBodyStreamStrategy = .collect,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let declared: ByteCount? = if case .collect(let max) = body { max } else { nil }
        let route = self.on(method, path, body: .stream) { req async throws -> Response in
            try await Gate.admit(req, access: access)
            let limit = declared?.value ?? req.application.routes.defaultMaxBodySize.value
            try await Gate.readBody(req, limit: limit)
            try InputGuard.check(req)
            try await Gate.check(req, access: access, kind: kind)
            if kind == .api { try APIContract.shared?.check(req) }
            return try await handler(req)
        }
        route.userInfo[AccessKey()] = access
        route.userInfo[BodyLimitKey()] = declared?.value
        return route
    }
}

/// The checks every route passes before its handler.
enum Gate {
    /// Who may come in, decided from the headers alone, before any of the body is read.
    static func admit(_ req: Request, access: Access) async throws {
        if case .open = access { return }
        guard let identity = req.identity else { throw PlatformError.notSignedIn }
        if identity.user.mustChangePassword, !passwordPaths.contains(req.url.path) { throw MustChangePassword() }
        // A role that must sign in with a second factor reaches only the page that turns it on.
        if !identity.user.twoFactorEnabled, !(passwordPaths + TwoFactorRoutes.paths).contains(req.url.path),
           try await req.application.securitySettings.values(req).twoFactor.requires(identity.user.role) {
            throw MustEnrolTwoFactor()
        }
        guard access.allows(identity.user.role) else { throw PlatformError.forbidden }
    }

    /// Reads the body into memory, refusing one that declares or turns out to be larger than
    /// `limit` bytes (413) without reading past the limit.
    static func readBody(_ req: Request, limit: Int) async throws {
        if let declared = req.headers.first(name: .contentLength) {
            guard let length = Int(declared), length >= 0 else { throw Abort(.badRequest) }
            guard length <= limit else { throw Abort(.payloadTooLarge) }
            if length == 0 { return }
        } else if req.method == .GET || req.method == .HEAD {
            return
        }
        _ = try await req.body.collect(max: limit).get()
    }

    static let passwordPaths = ["/account/password", "/api/v1/me/password", "/logout"]

    static func check(_ req: Request, access: Access, kind: RouteKind) async throws {
        if case .open = access {
            if kind == .page, req.method == .POST { try CSRF.checkPreSession(req) }
            return
        }
        guard let identity = req.identity else { throw PlatformError.notSignedIn }
        let user = identity.user
        // A created user must first choose their own password; only that page is open to them.
        if user.mustChangePassword, !passwordPaths.contains(req.url.path) {
            throw MustChangePassword()
        }
        guard access.allows(user.role) else { throw PlatformError.forbidden }
        if identity.sessionHash != nil, req.method != .GET, req.method != .HEAD {
            // Cookie-authenticated writes need the form's CSRF token; the API writes with a bearer token.
            guard kind == .page else { throw PlatformError.forbidden }
            try CSRF.check(req, expected: identity.csrfToken)
        }
        req.viewer = Viewer(user: user, scope: try await scope(of: user, req), csrfToken: identity.csrfToken,
                            sessionHash: identity.sessionHash)
    }

    /// The user's scope resolved on the map. An organisation officer or a group leader reaches
    /// only their organisation's or group's records; one not yet linked to an organisation or a
    /// group reaches nothing at all (fail closed) until an administrator links them.
    static func scope(of user: UserRecord, _ req: Request) async throws -> AccessScope {
        let unlinked = (user.role == .union && user.organisation == nil) || (user.role == .leader && user.groupID == nil)
        if unlinked { return AccessScope(isEverything: false, unitIDs: [], provinceCodes: []) }
        var scope = try await req.application.scopeCache.scope(for: user.scope, req: req)
        scope.organisationID = NetworkLink.organisation(user.organisation, role: user.role)?.rawValue
        scope.groupID = NetworkLink.group(user.groupID, role: user.role)
        return scope
    }
}

struct MustChangePassword: Error {}
struct MustEnrolTwoFactor: Error {}
