import Domain
import Store
import Vapor

/// The capital page: the share against the 2030 target with its chart and path, balances by
/// source and program, this year's plans against what was allocated, the movements (with
/// .xlsx and CSV), and for the recorders the three forms.
extension CapitalRoutes {
    struct PageQuery: Content {
        var province: Int?; var date: String?; var growth: String?; var format: String?
    }

    struct Option: Encodable { let value: String, label: String }

    func registerPages(_ app: Application) {
        app.on(.GET, ["capital"], access: .signedIn, kind: .page) { req in
            try await Self.page(req)
        }
        for (path, command) in [
            ("allocations", Self.allocateForm), ("transfers", Self.transferForm),
            ("plans", Self.planForm),
        ] as [(String, @Sendable (Request, [String: String]) async throws -> String)] {
            app.on(.POST, ["capital", .constant(path)], access: Self.recorders, kind: .page) {
                req in
                let f = (try? req.content.decode([String: String].self)) ?? [:]
                do {
                    let done = try await command(req, f)
                    return Flash.redirect(req, to: "/capital", success: done)
                } catch let error as any DomainError where error.kind != .forbidden {
                    return try await Self.page(
                        req, error: error.message, status: ErrorResponder.status(of: error.kind))
                }
            }
        }
    }

    /// A growth typed as a percentage a year ("8", "7,5"), to basis points; blank: the
    /// reference value.
    static func growth(_ text: String?) throws -> Int64? {
        let t = (text ?? "").trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: ",", with: ".")
        guard !t.isEmpty else { return nil }
        guard t.utf8.count <= 8, let value = Decimal(string: t), value >= -50, value <= 100 else {
            throw PlatformError.inputRefused(
                field: "growth", message: "Tăng trưởng giả định là % mỗi năm, từ -50 đến 100.")
        }
        return NSDecimalNumber(decimal: value * 100).int64Value
    }

    static func page(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = (try? req.query.decode(PageQuery.self)) ?? PageQuery()
        let v = try await view(
            req, province: q.province, date: q.date, growth: try growth(q.growth))
        let movements = try await store(req).movements(
            provinceCode: v.province, year: nil, scope: viewer.scope, limit: 200)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                movementTable(movements), format: format, fileName: "nguon-von-\(v.date.iso)")
        }
        let plans = try await store(req).plans(
            provinceCode: v.province, year: v.date.year, scope: viewer.scope)
        let programs = try await ProgramStore(database: req.db, world: req.world).programs()
        let financed = try await store(req).financed(provinceCode: v.province, scope: viewer.scope)
        return try await req.page(
            "capital/capital", title: "Nguồn vốn tín dụng chính sách",
            crumbs: [Crumb(label: "Nguồn vốn", href: "/capital")], status: status, error: error,
            CapitalPageBody(
                v, movements: movements, plans: plans, financed: financed, query: q,
                canRecord: recorders.allows(viewer.role), key: req.world.newID(),
                programs: programs.map { Option(value: $0.code, label: $0.name) },
                sources: CapitalSource.allCases.filter { $0.mayBeRecorded(by: viewer.role) }
                    .map { Option(value: $0.rawValue, label: $0.label) }))
    }

    static func movementTable(_ items: [CapitalMovementRecord]) -> Exporter.Table {
        Exporter.Table(
            sheetName: "Biến động nguồn vốn",
            headers: [
                "Ngày", "Loại", "Nguồn", "Đơn vị", "Chương trình", "Chương trình nhận",
                "Số tiền", "Số quyết định", "Ngày quyết định", "Ghi chú",
            ],
            rows: items.map {
                [
                    .text($0.on.vietnamese), .text(kindLabel($0.kind)), .text($0.source.label),
                    .text($0.unitName), .text($0.programCode), .text($0.toProgramCode ?? ""),
                    .number($0.amount.dong), .text($0.decision.number),
                    .text($0.decision.date.vietnamese), .text($0.note),
                ]
            })
    }

    static func kindLabel(_ kind: String) -> String {
        kind == "transfer" ? "Điều chuyển giữa chương trình" : "Cấp vốn"
    }
}
