import Domain
import FluentKit
import Foundation
import SQLKit

/// A sitting with where it is: the calendar's line.
public struct CalendarEntry: Sendable, Equatable {
    public let day: TransactionDay
    public let pointName: String
    public let unitCode: Int
    public let unitName: String
    public let address: String
}

/// Lịch giao dịch: the schedules of transaction points and their sittings. Sittings are generated
/// from the schedules on demand (a set-based insert that skips slots already there), so a calendar
/// for any month can be read without a job having run first.
public struct TransactionDayStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func schedules(pointID: String) async throws -> [TransactionSchedule] {
        try await Self.schedules(pointIDs: [pointID], sql: sql)[pointID] ?? []
    }

    static func schedules(pointIDs: [String], sql: any SQLDatabase) async throws -> [String: [TransactionSchedule]] {
        var result: [String: [TransactionSchedule]] = [:]
        for chunk in pointIDs.chunked(400) {
            let rows = try await sql.select().columns("id", "point_id", "day_of_month", "starts_at", "ends_at", "valid_from", "valid_to")
                .from("transaction_schedules").where("point_id", .in, Array(chunk)).orderBy("valid_from").all()
            for row in rows {
                let schedule = TransactionSchedule(
                    id: try row.decode(column: "id", as: String.self), pointID: try row.decode(column: "point_id", as: String.self),
                    dayOfMonth: try row.decode(column: "day_of_month", as: Int.self), startsAt: try row.decode(column: "starts_at", as: String.self),
                    endsAt: try row.decode(column: "ends_at", as: String.self),
                    validFrom: try BusinessDate(iso: try row.decode(column: "valid_from", as: String.self)),
                    validTo: try row.decode(column: "valid_to", as: String?.self).flatMap { try? BusinessDate(iso: $0) })
                result[schedule.pointID, default: []].append(schedule)
            }
        }
        return result
    }

    /// Generates the missing sittings of `pointIDs` through `through`: from `from` when a schedule
    /// has just changed, otherwise from the month after each point's last generated sitting, so a
    /// read of a calendar already generated writes nothing.
    static func ensure(pointIDs: [String], through: BusinessDate, from: BusinessDate? = nil, world: World, sql: any SQLDatabase) async throws {
        guard !pointIDs.isEmpty else { return }
        let lastMonth = AccountingPeriod.key(of: through)
        var generatedThrough: [String: String] = [:]
        if from == nil {
            for chunk in pointIDs.chunked(400) {
                for row in try await sql.raw("""
                    SELECT point_id, MAX(slot) AS last FROM transaction_days
                    WHERE point_id IN (\(binds: Array(chunk))) AND rescheduled_from IS NULL GROUP BY point_id
                    """).all() {
                    generatedThrough[try row.decode(column: "point_id", as: String.self)] = try row.decode(column: "last", as: String.self)
                }
            }
        }
        let pending = pointIDs.filter { generatedThrough[$0].map { $0 < lastMonth } ?? true }
        guard !pending.isEmpty else { return }
        let schedules = try await schedules(pointIDs: pending, sql: sql)
        var provinces: [String: Int] = [:]
        for chunk in pending.chunked(400) {
            for row in try await sql.select().columns("id", "province_code").from("transaction_points").where("id", .in, Array(chunk)).all() {
                provinces[try row.decode(column: "id", as: String.self)] = try row.decode(column: "province_code", as: Int.self)
            }
        }
        var rows: [[any Encodable & Sendable]] = []
        for (point, list) in schedules {
            guard let first = list.map(\.validFrom).min() else { continue }
            var start = from.map { max($0, first) } ?? first
            if let last = generatedThrough[point], let month = try? BusinessDate(month: last) {
                start = max(start, month.adding(days: month.daysInMonth))
            }
            for sitting in TransactionCalendar.sittings(list, from: start, through: through) {
                rows.append(["\(point)|\(sitting.slot)", point, provinces[point] ?? 0, sitting.slot, sitting.date.iso, sitting.hours,
                             TransactionDayStatus.planned.rawValue, nil as String?, nil as String?, "", nil as String?])
            }
        }
        for chunk in rows.chunked(300) {
            var insert = sql.insert(into: "transaction_days")
                .columns("id", "point_id", "province_code", "slot", "day", "hours", "status", "rescheduled_to", "rescheduled_from", "reason", "record")
                .ignoringConflicts()
            for row in chunk { insert = insert.values(row) }
            try await insert.run()
        }
    }

    /// A new schedule for a point from `validFrom`: the one in force ends the day before, and the
    /// planned sittings from that day on are generated again.
    public func setSchedule(pointID: String, dayOfMonth: Int, startsAt: String, endsAt: String, validFrom: BusinessDate,
                            actor: Actor, scope: AccessScope) async throws -> TransactionSchedule {
        let (point, _) = try await PointStore(database: database).point(id: pointID, scope: scope)
        let schedule = TransactionSchedule(id: world.newID(), pointID: pointID, dayOfMonth: dayOfMonth, startsAt: startsAt, endsAt: endsAt,
                                           validFrom: validFrom, validTo: nil)
        try schedule.validate()
        let existing = try await schedules(pointID: pointID)
        if let last = existing.last, last.validFrom >= validFrom {
            throw NetworkError.invalidSchedule("lịch mới phải có hiệu lực sau ngày \(last.validFrom.vietnamese)")
        }
        let horizon = max(world.today, validFrom).adding(days: 400)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.update("transaction_schedules").set("valid_to", to: validFrom.adding(days: -1).iso)
                .where("point_id", .equal, pointID).where("valid_to", .is, SQLLiteral.null).run()
            try await sql.insert(into: "transaction_schedules")
                .columns("id", "point_id", "province_code", "day_of_month", "starts_at", "ends_at", "valid_from", "valid_to")
                .values(schedule.id, pointID, point.provinceCode, dayOfMonth, startsAt, endsAt, validFrom.iso, nil as String?).run()
            // Planned sittings in the new schedule's months go; the ones already held, moved or cancelled stay.
            try await sql.raw("""
                DELETE FROM transaction_days WHERE point_id = \(bind: pointID) AND status = 'planned' AND rescheduled_from IS NULL
                AND slot >= \(bind: String(validFrom.iso.prefix(7)))
                """).run()
            try await Self.ensure(pointIDs: [pointID], through: horizon, from: validFrom.firstOfMonth, world: world, sql: sql)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "transaction_schedule.set", recordType: "transaction_point",
                                                               recordID: pointID, provinceCode: point.provinceCode,
                                                               before: existing.last, after: schedule)
        }
        return schedule
    }

    static let select: SQLQueryString = """
        SELECT d.id AS id, d.point_id AS point_id, d.slot AS slot, d.day AS day, d.hours AS hours, d.status AS status,
               d.rescheduled_to AS rescheduled_to, d.rescheduled_from AS rescheduled_from, d.reason AS reason, d.record AS record,
               p.name AS point_name, p.address AS address, u.code AS unit_code, u.name AS unit_name
        FROM transaction_days d JOIN transaction_points p ON p.id = d.point_id JOIN units u ON u.id = p.unit_id
        """

    static func entry(_ row: any SQLRow) throws -> CalendarEntry {
        let record = try row.decode(column: "record", as: String?.self)
            .flatMap { try? StoredJSON.value(TransactionDayRecord.self, from: $0) }
        let day = TransactionDay(
            id: try row.decode(column: "id", as: String.self), pointID: try row.decode(column: "point_id", as: String.self),
            slot: try row.decode(column: "slot", as: String.self), date: try BusinessDate(iso: try row.decode(column: "day", as: String.self)),
            hours: try row.decode(column: "hours", as: String.self),
            status: TransactionDayStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .planned,
            rescheduledTo: try row.decode(column: "rescheduled_to", as: String?.self),
            rescheduledFrom: try row.decode(column: "rescheduled_from", as: String?.self),
            reason: try row.decode(column: "reason", as: String.self), record: record)
        return CalendarEntry(day: day, pointName: try row.decode(column: "point_name", as: String.self),
                             unitCode: try row.decode(column: "unit_code", as: Int.self), unitName: try row.decode(column: "unit_name", as: String.self),
                             address: try row.decode(column: "address", as: String.self))
    }

    /// Sittings of the points between two dates, in date order.
    public func days(pointIDs: [String], from: BusinessDate, through: BusinessDate) async throws -> [CalendarEntry] {
        guard !pointIDs.isEmpty else { return [] }
        try await Self.ensure(pointIDs: pointIDs, through: through, world: world, sql: sql)
        return try await sql.raw("""
            \(Self.select) WHERE d.point_id IN (\(binds: pointIDs)) AND d.day >= \(bind: from.iso) AND d.day <= \(bind: through.iso)
            ORDER BY d.day, u.code, p.id
            """).all().map(Self.entry)
    }

    /// Lịch giao dịch tháng của một phòng giao dịch: every sitting of its points in the month.
    public func calendar(officeID: String, month: BusinessDate, scope: AccessScope) async throws -> [CalendarEntry] {
        let points = try await PointStore(database: database).list(unitIDs: nil, officeID: officeID, needingAction: false, scope: scope,
                                                                     paging: Paging(limit: Paging.maxLimit)).items.map(\.id)
        let first = month.firstOfMonth
        return try await days(pointIDs: points, from: first, through: first.adding(days: first.daysInMonth - 1))
    }

    /// The points of a commune in scope, with their sittings between two dates (the printable schedule).
    public func communeSchedule(unitIDs: Set<String>, from: BusinessDate, through: BusinessDate,
                                scope: AccessScope) async throws -> (points: [PointSummary], days: [CalendarEntry]) {
        let points = try await PointStore(database: database).list(unitIDs: unitIDs, officeID: nil, needingAction: false, scope: scope,
                                                                     paging: Paging(limit: Paging.maxLimit)).items
        return (points, try await days(pointIDs: points.map(\.id), from: from, through: through))
    }

    /// The next sitting on or after `date` at a point of the commune: what a group leader tells members.
    public func next(unitID: String, on date: BusinessDate) async throws -> CalendarEntry? {
        let points = try await sql.select().column("id").from("transaction_points").where("unit_id", .equal, unitID)
            .all(decodingColumn: "id", as: String.self)
        return try await days(pointIDs: points, from: date, through: date.adding(days: 70))
            .first { $0.day.status == .planned }
    }

    /// One sitting in the caller's scope, with its point (and so the commune it serves).
    public func day(id: String, scope: AccessScope) async throws -> (entry: CalendarEntry, point: PointSummary) {
        guard let row = try await sql.raw("\(Self.select) WHERE d.id = \(bind: id)").first() else { throw NetworkError.transactionDayNotFound }
        let entry = try Self.entry(row)
        let (point, _) = try await PointStore(database: database).point(id: entry.day.pointID, scope: scope)
        return (entry, point)
    }

    /// Held (with its record), moved to a new date, or cancelled: only a planned sitting changes.
    public func change(dayID: String, to status: TransactionDayStatus, newDate: BusinessDate?, reason: String,
                       record: TransactionDayRecord?, actor: Actor, scope: AccessScope) async throws -> CalendarEntry {
        let (before, point) = try await day(id: dayID, scope: scope)
        if let problem = TransactionCalendar.problem(changing: before.day, to: status, newDate: newDate, reason: reason, today: world.today) {
            throw problem
        }
        var after = before.day
        after.status = status
        after.reason = reason.trimmingCharacters(in: .whitespaces)
        after.record = status == .held ? record : nil
        var moved: TransactionDay?
        if status == .rescheduled, let newDate {
            let count = try await sql.raw("""
                SELECT COUNT(*) AS n FROM transaction_days WHERE point_id = \(bind: before.day.pointID) AND slot LIKE \(bind: before.day.slot + "/%")
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            moved = TransactionDay(id: world.newID(), pointID: before.day.pointID, slot: "\(before.day.slot)/\(count + 1)", date: newDate,
                                   hours: before.day.hours, status: .planned, rescheduledFrom: before.day.id, reason: after.reason)
            after.rescheduledTo = moved?.id
        }
        let final = after
        let newDay = moved
        // Borrowers who come to the moved sitting are not overdue for the move (a dated switch).
        let grace = try await ReferenceDataStore(database: database, world: world).value(key: "moved_sitting_grace", on: before.day.date)
            .map { $0.value != "0" } ?? true
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            let recordJSON = try final.record.map { try StoredJSON.text($0) }
            try await sql.update("transaction_days").set("status", to: final.status.rawValue).set("reason", to: final.reason)
                .set("rescheduled_to", to: final.rescheduledTo).set("record", to: recordJSON).where("id", .equal, dayID).run()
            if let newDay {
                try await sql.insert(into: "transaction_days")
                    .columns("id", "point_id", "province_code", "slot", "day", "hours", "status", "rescheduled_to", "rescheduled_from", "reason", "record")
                    .values(newDay.id, newDay.pointID, point.provinceCode, newDay.slot, newDay.date.iso, newDay.hours, newDay.status.rawValue,
                            nil as String?, newDay.rescheduledFrom, newDay.reason, nil as String?).run()
                if grace {
                    _ = try await LoanStore.followMovedSitting(unitID: point.unitID, from: before.day.date, to: newDay.date, sittingID: newDay.id,
                                                               actor: actor, sql: sql, world: world)
                }
            }
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "transaction_day.\(status.rawValue)", recordType: "transaction_point",
                                                               recordID: point.id, provinceCode: point.provinceCode, before: before.day, after: final)
        }
        guard let row = try await sql.raw("\(Self.select) WHERE d.id = \(bind: newDay?.id ?? dayID)").first() else {
            throw PlatformError.notFound
        }
        return try Self.entry(row)
    }
}
