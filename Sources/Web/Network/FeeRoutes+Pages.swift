import Domain
import Store
import Vapor

extension FeeRoutes {
    struct ItemRow: Encodable {
        let payee: String, label: String, who: String, base: String, amount: String
        let paid: String, owed: String, owedDong: Int64, amountDong: Int64, paidOn: String
        let key: String
    }

    struct LineRow: Encodable {
        let payee: String, group: String, groupID: String, organisation: String, base: String
        let amount: String, reason: String
    }

    static func itemRows(
        _ items: [FeeItem], names: [String: String], req: Request
    ) -> [ItemRow] {
        items.map { i in
            ItemRow(
                payee: i.payee, label: i.level.label, who: names[i.payee] ?? i.payee,
                base: i.base.description, amount: i.amount.description, paid: i.paid.description,
                owed: i.owed.description, owedDong: i.owed.dong, amountDong: i.amount.dong,
                paidOn: i.paidOn?.vietnamese ?? "", key: "fee-payout-\(req.world.newID())")
        }
    }

    struct Query: Content {
        var month: String?
        var organisation: String?
        var group: String?
        var format: String?
    }

    static func page(
        _ req: Request, month: String? = nil, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = try req.query.decode(Query.self)
        let filter = try await FeeFilter(
            req, viewer: viewer, month: month ?? q.month, organisation: q.organisation,
            group: q.group)
        let items = try await filter.items(req)
        let names = try await Self.names(req, items)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Phí, hoa hồng",
                    headers: [
                        "Người nhận", "Mã người nhận", "Khoản", "Cơ sở tính", "Phải trả", "Đã trả",
                        "Còn phải trả", "Ngày trả",
                    ],
                    rows: items.map {
                        [
                            .text(names[$0.payee] ?? ""), .text($0.payee), .text($0.level.label),
                            .number($0.base.dong), .number($0.amount.dong), .number($0.paid.dong),
                            .number($0.owed.dong), .text($0.paidOn?.iso ?? ""),
                        ]
                    }),
                format: format, fileName: "phi-hoa-hong-\(filter.month)")
        }
        let lines =
            filter.commissionOnly
            ? []
            : try await FeeStore(database: req.db, world: req.world)
                .lines(month: filter.month, scope: filter.scope)
        let groupNames = Dictionary(
            uniqueKeysWithValues: try await req.sql.raw(
                """
                SELECT id, name FROM savings_groups
                WHERE id IN (\(binds: Array(Set(lines.map(\.groupID))) + [""]))
                """
            ).all().map {
                (
                    try $0.decode(column: "id", as: String.self),
                    try $0.decode(column: "name", as: String.self)
                )
            })
        struct Body: Encodable {
            let month: String; let items: [ItemRow]; let lines: [LineRow]; let total: String
            let paid: String; let owed: String; let query: String; let canRerun: Bool
            let canPay: Bool; let key: String
        }
        let total = try items.map(\.amount).sum(), paid = try items.map(\.paid).sum()
        let (y, m) = (filter.month.prefix(4), filter.month.suffix(2))
        return try await req.page(
            "network/fees", title: "Phí ủy thác, hoa hồng tháng \(m)/\(y)",
            crumbs: [
                Crumb(label: "Tổ TK&VV", href: "/groups"),
                Crumb(label: "Phí, hoa hồng", href: "/fees"),
            ],
            status: status, error: error,
            Body(
                month: filter.month, items: itemRows(items, names: names, req: req),
                lines: lines.map {
                    LineRow(
                        payee: $0.payee.label, group: groupNames[$0.groupID] ?? $0.groupID,
                        groupID: $0.groupID, organisation: $0.organisation.label,
                        base: $0.base.description, amount: $0.amount.description,
                        reason: $0.reason)
                },
                total: total.description, paid: paid.description,
                owed: Money(dong: total.dong - paid.dong).description,
                query: filter.query,
                canRerun: [.admin, .bank].contains(viewer.role) && !items.isEmpty,
                canPay: [.admin, .bank].contains(viewer.role),
                key: "fees-rerun-\(req.world.newID())"))
    }

    /// Danh sách chi trả phí ủy thác, hoa hồng: the list the recipients sign at the sitting, one
    /// row per recipient with what is owed, printed on A4.
    static func payoutList(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = try req.query.decode(Query.self)
        let filter = try await FeeFilter(
            req, viewer: viewer, month: q.month, organisation: q.organisation, group: q.group)
        let items = try await filter.items(req).filter { $0.amount.dong != 0 }
        let names = try await Self.names(req, items)
        struct Body: Encodable {
            let month: String; let items: [ItemRow]; let total: String; let owed: String
            let organisation: String; let printedOn: String
        }
        let total = try items.map(\.amount).sum()
        let owed = try items.map(\.owed).sum()
        let (y, m) = (filter.month.prefix(4), filter.month.suffix(2))
        return try await req.page(
            "network/fee-payout-list",
            title: "Danh sách chi trả phí ủy thác, hoa hồng tháng \(m)/\(y)",
            Body(
                month: "\(m)/\(y)", items: itemRows(items, names: names, req: req),
                total: total.description, owed: owed.description,
                organisation: filter.organisation?.label ?? "Các tổ chức hội, đoàn thể",
                printedOn: req.world.today.vietnamese))
    }
}

extension FeeFilter {
    /// The filter as a query string, for exports and the printed list.
    var query: String {
        var parts = ["month=\(month)"]
        if let organisation { parts.append("organisation=\(organisation.rawValue)") }
        if let group,
            let encoded = group.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        {
            parts.append("group=\(encoded)")
        }
        return parts.joined(separator: "&")
    }
}
