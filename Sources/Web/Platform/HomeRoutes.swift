import Domain
import Store
import SQLKit
import Vapor

/// The home page: what the signed-in person's scope holds, and where their work starts.
struct HomeRoutes {
    struct Card: Encodable { let label: String; let value: Int; let href: String }
    struct Task: Encodable { let label: String; let href: String }
    struct Home: Encodable {
        let greeting: String
        let roleLabel: String
        let scopeLabel: String
        let cards: [Card]
        let tasks: [Task]
        let today: String
        let work: [Card]
        let sittings: [Sitting]
    }

    struct Me: Content {
        let id: String
        let username: String
        let displayName: String
        let role: String
        let scope: ScopeJSON
    }

    func register(_ app: Application) {
        app.on(.GET, [], access: .signedIn, kind: .page) { req in try await home(req) }
        app.on(.GET, ["api", "v1", "me"], access: .signedIn, kind: .api) { req -> Me in
            let viewer = try req.requireViewer()
            return Me(id: viewer.user.id, username: viewer.user.username, displayName: viewer.user.displayName,
                      role: viewer.role.rawValue, scope: ScopeJSON(viewer.user.scope))
        }
    }

    func home(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        // The province's leaders land on where the province stands, not on a menu.
        if viewer.role == .province { return try await DashboardRoutes.page(req) }
        // A group's leader, on a phone: his group, its next sitting and what each member owes.
        if viewer.role == .leader, let group = viewer.user.groupID {
            return try await GroupPages.show(req, id: group)
        }
        let queue = try await WorkQueueStore(database: req.db, world: req.world)
            .queue(scope: viewer.scope, on: req.world.today, role: viewer.role)
        let today = req.world.today
        let units = try await UnitStore(sql: req.sql).search(UnitQuery(asOf: today, paging: Paging(limit: 1)), scope: viewer.scope)
        let offices = try await OfficeStore(sql: req.sql).list(provinceCode: nil, scope: viewer.scope, paging: Paging(limit: 1))
        let points = PointStore(database: req.db)
        let allPoints = try await points.list(unitIDs: nil, officeID: nil, needingAction: false, scope: viewer.scope, paging: Paging(limit: 1))
        let needing = try await points.list(unitIDs: nil, officeID: nil, needingAction: true, scope: viewer.scope, paging: Paging(limit: 1))
        var tasks: [Task] = [Task(label: "Tra cứu đơn vị hành chính và lịch sử sáp nhập", href: "/units")]
        if [.admin, .province, .finance, .construction, .inspector].contains(viewer.role) {
            // The leaders' first task: where the province stands against its 2030 targets.
            tasks.insert(
                Task(label: "Bảng điều hành: mục tiêu 2030 của tỉnh", href: "/dashboard"), at: 0)
        }
        switch viewer.role {
        case .admin:
            tasks += [Task(label: "Quản lý người dùng, vai trò, phạm vi", href: "/admin/users"),
                      Task(label: "Cập nhật dữ liệu tham chiếu có hiệu lực theo ngày", href: "/reference-data"),
                      Task(label: "Xem nhật ký thay đổi", href: "/audit")]
        case .bank:
            tasks += [Task(label: "Ghi kết quả kiểm tra cơ sở vật chất điểm giao dịch", href: "/points?needingAction=1")]
        case .inspector:
            tasks += [Task(label: "Điểm giao dịch có hạng mục an ninh, thiết bị cần xử lý", href: "/points?needingAction=1"),
                      Task(label: "Xem nhật ký thay đổi trong phạm vi", href: "/audit")]
        case .province:
            tasks += [
                Task(label: "Điểm giao dịch cần đầu tư an ninh, thiết bị",
                     href: "/points?needingAction=1"),
                Task(label: "Tỷ trọng vốn ngân sách địa phương so với mục tiêu 15 % năm 2030",
                     href: "/capital"),
            ]
        case .finance:
            tasks += [
                Task(label: "Ghi kế hoạch và các lần cấp vốn ngân sách địa phương ủy thác",
                     href: "/capital"),
                Task(label: "Tỷ trọng vốn địa phương và lộ trình đến năm 2030",
                     href: "/capital#lo-trinh"),
            ]
        case .construction:
            tasks += [
                Task(label: "Đăng ký nhu cầu vay nhà ở xã hội", href: "/housing-demand"),
                Task(label: "Tổng hợp nhu cầu theo xã và mục đích",
                     href: "/reports/housing-demand"),
            ]
        case .commune, .union, .leader:
            tasks += [Task(label: "Điểm giao dịch của xã", href: "/points")]
        }
        let home = Home(
            greeting: "Xin chào, \(viewer.user.displayName)",
            roleLabel: viewer.role.label,
            scopeLabel: try await ScopeJSON.label(viewer.user.scope, sql: req.sql),
            cards: [Card(label: "Xã, phường, đặc khu trong phạm vi", value: units.total, href: "/units"),
                    Card(label: "Phòng giao dịch", value: offices.total, href: "/offices"),
                    Card(label: "Điểm giao dịch xã", value: allPoints.total, href: "/points"),
                    Card(label: "Điểm có hạng mục cần xử lý", value: needing.total, href: "/points?needingAction=1")],
            tasks: tasks,
            today: today.vietnamese,
            work: Self.work(viewer.role, queue, pointsNeedingAction: needing.total),
            sittings: Self.sittings(viewer.role, queue))
        return try await req.page("platform/home", title: "Trang chủ", home)
    }
}

/// A scope in the API: `{"kind": "commune", "ref": "11953"}`.
struct ScopeJSON: Content, Equatable {
    let kind: String
    let ref: String?

    init(_ spec: ScopeSpec) {
        kind = spec.kind
        ref = spec.reference
    }

    /// "Phường Phố Hiến (11953)", for people.
    static func label(_ spec: ScopeSpec, sql: any SQLDatabase) async throws -> String {
        try await ScopeResolver(sql: sql).label(spec)
    }
}
