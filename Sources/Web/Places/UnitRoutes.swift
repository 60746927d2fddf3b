import Domain
import Store
import SQLKit
import Vapor

/// Administrative units: search (pages, API, exports) and each unit with its history.
struct UnitRoutes {
    struct Filter: Content {
        var q: String?
        var province: String?
        var level: String?
        var asOf: String?
        var limit: Int?
        var offset: Int?
        var format: String?
    }

    /// An item of `GET /api/v1/units` (fixed contract).
    struct UnitItem: Content, Equatable {
        let code: Int
        let name: String
        let type: String
        let provinceCode: Int
    }

    struct UnitList: Content { let items: [UnitItem]; let total: Int }

    func register(_ app: Application) {
        app.on(.GET, ["units"], access: .signedIn, kind: .page) { req in try await listPage(req) }
        app.on(.GET, ["units", ":code"], access: .signedIn, kind: .page) { req in try await showPage(req) }
        app.on(.GET, ["api", "v1", "units"], access: .signedIn, kind: .api) { req -> UnitList in
            let (query, _) = try Self.query(req)
            let page = try await UnitStore(sql: req.sql).search(query, scope: try req.requireViewer().scope)
            return UnitList(items: page.items.map(Self.item), total: page.total)
        }
        app.on(.GET, ["api", "v1", "units", ":code"], access: .signedIn, kind: .api) { req -> UnitDetailJSON in
            let (unit, history, points) = try await Self.detail(req)
            return UnitDetailJSON(unit: unit, history: history, points: points)
        }
    }

    static func item(_ unit: UnitSummary) -> UnitItem {
        UnitItem(code: unit.code, name: unit.name, type: unit.type.rawValue, provinceCode: unit.provinceCode)
    }

    static func query(_ req: Request) throws -> (UnitQuery, Filter) {
        let filter = try req.query.decode(Filter.self)
        let asOf = try Validate.date(filter.asOf, default: req.world.today)
        var province: Int?
        if let text = filter.province, !text.isEmpty {
            guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
            province = code.value
        }
        let level = try Validate.level(filter.level)
        try Validate.paging(limit: filter.limit, offset: filter.offset)
        let text = filter.q?.trimmingCharacters(in: .whitespaces)
        return (UnitQuery(text: text, provinceCode: province, level: level, asOf: asOf,
                          paging: try Paging(input: filter.limit, offset: filter.offset)), filter)
    }

    struct ListPage: Encodable {
        let q: String
        let province: String
        let asOf: String
        let level: String
        let levels: [Option]
        let units: [Row]
        let pager: Pager
        let exportQuery: String
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct Row: Encodable { let code: Int; let name: String; let typeLabel: String; let provinceCode: Int; let href: String; let validity: String }

    func listPage(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var (query, filter) = try Self.query(req)
        if let format = Exporter.format(filter.format) {
            query.paging = Paging(limit: Paging.maxLimit, offset: 0)
            var rows: [[Exporter.Cell]] = []
            var offset = 0
            while true {
                query.paging = Paging(limit: Paging.maxLimit, offset: offset)
                let page = try await UnitStore(sql: req.sql).search(query, scope: viewer.scope)
                rows += page.items.map { [.number(Int64($0.code)), .text($0.name), .text($0.type.label), .number(Int64($0.provinceCode))] }
                offset += Paging.maxLimit
                if offset >= page.total { break }
            }
            return try Exporter.response(Exporter.Table(sheetName: "Đơn vị hành chính", headers: ["Mã", "Tên", "Loại", "Mã tỉnh"], rows: rows),
                                         format: format, fileName: "don-vi-hanh-chinh-\(query.asOf.iso)")
        }
        let page = try await UnitStore(sql: req.sql).search(query, scope: viewer.scope)
        let params = ["q": filter.q ?? "", "province": filter.province ?? "", "asOf": filter.asOf ?? "", "level": filter.level ?? ""]
        let rows = page.items.map { unit in
            Row(code: unit.code, name: unit.name, typeLabel: unit.type.label, provinceCode: unit.provinceCode,
                href: "/units/\(unit.code)" + (unit.level == .commune ? "" : "?level=\(unit.level.rawValue)")
                    + (query.asOf == req.world.today ? "" : (unit.level == .commune ? "?" : "&") + "asOf=\(query.asOf.iso)"),
                validity: Self.validity(unit))
        }
        let exportQuery = QueryString.encode(params)
        return try await req.page("places/units", title: "Đơn vị hành chính", crumbs: [Crumb(label: "Đơn vị hành chính", href: "/units")],
            ListPage(q: filter.q ?? "", province: filter.province ?? "", asOf: filter.asOf ?? "", level: query.level.rawValue,
                     levels: UnitLevel.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == query.level) },
                     units: rows, pager: Pager(total: page.total, paging: query.paging, path: "/units", query: params),
                     exportQuery: exportQuery))
    }

    static func validity(_ unit: UnitSummary) -> String {
        switch (unit.validFrom, unit.validTo) {
        case (nil, nil): "Đang có hiệu lực"
        case (let from?, nil): "Từ \(from.vietnamese)"
        case (nil, let to?): "Đến \(to.vietnamese)"
        case (let from?, let to?): "\(from.vietnamese) – \(to.vietnamese)"
        }
    }

    static func detail(_ req: Request) async throws -> (UnitSummary, UnitHistory, [PointSummary]) {
        let viewer = try req.requireViewer()
        guard let text = req.parameters.get("code"), let code = try? UnitCode(text: text) else {
            throw PlacesError.invalidUnitCode(req.parameters.get("code") ?? "")
        }
        let filter = try req.query.decode(Filter.self)
        let level = try Validate.level(filter.level)
        let asOf = try Validate.date(filter.asOf, default: req.world.today)
        let store = UnitStore(sql: try req.sql)
        let unit = try await store.unit(level: level, code: code.value, asOf: asOf, scope: viewer.scope)
        let history = try await store.history(of: unit)
        let covering = try await store.covering(id: unit.id)
        let points = try await PointStore(database: req.db).list(unitIDs: covering, officeID: nil, needingAction: false,
                                                                 scope: viewer.scope, paging: Paging(limit: 100))
        return (unit, history, points.items)
    }

    struct ShowPage: Encodable {
        struct Step: Encodable { let change: String; let date: String; let share: String; let name: String; let href: String; let legalSource: String }
        let unit: UnitSummary
        let typeLabel: String
        let levelLabel: String
        let validity: String
        let inForce: Bool
        let formedFrom: [Step]
        let formedFromSource: String
        let wentInto: [Step]
        let otherVersions: [Step]
        let offices: [Option]
        let points: [PointSummary]
        let villages: [String]
    }

    func showPage(_ req: Request) async throws -> Response {
        let (unit, history, points) = try await Self.detail(req)
        func step(_ s: UnitHistory.Step) -> ShowPage.Step {
            ShowPage.Step(change: s.change.label, date: s.effectiveOn.vietnamese,
                          share: s.share == .whole ? "toàn bộ" : "một phần", name: s.unit.name,
                          href: Self.href(s.unit), legalSource: s.legalSource)
        }
        let offices = try await UnitStore(sql: req.sql).offices(serving: unit.id)
            .map { Option(value: "/offices/\($0.id)", label: $0.name, selected: false) }
        let page = ShowPage(
            unit: unit, typeLabel: unit.type.label, levelLabel: unit.level.label, validity: Self.validity(unit),
            inForce: unit.validTo == nil,
            formedFrom: history.formedFrom.map(step), formedFromSource: history.formedFrom.first?.legalSource ?? "", wentInto: history.wentInto.map(step),
            otherVersions: history.otherVersions.map { ShowPage.Step(change: "", date: "", share: "", name: $0.name,
                                                                      href: Self.href($0), legalSource: Self.validity($0)) },
            offices: offices, points: points,
            villages: try await VillageStore(sql: req.sql).villages(of: try await UnitStore(sql: req.sql).covering(id: unit.id)))
        return try await req.page("places/unit", title: unit.name,
                                  crumbs: [Crumb(label: "Đơn vị hành chính", href: "/units"), Crumb(label: unit.name, href: Self.href(unit))], page)
    }

    /// The link to a unit version: its code, its level, and a date on which it was in force.
    static func href(_ unit: UnitSummary) -> String {
        var query: [String] = []
        if unit.level != .commune { query.append("level=\(unit.level.rawValue)") }
        if let to = unit.validTo { query.append("asOf=\(to.iso)") }
        return "/units/\(unit.code)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}

/// `GET /api/v1/units/{code}`: the unit, where it came from and went, and its transaction points.
struct UnitDetailJSON: Content {
    struct Link: Content { let change: String; let effectiveOn: String; let share: String; let unit: UnitJSON; let legalSource: String }
    struct PointRef: Content { let id: String; let name: String }

    let unit: UnitJSON
    let formedFrom: [Link]
    let wentInto: [Link]
    let transactionPoints: [PointRef]

    init(unit: UnitSummary, history: UnitHistory, points: [PointSummary]) {
        self.unit = UnitJSON(unit)
        func link(_ s: UnitHistory.Step) -> Link {
            Link(change: s.change.rawValue, effectiveOn: s.effectiveOn.iso, share: s.share.rawValue, unit: UnitJSON(s.unit), legalSource: s.legalSource)
        }
        formedFrom = history.formedFrom.map(link)
        wentInto = history.wentInto.map(link)
        transactionPoints = points.map { PointRef(id: $0.id, name: $0.name) }
    }
}

struct UnitJSON: Content {
    let id: String
    let code: Int
    let name: String
    let type: String
    let level: String
    let provinceCode: Int
    let districtCode: Int?
    let validFrom: String?
    let validTo: String?

    init(_ unit: UnitSummary) {
        id = unit.id
        code = unit.code
        name = unit.name
        type = unit.type.rawValue
        level = unit.level.rawValue
        provinceCode = unit.provinceCode
        districtCode = unit.districtCode
        validFrom = unit.validFrom?.iso
        validTo = unit.validTo?.iso
    }
}
