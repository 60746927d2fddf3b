import Domain
import Store
import Vapor

/// Rà soát hộ nghèo, hộ cận nghèo: reviews of a commune step by step (pages), printable public
/// list and certificates, and a read API.
struct ReviewRoutes {
    struct CreateForm: Content { var unitCode: String?; var year: String?; var kind: String?; var startedOn: String? }
    struct AddForm: Content { var code: String?; var reason: String? }
    struct AdvanceForm: Content { var step: String?; var date: String?; var note: String? }
    struct SurveyForm: Content { var method: String?; var income: String?; var score: [String: String]?; var deprivations: [String]? }
    struct ComplaintForm: Content { var text: String? }

    struct ReviewJSON: Content {
        let id: String
        let unitCode: Int
        let unitName: String
        let year: Int
        let kind: String
        let step: String
        let approvalChain: String
        let households: [EntryJSON]
    }
    struct EntryJSON: Content {
        let householdId: String
        let code: String
        let head: String
        let reason: String
        let screening: String
        let proposed: String?
        let reasons: [String]
        let complaint: String?
    }
    struct ReviewListJSON: Content {
        struct Item: Content { let id: String; let unitName: String; let year: Int; let kind: String; let step: String; let households: Int }
        let items: [Item]
        let total: Int
    }

    func register(_ app: Application) {
        let writers = HouseholdRoutes.writers
        app.on(.GET, ["reviews"], access: .signedIn, kind: .page) { req in try await ReviewPages.list(req) }
        app.on(.POST, ["reviews"], access: writers, kind: .page) { req in try await ReviewPages.create(req) }
        app.on(.GET, ["reviews", ":id"], access: .signedIn, kind: .page) { req in try await ReviewPages.show(req) }
        app.on(.POST, ["reviews", ":id", "households"], access: writers, kind: .page) { req in try await ReviewPages.add(req) }
        app.on(.POST, ["reviews", ":id", "advance"], access: writers, kind: .page) { req in try await ReviewPages.advance(req) }
        app.on(.GET, ["reviews", ":id", "posting"], access: .signedIn, kind: .page) { req in try await ReviewPages.posting(req) }
        app.on(.GET, ["reviews", ":id", "certificates"], access: .signedIn, kind: .page) { req in try await ReviewPages.certificates(req) }
        app.on(.GET, ["reviews", ":id", "households", ":household"], access: .signedIn, kind: .page) { req in try await ReviewPages.entry(req) }
        app.on(.POST, ["reviews", ":id", "households", ":household", "screening"], access: writers, kind: .page) { req in
            try await ReviewPages.act(req) { store, viewer, id, household in
                let form = try req.content.decode(AdvanceForm.self)
                guard let step = form.step, ["passed", "screened_out"].contains(step) else {
                    throw PlatformError.invalidInput(field: "step", message: "Kết quả Phiếu A phải là «qua» hoặc «loại».")
                }
                try await store.screen(reviewID: id, householdID: household, passed: step == "passed", actor: viewer.actor, scope: viewer.scope)
                return "Đã ghi kết quả Phiếu A."
            }
        }
        app.on(.POST, ["reviews", ":id", "households", ":household", "survey"], access: writers, kind: .page) { req in
            try await ReviewPages.act(req) { store, viewer, id, household in
                let form = try req.content.decode(SurveyForm.self)
                let income = try IncomeAnswerForm(method: form.method, income: form.income, score: form.score).answer()
                let entry = try await store.survey(reviewID: id, householdID: household, income: income,
                                                   deprivations: Set(form.deprivations ?? []), actor: viewer.actor, scope: viewer.scope)
                return "Kết quả Phiếu B: \(entry.proposed?.label ?? ""). " + entry.reasons.joined(separator: " ")
            }
        }
        app.on(.POST, ["reviews", ":id", "households", ":household", "complaint"], access: writers, kind: .page) { req in
            try await ReviewPages.act(req) { store, viewer, id, household in
                let form = try req.content.decode(ComplaintForm.self)
                try await store.complain(reviewID: id, householdID: household, text: form.text ?? "", actor: viewer.actor, scope: viewer.scope)
                return "Đã ghi khiếu nại; cần phúc tra (khảo sát lại) hoặc kết luận giữ nguyên trước khi quyết định."
            }
        }
        app.on(.POST, ["reviews", ":id", "households", ":household", "dismiss"], access: writers, kind: .page) { req in
            try await ReviewPages.act(req) { store, viewer, id, household in
                try await store.dismissComplaint(reviewID: id, householdID: household, actor: viewer.actor, scope: viewer.scope)
                return "Đã kết luận khiếu nại: giữ nguyên kết quả."
            }
        }
        app.on(.GET, ["api", "v1", "reviews"], access: .signedIn, kind: .api) { req -> ReviewListJSON in
            let items = try await ReviewStore(database: req.db, world: req.world).list(scope: try req.requireViewer().scope)
            return ReviewListJSON(items: items.map { .init(id: $0.campaign.id.rawValue, unitName: $0.unitName, year: $0.campaign.year,
                                                           kind: $0.campaign.kind.rawValue, step: $0.campaign.step.rawValue, households: $0.households) },
                                  total: items.count)
        }
        app.on(.GET, ["api", "v1", "reviews", ":id"], access: .signedIn, kind: .api) { req -> ReviewJSON in
            let view = try await ReviewStore(database: req.db, world: req.world).view(id: req.parameters.get("id") ?? "", scope: try req.requireViewer().scope)
            return ReviewJSON(id: view.campaign.id.rawValue, unitCode: view.unitCode, unitName: view.unitName, year: view.campaign.year,
                              kind: view.campaign.kind.rawValue, step: view.campaign.step.rawValue, approvalChain: view.campaign.approvalChain,
                              households: view.rows.map {
                                  EntryJSON(householdId: $0.entry.householdID.rawValue, code: $0.code, head: $0.head, reason: $0.entry.reason.rawValue,
                                            screening: $0.entry.screening.rawValue, proposed: $0.entry.outcome?.rawValue, reasons: $0.entry.reasons,
                                            complaint: $0.entry.complaint.isEmpty ? nil : $0.entry.complaint)
                              })
        }
    }
}
