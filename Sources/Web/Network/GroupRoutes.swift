import Domain
import SQLKit
import Store
import Vapor

/// Tổ tiết kiệm và vay vốn: lists, the group page, founding, members in and out, board,
/// meetings, dissolution and merger (pages and API). Every query is narrowed by the store to the
/// caller's scope, organisation and group.
struct GroupRoutes {
    /// Organisation officers run their groups; bank officers sign the authorisation contracts.
    static let writers = Access.roles([.admin, .bank, .union])

    struct Filter: Content {
        var unit: String?
        var province: String?
        var organisation: String?
        var village: String?
        var q: String?
        var dissolved: String?
        var limit: Int?
        var offset: Int?
        var format: String?
    }

    func register(_ app: Application) {
        app.on(.GET, ["groups"], access: .signedIn, kind: .page) { req in try await GroupPages.list(req) }
        app.on(.GET, ["groups", "new"], access: Self.writers, kind: .page) { req in try await GroupPages.newForm(req) }
        app.on(.POST, ["groups"], access: Self.writers, kind: .page) { req in try await GroupPages.create(req) }
        app.on(.GET, ["groups", ":id"], access: .signedIn, kind: .page) { req in try await GroupPages.show(req) }
        app.on(.POST, ["groups", ":id", "members"], access: Self.writers, kind: .page) { req in try await GroupPages.addMembers(req) }
        app.on(.POST, ["groups", ":id", "members", ":household", "remove"], access: Self.writers, kind: .page) { req in
            try await GroupPages.removeMember(req)
        }
        app.on(.POST, ["groups", ":id", "board"], access: Self.writers, kind: .page) { req in try await GroupPages.elect(req) }
        app.on(.POST, ["groups", ":id", "meetings"], access: Self.writers, kind: .page) { req in try await GroupPages.meeting(req) }
        app.on(.POST, ["groups", ":id", "dissolve"], access: Self.writers, kind: .page) { req in try await GroupPages.dissolve(req) }
        app.on(.GET, ["my-group"], access: .roles([.leader]), kind: .page) { req in
            guard let group = try req.requireViewer().user.groupID else {
                return try await req.page("network/no-group", title: "Tổ của tôi", crumbs: [], EmptyBody())
            }
            return try await GroupPages.show(req, id: group)
        }

        app.on(.GET, ["api", "v1", "groups"], access: .signedIn, kind: .api) { req -> GroupListJSON in
            let (query, _) = try await Self.query(req)
            let page = try await GroupStore(database: req.db, world: req.world).list(query, scope: try req.requireViewer().scope)
            return GroupListJSON(items: page.items.map(GroupItemJSON.init), total: page.total)
        }
        app.on(.GET, ["api", "v1", "groups", ":id"], access: .signedIn, kind: .api) { req -> GroupJSON in
            try await Self.json(req, id: req.parameters.get("id") ?? "")
        }
        app.on(.POST, ["api", "v1", "groups"], access: Self.writers, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(GroupCreateJSON.self)
            let group = try await GroupStore(database: req.db, world: req.world).create(
                NewGroup(name: body.name, organisation: try Organisation(text: body.organisation), unitCode: body.unitCode, village: body.village,
                         foundedOn: try Validate.date(body.foundedOn), authorisationNumber: body.authorisationNumber ?? "",
                         authorisationDate: try body.authorisationDate.map { try Validate.date($0) }, foundingMinutes: body.foundingMinutes ?? ""),
                actor: viewer.actor, scope: viewer.scope)
            return try await Self.json(req, id: group.id.rawValue).encodeResponse(status: .created, for: req)
        }
        app.on(.POST, ["api", "v1", "groups", ":id", "members"], access: Self.writers, kind: .api) { req -> GroupJSON in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(GroupMembersJSON.self)
            let id = req.parameters.get("id") ?? ""
            _ = try await GroupStore(database: req.db, world: req.world).addMembers(
                groupID: id, householdCodes: body.households, on: try Validate.date(body.date), actor: viewer.actor, scope: viewer.scope)
            return try await Self.json(req, id: id)
        }
        app.on(.POST, ["api", "v1", "groups", ":id", "board"], access: Self.writers, kind: .api) { req -> GroupJSON in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(GroupBoardJSON.self)
            let id = req.parameters.get("id") ?? ""
            _ = try await GroupStore(database: req.db, world: req.world).elect(
                groupID: id, BoardElection(leaderMemberID: body.leader, deputyMemberID: body.deputy,
                                           declaredKinship: try Self.kinship(body.declaredKinship),
                                           leaderLeadsOtherBankGroup: body.leaderLeadsOtherBankGroup ?? false, date: try Validate.date(body.date)),
                actor: viewer.actor, scope: viewer.scope)
            return try await Self.json(req, id: id)
        }
    }

    static func kinship(_ text: String?) throws -> Kinship? {
        guard let text, !text.isEmpty, text != "none" else { return nil }
        guard let kinship = Kinship(rawValue: text) else {
            throw PlatformError.invalidInput(field: "declaredKinship", message: "Quan hệ khai báo không hợp lệ: «\(text)» (spouse, parent_child, siblings).")
        }
        return kinship
    }

    static func json(_ req: Request, id: String) async throws -> GroupJSON {
        let viewer = try req.requireViewer()
        let store = GroupStore(database: req.db, world: req.world)
        return GroupJSON(try await store.detail(id: id, scope: viewer.scope), history: try await store.membershipHistory(groupID: id, scope: viewer.scope))
    }

    /// The list filter: a commune (and its predecessors) or a province, organisation, village, name.
    static func query(_ req: Request) async throws -> (GroupQuery, Filter) {
        let filter = try req.query.decode(Filter.self)
        try Validate.paging(limit: filter.limit, offset: filter.offset)
        var query = GroupQuery(text: filter.q, village: filter.village, includeDissolved: filter.dissolved == "1",
                               paging: try Paging(input: filter.limit, offset: filter.offset))
        query.unitIDs = try await UnitFilter.communeUnits(filter.unit, req: req)
        if let text = filter.province, !text.isEmpty {
            guard let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(text) }
            query.provinceCode = code.value
        }
        if let text = filter.organisation, !text.isEmpty { query.organisation = try Organisation(text: text) }
        return (query, filter)
    }
}

struct EmptyBody: Encodable {}
