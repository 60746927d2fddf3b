import Domain
import Store
import Vapor

/// The check plans page (plans, the form with the dated defaults, the new loans past the
/// deadline with no check) and a plan's page (each sampled loan, selected or checked).
extension CheckPlanRoutes {
    func registerPages(_ app: Application) {
        app.on(.GET, ["check-plans"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.POST, ["check-plans"], access: Self.planners, kind: .page) { req in
            try await Self.planForm(req)
        }
        app.on(.GET, ["check-plans", ":id"], access: .signedIn, kind: .page) { req in
            try await Self.planPage(req)
        }
    }

    static func listPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        struct Q: Content { var format: String? }
        let q = (try? req.query.decode(Q.self)) ?? Q()
        let unchecked = try await store(req).unchecked(scope: viewer.scope, on: req.world.today)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Chưa kiểm tra",
                    headers: [
                        "Mã khoản vay", "Người vay", "Xã", "Ngày giải ngân", "Số tiền",
                        "Quá hạn (ngày)",
                    ],
                    rows: unchecked.map {
                        [
                            .text($0.loanID), .text($0.borrower), .text($0.unitName),
                            .text($0.disbursedOn.vietnamese), .number($0.amount.dong),
                            .number(Int64($0.daysLate)),
                        ]
                    }),
                format: format, fileName: "chua-kiem-tra-su-dung-von-\(req.world.today.iso)")
        }
        let plans = try await store(req).plans(scope: viewer.scope)
        let defaults = try await store(req).defaultRules(on: req.world.today)
        struct Plan: Encodable { let id: String, title: String, created: String, progress: String }
        struct Loan: Encodable {
            let id: String, borrower: String, unit: String, disbursed: String, amount: String
            let late: Int
        }
        struct Body: Encodable {
            let plans: [Plan], unchecked: [Loan], canPlan: Bool, share: Int, above: String
            let from: String, to: String
        }
        return try await req.page(
            "oversight/check-plans", title: "Kiểm tra sử dụng vốn vay",
            crumbs: [
                Crumb(label: "Kiểm tra, giám sát", href: "/oversight"),
                Crumb(label: "Kiểm tra sử dụng vốn vay", href: "/check-plans"),
            ], status: status, error: error,
            Body(
                plans: plans.map {
                    Plan(
                        id: $0.id, title: $0.title, created: $0.createdOn.vietnamese,
                        progress: "\($0.checked) / \($0.sampled)")
                },
                unchecked: unchecked.prefix(200).map {
                    Loan(
                        id: $0.loanID, borrower: $0.borrower, unit: $0.unitName,
                        disbursed: $0.disbursedOn.vietnamese, amount: $0.amount.description,
                        late: $0.daysLate)
                }, canPlan: planners.allows(viewer.role), share: defaults.sharePerMille,
                above: defaults.amountAbove.map { String($0.dong) } ?? "",
                from: req.world.today.adding(days: -90).iso, to: req.world.today.iso))
    }

    static func planForm(_ req: Request) async throws -> Response {
        struct F: Content {
            var title: String?; var units: String?; var from: String?; var to: String?
            var share: String?; var above: String?; var groups: String?; var seed: String?
        }
        let f = try req.content.decode(F.self)
        do {
            func number(_ text: String?, _ field: String) throws -> Int64? {
                let t = (text ?? "").replacingOccurrences(of: ".", with: "")
                    .trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return nil }
                guard t.utf8.count <= 18, let v = Int64(t), v >= 0 else {
                    throw PlatformError.invalidInput(field: field, message: "\(field) phải là số.")
                }
                return v
            }
            let input = CheckPlanInput(
                title: f.title ?? "", units: InspectionRoutes.ids(f.units),
                disbursedFrom: f.from ?? "", disbursedTo: f.to ?? "",
                sharePerMille: try number(f.share, "share").map { Int(clamping: $0) },
                amountAbove: try number(f.above, "above"), groupsWithFindings: f.groups == "on",
                seed: f.seed)
            let plan = try await create(input, req: req)
            return Flash.redirect(
                req, to: "/check-plans/\(plan.id)",
                success: "Đã lập kế hoạch, chọn \(plan.sampled) khoản vay.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    static func planPage(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (plan, loans) = try await store(req).plan(
            id: req.parameters.get("id") ?? "", scope: viewer.scope)
        struct Row: Encodable {
            let id: String, borrower: String, unit: String, amount: String, reason: String
            let status: String, checked: Bool
        }
        struct Body: Encodable {
            let title: String, window: String, rules: String, seed: String, progress: String
            let rows: [Row]
        }
        let r = plan.rules
        let rules = [
            "ngẫu nhiên \(r.sharePerMille) ‰",
            r.amountAbove.map { "mọi khoản từ \($0)" },
            r.groupsWithFindings ? "mọi khoản của tổ có phát hiện chưa khắc phục" : nil,
        ].compactMap { $0 }.joined(separator: "; ")
        return try await req.page(
            "oversight/check-plan", title: plan.title,
            crumbs: [
                Crumb(label: "Kiểm tra sử dụng vốn vay", href: "/check-plans"),
                Crumb(label: plan.title, href: "/check-plans/\(plan.id)"),
            ],
            Body(
                title: plan.title,
                window: "\(plan.disbursedFrom.vietnamese) – \(plan.disbursedTo.vietnamese)",
                rules: rules, seed: String(plan.seed),
                progress: "\(plan.checked) / \(plan.sampled)",
                rows: loans.map {
                    Row(
                        id: $0.loanID, borrower: $0.borrower, unit: $0.unitName,
                        amount: $0.amount.description, reason: $0.reason.label,
                        status: $0.checkedOn.map { "Đã kiểm tra \($0.vietnamese)" } ?? "Đã chọn",
                        checked: $0.checkedOn != nil)
                }))
    }
}
