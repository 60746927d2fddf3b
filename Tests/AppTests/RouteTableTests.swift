import Domain
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// Every route the app registers × every role: a route without an access rule, a role reaching
/// what it should not, or a record outside the scope that answers with data fails here.
@Suite("Route table × roles")
struct RouteTableTests {
    /// Parameters that lie inside every demo user's scope.
    static func inside(_ route: String, users: [String: String]) -> [String: String] {
        var values = ["code": "11953", "key": "anchor_rate", "id": users["household-inside"] ?? "",
                      "household": users["household-inside"] ?? "", "member": users["member-inside"] ?? ""]
        if route.contains("reviews") { values["id"] = users["review-inside"] ?? "" }
        if route.contains("offices") { values["id"] = "office-33-branch" }
        if route.contains("points") { values["id"] = "point-11953-1" }
        if route.contains("users") { values["id"] = users["commune"] ?? "" }
        if route.contains("groups") { values["id"] = "demo-group-11953-1" }
        if route.contains("organisations") { values["id"] = "org-womens_union-11953" }
        if route.contains("programs") { values["code"] = "poor_household" }
        if route.contains("loans") { values["id"] = users["loan-inside"] ?? "" }
        values["importID"] = users["book-import"] ?? ""
        values["meeting"] = users["meeting-inside"] ?? ""
        if route.contains("applications") { values["id"] = users["application-inside"] ?? "" }
        if route.contains("transaction-days") { values["id"] = "point-11953-1%7C2026-08" }
        if route.contains("write-off") && route.contains(":id") {
            values["id"] = users["batch-inside"] ?? ""
        }
        // Kiểm tra, giám sát: the demo's inspection of the leader's group, its finding on two of
        // the group's loans, its black-credit report, its published model, a directive task.
        if route.contains("findings") { values["id"] = users["finding-inside"] ?? "" }
        if route.contains("inspections") { values["id"] = users["inspection-inside"] ?? "" }
        if route.contains("black-credit") { values["id"] = users["black-credit-inside"] ?? "" }
        if route.contains("models") { values["id"] = users["model-inside"] ?? "" }
        values["photo"] = users["photo-inside"] ?? ""
        values["agency"] = "finance"
        if route.contains("directive-tasks") { values["id"] = "33-ct40-2" }
        if route.contains("check-plans") { values["id"] = users["check-plan-inside"] ?? "" }
        return values
    }

    /// Parameters naming records that exist but lie outside the `commune` user's scope.
    static let outside: [String: [String: String]] = [
        "/units/:code": ["code": "11977"],
        "/api/v1/units/:code": ["code": "11977"],
        "/offices/:id": ["id": "office-33-336"],
        "/api/v1/offices/:id": ["id": "office-33-336"],
        "/points/:id": ["id": "point-11977-1"],
        "/api/v1/transaction-points/:id": ["id": "point-11977-1"],
        "/households/:id": ["id": "household-outside"],
        "/api/v1/households/:id": ["id": "household-outside"],
        "/reviews/:id": ["id": "review-outside"],
        "/reviews/:id/posting": ["id": "review-outside"],
        "/reviews/:id/certificates": ["id": "review-outside"],
        "/reviews/:id/households/:household": ["id": "review-outside", "household": "household-outside"],
        "/api/v1/reviews/:id": ["id": "review-outside"],
        "/groups/:id": ["id": "group-outside"],
        "/api/v1/groups/:id": ["id": "group-outside"],
        "/organisations/:id": ["id": "org-womens_union-11977"],
        "/offices/:id/calendar": ["id": "office-33-336"],
        "/api/v1/offices/:id/calendar": ["id": "office-33-336"],
        "/units/:code/schedule": ["code": "11977"],
        "/api/v1/loans/:id": ["id": "loan-outside"],
        "/loans/:id": ["id": "loan-outside"],
        "/loans/:id/book": ["id": "loan-outside"],
        "/loans/:id/use-checks": ["id": "loan-outside"],
        "/api/v1/loans/:id/use-checks": ["id": "loan-outside"],
        "/write-offs/:id": ["id": "batch-outside"],
        "/api/v1/write-off-batches/:id": ["id": "batch-outside"],
        "/api/v1/applications/:id": ["id": "application-outside"],
        "/applications/:id": ["id": "application-outside"],
        "/applications/:id/print": ["id": "application-outside"],
        "/groups/:id/vetting": ["id": "group-outside"],
        "/groups/:id/vetting/:meeting": ["id": "group-outside", "meeting": "meeting-outside"],
        "/groups/:id/collection-sheet": ["id": "group-outside"],
        "/groups/:id/savings/:household": ["id": "group-outside", "household": "household-outside"],
        "/api/v1/groups/:id/collection-sheet": ["id": "group-outside"],
        "/transaction-days/:id": ["id": "day-outside"],
        "/api/v1/transaction-days/:id": ["id": "day-outside"],
        "/findings/:id": ["id": "finding-outside"],
        "/api/v1/findings/:id": ["id": "finding-outside"],
        "/inspections/:id": ["id": "inspection-outside"],
        "/api/v1/inspections/:id": ["id": "inspection-outside"],
        "/oversight/models/:id": ["id": "model-outside"],
        "/api/v1/models/:id": ["id": "model-outside"],
    ]

    /// Routes with parameters that are not scoped, and why.
    static let unscoped: [String: String] = [
        "/reference-data/:key": "reference data is province-wide, the same for every user",
        "/api/v1/programs/:code": "loan programs are national data, the same for every user",
        "/api/v1/reference-data/:key": "reference data is province-wide, the same for every user",
        "/models/:id/photos/:photo": "the public page's photos: published and consented, the same for everyone",
        "/directives/agencies/:agency": "directive tasks are the province's; no other province has any (DirectiveTests)",
        "/api/v1/directive-agencies/:agency": "directive tasks are the province's; no other province has any (DirectiveTests)",
        "/check-plans/:id": "a check plan is the province's; its loans are narrowed to the reader's scope (CheckPlanTests)",
        "/api/v1/check-plans/:id": "a check plan is the province's; its loans are narrowed to the reader's scope (CheckPlanTests)",
    ]

    static func path(_ route: Route) -> String { "/" + route.path.map(\.description).joined(separator: "/") }

    static func fill(_ pattern: String, _ values: [String: String]) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? values[String(part.dropFirst())] ?? String(part) : String(part)
        }.joined(separator: "/")
    }

    /// Who may use a route, written independently of the code: the rule a route declares must agree.
    static func expectedRoles(_ method: HTTPMethod, _ pattern: String) -> Set<Role>? {
        if ["/login", "/login/second-factor", "/healthz", "/api/v1/auth/token", "/api/v1/openapi.json"].contains(pattern) { return nil }
        // Open in the table: the handler admits an administrator or the metrics token (OperationsTests).
        if pattern == "/metrics" { return nil }
        if pattern.hasPrefix("/admin/") || pattern.hasPrefix("/api/v1/users") || pattern.hasPrefix("/api/v1/security-events") {
            return [.admin]
        }
        if pattern.hasPrefix("/audit") || pattern.hasPrefix("/api/v1/audit") { return [.admin, .inspector] }
        if method != .GET, pattern.contains("reference-data") || pattern.hasSuffix("/standards") || pattern.hasSuffix("/scorecards")
            || pattern.hasSuffix("/group-scoring-tables") { return [.admin] }
        if method != .GET, pattern.contains("facilities") { return [.admin, .bank] }
        // Điều chỉnh lãi suất: reference data (administrators); its refunds are paid by the bank.
        if method != .GET, pattern.contains("rate-adjustments") { return [.admin] }
        if method != .GET, pattern.contains("interest-refunds") { return [.admin, .bank] }
        if method != .GET, pattern.hasSuffix("/schedule") || pattern.contains("transaction-days") { return [.admin, .bank] }
        if pattern == "/my-group" { return [.leader] }
        // Kiểm tra, giám sát: the Board's representatives and the Front, the bank and the
        // organisations inspect; the commune joins the follow-up and takes black-credit reports.
        if ["/models", "/models/:id/photos/:photo"].contains(pattern) { return nil }
        if method != .GET {
            if pattern.contains("inspection") || pattern.contains("check-plans") {
                return [.admin, .inspector, .bank, .union]
            }
            if pattern.hasSuffix("/steps") { return [.admin, .inspector, .bank, .union, .commune] }
            if pattern.contains("black-credit") { return [.admin, .bank, .union, .commune] }
            if pattern.contains("models") { return [.admin, .bank, .commune, .union] }
            if pattern.contains("contributions") { return [.admin, .province, .bank, .commune, .union] }
            if pattern == "/directives/tasks" || pattern == "/api/v1/directive-tasks" { return [.admin, .province] }
            if pattern.hasPrefix("/directives") || pattern.hasPrefix("/api/v1/directive") {
                return Set(Role.allCases).subtracting([.leader])
            }
        }
        // Báo cáo định kỳ: every role that reports upward; a group's leader reads his group.
        let standard = ["monthly", "yearly", "lending", "local-capital", "poverty-review"]
        if pattern == "/reports"
            || standard.contains(where: { pattern.hasSuffix("reports/\($0)") }) {
            return Set(Role.allCases).subtracting([.leader])
        }
        // Lending: the group and its organisation take in forms and vote; the commune certifies; the bank does the rest.
        if pattern.hasSuffix("/vetting") || pattern == "/applications/new"
            || (method != .GET && (["/applications", "/api/v1/applications"].contains(pattern) || pattern.hasSuffix("/withdrawal"))) {
            return [.admin, .bank, .union, .leader]
        }
        if pattern.hasSuffix("/certification") || pattern == "/applications/certify" { return [.admin, .commune] }
        if pattern.hasSuffix("/collections/new") || pattern.hasSuffix("/collections/template.csv")
            || (method != .GET && (pattern.hasSuffix("/collections") || pattern.hasSuffix("/collections/import"))) { return [.admin, .bank] }
        if pattern == "/applications/direct/new" { return [.admin, .bank] }
        // Nhập sổ cũ: the branch's accountant, as for every other money command on loans.
        if pattern.hasPrefix("/loans/import") { return [.admin, .bank] }
        // Nhà ở xã hội: the commune, the bank, the province and its Department of Construction.
        if method != .GET, pattern.hasSuffix("housing-demands") || pattern == "/housing-demand" {
            return [.admin, .province, .bank, .commune, .construction]
        }
        // Nguồn vốn: the Department of Finance records the local budget, the bank the rest.
        if method != .GET, pattern.hasPrefix("/capital") || pattern.hasPrefix("/api/v1/capital") {
            return [.admin, .finance, .bank]
        }
        // Xóa nợ: the checklist is reference data (administrators); the batches are the bank's.
        if method != .GET,
            pattern.hasSuffix("write-off-conditions") || pattern == "/write-offs/conditions" {
            return [.admin]
        }
        if method != .GET, pattern.contains("write-off") { return [.admin, .bank] }
        // Kiểm tra sử dụng vốn vay: the organisation's officer or the bank.
        if method != .GET, pattern.hasSuffix("/use-checks") { return [.admin, .bank, .union] }
        if method != .GET, pattern.hasPrefix("/applications") || pattern.hasPrefix("/api/v1/applications") || pattern.hasPrefix("/loans")
            || pattern.hasPrefix("/api/v1/loans") { return [.admin, .bank] }
        if pattern.hasPrefix("/ledger") || pattern.hasPrefix("/api/v1/ledger") { return [.admin, .bank, .province, .inspector] }
        // Phí, hoa hồng: re-run and payouts are the bank's; everyone signed in reads their own.
        if method != .GET, pattern.hasPrefix("/fees") || pattern.hasPrefix("/api/v1/fees") { return [.admin, .bank] }
        // Tất toán sổ tiết kiệm: money paid out by the bank.
        if method != .GET, pattern.contains("/savings/"), pattern.hasSuffix("/close") { return [.admin, .bank] }
        if method != .GET, pattern.hasSuffix("/parameters") { return [.admin] }
        if method != .GET, pattern.contains("ratings") { return [.admin, .bank] }
        if ["/groups/new", "/groups/import", "/groups/import/template.csv"].contains(pattern) || (method != .GET && (pattern.hasPrefix("/groups") || pattern.hasPrefix("/api/v1/groups"))) {
            return [.admin, .bank, .union]
        }
        if method != .GET, pattern.hasPrefix("/organisations") { return [.admin, .bank] }
        if pattern.hasPrefix("/households/import") || pattern.hasPrefix("/api/v1/households/import") || pattern == "/households/new" {
            return [.admin, .commune]
        }
        if method != .GET, pattern.hasPrefix("/households") || pattern.hasPrefix("/api/v1/households") || pattern.hasPrefix("/reviews") {
            return [.admin, .commune]
        }
        return Set(Role.allCases)
    }

    @Test("Every route's rule matches the access policy written in this test")
    func rulesMatchPolicy() async throws {
        try await withTestApp(.sqlite) { t in
            for route in t.app.routes.all {
                let pattern = Self.path(route)
                guard let access = route.userInfo[AccessKey()] as? Access else { continue }
                let expected = Self.expectedRoles(route.method, pattern)
                if case .open = access {
                    #expect(expected == nil, "\(route.method) \(pattern) is open but the policy says \(String(describing: expected))")
                } else {
                    let allowed = Set(Role.allCases.filter { access.allows($0) })
                    #expect(allowed == expected, "\(route.method) \(pattern): rule allows \(allowed), policy \(String(describing: expected))")
                }
            }
        }
    }

    /// A review of the commune holding its first demo household (made once per test database).
    static func review(commune: Int, _ t: TestApp) async throws -> String {
        let unitID = "c\(commune)@2025-07-01"
        if let id = try await t.sql.select().column("id").from("review_campaigns").where("unit_id", .equal, unitID)
            .where("year", .equal, 2026).first(decodingColumn: "id", as: String.self) { return id }
        let store = ReviewStore(database: t.db, world: t.world)
        let review = try await store.create(unitCode: commune, year: 2026, kind: .periodic, startedOn: t.world.today, actor: .system, scope: .everything)
        let code = try await t.sql.select().column("code").from("households").where("id", .equal, try await household(in: unitID, t))
            .first(decodingColumn: "code", as: String.self) ?? ""
        try await store.add(reviewID: review.id.rawValue, householdCode: code, reason: .applicant, actor: .system, scope: .everything)
        return review.id.rawValue
    }

    /// A group of the commune's Women's Union (made once per test database).
    static func group(commune: Int, _ t: TestApp) async throws -> String {
        if let id = try await t.sql.select().column("id").from("savings_groups").where("unit_id", .equal, "c\(commune)@2025-07-01")
            .first(decodingColumn: "id", as: String.self) { return id }
        return try await GroupStore(database: t.db, world: t.world).create(
            NewGroup(name: "Tổ ngoài phạm vi", organisation: .womensUnion, unitCode: commune, village: "Thôn 1", foundedOn: t.world.today,
                     authorisationNumber: "", authorisationDate: nil, foundingMinutes: ""), actor: .system, scope: .everything).id.rawValue
    }

    /// A loan of the demo book: in a group, or in a commune.
    static func loan(group: String, _ t: TestApp) async throws -> String {
        try #require(try await t.sql.select().column("id").from("loans").where("group_id", .equal, group).orderBy("id").first(decodingColumn: "id", as: String.self))
    }

    /// A loan of another commune than `commune`.
    static func loan(outside commune: Int, _ t: TestApp) async throws -> String {
        if let id = try await t.sql.select().column("id").from("loans").where("unit_id", .notEqual, "c\(commune)@2025-07-01").orderBy("id")
            .first(decodingColumn: "id", as: String.self) { return id }
        // The test's small demo may lend only in the home commune: a direct loan elsewhere, through the commands.
        let apps = ApplicationStore(database: t.db, world: t.world)
        let a = try await apps.submitDirect(NewDirectApplication(borrowerName: "Hợp tác xã ngoài phạm vi", householdID: nil, unitCode: 11977,
                                                                 programCode: "job_creation", amount: Money(dong: 50_000_000), termMonths: 24, intervalMonths: 12,
                                                                 purpose: "Mở rộng sản xuất", collateral: "Nhà xưởng", submittedOn: t.world.today),
                                            actor: Actor(userID: nil, username: "bank"), scope: .everything)
        _ = try await apps.prepare(id: a.id, on: t.world.today, actor: Actor(userID: nil, username: "bank"), scope: .everything)
        _ = try await apps.decide(id: a.id, approve: true, on: t.world.today, reason: "", actor: Actor(userID: nil, username: "approver"), scope: .everything)
        return try await LoanStore(database: t.db, world: t.world).disburse(
            applicationID: a.id, DisbursementRequest(date: t.world.today, amount: Money(dong: 50_000_000)), key: "outside", actor: Actor(userID: nil, username: "bank"),
            scope: .everything).result.loan
    }

    /// A black-credit case of another commune (made once per test database).
    static func finding(outside commune: Int, _ t: TestApp) async throws -> String {
        if let id = try await t.sql.select().column("id").from("findings").where("unit_id", .equal, "c\(commune)@2025-07-01")
            .first(decodingColumn: "id", as: String.self) { return id }
        return try await BlackCreditStore(database: t.db, world: t.world).report(
            NewBlackCreditReport(unitCode: commune, raisedAt: .commune, pointID: nil, lender: "", description: "Tin báo ngoài phạm vi",
                                 households: 1, reportedOn: t.world.today, reporterName: "", reporterContact: "", handler: "admin",
                                 priority: .normal), actor: Actor(userID: nil, username: "admin"), scope: .everything).id
    }

    /// An inspection of another commune (made once per test database).
    static func inspection(outside commune: Int, _ t: TestApp) async throws -> String {
        if let id = try await t.sql.select().column("id").from("inspections").where("unit_id", .equal, "c\(commune)@2025-07-01")
            .first(decodingColumn: "id", as: String.self) { return id }
        return try await InspectionStore(database: t.db, world: t.world).record(
            NewInspection(planID: nil, body: .bank, subject: .commune, unitCode: commune, subjectID: nil, loanIDs: [],
                          inspectedOn: t.world.today, team: "Đoàn ngoài phạm vi", conclusion: ""),
            actor: Actor(userID: nil, username: "admin"), scope: .everything).id
    }

    /// A demo household of the unit.
    static func household(in unitID: String, _ t: TestApp) async throws -> String {
        try await t.sql.select().column("id").from("households").where("unit_id", .equal, unitID).orderBy("id").limit(1)
            .first(decodingColumn: "id", as: String.self) ?? ""
    }

    @Test("Every route declares its access rule")
    func everyRouteHasAccess() async throws {
        try await withTestApp(.sqlite) { t in
            let missing = t.app.routes.all.filter { $0.userInfo[AccessKey()] == nil }.map { "\($0.method) \(Self.path($0))" }
            #expect(missing.isEmpty, "routes without an access rule: \(missing)")
            #expect(t.app.routes.all.count > 30)
        }
    }

    @Test("Each role gets exactly what its rule allows; the anonymous get sent to sign in", arguments: TestDriver.available)
    func matrix(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            var clients: [Role: TestClient] = [:]
            var userIDs: [String: String] = [:]
            let users = UserStore(database: t.db, world: t.world)
            for role in Role.allCases {
                let client = t.client()
                try await client.login(role.rawValue)
                try await client.useToken(role.rawValue)
                clients[role] = client
                userIDs[role.rawValue] = try await users.user(username: role.rawValue)?.id
            }
            // A member household of the leader's group, a women's union group: every role of the
            // commune reaches it, the leader and the union officer through their narrowing.
            userIDs["review-inside"] = try await Self.review(commune: 11953, t)
            userIDs["household-inside"] = try await t.sql.raw("""
                SELECT m.household_id AS id FROM group_memberships m JOIN savings_groups g ON g.id = m.group_id
                JOIN users u ON u.group_id = g.id
                JOIN review_entries r ON r.household_id = m.household_id AND r.campaign_id = \(bind: userIDs["review-inside"] ?? "")
                WHERE u.username = 'leader' AND m.valid_to IS NULL AND g.organisation = 'womens_union'
                ORDER BY m.household_id LIMIT 1
                """).first(decodingColumn: "id", as: String.self)
            userIDs["member-inside"] = try await t.sql.select().column("id").from("members")
                .where("household_id", .equal, userIDs["household-inside"] ?? "").orderBy("position").limit(1)
                .first(decodingColumn: "id", as: String.self)
            userIDs["loan-inside"] = try await Self.loan(group: "demo-group-11953-1", t)
            // The demo's other communes came in through the book importer: its report is a page.
            userIDs["book-import"] = try await t.sql.select().column("id").from("book_imports")
                .orderBy("id").limit(1).first(decodingColumn: "id", as: String.self)
            userIDs["meeting-inside"] = try await t.sql.select().column("id").from("group_meetings").where("group_id", .equal, "demo-group-11953-1")
                .where("kind", .equal, "vetting").orderBy("id").first(decodingColumn: "id", as: String.self)
            userIDs["application-inside"] = try await t.sql.select().column("application_id").from("loans").where("id", .equal, userIDs["loan-inside"] ?? "")
                .first(decodingColumn: "application_id", as: String.self)
            // The demo's write-off batch, of the province every demo user's scope reaches.
            userIDs["batch-inside"] = try await t.sql.select().column("id")
                .from("write_off_batches").where("province_code", .equal, 33).orderBy("id")
                .limit(1).first(decodingColumn: "id", as: String.self)
            userIDs["inspection-inside"] = try await t.sql.select().column("id").from("inspections")
                .where("group_id", .equal, "demo-group-11953-1").orderBy("id").first(decodingColumn: "id", as: String.self)
            userIDs["finding-inside"] = try await t.sql.select().column("id").from("findings")
                .where("inspection_id", .equal, userIDs["inspection-inside"] ?? "").where("group_id", .equal, "demo-group-11953-1")
                .orderBy("id").first(decodingColumn: "id", as: String.self)
            userIDs["black-credit-inside"] = try await t.sql.select().column("id").from("findings")
                .where("source", .equal, "black_credit").where("unit_id", .equal, "c11953@2025-07-01")
                .orderBy("id").first(decodingColumn: "id", as: String.self)
            userIDs["model-inside"] = try await t.sql.select().column("id").from("exemplary_models")
                .where("unit_id", .equal, "c11953@2025-07-01").orderBy("id").first(decodingColumn: "id", as: String.self)
            userIDs["photo-inside"] = try await t.sql.select().column("id").from("exemplary_model_photos")
                .where("model_id", .equal, userIDs["model-inside"] ?? "").orderBy("id").first(decodingColumn: "id", as: String.self)
            userIDs["check-plan-inside"] = try await t.sql.select().column("id").from("check_plans")
                .where("province_code", .equal, 33).orderBy("id").first(decodingColumn: "id", as: String.self)
            let routes = t.app.routes.all.sorted { Self.path($0) < Self.path($1) }
            for route in routes {
                let pattern = Self.path(route)
                guard pattern != "/logout", let access = route.userInfo[AccessKey()] as? Access else { continue }
                let path = Self.fill(pattern, Self.inside(pattern, users: userIDs))
                let label = "\(route.method) \(pattern)"
                // Anonymous
                let anonymous = try await t.client().send(route.method, path)
                if case .open = access {
                    #expect(anonymous.status.code < 500, "\(label) anonymous: \(anonymous.status)")
                } else if pattern.hasPrefix("/api/") {
                    #expect(anonymous.status == .unauthorized, "\(label) anonymous: \(anonymous.status)")
                    #expect(anonymous.errorCode == "not_signed_in")
                } else {
                    #expect(anonymous.status == .seeOther && (anonymous.location ?? "").hasPrefix("/login"), "\(label) anonymous: \(anonymous.status)")
                }
                for role in Role.allCases {
                    let client = clients[role]!
                    let response: TestingHTTPResponse
                    if route.method == .GET {
                        response = try await client.send(.GET, path)
                    } else if pattern.hasPrefix("/api/") {
                        var headers = HTTPHeaders()
                        headers.contentType = .json
                        response = try await client.send(route.method, path, headers: headers, body: ByteBuffer(string: "{}"))
                    } else {
                        response = try await client.postForm(path, [:])
                    }
                    let code = response.status.code
                    let where_ = "\(label) as \(role): \(response.status) \(response.body.string.prefix(200))"
                    #expect(code < 500, "\(where_)")
                    if case .open = access { continue }
                    if !access.allows(role) {
                        #expect(code == 403, "\(where_)")
                    } else if route.method == .GET {
                        #expect(code == 200, "\(where_)")
                    } else {
                        // An empty form or body is refused with a clear error, never accepted.
                        #expect([400, 415, 422].contains(code), "\(where_)")
                    }
                }
            }
        }
    }

    @Test("A record outside the scope is not found; a list filter outside it is refused", arguments: TestDriver.available)
    func outsideScope(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let commune = t.client()
            try await commune.login("commune")
            try await commune.useToken("commune")
            let admin = t.client()
            try await admin.login("admin")
            try await admin.useToken("admin")
            for route in t.app.routes.all where route.method == .GET {
                let pattern = Self.path(route)
                guard pattern.contains(":"), let access = route.userInfo[AccessKey()] as? Access, access.allows(.commune) else { continue }
                if Self.unscoped[pattern] != nil { continue }
                guard let values = Self.outside[pattern] else {
                    Issue.record("\(pattern) takes a parameter but the test has no out-of-scope sample for it: add one, or list it as unscoped with the reason")
                    continue
                }
                var filled = values
                if filled["id"] == "household-outside" { filled["id"] = try await Self.household(in: "c11977@2025-07-01", t) }
                if filled["household"] == "household-outside" { filled["household"] = try await Self.household(in: "c11977@2025-07-01", t) }
                if filled["id"] == "review-outside" { filled["id"] = try await Self.review(commune: 11977, t) }
                if filled["id"] == "group-outside" { filled["id"] = try await Self.group(commune: 11977, t) }
                if filled["meeting"] == "meeting-outside", let group = filled["id"] {
                    // A vetting meeting of the outside group (a fixture row: the minutes need no loan here).
                    try await t.sql.insert(into: "group_meetings").columns("id", "group_id", "held_on", "kind", "attendees", "minutes")
                        .values("meeting-outside", group, "2026-01-10", "vetting", 3, "Họp bình xét").run()
                }
                if filled["id"] == "day-outside" {
                    // A sitting of the other commune's point (sittings are generated when first read).
                    filled["id"] = try #require(try await TransactionDayStore(database: t.db, world: t.world)
                        .days(pointIDs: ["point-11977-1"], from: try BusinessDate(iso: "2026-08-01"), through: t.world.today).first?.day.id)
                        .replacingOccurrences(of: "|", with: "%7C")
                }
                if filled["id"] == "loan-outside" { filled["id"] = try await Self.loan(outside: 11953, t) }
                if filled["id"] == "finding-outside" { filled["id"] = try await Self.finding(outside: 11977, t) }
                if filled["id"] == "inspection-outside" { filled["id"] = try await Self.inspection(outside: 11977, t) }
                if filled["id"] == "model-outside" {
                    let stored = try await t.sql.select().column("id").from("exemplary_models").where("id", .equal, "outside-model")
                        .first(decodingColumn: "id", as: String.self)
                    filled["id"] = stored == nil ? try await ModelTests.outsideModel(t) : "outside-model"
                }
                if filled["id"] == "batch-outside" {
                    // A batch of another province: the commune's officer reaches only its own.
                    filled["id"] = try await WriteOffStore(database: t.db, world: t.world).open(
                        title: "Đợt thử", provinceCode: 1,
                        actor: Actor(userID: nil, username: "admin"), scope: .everything
                    ).id
                }
                if filled["id"] == "application-outside" {
                    filled["id"] = try await t.sql.select().column("application_id").from("loans").where("id", .equal, try await Self.loan(outside: 11953, t))
                        .first(decodingColumn: "application_id", as: String.self)
                }
                let path = Self.fill(pattern, filled)
                let refused = try await commune.get(path)
                #expect(refused.status == .notFound, "\(pattern) outside scope: \(refused.status)")
                let seen = try await admin.get(path)
                #expect(seen.status == .ok, "\(pattern) as admin: \(seen.status)")
            }
            for path in ["/api/v1/units?province=1", "/api/v1/offices?province=1", "/api/v1/transaction-points?commune=11977",
                         "/api/v1/households?unit=11977", "/api/v1/households?province=1"] {
                let response = try await commune.get(path)
                #expect(response.status == .forbidden, "\(path): \(response.status)")
                #expect(response.errorCode == "out_of_scope")
            }
            let page = try await commune.get("/units?province=1")
            #expect(page.status == .forbidden)
            #expect(page.body.string.contains("Không có quyền truy cập"))
        }
    }
}
