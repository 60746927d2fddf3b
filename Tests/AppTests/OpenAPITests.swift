import Foundation
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// The OpenAPI document describes the API as it is: the same routes, and real responses that
/// validate against the declared schemas.
@Suite("OpenAPI document")
struct OpenAPITests {
    static func document(_ client: TestClient) async throws -> SchemaValidator {
        let response = try await client.get("/api/v1/openapi.json")
        try #require(response.status == .ok)
        let document = try JSONValue.parse(Data(buffer: response.body))
        #expect(document["openapi"]?.string == "3.1.0")
        return SchemaValidator(document: document)
    }

    static func openAPIPath(_ route: Route) -> String {
        "/" + route.path.map { component in
            if case .parameter(let name) = component { return "{\(name)}" }
            return component.description
        }.joined(separator: "/")
    }

    @Test("Every API route is documented and every documented operation exists")
    func sameRoutes() async throws {
        try await withTestApp(.sqlite) { t in
            let validator = try await Self.document(t.client())
            let registered = Set(t.app.routes.all.map { "\($0.method.rawValue) \(Self.openAPIPath($0))" }
                .filter { $0.contains(" /api/") || $0.hasSuffix(" /healthz") || $0.hasSuffix(" /metrics") })
            #expect(registered.subtracting(validator.operations).isEmpty, "undocumented: \(registered.subtracting(validator.operations).sorted())")
            #expect(validator.operations.subtracting(registered).isEmpty, "documented but absent: \(validator.operations.subtracting(registered).sorted())")
        }
    }

    /// Real requests, with the route they exercise, the user and the status expected.
    static let calls: [(user: String?, method: HTTPMethod, path: String, route: String, status: Int)] = [
        (nil, .GET, "/healthz", "/healthz", 200),
        ("commune", .GET, "/api/v1/me", "/api/v1/me", 200),
        ("province", .GET, "/api/v1/reports/lending", "/api/v1/reports/lending", 200),
        ("commune", .GET, "/api/v1/reports/poverty-review?period=2026",
         "/api/v1/reports/poverty-review", 200),
        ("finance", .GET, "/api/v1/reports/local-capital?period=2026",
         "/api/v1/reports/local-capital", 200),
        ("commune", .GET, "/api/v1/reports/yearly?commune=11977", "/api/v1/reports/yearly", 404),
        ("leader", .GET, "/api/v1/reports/monthly", "/api/v1/reports/monthly", 403),
        ("bank", .GET, "/api/v1/reports/monthly?period=2026-1", "/api/v1/reports/monthly", 400),
        ("commune", .GET, "/api/v1/units?province=33&q=pho%20hien", "/api/v1/units", 200),
        ("province", .GET, "/api/v1/units?province=33&asOf=2025-06-30&level=district", "/api/v1/units", 200),
        ("commune", .GET, "/api/v1/units?province=1", "/api/v1/units", 403),
        ("commune", .GET, "/api/v1/units?limit=0", "/api/v1/units", 400),
        ("bank", .GET, "/api/v1/indicators?month=2026-10", "/api/v1/indicators", 200),
        ("union", .GET, "/api/v1/indicators", "/api/v1/indicators", 200),
        ("bank", .GET, "/api/v1/indicators?month=10-2026", "/api/v1/indicators", 400),
        ("bank", .GET, "/api/v1/transaction-days/point-11953-1%7C2026-08", "/api/v1/transaction-days/{id}", 200),
        ("commune", .GET, "/api/v1/transaction-days/point-11977-1%7C2026-08", "/api/v1/transaction-days/{id}", 404),
        (nil, .GET, "/api/v1/units", "/api/v1/units", 401),
        ("commune", .GET, "/api/v1/units/11953", "/api/v1/units/{code}", 200),
        ("province", .GET, "/api/v1/units/11956?asOf=2025-01-01", "/api/v1/units/{code}", 200),
        ("commune", .GET, "/api/v1/units/4", "/api/v1/units/{code}", 404),
        ("bank", .GET, "/api/v1/offices", "/api/v1/offices", 200),
        ("province", .GET, "/api/v1/offices/office-33-branch", "/api/v1/offices/{id}", 200),
        ("province", .GET, "/api/v1/transaction-points?needingAction=1", "/api/v1/transaction-points", 200),
        ("commune", .GET, "/api/v1/transaction-points/point-11953-1", "/api/v1/transaction-points/{id}", 200),
        ("commune", .GET, "/api/v1/reference-data", "/api/v1/reference-data", 200),
        ("commune", .GET, "/api/v1/reference-data/anchor_rate?asOf=2025-01-01", "/api/v1/reference-data/{key}", 200),
        ("commune", .GET, "/api/v1/reference-data/nothing", "/api/v1/reference-data/{key}", 404),
        ("admin", .GET, "/api/v1/users", "/api/v1/users", 200),
        ("commune", .GET, "/api/v1/users", "/api/v1/users", 403),
        ("admin", .GET, "/api/v1/audit", "/api/v1/audit", 200),
        ("province", .GET, "/api/v1/poverty/rates?asOf=2026-01-01", "/api/v1/poverty/rates", 200),
        ("commune", .GET, "/api/v1/poverty/standards", "/api/v1/poverty/standards", 200),
        ("commune", .GET, "/api/v1/households?unit=11953&q=nguyen", "/api/v1/households", 200),
        ("commune", .GET, "/api/v1/households?province=1", "/api/v1/households", 403),
        ("inspector", .GET, "/api/v1/audit?user=system", "/api/v1/audit", 200),
        ("commune", .GET, "/api/v1/poverty/scorecards", "/api/v1/poverty/scorecards", 200),
        ("union", .GET, "/api/v1/groups?unit=11953&organisation=womens_union&limit=5", "/api/v1/groups", 200),
        ("union", .GET, "/api/v1/groups?unit=11953&organisation=farmers_union", "/api/v1/groups", 403),
        ("leader", .GET, "/api/v1/groups", "/api/v1/groups", 200),
        ("commune", .GET, "/api/v1/groups/demo-group-11953-1", "/api/v1/groups/{id}", 200),
        ("commune", .GET, "/api/v1/groups/nothing", "/api/v1/groups/{id}", 404),
        ("union", .GET, "/api/v1/organisations?unit=11953", "/api/v1/organisations", 200),
        ("province", .GET, "/api/v1/organisations?history=1", "/api/v1/organisations", 200),
        ("union", .GET, "/api/v1/organisations?unit=11977", "/api/v1/organisations", 403),
        ("commune", .GET, "/api/v1/groups?unit=11977", "/api/v1/groups", 403),
        ("bank", .GET, "/api/v1/offices/office-33-branch/calendar?month=2026-12", "/api/v1/offices/{id}/calendar", 200),
        ("commune", .GET, "/api/v1/group-scoring-tables", "/api/v1/group-scoring-tables", 200),
        ("commune", .GET, "/api/v1/programs?asOf=2026-01-15", "/api/v1/programs", 200),
        ("commune", .GET, "/api/v1/programs/social_housing", "/api/v1/programs/{code}", 200),
        ("commune", .GET, "/api/v1/programs/nothing", "/api/v1/programs/{code}", 404),
        ("bank", .GET, "/api/v1/ledger/trial-balance?date=2026-03-31", "/api/v1/ledger/trial-balance", 200),
        ("commune", .GET, "/api/v1/ledger/trial-balance", "/api/v1/ledger/trial-balance", 403),
        ("bank", .GET, "/api/v1/write-off-batches", "/api/v1/write-off-batches", 200),
        ("bank", .GET, "/api/v1/write-off-conditions", "/api/v1/write-off-conditions", 200),
        ("commune", .GET, "/api/v1/housing-demands", "/api/v1/housing-demands", 200),
        ("bank", .GET, "/api/v1/reports/housing-demand", "/api/v1/reports/housing-demand", 200),
        ("finance", .GET, "/api/v1/capital/share?province=33&date=2026-06-30&growth=1000",
         "/api/v1/capital/share", 200),
        ("admin", .GET, "/api/v1/capital/share", "/api/v1/capital/share", 200),
        ("commune", .GET, "/api/v1/capital/share?province=1", "/api/v1/capital/share", 404),
        ("commune", .GET, "/api/v1/capital/movements", "/api/v1/capital/movements", 200),
        ("province", .GET, "/api/v1/dashboard?date=2026-10-31", "/api/v1/dashboard", 200),
        ("commune", .GET, "/api/v1/dashboard?province=1", "/api/v1/dashboard", 404),
        ("province", .GET, "/api/v1/capital/plans?year=2026", "/api/v1/capital/plans", 200),
    ]

    @Test("Real responses validate against their schemas", arguments: TestDriver.available)
    func responsesValidate(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let validator = try await Self.document(t.client())
            var clients: [String: TestClient] = [:]
            for call in Self.calls {
                let client: TestClient
                if let user = call.user {
                    if clients[user] == nil {
                        let c = t.client()
                        try await c.useToken(user)
                        clients[user] = c
                    }
                    client = clients[user]!
                } else {
                    client = t.client()
                }
                let response = try await client.send(call.method, call.path)
                #expect(Int(response.status.code) == call.status, "\(call.path): \(response.status) \(response.body.string.prefix(300))")
                guard let schema = validator.responseSchema(path: call.route, method: call.method.rawValue, status: call.status) else {
                    Issue.record("\(call.method) \(call.route) declares no JSON response for \(call.status)")
                    continue
                }
                let body = try JSONValue.parse(Data(buffer: response.body))
                let errors = validator.validate(body, against: schema)
                #expect(errors.isEmpty, "\(call.path): \(errors.prefix(5))")
            }
            // Writes: create a user, change it, reset its password, add a reference value, record a facility check.
            let admin = clients["admin"]!
            struct Scope: Encodable { let kind: String; let ref: String? }
            struct NewUser: Encodable { let username, displayName, password, role: String; let scope: Scope }
            let created = try await admin.postJSON("/api/v1/users", NewUser(username: "openapi.user", displayName: "Người thử",
                                                                            password: "ngan-hang-2026", role: "commune", scope: Scope(kind: "commune", ref: "11953")))
            #expect(created.status == .created)
            try check(validator, created, "/api/v1/users", "POST", 201)
            let duplicate = try await admin.postJSON("/api/v1/users", NewUser(username: "openapi.user", displayName: "X",
                                                                              password: "ngan-hang-2026", role: "commune", scope: Scope(kind: "everything", ref: nil)))
            #expect(duplicate.status == .conflict)
            try check(validator, duplicate, "/api/v1/users", "POST", 409)
            let id = try JSONValue.parse(Data(buffer: created.body))["id"]?.string ?? ""
            struct Update: Encodable { let displayName, role: String; let scope: Scope; let disabled: Bool }
            let updated = try await admin.postJSON("/api/v1/users/\(id)", Update(displayName: "Người thử 2", role: "union",
                                                                                scope: Scope(kind: "commune", ref: "11953"), disabled: false), method: .PUT)
            #expect(updated.status == .ok)
            try check(validator, updated, "/api/v1/users/{id}", "PUT", 200)
            struct Value: Encodable { let effectiveFrom, value, legalSource: String }
            let value = try await admin.postJSON("/api/v1/reference-data/anchor_rate/values",
                                                 Value(effectiveFrom: "2027-01-01", value: "0,5", legalSource: "Quyết định thử"))
            #expect(value.status == .created)
            try check(validator, value, "/api/v1/reference-data/{key}/values", "POST", 201)
            let bank = t.client()
            try await bank.useToken("bank")
            struct Check: Encodable { let category, item, state, checkedOn: String }
            let facility = try await bank.postJSON("/api/v1/transaction-points/point-11953-1/facilities",
                                                   Check(category: "security", item: "Camera an ninh", state: "broken", checkedOn: "2026-11-20"))
            #expect(facility.status == .created)
            try check(validator, facility, "/api/v1/transaction-points/{id}/facilities", "POST", 201)
        }
    }

    func check(_ validator: SchemaValidator, _ response: TestingHTTPResponse, _ route: String, _ method: String, _ status: Int,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let schema = try #require(validator.responseSchema(path: route, method: method, status: status), sourceLocation: sourceLocation)
        let errors = validator.validate(try JSONValue.parse(Data(buffer: response.body)), against: schema)
        #expect(errors.isEmpty, "\(method) \(route): \(errors.prefix(5))", sourceLocation: sourceLocation)
    }
}
