import Domain
import Store
import Vapor

/// Đóng góp Quỹ Vì người nghèo và vốn ủy thác qua NHCSXH: the list with the year's and the peak
/// month's totals per purpose and the form (`/oversight/contributions`), and the API
/// (`/api/v1/contributions`), issue 17.
struct ContributionRoutes {
    static let writers = Access.roles([.admin, .province, .bank, .commune, .union])

    static func store(_ req: Request) -> ContributionStore {
        ContributionStore(database: req.db, world: req.world)
    }

    struct ListQuery: Content {
        var year: String?; var purpose: String?; var q: String?; var format: String?
    }

    static func purpose(_ text: String) throws -> ContributionPurpose {
        guard let p = ContributionPurpose(rawValue: text) else {
            throw PlatformError.invalidInput(
                field: "purpose",
                message: "Mục đích phải là for_the_poor_fund hoặc policy_credit_capital.")
        }
        return p
    }

    /// A year 2000–2100; empty means `fallback`.
    static func year(_ text: String?, default fallback: Int?) throws -> Int? {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return fallback }
        guard text.isASCIIDigits, text.count == 4, let y = Int(text), (2000...2100).contains(y)
        else {
            throw PlatformError.invalidInput(field: "year", message: "Năm phải từ 2000 đến 2100.")
        }
        return y
    }

    static func query(_ q: ListQuery, defaultYear: Int?) throws -> ContributionQuery {
        var purpose: ContributionPurpose?
        if let text = q.purpose, !text.isEmpty { purpose = try Self.purpose(text) }
        return ContributionQuery(
            year: try year(q.year, default: defaultYear), purpose: purpose,
            text: try Validate.text(q.q, field: "q", maxLength: TextLimit.name))
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "contributions"], access: .signedIn, kind: .api) {
            req -> ContributionListJSON in
            let q = try Self.query(try req.query.decode(ListQuery.self), defaultYear: nil)
            return ContributionListJSON(
                try await Self.store(req).list(q, scope: try req.requireViewer().scope))
        }
        app.on(.POST, ["api", "v1", "contributions"], access: Self.writers, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let draft = try req.content.decode(ContributionInput.self).draft(
                today: req.world.today)
            let record = try await Self.store(req).record(
                draft, actor: viewer.actor, scope: viewer.scope)
            return try await ContributionJSON(record).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["oversight", "contributions"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.POST, ["oversight", "contributions"], access: Self.writers, kind: .page) { req in
            try await Self.recordForm(req)
        }
    }

    struct Option: Encodable { let value: String, label: String, selected: Bool }

    /// The form as typed, given back with a refusal.
    struct Typed: Encodable {
        let contributor: String, unit: String, amount: String, receivedOn: String, note: String
        let kinds: [Option], purposes: [Option]
        init(_ f: [String: String], today: String) {
            func v(_ k: String, _ n: Int, _ d: String = "") -> String {
                String((f[k] ?? d).prefix(n))
            }
            contributor = v("contributor", 200)
            unit = v("unit", 5)
            amount = v("amount", 30)
            receivedOn = v("receivedOn", 10, today)
            note = v("note", 4000)
            kinds = ContributorKind.allCases.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == f["kind"])
            }
            purposes = ContributionPurpose.allCases.map {
                Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == f["purpose"])
            }
        }
    }

    static func listPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok,
        typed: [String: String] = [:]
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let raw = (try? req.query.decode(ListQuery.self)) ?? ListQuery()
        let today = req.world.today
        let q = (try? query(raw, defaultYear: today.year)) ?? ContributionQuery(year: today.year)
        let year = q.year ?? today.year
        let page = try await store(req).list(q, scope: viewer.scope, limit: 500)
        if let format = Exporter.format(raw.format) {
            return try Exporter.response(
                table(page.items), format: format, fileName: "dong-gop-\(year)")
        }
        let totals = try await store(req).totals(year: year, scope: viewer.scope)
        struct Row: Encodable {
            let contributor: String, kind: String, unit: String, amount: String, purpose: String
            let received: String, peak: Bool, note: String
        }
        struct Total: Encodable {
            let purpose: String, yearAmount: String, yearCount: Int, peakAmount: String
            let peakCount: Int
        }
        struct Body: Encodable {
            let rows: [Row], total: Int, sum: String, year: Int, q: String, purposes: [Option]
            let totals: [Total], canWrite: Bool, typed: Typed, today: String, exportBase: String
        }
        let filter = [
            "year": String(year), "purpose": q.purpose?.rawValue ?? "", "q": q.text ?? "",
        ]
        let encoded = QueryString.encode(filter)
        return try await req.page(
            "oversight/contributions", title: "Đóng góp Quỹ Vì người nghèo và vốn ủy thác",
            crumbs: [Crumb(label: "Đóng góp", href: "/oversight/contributions")],
            status: status, error: error,
            Body(
                rows: page.items.map {
                    Row(
                        contributor: $0.contributor, kind: $0.kind.label,
                        unit: "\($0.unitName) (\($0.unitCode))", amount: $0.amount.description,
                        purpose: $0.purpose.label, received: $0.receivedOn.vietnamese,
                        peak: $0.inPeakMonth, note: $0.note)
                }, total: page.total, sum: page.sum.description, year: year, q: q.text ?? "",
                purposes: ContributionPurpose.allCases.map {
                    Option(value: $0.rawValue, label: $0.label, selected: $0 == q.purpose)
                },
                totals: ContributionPurpose.allCases.map {
                    Total(
                        purpose: $0.label, yearAmount: totals.total($0).amount.description,
                        yearCount: totals.total($0).count,
                        peakAmount: totals.peak($0).amount.description,
                        peakCount: totals.peak($0).count)
                },
                canWrite: writers.allows(viewer.role), typed: Typed(typed, today: today.iso),
                today: today.iso,
                exportBase: "/oversight/contributions?" + (encoded.isEmpty ? "" : encoded + "&")))
    }

    static func table(_ items: [Contribution]) -> Exporter.Table {
        Exporter.Table(
            sheetName: "Đóng góp",
            headers: [
                "Mã", "Người đóng góp", "Loại", "Xã", "Số tiền (đ)", "Mục đích", "Ngày nhận",
                "Tháng cao điểm", "Ghi chú",
            ],
            rows: items.map { c in
                [
                    .text(c.id), .text(c.contributor), .text(c.kind.label),
                    .text("\(c.unitName) (\(c.unitCode))"), .number(c.amount.dong),
                    .text(c.purpose.label), .text(c.receivedOn.vietnamese),
                    .text(c.inPeakMonth ? "có" : "không"), .text(c.note),
                ]
            })
    }

    static func recordForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            let amount = try Validate.money(f["amount"], field: "amount", label: "Số tiền")
            let input = ContributionInput(
                contributor: f["contributor"] ?? "", kind: f["kind"] ?? "", unit: f["unit"] ?? "",
                amount: amount.dong, purpose: f["purpose"] ?? "", receivedOn: f["receivedOn"],
                note: f["note"])
            let record = try await store(req).record(
                try input.draft(today: req.world.today), actor: viewer.actor,
                scope: viewer.scope)
            return Flash.redirect(
                req, to: "/oversight/contributions?year=\(record.receivedOn.year)",
                success: "Đã ghi đóng góp \(record.amount) của \(record.contributor)"
                    + (record.inPeakMonth ? " (Tháng cao điểm)." : "."))
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind),
                typed: f)
        }
    }
}
