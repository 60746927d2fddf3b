import Domain
import Store
import SQLKit
import Vapor

/// Administration of users: create, set role and scope, disable, reset password (pages and API).
struct UserRoutes {
    struct UserJSON: Content, Equatable {
        let id: String
        let username: String
        let displayName: String
        let role: String
        let scope: ScopeJSON
        let mustChangePassword: Bool
        let disabled: Bool
        /// The organisation an officer works for; the group a leader leads (null until linked:
        /// until then such a user sees nothing).
        let organisation: String?
        let group: String?
        let twoFactor: Bool

        init(_ u: UserRecord) {
            id = u.id
            username = u.username
            displayName = u.displayName
            role = u.role.rawValue
            scope = ScopeJSON(u.scope)
            mustChangePassword = u.mustChangePassword
            disabled = u.disabled
            organisation = u.organisation?.rawValue
            group = u.groupID
            twoFactor = u.twoFactorEnabled
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(username, forKey: .username)
            try c.encode(displayName, forKey: .displayName)
            try c.encode(role, forKey: .role)
            try c.encode(scope, forKey: .scope)
            try c.encode(mustChangePassword, forKey: .mustChangePassword)
            try c.encode(disabled, forKey: .disabled)
            // Absent is null, as the document says, never a missing key.
            try c.encode(organisation, forKey: .organisation)
            try c.encode(group, forKey: .group)
            try c.encode(twoFactor, forKey: .twoFactor)
        }
    }

    struct UserList: Content { let items: [UserJSON]; let total: Int }
    struct CreateInput: Content {
        let username: String; let displayName: String; let password: String; let role: String; let scope: ScopeJSON
        let organisation: String?; let group: String?
    }
    struct UpdateInput: Content {
        let displayName: String; let role: String; let scope: ScopeJSON; let disabled: Bool; let organisation: String?; let group: String?
    }
    struct PasswordInput: Content { let password: String }

    /// The page form: scope given as a unit code (province or commune) or an office.
    struct UserForm: Content {
        var username: String?
        var displayName: String?
        var password: String?
        var role: String?
        var scopeUnit: String?
        var scopeOffice: String?
        var disabled: String?
        /// An organisation officer's organisation; a group leader's group.
        var organisation: String?
        var group: String?
    }

    func register(_ app: Application) {
        app.on(.GET, ["admin", "users"], access: .admin, kind: .page) { req in try await listPage(req) }
        app.on(.GET, ["admin", "users", "new"], access: .admin, kind: .page) { req in try await formPage(req, form: UserForm()) }
        app.on(.POST, ["admin", "users"], access: .admin, kind: .page) { req in try await createFromForm(req) }
        app.on(.GET, ["admin", "users", ":id"], access: .admin, kind: .page) { req in try await showPage(req) }
        app.on(.POST, ["admin", "users", ":id"], access: .admin, kind: .page) { req in try await updateFromForm(req) }
        app.on(.POST, ["admin", "users", ":id", "password"], access: .admin, kind: .page) { req in try await resetFromForm(req) }
        app.on(.POST, ["admin", "users", ":id", "two-factor", "reset"], access: .admin, kind: .page) { req in try await resetTwoFactor(req) }

        app.on(.GET, ["api", "v1", "users"], access: .admin, kind: .api) { req -> UserList in
            let query = try req.query.decode(ListQuery.self)
            try Validate.paging(limit: query.limit, offset: query.offset)
            let page = try await UserStore(database: req.db, world: req.world).list(text: query.q, paging: query.paging)
            return UserList(items: page.items.map(UserJSON.init), total: page.total)
        }
        app.on(.POST, ["api", "v1", "users"], access: .admin, kind: .api) { req -> Response in
            let input = try req.content.decode(CreateInput.self)
            let network = try await Self.network(req, organisation: input.organisation, group: input.group)
            let store = UserStore(database: req.db, world: req.world)
            var user = try await store.create(
                NewUser(username: input.username, displayName: input.displayName, password: input.password,
                        role: try Self.role(input.role), scope: try ScopeSpec(kind: input.scope.kind, reference: input.scope.ref),
                        mustChangePassword: true),
                hasher: req.application.settings.hasher, actor: try req.requireViewer().actor)
            try await Self.link(req, user: user, network: network)
            user = try await store.user(id: user.id) ?? user
            return try await UserJSON(user).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "users", ":id"], access: .admin, kind: .api) { req -> UserJSON in
            guard let user = try await UserStore(database: req.db, world: req.world).user(id: req.parameters.get("id") ?? "") else {
                throw PlatformError.notFound
            }
            return UserJSON(user)
        }
        app.on(.PUT, ["api", "v1", "users", ":id"], access: .admin, kind: .api) { req -> UserJSON in
            let input = try req.content.decode(UpdateInput.self)
            let network = try await Self.network(req, organisation: input.organisation, group: input.group)
            let store = UserStore(database: req.db, world: req.world)
            let user = try await store.update(
                id: req.parameters.get("id") ?? "", displayName: input.displayName, role: try Self.role(input.role),
                scope: try ScopeSpec(kind: input.scope.kind, reference: input.scope.ref), disabled: input.disabled,
                actor: try req.requireViewer().actor)
            try await Self.link(req, user: user, network: network)
            return UserJSON(try await store.user(id: user.id) ?? user)
        }
        app.on(.POST, ["api", "v1", "users", ":id", "password"], access: .admin, kind: .api) { req -> Response in
            let input = try req.content.decode(PasswordInput.self)
            try await UserStore(database: req.db, world: req.world).resetPassword(
                id: req.parameters.get("id") ?? "", newPassword: input.password, hasher: req.application.settings.hasher,
                actor: try req.requireViewer().actor)
            return Response(status: .noContent)
        }
    }

    static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else { throw PlatformError.invalidRole(text) }
        return role
    }

    /// The form's scope: an office if chosen, else a province (2-digit) or commune code, else everything.
    static func scope(_ form: UserForm) throws -> ScopeSpec {
        if let office = form.scopeOffice, !office.isEmpty { return .office(Office.ID(office)) }
        guard let text = form.scopeUnit?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .everything }
        guard let code = try? UnitCode(text: text) else { throw PlatformError.invalidScope(text) }
        return code.value < 100 ? .province(code) : .commune(code)
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct FormPage: Encodable {
        let form: UserForm; let roles: [Option]; let offices: [Option]; let isNew: Bool; let user: UserJSON?; let scopeLabel: String
        let organisations: [Option]
    }
    struct ListPage: Encodable { let users: [UserJSON]; let roleLabels: [String]; let q: String; let pager: Pager }

    func listPage(_ req: Request) async throws -> Response {
        let query = try req.query.decode(ListQuery.self)
        try Validate.paging(limit: query.limit, offset: query.offset)
        let store = UserStore(database: req.db, world: req.world)
        if let format = Exporter.format(query.format) {
            let all = try await store.list(text: query.q, paging: Paging(limit: Paging.maxLimit))
            let viewer = try req.requireViewer()
            // A list of people is personal data: its export is logged.
            try await AuditStore(sql: req.sql, world: req.world).record(
                actor: viewer.actor, action: "export", recordType: "users", recordID: query.q ?? "", provinceCode: nil,
                before: nil as String?, after: ["rows": all.items.count])
            let rows: [[Exporter.Cell]] = all.items.map {
                [.text($0.username), .text($0.displayName), .text($0.role.label), .text($0.scope.kind), .text($0.scope.reference ?? ""),
                 .text($0.disabled ? "Đã khóa" : "Hoạt động")]
            }
            return try Exporter.response(Exporter.Table(sheetName: "Người dùng", headers: ["Tên đăng nhập", "Họ tên", "Vai trò", "Phạm vi", "Mã phạm vi", "Trạng thái"], rows: rows),
                                         format: format, fileName: "nguoi-dung")
        }
        let page = try await store.list(text: query.q, paging: query.paging)
        return try await req.page("platform/users", title: "Người dùng", crumbs: [Crumb(label: "Người dùng", href: "/admin/users")],
                                  ListPage(users: page.items.map(UserJSON.init), roleLabels: page.items.map(\.role.label), q: query.q ?? "",
                                           pager: Pager(total: page.total, paging: query.paging, path: "/admin/users", query: ["q": query.q ?? ""])))
    }

    func formPage(_ req: Request, form: UserForm, user: UserRecord? = nil, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let offices = try await OfficeStore(sql: req.sql).list(provinceCode: nil, scope: .everything, paging: Paging(limit: Paging.maxLimit))
        var scopeLabel = ""
        if let user { scopeLabel = try await ScopeJSON.label(user.scope, sql: req.sql) }
        let page = FormPage(
            form: form,
            roles: Role.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.role) },
            offices: offices.items.map { Option(value: $0.id, label: $0.name, selected: $0.id == form.scopeOffice) },
            isNew: user == nil, user: user.map(UserJSON.init),
            scopeLabel: scopeLabel,
            organisations: Organisation.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.organisation) })
        let title = user.map { $0.username } ?? "Tạo người dùng"
        return try await req.page(user == nil ? "platform/user-new" : "platform/user", title: title,
                                  crumbs: [Crumb(label: "Người dùng", href: "/admin/users"), Crumb(label: title, href: req.url.path)],
                                  status: status, error: error, page)
    }

    func createFromForm(_ req: Request) async throws -> Response {
        var form = try req.content.decode(UserForm.self)
        do {
            let network = try await Self.network(req, form: form)
            let user = try await UserStore(database: req.db, world: req.world).create(
                NewUser(username: form.username ?? "", displayName: form.displayName ?? "", password: form.password ?? "",
                        role: try Self.role(form.role ?? ""), scope: try Self.scope(form), mustChangePassword: true),
                hasher: req.application.settings.hasher, actor: try req.requireViewer().actor)
            try await Self.link(req, user: user, network: network)
            return Flash.redirect(req, to: "/admin/users/\(user.id)", success: "Đã tạo người dùng \(user.username). Người dùng phải đổi mật khẩu khi đăng nhập lần đầu.")
        } catch let error as any DomainError {
            form.password = nil
            return try await formPage(req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    func showPage(_ req: Request) async throws -> Response {
        guard let user = try await UserStore(database: req.db, world: req.world).user(id: req.parameters.get("id") ?? "") else {
            throw PlatformError.notFound
        }
        return try await formPage(req, form: Self.form(of: user), user: user)
    }

    static func form(of user: UserRecord) -> UserForm {
        var form = UserForm(username: user.username, displayName: user.displayName, role: user.role.rawValue)
        switch user.scope {
        case .everything: break
        case .province(let code), .commune(let code): form.scopeUnit = String(code.value)
        case .office(let id): form.scopeOffice = id.rawValue
        }
        form.disabled = user.disabled ? "on" : nil
        form.organisation = user.organisation?.rawValue
        form.group = user.groupID
        return form
    }

    func updateFromForm(_ req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        let store = UserStore(database: req.db, world: req.world)
        guard let user = try await store.user(id: req.parameters.get("id") ?? "") else { throw PlatformError.notFound }
        do {
            let network = try await Self.network(req, form: form)
            _ = try await store.update(id: user.id, displayName: form.displayName ?? "", role: try Self.role(form.role ?? ""),
                                       scope: try Self.scope(form), disabled: form.disabled != nil, actor: try req.requireViewer().actor)
            try await Self.link(req, user: user, network: network)
        } catch let error as any DomainError {
            var shown = form
            shown.username = user.username
            return try await formPage(req, form: shown, user: user, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        return Flash.redirect(req, to: "/admin/users/\(user.id)", success: "Đã lưu thay đổi.")
    }

    /// The organisation and group the form names, checked (a group must exist) before anything is written.
    static func network(_ req: Request, form: UserForm) async throws -> (organisation: Organisation?, groupID: String?) {
        try await network(req, organisation: form.organisation, group: form.group)
    }

    static func network(_ req: Request, organisation text: String?,
                        group groupText: String?) async throws -> (organisation: Organisation?, groupID: String?) {
        let organisation = try (text ?? "").isEmpty ? nil : Organisation(text: text ?? "")
        let group = (groupText ?? "").trimmingCharacters(in: .whitespaces)
        if !group.isEmpty { _ = try await GroupStore(database: req.db, world: req.world).group(id: group, scope: .everything) }
        return (organisation, group.isEmpty ? nil : group)
    }

    /// Ties the user to an organisation or a group when the form names one.
    static func link(_ req: Request, user: UserRecord, network: (organisation: Organisation?, groupID: String?)) async throws {
        let (organisation, groupID) = network
        guard organisation != user.organisation || groupID != user.groupID else { return }
        _ = try await UserStore(database: req.db, world: req.world).linkNetwork(id: user.id, organisation: organisation, groupID: groupID,
                                                                              actor: try req.requireViewer().actor)
    }

    /// A lost phone: the administrator turns the user's second factor off; they enrol again.
    func resetTwoFactor(_ req: Request) async throws -> Response {
        let store = UserStore(database: req.db, world: req.world)
        guard let user = try await store.user(id: req.parameters.get("id") ?? "") else { throw PlatformError.notFound }
        let viewer = try req.requireViewer()
        struct Confirm: Content { var confirm: String? }
        // The button says what it does; a bare post changes nothing.
        guard try req.content.decode(Confirm.self).confirm == "1" else {
            throw PlatformError.invalidInput(field: "confirm", message: "Xác nhận tắt xác thực hai lớp của người dùng này.")
        }
        guard user.twoFactorEnabled else {
            throw PlatformError.invalidInput(field: "confirm", message: "Người dùng này chưa bật xác thực hai lớp.")
        }
        try await store.disableTwoFactor(userID: user.id, actor: viewer.actor)
        try await SessionStore(sql: req.sql, world: req.world).endAll(userID: user.id)
        await SignIn.log(req, .twoFactorDisabled, username: user.username, userID: user.id, detail: "quản trị viên \(viewer.user.username) đặt lại")
        return Flash.redirect(req, to: "/admin/users/\(user.id)", success: "Đã tắt xác thực hai lớp của \(user.username); người dùng bật lại khi đăng nhập.")
    }

    func resetFromForm(_ req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        let store = UserStore(database: req.db, world: req.world)
        guard let user = try await store.user(id: req.parameters.get("id") ?? "") else { throw PlatformError.notFound }
        do {
            try await store.resetPassword(id: user.id, newPassword: form.password ?? "", hasher: req.application.settings.hasher,
                                          actor: try req.requireViewer().actor)
        } catch let error as any DomainError {
            return try await formPage(req, form: Self.form(of: user), user: user, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        return Flash.redirect(req, to: "/admin/users/\(user.id)", success: "Đã đặt lại mật khẩu; người dùng phải đổi mật khẩu khi đăng nhập.")
    }
}
