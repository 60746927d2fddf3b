import Domain
import Store
import Vapor

/// Kiểm tra, giám sát (`/oversight`): where every recipient of the directive finds what it
/// must record and follow up, with the counts that need attention.
struct OversightRoutes {
    func register(_ app: Application) {
        app.on(.GET, ["oversight"], access: .signedIn, kind: .page) { req in
            let viewer = try req.requireViewer()
            let counts = try await FindingStore(database: req.db, world: req.world).counts(
                scope: viewer.scope, on: req.world.today)
            struct Body: Encodable {
                let pending: Int, overdue: Int, blackCredit: Int
            }
            return try await req.page(
                "oversight/index", title: "Kiểm tra, giám sát",
                crumbs: [Crumb(label: "Kiểm tra, giám sát", href: "/oversight")],
                Body(
                    pending: counts.reduce(0) { $0 + $1.pending },
                    overdue: counts.reduce(0) { $0 + $1.overdue },
                    blackCredit: counts.reduce(0) { $0 + $1.blackCredit }))
        }
    }
}
