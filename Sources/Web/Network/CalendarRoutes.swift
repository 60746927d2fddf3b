import Domain
import SQLKit
import Store
import Vapor

/// Transaction points at work: each point's fixed schedule and sittings (on the point's page), an
/// office's calendar for a month, a commune's printable schedule for a year, and the API.
struct CalendarRoutes {
    /// The bank's mobile team keeps the calendar.
    static let editors = Access.roles([.admin, .bank])

    struct DayJSON: Content {
        let id: String; let pointId: String; let pointName: String; let unitCode: Int; let unitName: String; let date: String; let hours: String
        let status: String; let rescheduledTo: String?; let rescheduledFrom: String?; let reason: String; let record: TransactionDayRecord?
        init(_ e: CalendarEntry) {
            id = e.day.id; pointId = e.day.pointID; pointName = e.pointName; unitCode = e.unitCode; unitName = e.unitName
            date = e.day.date.iso; hours = e.day.hours; status = e.day.status.rawValue; rescheduledTo = e.day.rescheduledTo
            rescheduledFrom = e.day.rescheduledFrom; reason = e.day.reason; record = e.day.record
        }
    }
    struct CalendarJSON: Content { let office: String; let month: String; let items: [DayJSON]; let total: Int }
    struct ScheduleJSON: Content {
        let id: String; let pointId: String; let dayOfMonth: Int; let startsAt: String; let endsAt: String; let validFrom: String; let validTo: String?
        init(_ s: TransactionSchedule) {
            id = s.id; pointId = s.pointID; dayOfMonth = s.dayOfMonth; startsAt = s.startsAt; endsAt = s.endsAt; validFrom = s.validFrom.iso
            validTo = s.validTo?.iso
        }
    }
    struct ScheduleInput: Content { let dayOfMonth: Int; let startsAt: String; let endsAt: String; let validFrom: String }
    struct DayInput: Content {
        let status: String; let newDate: String?; let reason: String?
        let bankStaff: String?; let attendees: String?; let business: String?; let briefing: String?
    }

    func register(_ app: Application) {
        app.on(.GET, ["offices", ":id", "calendar"], access: .signedIn, kind: .page) { req in try await Self.officeCalendar(req) }
        app.on(.GET, ["units", ":code", "schedule"], access: .signedIn, kind: .page) { req in try await Self.communeSchedule(req) }
        app.on(.POST, ["points", ":id", "schedule"], access: Self.editors, kind: .page) { req in
            let id = req.parameters.get("id") ?? ""
            do {
                let form = try req.content.decode(ScheduleForm.self)
                guard let day = Int(form.dayOfMonth ?? "") else { throw NetworkError.invalidSchedule("ngày giao dịch phải là số từ 1 đến 31") }
                let viewer = try req.requireViewer()
                let schedule = try await TransactionDayStore(database: req.db, world: req.world).setSchedule(
                    pointID: id, dayOfMonth: day, startsAt: form.startsAt ?? "", endsAt: form.endsAt ?? "",
                    validFrom: try Validate.date(form.validFrom ?? ""), actor: viewer.actor, scope: viewer.scope)
                return Flash.redirect(req, to: "/points/\(id)", success: "Đã ghi lịch giao dịch: ngày \(schedule.dayOfMonth) hằng tháng, \(schedule.hours).")
            } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden {
                return try await PointRoutes().showPage(req, error: error.message, status: ErrorResponder.status(of: error.kind))
            }
        }
        app.on(.POST, ["transaction-days", ":id"], access: Self.editors, kind: .page) { req in
            let viewer = try req.requireViewer()
            let form = try req.content.decode(DayForm.self)
            let point = form.point ?? ""
            do {
                let entry = try await Self.change(req, id: req.parameters.get("id") ?? "", input: DayInput(
                    status: form.status ?? "", newDate: form.newDate, reason: form.reason, bankStaff: form.bankStaff, attendees: form.attendees,
                    business: form.business, briefing: form.briefing), viewer: viewer)
                return Flash.redirect(req, to: "/points/\(entry.day.pointID)", success: "Phiên ngày \(entry.day.date.vietnamese): \(entry.day.status.label).")
            } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden && !point.isEmpty {
                req.parameters.set("id", to: point)
                return try await PointRoutes().showPage(req, error: error.message, status: ErrorResponder.status(of: error.kind))
            }
        }
        app.on(.GET, ["api", "v1", "offices", ":id", "calendar"], access: .signedIn, kind: .api) { req -> CalendarJSON in
            let viewer = try req.requireViewer()
            let id = req.parameters.get("id") ?? ""
            let month = try Self.month(req)
            _ = try await OfficeStore(sql: req.sql).office(id: id, scope: viewer.scope)
            let entries = try await TransactionDayStore(database: req.db, world: req.world).calendar(officeID: id, month: month, scope: viewer.scope)
            return CalendarJSON(office: id, month: String(month.iso.prefix(7)), items: entries.map(DayJSON.init), total: entries.count)
        }
        app.on(.POST, ["api", "v1", "transaction-points", ":id", "schedule"], access: Self.editors, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(ScheduleInput.self)
            let schedule = try await TransactionDayStore(database: req.db, world: req.world).setSchedule(
                pointID: req.parameters.get("id") ?? "", dayOfMonth: body.dayOfMonth, startsAt: body.startsAt, endsAt: body.endsAt,
                validFrom: try Validate.date(body.validFrom), actor: viewer.actor, scope: viewer.scope)
            return try await ScheduleJSON(schedule).encodeResponse(status: .created, for: req)
        }
        app.on(.POST, ["api", "v1", "transaction-days", ":id"], access: Self.editors, kind: .api) { req -> DayJSON in
            let viewer = try req.requireViewer()
            return DayJSON(try await Self.change(req, id: req.parameters.get("id") ?? "", input: try req.content.decode(DayInput.self), viewer: viewer))
        }
    }

    struct ScheduleForm: Content { var dayOfMonth: String?; var startsAt: String?; var endsAt: String?; var validFrom: String? }
    struct DayForm: Content {
        var point: String?; var status: String?; var newDate: String?; var reason: String?
        var bankStaff: String?; var attendees: String?; var business: String?; var briefing: String?
    }

    static func change(_ req: Request, id: String, input: DayInput, viewer: Viewer) async throws -> CalendarEntry {
        guard let status = TransactionDayStatus(rawValue: input.status), status != .planned else {
            throw PlatformError.invalidInput(field: "status", message: "Trạng thái phải là held (đã giao dịch), rescheduled (đổi ngày) hoặc cancelled (hủy).")
        }
        let newDate = try (input.newDate ?? "").isEmpty ? nil : Validate.date(input.newDate ?? "")
        let record = status == .held
            ? TransactionDayRecord(bankStaff: input.bankStaff ?? "", attendees: input.attendees ?? "", business: input.business ?? "",
                                   briefing: input.briefing ?? "")
            : nil
        return try await TransactionDayStore(database: req.db, world: req.world).change(
            dayID: id, to: status, newDate: newDate, reason: input.reason ?? "", record: record, actor: viewer.actor, scope: viewer.scope)
    }

    static func month(_ req: Request) throws -> BusinessDate {
        try Validate.month(req.query[String.self, at: "month"], default: req.world.today.firstOfMonth)
    }

    struct CalendarRow: Encodable {
        let date: String; let weekday: String; let weekend: Bool; let point: String; let pointID: String; let unit: String; let hours: String
        let status: String; let note: String
    }
    struct CalendarBody: Encodable {
        let office: String; let officeID: String; let month: String; let monthLabel: String; let previous: String; let next: String
        let rows: [CalendarRow]
    }

    static func officeCalendar(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let month = try Self.month(req)
        let office = try await OfficeStore(sql: req.sql).office(id: id, scope: viewer.scope).office
        let entries = try await TransactionDayStore(database: req.db, world: req.world).calendar(officeID: id, month: month, scope: viewer.scope)
        let rows = entries.map(Self.row)
        if let format = Exporter.format(req.query[String.self, at: "format"]) {
            return try Exporter.response(Exporter.Table(sheetName: "Lịch giao dịch",
                                                        headers: ["Ngày", "Thứ", "Xã/phường", "Điểm giao dịch", "Giờ", "Trạng thái", "Ghi chú"],
                                                        rows: rows.map { [.text($0.date), .text($0.weekday), .text($0.unit), .text($0.point), .text($0.hours),
                                                                          .text($0.status), .text($0.note)] }),
                                         format: format, fileName: "lich-giao-dich-\(String(month.iso.prefix(7)))")
        }
        let body = CalendarBody(office: office.name, officeID: id, month: String(month.iso.prefix(7)),
                                monthLabel: "tháng \(month.month)/\(month.year)",
                                previous: String(month.adding(days: -1).iso.prefix(7)), next: String(month.adding(days: month.daysInMonth).iso.prefix(7)),
                                rows: rows)
        return try await req.page("network/calendar", title: "Lịch giao dịch \(body.monthLabel) – \(office.name)",
                                  crumbs: [Crumb(label: "Phòng giao dịch", href: "/offices"), Crumb(label: office.name, href: "/offices/\(id)"),
                                           Crumb(label: "Lịch giao dịch", href: "/offices/\(id)/calendar")], body)
    }

    static func row(_ e: CalendarEntry) -> CalendarRow {
        var note = e.day.reason
        if e.day.rescheduledFrom != nil { note = "Đổi từ phiên khác. " + note }
        if e.day.fallsOnWeekend && e.day.status == .planned { note = "Rơi vào \(e.day.date.weekdayLabel.lowercased()). " + note }
        return CalendarRow(date: e.day.date.vietnamese, weekday: e.day.date.weekdayLabel, weekend: e.day.fallsOnWeekend, point: e.pointName,
                           pointID: e.day.pointID, unit: e.unitName, hours: e.day.hours, status: e.day.status.label, note: note)
    }

    struct PrintPoint: Encodable { let name: String; let address: String; let schedule: String; let dates: [CalendarRow] }
    struct PrintBody: Encodable { let unit: String; let year: Int; let points: [PrintPoint]; let printedOn: String; let previous: Int; let next: Int; let code: Int }

    /// Lịch giao dịch của xã trong năm, to print and post on the notice board.
    static func communeSchedule(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let code = try? UnitCode(text: req.parameters.get("code") ?? "") else { throw PlacesError.invalidUnitCode(req.parameters.get("code") ?? "") }
        let year = try req.query[Int.self, at: "year"] ?? req.world.today.year
        guard (2000...2100).contains(year) else { throw PlatformError.invalidInput(field: "year", message: "Năm không hợp lệ.") }
        let units = UnitStore(sql: try req.sql)
        let unit = try await units.unit(level: .commune, code: code.value, asOf: req.world.today, scope: viewer.scope)
        let store = TransactionDayStore(database: req.db, world: req.world)
        let (points, days) = try await store.communeSchedule(unitIDs: try await units.covering(id: unit.id),
                                                             from: try BusinessDate(year: year, month: 1, day: 1),
                                                             through: try BusinessDate(year: year, month: 12, day: 31), scope: viewer.scope)
        var printed: [PrintPoint] = []
        for point in points {
            let schedule = try await store.schedules(pointID: point.id).last
            printed.append(PrintPoint(name: point.name, address: point.address,
                                      schedule: schedule.map { "Ngày \($0.dayOfMonth) hằng tháng, \($0.hours) (từ \($0.validFrom.vietnamese))" } ?? "Chưa có lịch",
                                      dates: days.filter { $0.day.pointID == point.id && $0.day.status != .rescheduled }.map(Self.row)))
        }
        return try await req.page("network/schedule-print", title: "Lịch giao dịch năm \(year) – \(unit.name)",
                                  crumbs: [Crumb(label: "Đơn vị hành chính", href: "/units"), Crumb(label: unit.name, href: "/units/\(code.value)"),
                                           Crumb(label: "Lịch giao dịch", href: "/units/\(code.value)/schedule")],
                                  PrintBody(unit: unit.name, year: year, points: printed, printedOn: req.world.today.vietnamese,
                                            previous: year - 1, next: year + 1, code: code.value))
    }
}
