import Domain
import Store
import SQLKit
import Vapor

/// Commune transaction points and the state of their security and equipment.
struct PointRoutes {
    struct PointJSON: Content {
        let id: String
        let name: String
        let address: String
        let unitCode: Int
        let unitName: String
        let officeId: String
        let officeName: String
        let provinceCode: Int
        let facilitiesNeedingAction: Int

        init(_ p: PointSummary) {
            id = p.id
            name = p.name
            address = p.address
            unitCode = p.unitCode
            unitName = p.unitName
            officeId = p.officeID
            officeName = p.officeName
            provinceCode = p.provinceCode
            facilitiesNeedingAction = p.facilitiesNeedingAction
        }
    }

    struct FacilityJSON: Content {
        let id: String
        let category: String
        let item: String
        let state: String
        let checkedOn: String

        init(_ f: FacilityRecord) {
            id = f.id
            category = f.category.rawValue
            item = f.item
            state = f.state.rawValue
            checkedOn = f.checkedOn.iso
        }
    }

    struct PointList: Content { let items: [PointJSON]; let total: Int }
    struct PointDetail: Content { let point: PointJSON; let facilities: [FacilityJSON] }
    struct FacilityInput: Content { let category: String; let item: String; let state: String; let checkedOn: String }
    struct FacilityForm: Content { var category: String?; var item: String?; var state: String?; var checkedOn: String? }
    struct Filter: Content { var commune: String?; var office: String?; var needingAction: String?; var limit: Int?; var offset: Int?; var format: String? }

    static let editors = Access.roles([.admin, .bank])

    func register(_ app: Application) {
        app.on(.GET, ["points"], access: .signedIn, kind: .page) { req in try await listPage(req) }
        app.on(.GET, ["points", ":id"], access: .signedIn, kind: .page) { req in try await showPage(req) }
        app.on(.POST, ["points", ":id", "facilities"], access: Self.editors, kind: .page) { req in try await checkFromForm(req) }
        app.on(.GET, ["api", "v1", "transaction-points"], access: .signedIn, kind: .api) { req -> PointList in
            let page = try await Self.list(req, paging: nil)
            return PointList(items: page.items.map(PointJSON.init), total: page.total)
        }
        app.on(.GET, ["api", "v1", "transaction-points", ":id"], access: .signedIn, kind: .api) { req -> PointDetail in
            let found = try await PointStore(database: req.db).point(id: req.parameters.get("id") ?? "", scope: try req.requireViewer().scope)
            return PointDetail(point: PointJSON(found.point), facilities: found.facilities.map(FacilityJSON.init))
        }
        app.on(.POST, ["api", "v1", "transaction-points", ":id", "facilities"], access: Self.editors, kind: .api) { req -> Response in
            let input = try req.content.decode(FacilityInput.self)
            let record = try await Self.record(req, category: input.category, item: input.item, state: input.state, checkedOn: input.checkedOn)
            return try await FacilityJSON(record).encodeResponse(status: .created, for: req)
        }
    }

    static func list(_ req: Request, paging override: Paging?) async throws -> Page<PointSummary> {
        let viewer = try req.requireViewer()
        let filter = try req.query.decode(Filter.self)
        let paging = try override ?? Validate.paging(limit: filter.limit, offset: filter.offset)
        let unitIDs = try await UnitFilter.communeUnits(filter.commune, req: req)
        let needing = ["1", "true", "on"].contains(filter.needingAction ?? "")
        return try await PointStore(database: req.db).list(
            unitIDs: unitIDs, officeID: filter.office.flatMap { $0.isEmpty ? nil : $0 }, needingAction: needing,
            scope: viewer.scope, paging: paging)
    }

    static func record(_ req: Request, category: String, item: String, state: String, checkedOn: String) async throws -> FacilityRecord {
        let viewer = try req.requireViewer()
        guard let category = Facility.Category(rawValue: category) else {
            throw PlatformError.invalidInput(field: "category", message: "Nhóm hạng mục không hợp lệ (security hoặc equipment).")
        }
        guard let state = Facility.State(rawValue: state) else {
            throw PlatformError.invalidInput(field: "state", message: "Tình trạng không hợp lệ (good, needs_repair, broken, missing).")
        }
        let date = try Validate.date(checkedOn)
        return try await PointStore(database: req.db).recordFacilityCheck(
            pointID: req.parameters.get("id") ?? "", category: category, item: item, state: state, checkedOn: date,
            actor: viewer.actor, scope: viewer.scope, world: req.world)
    }

    struct ListPage: Encodable { let points: [PointSummary]; let needingAction: Bool; let commune: String; let pager: Pager; let exportQuery: String }

    func listPage(_ req: Request) async throws -> Response {
        let filter = try req.query.decode(Filter.self)
        if let format = Exporter.format(filter.format) {
            let page = try await Self.list(req, paging: Paging(limit: Paging.maxLimit))
            let rows: [[Exporter.Cell]] = page.items.map {
                [.text($0.name), .text($0.unitName), .number(Int64($0.unitCode)), .text($0.address), .text($0.officeName),
                 .number(Int64($0.facilitiesNeedingAction))]
            }
            return try Exporter.response(Exporter.Table(sheetName: "Điểm giao dịch xã",
                                                        headers: ["Điểm giao dịch", "Xã/phường", "Mã xã", "Địa chỉ", "Phòng giao dịch", "Hạng mục cần xử lý"],
                                                        rows: rows), format: format, fileName: "diem-giao-dich")
        }
        let paging = try Paging(input: filter.limit, offset: filter.offset)
        let page = try await Self.list(req, paging: nil)
        let params = ["commune": filter.commune ?? "", "needingAction": filter.needingAction ?? "", "office": filter.office ?? ""]
        let exportQuery = QueryString.encode(params)
        return try await req.page("places/points", title: "Điểm giao dịch xã", crumbs: [Crumb(label: "Điểm giao dịch xã", href: "/points")],
                                  ListPage(points: page.items, needingAction: !(filter.needingAction ?? "").isEmpty,
                                           commune: filter.commune ?? "",
                                           pager: Pager(total: page.total, paging: paging, path: "/points", query: params),
                                           exportQuery: exportQuery))
    }

    struct Option: Encodable { let value: String; let label: String }
    struct FacilityRow: Encodable { let item: String; let categoryLabel: String; let stateLabel: String; let state: String; let checkedOn: String; let needsAction: Bool }
    struct ShowPage: Encodable {
        let point: PointSummary
        let facilities: [FacilityRow]
        let canEdit: Bool
        let categories: [Option]
        let states: [Option]
        let today: String
        let form: FacilityForm
        /// Lịch giao dịch: the schedule in force, the sittings from three months back to three ahead.
        let schedule: String
        let scheduleForm: [String: String]
        let days: [DayRow]
    }
    struct DayRow: Encodable {
        let id: String; let date: String; let weekday: String; let hours: String; let status: String; let planned: Bool; let note: String
        let record: TransactionDayRecord?; let past: Bool
    }

    func showPage(_ req: Request, error: String? = nil, status: HTTPStatus = .ok, form: FacilityForm = FacilityForm()) async throws -> Response {
        let viewer = try req.requireViewer()
        let found = try await PointStore(database: req.db).point(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        let rows = found.facilities.map {
            FacilityRow(item: $0.item, categoryLabel: $0.category.label, stateLabel: $0.state.label, state: $0.state.rawValue,
                        checkedOn: $0.checkedOn.vietnamese, needsAction: $0.state.needsAction)
        }
        let today = req.world.today
        let calendar = TransactionDayStore(database: req.db, world: req.world)
        let schedule = try await calendar.schedules(pointID: found.point.id).last
        let days = try await calendar.days(pointIDs: [found.point.id], from: today.firstOfMonth.adding(days: -90),
                                           through: today.firstOfMonth.adding(days: 120)).map { e in
            DayRow(id: e.day.id, date: e.day.date.vietnamese, weekday: e.day.date.weekdayLabel, hours: e.day.hours, status: e.day.status.label,
                   planned: e.day.status == .planned, note: CalendarRoutes.row(e).note, record: e.day.record, past: e.day.date <= today)
        }
        let page = ShowPage(point: found.point, facilities: rows, canEdit: Self.editors.allows(viewer.role),
                            categories: Facility.Category.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                            states: Facility.State.allCases.map { Option(value: $0.rawValue, label: $0.label) },
                            today: today.iso, form: form,
                            schedule: schedule.map { "Ngày \($0.dayOfMonth) hằng tháng, \($0.hours), từ \($0.validFrom.vietnamese)" } ?? "Chưa có lịch cố định",
                            scheduleForm: ["day": schedule.map { String($0.dayOfMonth) } ?? "", "starts": schedule?.startsAt ?? "07:30",
                                           "ends": schedule?.endsAt ?? "11:30"],
                            days: days)
        return try await req.page("places/point", title: found.point.name, crumbs: [
            Crumb(label: "Điểm giao dịch xã", href: "/points"), Crumb(label: found.point.name, href: "/points/\(found.point.id)")],
            status: status, error: error, page)
    }

    func checkFromForm(_ req: Request) async throws -> Response {
        let form = try req.content.decode(FacilityForm.self)
        do {
            _ = try await Self.record(req, category: form.category ?? "", item: form.item ?? "", state: form.state ?? "",
                                      checkedOn: form.checkedOn ?? "")
        } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden {
            return try await showPage(req, error: error.message, status: ErrorResponder.status(of: error.kind), form: form)
        }
        return Flash.redirect(req, to: "/points/\(req.parameters.get("id") ?? "")", success: "Đã ghi kết quả kiểm tra.")
    }
}
