import Domain
import Store
import Vapor

/// Tổng hợp nhu cầu vay nhà ở xã hội theo xã và mục đích, beside each commune's
/// social-housing loans on the book.
extension HousingRoutes {
    static func reportPage(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = try req.query.decode(ListQuery.self)
        let unit = String((q.unit ?? "").prefix(5))
        let s = try await store(req).summary(
            unitIDs: try await UnitFilter.communeUnits(unit, req: req), scope: viewer.scope)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Nhu cầu nhà ở xã hội",
                    headers: [
                        "Mã xã", "Xã", "Mục đích", "Số đăng ký", "Số hộ", "Số tiền cần vay",
                        "Dư nợ nhà ở xã hội của xã",
                    ],
                    rows: s.lines.map { l in
                        [
                            .number(Int64(l.unitCode)), .text(l.unitName), .text(l.purpose.label),
                            .number(Int64(l.registrations)), .number(Int64(l.households)),
                            .number(l.amount.dong),
                            .number(s.outstanding[l.unitCode]?.dong ?? 0),
                        ]
                    }),
                format: format, fileName: "nhu-cau-nha-o-xa-hoi-\(req.world.today.iso)")
        }
        struct Row: Encodable {
            let unit: String, purpose: String, registrations: Int, households: Int
            let amount: String, outstanding: String
        }
        struct Body: Encodable {
            let rows: [Row], households: Int, amount: String, unit: String, query: String
        }
        return try await req.page(
            "housing/demand-report", title: "Tổng hợp nhu cầu vay nhà ở xã hội",
            crumbs: [
                Crumb(label: "Nhu cầu vay nhà ở xã hội", href: "/housing-demand"),
                Crumb(label: "Tổng hợp", href: "/reports/housing-demand"),
            ],
            Body(
                rows: s.lines.map { l in
                    Row(
                        unit: "\(l.unitName) (\(l.unitCode))", purpose: l.purpose.label,
                        registrations: l.registrations, households: l.households,
                        amount: l.amount.description,
                        outstanding: (s.outstanding[l.unitCode] ?? .zero).description)
                }, households: s.households, amount: s.amount.description, unit: unit,
                query: unit.isEmpty ? "" : "&unit=\(unit)"))
    }
}
