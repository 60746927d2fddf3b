import Domain
import SQLKit
import Store
import Vapor

/// Tổ chức nhận ủy thác: the four organisations at each level with their entrustment contracts.
/// Bank officers and administrators add and renew contracts; everyone reads within their scope.
struct OrganisationRoutes {
    static let contractWriters = Access.roles([.admin, .bank])

    struct Filter: Content { var unit: String?; var organisation: String?; var history: String?; var format: String? }

    struct ContractJSON: Content {
        let id: String; let number: String; let signedOn: String; let validFrom: String; let validTo: String?; let scope: String
        let tasks: [String]; let replaces: String?
        init(_ c: EntrustmentContract) {
            id = c.id.rawValue; number = c.number; signedOn = c.signedOn.iso; validFrom = c.validFrom.iso; validTo = c.validTo?.iso
            scope = c.scope; tasks = c.tasks.map(\.rawValue); replaces = c.replaces?.rawValue
        }
    }
    struct UnitJSON: Content {
        let id: String; let organisation: String; let level: String; let name: String; let unitCode: Int; let unitName: String
        let validFrom: String; let validTo: String?; let groups: Int; let contract: ContractJSON?
        init(_ s: OrganisationUnitSummary) {
            id = s.unit.id.rawValue; organisation = s.unit.organisation.rawValue; level = s.unit.level.rawValue; name = s.unit.name
            unitCode = s.placeCode; unitName = s.placeName; validFrom = s.unit.validFrom.iso; validTo = s.unit.validTo?.iso
            groups = s.groups; contract = s.contract.map(ContractJSON.init)
        }
    }
    struct UnitListJSON: Content { let items: [UnitJSON]; let total: Int }

    func register(_ app: Application) {
        app.on(.GET, ["organisations"], access: .signedIn, kind: .page) { req in try await list(req) }
        app.on(.GET, ["organisations", ":id"], access: .signedIn, kind: .page) { req in try await show(req) }
        app.on(.POST, ["organisations", ":id", "contracts"], access: Self.contractWriters, kind: .page) { req in try await addContract(req) }
        app.on(.GET, ["api", "v1", "organisations"], access: .signedIn, kind: .api) { req -> UnitListJSON in
            let units = try await Self.units(req)
            return UnitListJSON(items: units.map(UnitJSON.init), total: units.count)
        }
    }

    static func units(_ req: Request) async throws -> [OrganisationUnitSummary] {
        let viewer = try req.requireViewer()
        let filter = try req.query.decode(Filter.self)
        let unitIDs = try await UnitFilter.communeUnits(filter.unit, req: req)
        if let unitIDs, !viewer.scope.admits(filterUnits: Set(unitIDs.map { AdministrativeUnit.ID($0) })) { throw PlatformError.outOfScope }
        let organisation = try (filter.organisation ?? "").isEmpty ? nil : Organisation(text: filter.organisation ?? "")
        return try await OrganisationStore(database: req.db, world: req.world).units(
            scope: viewer.scope, unitIDs: unitIDs, organisation: organisation, includeHistory: filter.history == "1")
    }

    struct Row: Encodable {
        let id: String; let name: String; let level: String; let place: String; let contract: String; let groups: Int; let period: String
    }
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct ListBody: Encodable { let filter: Filter; let rows: [Row]; let organisations: [Option]; let exportQuery: String }

    func list(_ req: Request) async throws -> Response {
        let filter = try req.query.decode(Filter.self)
        let units = try await Self.units(req)
        func contractText(_ c: EntrustmentContract?) -> String {
            c.map { "\($0.number) (từ \($0.validFrom.vietnamese)\($0.validTo.map { " đến \($0.vietnamese)" } ?? ""))" } ?? "Chưa có hợp đồng hiệu lực"
        }
        if let format = Exporter.format(filter.format) {
            let rows: [[Exporter.Cell]] = units.map {
                [.text($0.unit.name), .text($0.unit.level.label), .text($0.placeName), .text(contractText($0.contract)), .number(Int64($0.groups))]
            }
            return try Exporter.response(Exporter.Table(sheetName: "Tổ chức nhận ủy thác",
                                                        headers: ["Tổ chức", "Cấp", "Địa bàn", "Hợp đồng ủy thác", "Số tổ TK&VV"], rows: rows),
                                         format: format, fileName: "to-chuc-nhan-uy-thac")
        }
        let rows = units.map { s in
            Row(id: s.unit.id.rawValue, name: s.unit.name, level: s.unit.level.label, place: s.placeName, contract: contractText(s.contract),
                groups: s.groups, period: s.unit.validFrom.vietnamese + " – " + (s.unit.validTo?.vietnamese ?? "nay"))
        }
        let params = ["unit": filter.unit ?? "", "organisation": filter.organisation ?? "", "history": filter.history ?? ""]
        return try await req.page("network/organisations", title: "Tổ chức nhận ủy thác",
                                  crumbs: [Crumb(label: "Tổ chức nhận ủy thác", href: "/organisations")],
                                  ListBody(filter: filter, rows: rows,
                                           organisations: Organisation.allCases.map { Option(value: $0.rawValue, label: $0.label,
                                                                                            selected: $0.rawValue == filter.organisation) },
                                           exportQuery: QueryString.encode(params)))
    }

    struct ContractRow: Encodable {
        let id: String; let number: String; let signed: String; let period: String; let scope: String; let tasks: [String]; let inForce: Bool
        let replaces: String
    }
    struct Task: Encodable { let value: String; let label: String }
    struct Body: Encodable {
        let id: String; let name: String; let organisation: String; let level: String; let place: String; let period: String; let groups: Int
        let contracts: [ContractRow]; let canWrite: Bool; let current: String; let tasks: [Task]; let today: String; let groupsLink: String
    }

    func show(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let (summary, contracts) = try await OrganisationStore(database: req.db, world: req.world).unit(id: id, scope: viewer.scope)
        let today = req.world.today
        let byID = Dictionary(uniqueKeysWithValues: contracts.map { ($0.id, $0.number) })
        let u = summary.unit
        let body = Body(
            id: id, name: u.name, organisation: u.organisation.label, level: u.level.label, place: summary.placeName,
            period: u.validFrom.vietnamese + " – " + (u.validTo?.vietnamese ?? "nay"), groups: summary.groups,
            contracts: contracts.map { c in
                ContractRow(id: c.id.rawValue, number: c.number, signed: c.signedOn.vietnamese,
                            period: c.validFrom.vietnamese + " – " + (c.validTo?.vietnamese ?? "nay"), scope: c.scope, tasks: c.tasks.map(\.label),
                            inForce: c.isInForce(on: today), replaces: c.replaces.flatMap { byID[$0] } ?? "")
            },
            canWrite: Self.contractWriters.allows(viewer.role) && u.validTo == nil,
            current: summary.contract?.id.rawValue ?? "", tasks: EntrustedTask.allCases.map { Task(value: $0.rawValue, label: $0.label) },
            today: today.iso,
            groupsLink: u.level == .commune ? "/groups?unit=\(summary.placeCode)&organisation=\(u.organisation.rawValue)" : "")
        return try await req.page("network/organisation", title: u.name,
                                  crumbs: [Crumb(label: "Tổ chức nhận ủy thác", href: "/organisations"), Crumb(label: u.name, href: "/organisations/\(id)")],
                                  status: status, error: error, body)
    }

    struct ContractForm: Content {
        var number: String?; var signedOn: String?; var validFrom: String?; var validTo: String?; var scope: String?; var tasks: [String]?
        var replaces: String?
    }

    func addContract(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let form = try req.content.decode(ContractForm.self)
        do {
            let contract = EntrustmentContract(
                id: .init(req.world.newID()), organisationUnitID: .init(id), number: (form.number ?? "").trimmingCharacters(in: .whitespaces),
                signedOn: try Validate.date(form.signedOn ?? ""), validFrom: try Validate.date(form.validFrom ?? ""),
                validTo: try (form.validTo ?? "").isEmpty ? nil : Validate.date(form.validTo ?? ""), scope: form.scope ?? "",
                tasks: (form.tasks ?? []).compactMap(EntrustedTask.init(rawValue:)),
                replaces: (form.replaces ?? "").isEmpty ? nil : .init(form.replaces ?? ""))
            try await OrganisationStore(database: req.db, world: req.world).addContract(contract, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/organisations/\(id)", success: "Đã ghi hợp đồng ủy thác \(contract.number).")
        } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden {
            return try await show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
