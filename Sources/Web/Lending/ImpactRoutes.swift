import Domain
import Store
import Vapor

/// Kết quả vốn vay: each loan's loan-use checks (`/loans/{id}/use-checks`, the API twin) and the
/// report of what the loans financed (`/reports/impact`, `GET /api/v1/reports/impact`).
struct ImpactRoutes {
    /// Kiểm tra sử dụng vốn vay is the entrusted organisation's task, and the bank's.
    static let checkers = Access.roles([.admin, .bank, .union])

    struct ReportQuery: Content { var asOf: String?; var unit: String?; var format: String? }

    static func check(_ b: UseCheckInput, req: Request) throws -> LoanUseCheck {
        let result: UseCheckResult
        if let text = b.result {
            guard let r = UseCheckResult(rawValue: text) else {
                throw PlatformError.invalidInput(
                    field: "result",
                    message: "Kết luận phải là right_purpose, partly hoặc wrong_purpose.")
            }
            result = r
        } else if let used = b.usedAsIntended {
            result = used ? .rightPurpose : .wrongPurpose
        } else {
            // Each field is optional in the document (either names the result): 422, not 400.
            throw OversightError.invalid(
                field: "result", why: "ghi kết luận: right_purpose, partly hoặc wrong_purpose")
        }
        return LoanUseCheck(
            kind: .check, checkedOn: try Validate.date(b.date, default: req.world.today),
            result: result, impact: b.impact?.impact ?? .zero,
            note: (b.notes ?? b.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func report(_ req: Request) async throws -> (ImpactReportResult, ReportQuery) {
        let q = try req.query.decode(ReportQuery.self)
        let date = try Validate.date(q.asOf, default: req.world.today)
        guard date <= req.world.today else { throw LendingError.futureDate(date) }
        let units = try await UnitFilter.communeUnits(
            q.unit?.trimmingCharacters(in: .whitespaces), req: req)
        let r = try await LoanStore(database: req.db, world: req.world).impact(
            on: date, unitIDs: units, scope: try req.requireViewer().scope)
        return (r, q)
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "loans", ":id", "use-checks"], access: .signedIn, kind: .api) {
            req -> UseCheckListJSON in
            let items = try await LoanStore(database: req.db, world: req.world).useChecks(
                loanID: req.parameters.get("id") ?? "", scope: try req.requireViewer().scope)
            return UseCheckListJSON(items: items.map(UseCheckJSON.init), total: items.count)
        }
        app.on(
            .POST, ["api", "v1", "loans", ":id", "use-checks"], access: Self.checkers, kind: .api
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let check = try Self.check(try req.content.decode(UseCheckInput.self), req: req)
            let record = try await LoanStore(database: req.db, world: req.world).checkUse(
                loanID: req.parameters.get("id") ?? "", check, actor: viewer.actor,
                scope: viewer.scope)
            return try await UseCheckJSON(record).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "reports", "impact"], access: .signedIn, kind: .api) {
            req -> ImpactReportJSON in
            let (r, _) = try await Self.report(req)
            return ImpactReportJSON(
                asOf: r.asOf.iso, lines: r.lines.map(ImpactLineJSON.init),
                total: ImpactLineJSON(r.total))
        }
        app.on(.GET, ["reports", "impact"], access: .signedIn, kind: .page) { req in
            try await Self.reportPage(req)
        }
        app.on(.GET, ["loans", ":id", "use-checks"], access: .signedIn, kind: .page) { req in
            try await Self.checksPage(req)
        }
        app.on(.POST, ["loans", ":id", "use-checks"], access: Self.checkers, kind: .page) { req in
            try await Self.recordCheck(req)
        }
    }
}
