import Domain
import Store
import SQLKit
import Vapor

/// VBSP offices: the branch and its transaction offices, with the communes each serves.
struct OfficeRoutes {
    struct OfficeJSON: Content {
        let id: String
        let kind: String
        let name: String
        let provinceCode: Int
        let address: String
        let parentId: String?
        let communeCount: Int
        let pointCount: Int

        init(_ office: OfficeSummary) {
            id = office.id
            kind = office.kind.rawValue
            name = office.name
            provinceCode = office.provinceCode
            address = office.address
            parentId = office.parentID
            communeCount = office.communeCount
            pointCount = office.pointCount
        }
    }

    struct OfficeList: Content { let items: [OfficeJSON]; let total: Int }
    struct OfficeDetail: Content { let office: OfficeJSON; let communes: [UnitRoutes.UnitItem] }

    struct Filter: Content { var province: String?; var limit: Int?; var offset: Int?; var format: String? }

    func register(_ app: Application) {
        app.on(.GET, ["offices"], access: .signedIn, kind: .page) { req in try await listPage(req) }
        app.on(.GET, ["offices", ":id"], access: .signedIn, kind: .page) { req in try await showPage(req) }
        app.on(.GET, ["api", "v1", "offices"], access: .signedIn, kind: .api) { req -> OfficeList in
            let (filter, province) = try Self.filter(req)
            let page = try await OfficeStore(sql: req.sql).list(provinceCode: province, scope: try req.requireViewer().scope,
                                                                paging: try Paging(input: filter.limit, offset: filter.offset))
            return OfficeList(items: page.items.map(OfficeJSON.init), total: page.total)
        }
        app.on(.GET, ["api", "v1", "offices", ":id"], access: .signedIn, kind: .api) { req -> OfficeDetail in
            let found = try await OfficeStore(sql: req.sql).office(id: req.parameters.get("id") ?? "", scope: try req.requireViewer().scope)
            return OfficeDetail(office: OfficeJSON(found.office), communes: found.communes.map(UnitRoutes.item))
        }
    }

    static func filter(_ req: Request) throws -> (Filter, Int?) {
        let filter = try req.query.decode(Filter.self)
        try Validate.paging(limit: filter.limit, offset: filter.offset)
        guard let text = filter.province, !text.isEmpty else { return (filter, nil) }
        guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
        return (filter, code.value)
    }

    struct ListPage: Encodable { let offices: [OfficeSummary]; let kindLabels: [String]; let pager: Pager }

    func listPage(_ req: Request) async throws -> Response {
        let (filter, province) = try Self.filter(req)
        let viewer = try req.requireViewer()
        let store = OfficeStore(sql: try req.sql)
        if let format = Exporter.format(filter.format) {
            let all = try await store.list(provinceCode: province, scope: viewer.scope, paging: Paging(limit: Paging.maxLimit))
            let rows: [[Exporter.Cell]] = all.items.map {
                [.text($0.name), .text($0.kind.label), .text($0.address), .number(Int64($0.communeCount)), .number(Int64($0.pointCount))]
            }
            return try Exporter.response(Exporter.Table(sheetName: "Phòng giao dịch", headers: ["Tên", "Loại", "Địa chỉ", "Số xã phục vụ", "Số điểm giao dịch"], rows: rows),
                                         format: format, fileName: "phong-giao-dich")
        }
        let paging = try Paging(input: filter.limit, offset: filter.offset)
        let page = try await store.list(provinceCode: province, scope: viewer.scope, paging: paging)
        return try await req.page("places/offices", title: "Phòng giao dịch", crumbs: [Crumb(label: "Phòng giao dịch", href: "/offices")],
                                  ListPage(offices: page.items, kindLabels: page.items.map(\.kind.label),
                                           pager: Pager(total: page.total, paging: paging, path: "/offices", query: ["province": filter.province ?? ""])))
    }

    struct ShowPage: Encodable { let office: OfficeSummary; let kindLabel: String; let communes: [UnitSummary]; let points: [PointSummary] }

    func showPage(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let found = try await OfficeStore(sql: req.sql).office(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        let points = try await PointStore(database: req.db).list(unitIDs: nil, officeID: found.office.id, needingAction: false,
                                                                 scope: viewer.scope, paging: Paging(limit: Paging.maxLimit))
        return try await req.page("places/office", title: found.office.name,
                                  crumbs: [Crumb(label: "Phòng giao dịch", href: "/offices"), Crumb(label: found.office.name, href: "/offices/\(found.office.id)")],
                                  ShowPage(office: found.office, kindLabel: found.office.kind.label,
                                           communes: found.communes.filter { viewer.scope.contains(AdministrativeUnit.ID($0.id)) },
                                           points: points.items))
    }
}
