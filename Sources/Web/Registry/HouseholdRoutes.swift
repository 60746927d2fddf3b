import Domain
import SQLKit
import Store
import Vapor

/// Households and members: lists, the household page, create, edit, move (pages and API).
struct HouseholdRoutes {
    /// Commune officers keep their commune's register; administrators keep all.
    static let writers = Access.roles([.admin, .commune])

    struct Filter: Content {
        var unit: String?
        var province: String?
        var q: String?
        var village: String?
        var classification: String?
        /// The date the classification filter and column refer to (default today): "who was poor on D".
        var asOf: String?
        var limit: Int?
        var offset: Int?
        var format: String?
    }

    func register(_ app: Application) {
        app.on(.GET, ["households"], access: .signedIn, kind: .page) { req in try await listPage(req) }
        app.on(.GET, ["households", "new"], access: Self.writers, kind: .page) { req in
            try await req.page("registry/household-new", title: "Thêm hộ", crumbs: [Crumb(label: "Hộ gia đình", href: "/households")],
                               HouseholdForms.NewPage(form: HouseholdForms.NewForm(), today: req.world.today.iso))
        }
        app.on(.POST, ["households"], access: Self.writers, kind: .page) { req in try await HouseholdForms.create(req) }
        app.on(.GET, ["households", ":id"], access: .signedIn, kind: .page) { req in try await HouseholdPage.show(req) }
        app.on(.POST, ["households", ":id", "members"], access: Self.writers, kind: .page) { req in try await HouseholdForms.addMember(req) }
        app.on(.POST, ["households", ":id", "move"], access: Self.writers, kind: .page) { req in try await HouseholdForms.move(req) }
        app.on(.POST, ["households", ":id", "members", ":member"], access: Self.writers, kind: .page) { req in
            try await HouseholdForms.editMember(req)
        }
        app.on(.POST, ["households", ":id", "survey"], access: Self.writers, kind: .page) { req in try await HouseholdForms.survey(req) }
        app.on(.POST, ["households", ":id", "split"], access: Self.writers, kind: .page) { req in try await HouseholdForms.split(req) }
        app.on(.POST, ["households", ":id", "merge"], access: Self.writers, kind: .page) { req in try await HouseholdForms.merge(req) }
        app.on(.POST, ["api", "v1", "households", ":id", "split"], access: Self.writers, kind: .api) { req -> Response in
            struct Body: Content { let memberIds: [String]; let newCode: String; let newHeadId: String; let village: String? }
            let viewer = try req.requireViewer()
            let body = try req.content.decode(Body.self)
            let created = try await HouseholdStore(database: req.db, world: req.world).split(
                id: req.parameters.get("id") ?? "", memberIDs: Set(body.memberIds), newCode: body.newCode, newHeadID: body.newHeadId,
                village: body.village, actor: viewer.actor, scope: viewer.scope)
            return try await Self.json(req, id: created.id.rawValue).encodeResponse(status: .created, for: req)
        }
        app.on(.POST, ["api", "v1", "households", ":id", "merge"], access: Self.writers, kind: .api) { req -> HouseholdJSON in
            struct Body: Content { let fromId: String }
            let viewer = try req.requireViewer()
            let body = try req.content.decode(Body.self)
            let id = req.parameters.get("id") ?? ""
            _ = try await HouseholdStore(database: req.db, world: req.world).merge(intoID: id, fromID: body.fromId, actor: viewer.actor,
                                                                                  scope: viewer.scope)
            return try await Self.json(req, id: id)
        }

        app.on(.GET, ["api", "v1", "households"], access: .signedIn, kind: .api) { req -> HouseholdListJSON in
            let (query, _) = try await Self.query(req)
            let page = try await HouseholdStore(database: req.db, world: req.world).search(query, scope: try req.requireViewer().scope)
            return HouseholdListJSON(items: page.items.map(HouseholdItemJSON.init), total: page.total)
        }
        app.on(.GET, ["api", "v1", "households", ":id"], access: .signedIn, kind: .api) { req -> HouseholdJSON in
            try await Self.json(req, id: req.parameters.get("id") ?? "")
        }
        app.on(.POST, ["api", "v1", "households"], access: Self.writers, kind: .api) { req -> Response in
            let saved = try await Self.save(req, id: nil)
            return try await saved.encodeResponse(status: .created, for: req)
        }
        app.on(.PUT, ["api", "v1", "households", ":id"], access: Self.writers, kind: .api) { req -> HouseholdJSON in
            try await Self.save(req, id: req.parameters.get("id") ?? "")
        }
    }

    /// The list filter: a commune (and its predecessors) or a province, text, village, classification.
    static func query(_ req: Request) async throws -> (HouseholdQuery, Filter) {
        let filter = try req.query.decode(Filter.self)
        try Validate.paging(limit: filter.limit, offset: filter.offset)
        var query = HouseholdQuery(text: filter.q, village: filter.village, asOf: try Validate.date(filter.asOf, default: req.world.today),
                                   paging: try Paging(input: filter.limit, offset: filter.offset))
        query.unitIDs = try await UnitFilter.communeUnits(filter.unit, req: req)
        if let text = filter.province, !text.isEmpty {
            guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
            query.provinceCode = code.value
        }
        if let text = filter.classification, !text.isEmpty {
            guard let wanted = Classification(rawValue: text) else {
                throw PlatformError.invalidInput(field: "classification", message: "Phân loại không hợp lệ: «\(text)» (poor, near_poor, average, none).")
            }
            query.classification = wanted
        }
        return (query, filter)
    }

    /// Creates (`id == nil`) or replaces a household from the API body.
    static func save(_ req: Request, id: String?) async throws -> HouseholdJSON {
        let viewer = try req.requireViewer()
        let input = try req.content.decode(HouseholdInput.self)
        let store = HouseholdStore(database: req.db, world: req.world)
        var existing: Household?
        if let id { existing = try await store.household(id: id, scope: viewer.scope).household }
        let unit = try await UnitStore(sql: req.sql).unit(level: .commune, code: input.unitCode, asOf: req.world.today, scope: viewer.scope)
        let readers = ReferenceReaders(sql: try req.sql)
        let ethnic = try await readers.ethnicGroups()
        let birthplaces = try await readers.birthplaces()
        var members: [Member] = []
        for (index, m) in input.members.enumerated() {
            members.append(try MemberInput.member(m, index: index, ethnic: ethnic, birthplaces: birthplaces,
                                                  keeping: existing?.members ?? [], newID: req.world.newID))
        }
        let household = Household(
            id: existing?.id ?? Household.ID(req.world.newID()), unitID: AdministrativeUnit.ID(unit.id), code: try HouseholdCode(input.code),
            village: input.village.trimmingCharacters(in: .whitespaces), area: try Area(label: input.area),
            address: input.address ?? "", phone: input.phone ?? "", members: members)
        try await store.save(household, actor: viewer.actor, scope: viewer.scope)
        return try await json(req, id: household.id.rawValue)
    }

    /// A household as the API shows it to the caller.
    static func json(_ req: Request, id: String) async throws -> HouseholdJSON {
        let viewer = try req.requireViewer()
        let found = try await HouseholdStore(database: req.db, world: req.world).household(id: id, scope: viewer.scope)
        let classifications = ClassificationStore(database: req.db, world: req.world)
        let status = try await classifications.status(householdID: id, on: req.world.today)
        let exits = try await classifications.exits(householdID: id, on: req.world.today)
        return HouseholdJSON(found.household, summary: found.summary, role: viewer.role, status: status, newlyEscaped: exits.newlyEscaped)
    }

    struct Row: Encodable { let id: String; let code: String; let unitName: String; let village: String; let head: String; let members: Int; let classification: String }
    struct ListPage: Encodable {
        let filter: Filter
        let rows: [Row]
        let classifications: [Option]
        let pager: Pager
        let exportQuery: String
        let canWrite: Bool
    }
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }

    func listPage(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var (query, filter) = try await Self.query(req)
        let store = HouseholdStore(database: req.db, world: req.world)
        if let format = Exporter.format(filter.format) {
            query.paging = Paging(limit: Paging.maxLimit)
            var rows: [[Exporter.Cell]] = []
            var offset = 0
            while true {
                query.paging = Paging(limit: Paging.maxLimit, offset: offset)
                let page = try await store.search(query, scope: viewer.scope)
                rows += page.items.map { [.text($0.code), .number(Int64($0.unitCode)), .text($0.unitName), .text($0.village), .text($0.area.label),
                                          .text($0.headName), .number(Int64($0.memberCount)), .text($0.classification?.label ?? "")] }
                offset += Paging.maxLimit
                if offset >= page.total { break }
            }
            // A list of households names people: its export is logged.
            try await AuditStore(sql: req.sql, world: req.world).record(
                actor: viewer.actor, action: "export", recordType: "households", recordID: filter.unit ?? filter.province ?? "",
                provinceCode: nil, before: nil as String?, after: ["rows": rows.count])
            return try Exporter.response(Exporter.Table(sheetName: "Hộ gia đình",
                                                        headers: ["Mã hộ", "Mã xã", "Xã/phường", "Thôn/tổ", "Khu vực", "Chủ hộ", "Số nhân khẩu", "Phân loại"],
                                                        rows: rows), format: format, fileName: "ho-gia-dinh")
        }
        let page = try await store.search(query, scope: viewer.scope)
        let params = ["unit": filter.unit ?? "", "province": filter.province ?? "", "q": filter.q ?? "", "village": filter.village ?? "",
                      "classification": filter.classification ?? ""]
        let rows = page.items.map {
            Row(id: $0.id, code: $0.code, unitName: $0.unitName, village: $0.village, head: $0.headName, members: $0.memberCount,
                classification: $0.classification?.label ?? "—")
        }
        return try await req.page("registry/households", title: "Hộ gia đình", crumbs: [Crumb(label: "Hộ gia đình", href: "/households")],
            ListPage(filter: filter, rows: rows,
                     classifications: Classification.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == filter.classification) },
                     pager: Pager(total: page.total, paging: query.paging, path: "/households", query: params),
                     exportQuery: QueryString.encode(params), canWrite: Self.writers.allows(viewer.role)))
    }
}

/// Reads a member from the API or a form.
enum MemberInput {
    static func member(_ m: MemberJSON, index: Int, ethnic: EthnicGroups, birthplaces: Set<Int>, keeping: [Member],
                       newID: () -> String) throws -> Member {
        func field(_ name: String, _ error: some DomainError) -> PlatformError {
            .invalidInput(field: "members[\(index)].\(name)", message: error.message)
        }
        // Free text the contract admits (a label of sex or relation, an ethnicity, a number) that
        // names nothing known is refused, not malformed: 422.
        func refused(_ name: String, _ error: some DomainError) -> PlatformError {
            .inputRefused(field: "members[\(index)].\(name)", message: error.message)
        }
        let birth: BusinessDate
        do { birth = try BusinessDate(vietnamese: m.birthDate) } catch { throw field("birthDate", RegistryError.invalidBirthDate(m.birthDate)) }
        let sex: Sex
        do { sex = try Sex(label: m.sex) } catch { throw refused("sex", error) }
        let relation: Relation
        do { relation = try Relation(label: m.relation) } catch { throw refused("relation", error) }
        guard let ethnicity = ethnic.code(for: m.ethnicityCode) else {
            throw refused("ethnicityCode", RegistryError.unknownEthnicity(m.ethnicityCode))
        }
        var citizenID: CitizenID?
        if let text = m.citizenId, !text.isEmpty {
            do { citizenID = try CitizenID(text, birthplaces: birthplaces) } catch {
                throw refused("citizenId", RegistryError.invalidCitizenID(text, error))
            }
        }
        var flags: Set<MemberFlag> = []
        for text in m.flags ?? [] {
            guard let flag = MemberFlag(rawValue: text) else {
                throw PlatformError.invalidInput(field: "members[\(index)].flags", message: "Đặc điểm không hợp lệ: «\(text)».")
            }
            flags.insert(flag)
        }
        let known = keeping.first { $0.id.rawValue == m.id } ?? citizenID.flatMap { id in keeping.first { $0.citizenID == id } }
        return Member(id: known?.id ?? Member.ID(newID()), fullName: m.fullName.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                      birthDate: birth, sex: sex, ethnicityCode: ethnicity, relation: relation, citizenID: citizenID, flags: flags)
    }
}
