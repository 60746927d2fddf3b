import Domain
import Store
import Vapor

/// The pages of a review.
enum ReviewPages {
    struct Option: Encodable { let value: String; let label: String }
    struct ListRow: Encodable { let id: String; let unit: String; let year: Int; let kind: String; let step: String; let households: Int }
    struct ListBody: Encodable { let rows: [ListRow]; let canWrite: Bool; let year: Int; let today: String; let kinds: [Option] }

    static func list(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let items = try await ReviewStore(database: req.db, world: req.world).list(scope: viewer.scope)
        let rows = items.map { ListRow(id: $0.campaign.id.rawValue, unit: $0.unitName, year: $0.campaign.year, kind: $0.campaign.kind.label,
                                       step: $0.campaign.step.label, households: $0.households) }
        return try await req.page("registry/reviews", title: "Rà soát hộ nghèo, cận nghèo", crumbs: [Crumb(label: "Rà soát", href: "/reviews")],
                                  status: status, error: error,
                                  ListBody(rows: rows, canWrite: HouseholdRoutes.writers.allows(viewer.role), year: req.world.today.year,
                                           today: req.world.today.iso,
                                           kinds: ReviewCampaign.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label) }))
    }

    static func create(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(ReviewRoutes.CreateForm.self)
        do {
            guard let code = try? UnitCode(text: form.unitCode ?? "") else { throw PlacesError.invalidUnitCode(form.unitCode ?? "") }
            guard let year = Int(form.year ?? ""), (2000...2100).contains(year) else {
                throw PlatformError.invalidInput(field: "year", message: "Năm rà soát không hợp lệ.")
            }
            let campaign = try await ReviewStore(database: req.db, world: req.world).create(
                unitCode: code.value, year: year, kind: ReviewCampaign.Kind(rawValue: form.kind ?? "") ?? .periodic,
                startedOn: try Validate.date(form.startedOn, default: req.world.today), actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/reviews/\(campaign.id.rawValue)", success: "Đã mở đợt rà soát năm \(year).")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await list(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct Row: Encodable { let id: String; let code: String; let head: String; let village: String; let reason: String; let screening: String; let proposed: String; let complaint: String }
    struct ShowBody: Encodable {
        let id: String; let unit: String; let year: Int; let kind: String; let step: String; let stepCode: String; let chain: String
        let rows: [Row]; let canWrite: Bool; let next: Option?; let reasons: [Option]; let today: String
        let meeting: String; let posted: String; let decided: String
        let counts: String
    }

    static func show(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let view = try await ReviewStore(database: req.db, world: req.world).view(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        let c = view.campaign
        let steps = ReviewCampaign.Step.allCases
        let next = steps.firstIndex(of: c.step).flatMap { $0 + 1 < steps.count ? steps[$0 + 1] : nil }
        let outcomes = Dictionary(grouping: view.rows.compactMap(\.entry.outcome), by: { $0 }).mapValues(\.count)
        let rows = view.rows.map { r in
            Row(id: r.entry.householdID.rawValue, code: r.code, head: r.head, village: r.village, reason: r.entry.reason.label,
                screening: r.entry.screening == .pending ? "Chưa" : (r.entry.screening == .passed ? "Qua" : "Loại"),
                proposed: r.entry.outcome?.label ?? "—", complaint: r.entry.complaint.isEmpty ? "" : (r.entry.complaintResolved ? "Đã giải quyết" : "Đang giải quyết"))
        }
        let body = ShowBody(
            id: c.id.rawValue, unit: view.unitName, year: c.year, kind: c.kind.label, step: c.step.label, stepCode: c.step.rawValue,
            chain: c.approvalChain, rows: rows, canWrite: HouseholdRoutes.writers.allows(viewer.role),
            next: next.map { Option(value: $0.rawValue, label: $0.label) },
            reasons: [ReviewReason.applicant, .atRisk].map { Option(value: $0.rawValue, label: $0.label) }, today: req.world.today.iso,
            meeting: c.meetingOn.map { "\($0.vietnamese) – \(c.meetingMinutes)" } ?? "", posted: c.postedFrom?.vietnamese ?? "",
            decided: c.decidedOn.map { "\($0.vietnamese) – \(c.decisionNumber); có hiệu lực từ \(c.effectiveFrom(decidedOn: $0).vietnamese)" } ?? "",
            counts: Classification.allCases.map { "\($0.label): \(outcomes[$0, default: 0])" }.joined(separator: " · "))
        return try await req.page("registry/review", title: "Rà soát \(view.unitName) năm \(c.year)",
                                  crumbs: [Crumb(label: "Rà soát", href: "/reviews"), Crumb(label: "\(view.unitName) \(c.year)", href: "/reviews/\(c.id.rawValue)")],
                                  status: status, error: error, body)
    }

    static func add(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(ReviewRoutes.AddForm.self)
        let id = req.parameters.get("id") ?? ""
        do {
            try await ReviewStore(database: req.db, world: req.world).add(
                reviewID: id, householdCode: form.code ?? "", reason: ReviewReason(rawValue: form.reason ?? "") ?? .applicant,
                actor: viewer.actor, scope: viewer.scope)
        } catch let error as any DomainError where error.kind != .forbidden && error.code != RegistryError.reviewNotFound.code {
            return try await show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        return Flash.redirect(req, to: "/reviews/\(id)", success: "Đã thêm hộ vào danh sách rà soát.")
    }

    static func advance(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(ReviewRoutes.AdvanceForm.self)
        let id = req.parameters.get("id") ?? ""
        do {
            guard let step = ReviewCampaign.Step(rawValue: form.step ?? "") else {
                throw PlatformError.invalidInput(field: "step", message: "Bước rà soát không hợp lệ.")
            }
            let campaign = try await ReviewStore(database: req.db, world: req.world).advance(
                reviewID: id, to: step, on: try Validate.date(form.date ?? ""), note: form.note ?? "", actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/reviews/\(id)", success: "Đợt rà soát chuyển sang bước: \(campaign.step.label).")
        } catch let error as any DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct EntryBody: Encodable {
        let review: String; let reviewTitle: String; let household: String; let code: String; let head: String; let step: String
        let screening: String; let proposed: String; let reasons: [String]; let complaint: String; let complaintOpen: Bool
        let canSurvey: Bool; let canComplain: Bool; let indicators: [HouseholdPage.Indicator]; let standard: String
        let scorecard: ScorecardForm?; let incomeEntered: String; let score: String
    }

    static func entry(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let householdID = req.parameters.get("household") ?? ""
        let view = try await ReviewStore(database: req.db, world: req.world).view(id: id, scope: viewer.scope)
        guard let row = view.rows.first(where: { $0.entry.householdID.rawValue == householdID }) else { throw RegistryError.householdNotFound(householdID) }
        let c = view.campaign
        let standard = try await PovertyStandardStore(database: req.db, world: req.world).standard(code: nil, on: c.effectiveFrom(decidedOn: c.startedOn))
        let writer = HouseholdRoutes.writers.allows(viewer.role)
        let scorecard = try await IncomeScorecardStore(database: req.db, world: req.world)
            .applicable(standard: standard, on: c.effectiveFrom(decidedOn: c.startedOn), unitID: c.unitID.rawValue)
        let body = EntryBody(
            review: id, reviewTitle: "\(view.unitName) năm \(c.year)", household: householdID, code: row.code, head: row.head, step: c.step.label,
            screening: row.entry.screening.rawValue, proposed: row.entry.outcome?.label ?? "Chưa có", reasons: row.entry.reasons,
            complaint: row.entry.complaint, complaintOpen: !row.entry.complaintResolved,
            canSurvey: writer && (c.step == .surveying || (c.step == .posting && !row.entry.complaintResolved)),
            canComplain: writer && c.step == .posting,
            indicators: standard.indicators.map { HouseholdPage.Indicator(code: $0.code, name: $0.name, dimension: $0.dimension,
                                                                         checked: row.entry.deprivations.contains($0.code)) },
            standard: "\(standard.name) (\(standard.code))",
            scorecard: scorecard.map { ScorecardForm($0, chosen: row.entry.scoreChoices ?? [:], declared: row.entry.income != nil) },
            incomeEntered: row.entry.income.map { String($0.dong) } ?? "",
            score: row.entry.incomeScore.map { "\($0) điểm (\(row.entry.scorecardCode ?? ""))" } ?? "")
        return try await req.page("registry/review-entry", title: "Hộ \(row.code) – \(row.head)",
                                  crumbs: [Crumb(label: "Rà soát", href: "/reviews"), Crumb(label: body.reviewTitle, href: "/reviews/\(id)"),
                                           Crumb(label: "Hộ \(row.code)", href: req.url.path)], status: status, error: error, body)
    }

    /// Runs one action on a review household and comes back to its page.
    static func act(_ req: Request, _ action: (ReviewStore, Viewer, String, String) async throws -> String) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let household = req.parameters.get("household") ?? ""
        do {
            let message = try await action(ReviewStore(database: req.db, world: req.world), viewer, id, household)
            return Flash.redirect(req, to: "/reviews/\(id)/households/\(household)", success: message)
        } catch let error as any DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await entry(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct PrintBody: Encodable { let unit: String; let year: Int; let kind: String; let date: String; let decision: String; let rows: [Row]; let chain: String }

    /// The households the review lists (posting) and certifies (after the decision).
    static func printable(_ req: Request, template: String, title: String) async throws -> Response {
        let viewer = try req.requireViewer()
        let view = try await ReviewStore(database: req.db, world: req.world).view(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        let c = view.campaign
        let rows = view.rows.filter { c.lists($0.entry) }.map { r in
            Row(id: r.entry.householdID.rawValue, code: r.code, head: r.head, village: r.village, reason: r.entry.reason.label,
                screening: "", proposed: r.entry.outcome?.label ?? "—", complaint: "")
        }
        return try await req.page(template, title: title, crumbs: [Crumb(label: "Rà soát", href: "/reviews")],
                                  PrintBody(unit: view.unitName, year: c.year, kind: c.kind.label, date: (c.decidedOn ?? c.postedFrom ?? req.world.today).vietnamese,
                                            decision: c.decisionNumber, rows: rows, chain: c.approvalChain))
    }

    static func posting(_ req: Request) async throws -> Response {
        try await printable(req, template: "registry/review-posting", title: "Danh sách niêm yết công khai")
    }

    static func certificates(_ req: Request) async throws -> Response {
        try await printable(req, template: "registry/review-certificates", title: "Giấy chứng nhận")
    }
}
