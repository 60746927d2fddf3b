import Domain
import Store
import Vapor

/// Một phiên giao dịch: the sitting, its minutes, and what was done at it and by whom (collections,
/// disbursements, files taken in and decided, risk files), read from the records the commands
/// wrote. Page `/transaction-days/:id` (A4) and `GET /api/v1/transaction-days/{id}`.
struct TransactionDayRoutes {
    struct ItemJSON: Content {
        let kind: String; let label: String; let subject: String; let reference: String; let amount: Int64; let detail: String; let actor: String
        init(_ i: DayBusiness.Item) {
            kind = i.kind; label = i.label; subject = i.subject; reference = i.reference; amount = i.amount.dong; detail = i.detail; actor = i.actor
        }
    }
    struct BusinessJSON: Content {
        let collections: [ItemJSON]; let disbursements: [ItemJSON]; let applications: [ItemJSON]; let decisions: [ItemJSON]; let riskFiles: [ItemJSON]
        init(_ b: DayBusiness) {
            collections = b.collections.map(ItemJSON.init); disbursements = b.disbursements.map(ItemJSON.init)
            applications = b.applications.map(ItemJSON.init); decisions = b.decisions.map(ItemJSON.init); riskFiles = b.riskFiles.map(ItemJSON.init)
        }
    }
    struct SittingJSON: Content { let day: CalendarRoutes.DayJSON; let business: BusinessJSON }

    func register(_ app: Application) {
        app.on(.GET, ["transaction-days", ":id"], access: .signedIn, kind: .page) { req in try await Self.page(req) }
        app.on(.GET, ["api", "v1", "transaction-days", ":id"], access: .signedIn, kind: .api) { req -> SittingJSON in
            let (entry, business) = try await Self.load(req)
            return SittingJSON(day: CalendarRoutes.DayJSON(entry), business: BusinessJSON(business))
        }
    }

    static func load(_ req: Request) async throws -> (CalendarEntry, DayBusiness) {
        let viewer = try req.requireViewer()
        let (entry, point) = try await TransactionDayStore(database: req.db, world: req.world).day(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        return (entry, try await LoanStore(database: req.db, world: req.world).business(unitID: point.unitID, on: entry.day.date,
                                                                                                  scope: viewer.scope))
    }

    static func page(_ req: Request) async throws -> Response {
        let (entry, business) = try await load(req)
        struct Row: Encodable { let label: String; let subject: String; let href: String; let amount: String; let detail: String; let actor: String }
        struct Section: Encodable { let id: String; let title: String; let rows: [Row] }
        func rows(_ items: [DayBusiness.Item]) -> [Row] {
            items.map { i in
                let href = switch i.kind {
                case "collection": "/groups/\(i.reference)"
                case "application", "decision": "/applications/\(i.reference)"
                default: "/loans/\(i.reference)"
                }
                return Row(label: i.label, subject: i.subject, href: href, amount: i.amount.description, detail: i.detail, actor: i.actor)
            }
        }
        let sections = [
            Section(id: "day-collections", title: "Thu lãi, thu nợ, tiết kiệm theo tổ", rows: rows(business.collections)),
            Section(id: "day-disbursements", title: "Giải ngân", rows: rows(business.disbursements)),
            Section(id: "day-applications", title: "Hồ sơ vay nhận trong ngày", rows: rows(business.applications)),
            Section(id: "day-decisions", title: "Hồ sơ được phê duyệt, từ chối", rows: rows(business.decisions)),
            Section(id: "day-risk", title: "Điều chỉnh kỳ hạn, gia hạn, khoanh, xóa nợ, thu hồi", rows: rows(business.riskFiles)),
        ]
        struct Body: Encodable {
            let point: String; let pointID: String; let unit: String; let date: String; let weekday: String; let hours: String; let status: String
            let note: String; let record: TransactionDayRecord?; let sections: [Section]; let empty: Bool
        }
        let row = CalendarRoutes.row(entry)
        return try await req.page("network/transaction-day", title: "Phiên giao dịch ngày \(entry.day.date.vietnamese) – \(entry.pointName)",
                                  crumbs: [Crumb(label: "Điểm giao dịch xã", href: "/points"), Crumb(label: entry.pointName, href: "/points/\(entry.day.pointID)"),
                                           Crumb(label: entry.day.date.vietnamese, href: "/transaction-days/\(entry.day.id)")],
                                  Body(point: entry.pointName, pointID: entry.day.pointID, unit: entry.unitName, date: entry.day.date.vietnamese,
                                       weekday: entry.day.date.weekdayLabel, hours: entry.day.hours, status: entry.day.status.label, note: row.note,
                                       record: entry.day.record, sections: sections, empty: business.isEmpty))
    }
}
