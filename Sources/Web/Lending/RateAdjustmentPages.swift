import Domain
import Foundation
import Store
import Vapor

/// Điều chỉnh lãi suất on pages: the list of adjustments (administrators add one, or withdraw one
/// no month-end has settled), and the list of refunds per commune, for the sitting, on A4, with
/// each payment recorded by a bank officer.
struct RateAdjustmentPages {
    /// The form of a new adjustment: codes comma-separated, the change in %/năm or as a factor.
    struct AdjustmentForm: Content {
        var id: String?; var name: String?; var programs: String?; var provinces: String?
        var central: String?; var province: String?; var commune: String?; var mobilised: String?
        var from: String?; var through: String?; var kind: String?; var value: String?
        var legalSource: String?

        func adjustment() throws -> RateAdjustment {
            func list(_ text: String?) -> [String] {
                (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(
                    String.init)
            }
            var provinceCodes = Set<Int>()
            for text in list(provinces) {
                guard let code = Int(text), (1...99).contains(code) else {
                    throw PlacesError.invalidUnitCode(text)
                }
                provinceCodes.insert(code)
            }
            let sources: [(String?, CapitalSource)] = [
                (central, .central), (province, .province), (commune, .commune),
                (mobilised, .mobilised),
            ]
            let value = (value ?? "").trimmingCharacters(in: .whitespaces)
            let change: RateChange =
                kind == "factor"
                ? try RateChange.factor(percent: Int64(value) ?? -1)
                : try RateChange.points(percentPerYear: value)
            return RateAdjustment(
                id: (id ?? "").trimmingCharacters(in: .whitespaces), name: name ?? "",
                scope: RateAdjustmentScope(
                    programCodes: Set(list(programs)), provinceCodes: provinceCodes,
                    capitalSources: Set(sources.filter { $0.0 != nil }.map(\.1))),
                from: try Validate.date(from ?? ""), through: try Validate.date(through ?? ""),
                change: change,
                legalSource: (legalSource ?? "").trimmingCharacters(in: .whitespaces))
        }
    }

    struct Row: Encodable {
        let id: String; let name: String; let period: String; let change: String; let scope: String
        let legalSource: String; let status: String; let withdrawable: Bool
    }

    func register(_ app: Application) {
        app.on(.GET, ["rate-adjustments"], access: .signedIn, kind: .page) { req in
            try await Self.list(req, form: AdjustmentForm())
        }
        app.on(.POST, ["rate-adjustments"], access: .admin, kind: .page) { req in
            try await Self.add(req)
        }
        app.on(.POST, ["rate-adjustments", ":id", "withdraw"], access: .admin, kind: .page) { req in
            let id = req.parameters.get("id") ?? ""
            struct Reason: Content { var reason: String? }
            do {
                let reason = try req.content.decode(Reason.self).reason ?? ""
                try await RateAdjustmentStore(database: req.db, world: req.world)
                    .withdraw(id: id, reason: reason, actor: try req.requireViewer().actor)
                return Flash.redirect(
                    req, to: "/rate-adjustments", success: "Đã rút điều chỉnh \(id).")
            } catch let error as any DomainError where error.kind != .notFound {
                return try await Self.list(
                    req, form: AdjustmentForm(), error: error.message,
                    status: ErrorResponder.status(of: error.kind))
            }
        }
        InterestRefundPages().register(app)
    }

    static func list(
        _ req: Request, form: AdjustmentForm, error: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let rows = try await RateAdjustmentStore(database: req.db, world: req.world).list().map {
            s in
            let a = s.adjustment
            let scope = [
                a.scope.programCodes.isEmpty
                    ? "mọi chương trình"
                    : "chương trình " + a.scope.programCodes.sorted().joined(separator: ", "),
                a.scope.provinceCodes.isEmpty
                    ? "mọi tỉnh"
                    : "tỉnh "
                        + a.scope.provinceCodes.sorted().map(String.init).joined(separator: ", "),
                a.scope.capitalSources.isEmpty
                    ? "mọi nguồn vốn"
                    : a.scope.capitalSources.map(\.label).sorted().joined(separator: ", "),
            ].joined(separator: "; ")
            return Row(
                id: a.id, name: a.name, period: "\(a.from.vietnamese) – \(a.through.vietnamese)",
                change: a.change.description, scope: scope, legalSource: a.legalSource,
                status: s.settledMonth.map { "Đã ghi sổ khi khóa sổ tháng \($0)" }
                    ?? "Chưa ghi sổ (khóa sổ tháng tới sẽ ghi)",
                withdrawable: s.settledMonth == nil && viewer.role == .admin)
        }
        struct Body: Encodable { let rows: [Row]; let canEdit: Bool; let form: AdjustmentForm }
        return try await req.page(
            "lending/rate-adjustments", title: "Điều chỉnh lãi suất",
            crumbs: [
                Crumb(label: "Chương trình cho vay", href: "/programs"),
                Crumb(label: "Điều chỉnh lãi suất", href: "/rate-adjustments"),
            ],
            status: status, error: error,
            Body(rows: rows, canEdit: viewer.role == .admin, form: form))
    }

    static func add(_ req: Request) async throws -> Response {
        let form = try req.content.decode(AdjustmentForm.self)
        do {
            let adjustment = try form.adjustment()
            _ = try await RateAdjustmentStore(database: req.db, world: req.world)
                .add(adjustment, actor: try req.requireViewer().actor)
            return Flash.redirect(
                req, to: "/rate-adjustments", success: "Đã ghi điều chỉnh \(adjustment.id).")
        } catch let error as any DomainError {
            return try await list(
                req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind)
            )
        }
    }
}
