import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting

/// A browser in miniature: keeps cookies, carries the page's CSRF token into forms, and holds
/// a bearer token for the API.
final class TestClient: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String?
    var bearer: String?

    init(app: Application) { self.app = app }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestingHTTPResponse {
        var headers = headers
        if !cookies.isEmpty, bearer == nil || !path.hasPrefix("/api/") {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "))
        }
        if let bearer, path.hasPrefix("/api/") { headers.bearerAuthorization = BearerAuthorization(token: bearer) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body) { request in
            request.url = URI(string: path)
        }
        for cookie in response.headers[.setCookie] {
            let pair = cookie.split(separator: ";").first.map(String.init) ?? ""
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: eq)...])
            let expired = cookie.lowercased().contains("max-age=0") || cookie.contains("1970") || value.isEmpty
            if expired { cookies[name] = nil } else { cookies[name] = value }
        }
        if let token = Self.csrfToken(in: response.body.string) { csrf = token }
        return response
    }

    func get(_ path: String) async throws -> TestingHTTPResponse { try await send(.GET, path) }

    /// Posts a form as a browser would, with the CSRF token of the last page unless told otherwise.
    @discardableResult
    func postForm(_ path: String, _ fields: [String: String], withCSRF: Bool = true, method: HTTPMethod = .POST) async throws -> TestingHTTPResponse {
        var fields = fields
        if withCSRF, fields["_csrf"] == nil, let csrf { fields["_csrf"] = csrf }
        let body = fields.sorted { $0.key < $1.key }
            .map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(method, path, headers: headers, body: ByteBuffer(string: body))
    }

    @discardableResult
    func postJSON<Body: Encodable>(_ path: String, _ body: Body, method: HTTPMethod = .POST) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return try await send(method, path, headers: headers, body: ByteBuffer(data: try JSONEncoder().encode(body)))
    }

    /// Signs in through the login page; returns the response to the form.
    @discardableResult
    func login(_ username: String, password: String = "demo1234") async throws -> TestingHTTPResponse {
        try await get("/login")
        let response = try await postForm("/login", ["username": username, "password": password])
        if response.status == .seeOther, response.headers.first(name: .location) == "/" { try await get("/") }
        return response
    }

    /// Gets an API token for the user and uses it from now on.
    func useToken(_ username: String, password: String = "demo1234") async throws {
        struct Credentials: Encodable { let username: String; let password: String }
        struct Token: Decodable { let token: String }
        bearer = nil
        let response = try await postJSON("/api/v1/auth/token", Credentials(username: username, password: password))
        try #require(response.status == .ok, "token for \(username): \(response.status) \(response.body.string)")
        bearer = try JSONDecoder().decode(Token.self, from: response.body).token
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
        let match = String(html[range])
        return match.split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension TestingHTTPResponse {
    func json<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: body) }

    var jsonObject: Any? { try? JSONSerialization.jsonObject(with: Data(buffer: body)) }

    /// `{"error": {"code": ...}}`
    var errorCode: String? {
        ((jsonObject as? [String: Any])?["error"] as? [String: Any])?["code"] as? String
    }

    var location: String? { headers.first(name: .location) }
}
