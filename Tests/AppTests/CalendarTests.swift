import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

@Suite("Network: transaction points at work")
struct CalendarTests {
    @Test("The sitting's page and API show what was done that day at the commune and by whom; another commune's officer gets 404",
          arguments: TestDriver.available)
    func dayBusiness(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = TransactionDayStore(database: t.db, world: t.world)
            let sitting = try #require(try await store.days(pointIDs: ["point-11953-1"], from: try BusinessDate(iso: "2026-11-01"),
                                                            through: try BusinessDate(iso: "2026-11-30")).first)
            try #require(sitting.day.date <= t.world.today)
            let bank = Actor(userID: nil, username: "bank")
            // A group's batch and a direct file taken in at the sitting.
            let member = try #require(try await GroupStore(database: t.db, world: t.world).members(groupID: "demo-group-11953-1", on: sitting.day.date).sorted().first)
            _ = try await CollectionStore(database: t.db, world: t.world).post(
                groupID: "demo-group-11953-1", on: sitting.day.date, cashCounted: Money(dong: 200_000),
                lines: [CollectionLine(member: member, savingsDeposit: Money(dong: 200_000))], key: "sitting-business", actor: bank, scope: .everything)
            let file = try await ApplicationStore(database: t.db, world: t.world).submitDirect(
                NewDirectApplication(borrowerName: "Cơ sở may Phố Hiến", householdID: nil, unitCode: 11953, programCode: "job_creation",
                                     amount: Money(dong: 100_000_000), termMonths: 36, intervalMonths: 6, purpose: "Mua máy may", collateral: "Nhà xưởng",
                                     submittedOn: sitting.day.date), actor: bank, scope: .everything)
            let client = t.client()
            try await client.useToken("bank")
            let path = "/api/v1/transaction-days/" + sitting.day.id.replacingOccurrences(of: "|", with: "%7C")
            let json = try JSONValue.parse(Data(buffer: try await client.get(path).body))
            let collections = json["business"]?["collections"]?.array ?? []
            #expect(collections.contains { $0["reference"]?.string == "demo-group-11953-1" && $0["amount"]?.int == 200_000 && $0["actor"]?.string == "bank" })
            let applications = json["business"]?["applications"]?.array ?? []
            #expect(applications.contains { $0["reference"]?.string == file.id && $0["actor"]?.string == "bank" && $0["amount"]?.int == 100_000_000 })
            #expect(json["day"]?["date"]?.string == sitting.day.date.iso)
            let officer = t.client()
            try await officer.login("bank")
            let page = try await officer.get("/transaction-days/" + sitting.day.id.replacingOccurrences(of: "|", with: "%7C"))
            #expect(page.status == .ok && page.body.string.contains("day-collections") && page.body.string.contains("Cơ sở may Phố Hiến"))
            // The point's page links each sitting to its own page.
            #expect(try await officer.get("/points/point-11953-1").body.string.contains("/transaction-days/point-11953-1"))
            let other = t.client()
            try await other.useToken("commune")
            let elsewhere = try #require(try await store.days(pointIDs: ["point-11977-1"], from: try BusinessDate(iso: "2026-11-01"),
                                                              through: try BusinessDate(iso: "2026-11-30")).first)
            #expect(try await other.get("/api/v1/transaction-days/" + elsewhere.day.id.replacingOccurrences(of: "|", with: "%7C")).status == .notFound)
        }
    }

    @Test("A sitting moved later for a holiday moves the unpaid instalments due in between, so no borrower is overdue for the move; the switch turns it off",
          arguments: TestDriver.available)
    func movedSittingGrace(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = TransactionDayStore(database: t.db, world: t.world)
            let loans = LoanStore(database: t.db, world: t.world)
            let actor = Actor(userID: nil, username: "bank")
            // December's sitting of the home commune, and two open loans whose next instalment is aligned to it (as offices align due dates).
            let december = try #require(try await store.days(pointIDs: ["point-11953-1"], from: try BusinessDate(iso: "2026-12-01"),
                                                             through: try BusinessDate(iso: "2026-12-31")).first)
            let open = try await loans.standings(LoanQuery(unitIDs: ["c11953@2025-07-01"]), on: t.world.today, scope: .everything)
                .filter { $0.standing.status == .current && $0.standing.overdue == .zero && $0.facts.state == .current }.prefix(2).map(\.summary.id)
            try #require(open.count == 2)
            for id in open {
                let seq = try #require(try await t.sql.raw("""
                    SELECT MIN(seq) AS s FROM loan_instalments WHERE loan_id = \(bind: id) AND paid < principal AND due_on > \(bind: t.world.today.iso)
                    """).first(decodingColumn: "s", as: Int?.self) ?? nil)
                try await t.sql.raw("UPDATE loan_instalments SET due_on = \(bind: december.day.date.iso) WHERE loan_id = \(bind: id) AND seq = \(bind: seq)").run()
            }
            let dayAfter = december.day.date.adding(days: 1)
            #expect(try await loans.detail(id: open[0], on: dayAfter, scope: .everything).standing.status == .overdue)
            // Switched off from December for the second loan's test below: first, the rule on (the default).
            let moved = try await store.change(dayID: december.day.id, to: .rescheduled, newDate: try BusinessDate(iso: "2026-12-07"),
                                               reason: "Trùng ngày nghỉ", record: nil, actor: actor, scope: .everything)
            for id in open {
                let detail = try await loans.detail(id: id, on: dayAfter, scope: .everything)
                #expect(detail.standing.status != .overdue && detail.standing.overdue == .zero)
                #expect(detail.events.contains { $0.kind == .dueMoved })
            }
            let dues = try await t.sql.raw("""
                SELECT due_on, original_due_on FROM loan_instalments WHERE loan_id IN (\(binds: open)) AND due_on = '2026-12-07'
                """).all()
            #expect(dues.count == 2)
            // Not coming to the moved sitting makes the instalment overdue from the new day.
            #expect(try await loans.detail(id: open[0], on: try BusinessDate(iso: "2026-12-08"), scope: .everything).standing.status == .overdue)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            // With the switch off, moving the new sitting again moves no due date.
            _ = try await ReferenceDataStore(database: t.db, world: t.world).addValue(key: "moved_sitting_grace", effectiveFrom: try BusinessDate(iso: "2026-12-01"),
                                                                                     value: "0", legalSource: "Thử tắt quy tắc", note: "", actor: actor)
            _ = try await store.change(dayID: moved.day.id, to: .rescheduled, newDate: try BusinessDate(iso: "2026-12-09"), reason: "Mất điện",
                                       record: nil, actor: actor, scope: .everything)
            #expect(try await loans.detail(id: open[0], on: try BusinessDate(iso: "2026-12-08"), scope: .everything).standing.status == .overdue)
        }
    }

    @Test("A new schedule regenerates the planned sittings from its date; held and moved sittings keep their link", arguments: TestDriver.available)
    func scheduleAndDays(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = TransactionDayStore(database: t.db, world: t.world)
            let scope = try await ScopeResolver(sql: t.sql).resolve(.office(Office.ID("office-33-branch")), today: t.world.today)
            let actor = Actor(userID: nil, username: "bank")
            let point = "point-11953-1"
            let today = t.world.today
            // The demo: day 5 from July 2025, past sittings held.
            let past = try await store.days(pointIDs: [point], from: try BusinessDate(iso: "2026-08-01"), through: today)
            #expect(past.count == 4 && past.allSatisfy { $0.day.status == .held && $0.day.date.day == 5 && $0.day.record != nil })
            // Move December's sitting (a Saturday) to Monday the 7th.
            let december = try #require(try await store.days(pointIDs: [point], from: try BusinessDate(iso: "2026-12-01"),
                                                             through: try BusinessDate(iso: "2026-12-31")).first)
            #expect(december.day.fallsOnWeekend)
            let moved = try await store.change(dayID: december.day.id, to: .rescheduled, newDate: try BusinessDate(iso: "2026-12-07"),
                                               reason: "Ngày 05/12 là thứ Bảy", record: nil, actor: actor, scope: scope)
            #expect(moved.day.date.iso == "2026-12-07" && moved.day.rescheduledFrom == december.day.id && moved.day.status == .planned)
            await #expect(throws: NetworkError.dayNotPlanned("Đã đổi ngày")) {
                try await store.change(dayID: december.day.id, to: .cancelled, newDate: nil, reason: "x", record: nil, actor: actor, scope: scope)
            }
            // From 1 January 2027 the point sits on the 12th in the afternoon: January onwards is regenerated; December stays moved.
            _ = try await store.setSchedule(pointID: point, dayOfMonth: 12, startsAt: "13:30", endsAt: "16:30",
                                            validFrom: try BusinessDate(iso: "2027-01-01"), actor: actor, scope: scope)
            let after = try await store.days(pointIDs: [point], from: try BusinessDate(iso: "2026-12-01"), through: try BusinessDate(iso: "2027-03-31"))
            #expect(after.map(\.day.date.iso) == ["2026-12-05", "2026-12-07", "2027-01-12", "2027-02-12", "2027-03-12"])
            #expect(after.last?.day.hours == "13:30–16:30")
            #expect(try await store.schedules(pointID: point).first?.validTo?.iso == "2026-12-31")
            await #expect(throws: NetworkError.self) {
                try await store.setSchedule(pointID: point, dayOfMonth: 3, startsAt: "07:30", endsAt: "11:00",
                                            validFrom: try BusinessDate(iso: "2026-12-15"), actor: actor, scope: scope)
            }
            // Another office's point is not the branch officer's.
            await #expect(throws: PlacesError.self) {
                try await store.setSchedule(pointID: "point-12376-1", dayOfMonth: 3, startsAt: "07:30", endsAt: "11:00",
                                            validFrom: try BusinessDate(iso: "2027-02-01"), actor: actor, scope: scope)
            }
            let audit = try await AuditStore(sql: t.sql, world: t.world).list(AuditQuery(recordType: "transaction_point", recordID: point), scope: .everything)
            #expect(Set(audit.items.map(\.action)) == ["transaction_day.rescheduled", "transaction_schedule.set"])
        }
    }

    @Test("The calendar API, the point's forms, the printable commune schedule and the leader's next sitting")
    func pages() async throws {
        try await withTestApp(.sqlite) { t in
            let api = t.client()
            try await api.useToken("bank")
            let calendar = try JSONValue.parse(Data(buffer: try await api.get("/api/v1/offices/office-33-branch/calendar?month=2026-12").body))
            let items = try #require(calendar["items"]?.array)
            #expect(calendar["total"]?.int == Int64(items.count) && !items.isEmpty)
            #expect(items.allSatisfy { ($0["date"]?.string ?? "").hasPrefix("2026-12") })
            #expect(try await api.get("/api/v1/offices/office-33-branch/calendar?month=12-2026").status == .badRequest)
            let page = t.client()
            try await page.login("bank")
            let point = try await page.get("/points/point-11953-1")
            #expect(point.body.string.contains("Ngày 5 hằng tháng, 07:30–11:30"))
            #expect(point.body.string.contains("Niêm yết công khai"))
            // Recording a future sitting as held is refused in Vietnamese.
            let future = try #require(try await t.sql.select().column("id").from("transaction_days").where("point_id", .equal, "point-11953-1")
                .where("day", .greaterThan, t.world.today.iso).orderBy("day").first(decodingColumn: "id", as: String.self))
            let refused = try await page.postForm("/transaction-days/\(future)", ["point": "point-11953-1", "status": "held"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("chưa diễn ra"))
            let cancelled = try await page.postForm("/transaction-days/\(future)", ["point": "point-11953-1", "status": "cancelled", "reason": "Mưa bão"])
            #expect(cancelled.status == .seeOther)
            let saved = try await page.postForm("/points/point-11953-1/schedule", ["dayOfMonth": "40", "startsAt": "07:30", "endsAt": "11:30",
                                                                                 "validFrom": "2027-01-01"])
            #expect(saved.status == .unprocessableEntity && saved.body.string.contains("ngày giao dịch phải từ 1 đến 31"))
            let union = t.client()
            try await union.login("union")
            let print = try await union.get("/units/11953/schedule?year=2027")
            #expect(print.status == .ok)
            #expect(print.body.string.contains("Lịch giao dịch năm 2027 tại Phường Phố Hiến"))
            #expect(print.body.string.contains("05/01/2027"))
            #expect(try await union.get("/units/11977/schedule").status == .notFound)
            let leader = t.client()
            try await leader.login("leader")
            let mine = try await leader.get("/my-group")
            #expect(mine.body.string.contains("id=\"next-sitting\">") && !mine.body.string.contains("id=\"next-sitting\">Chưa có lịch"))
        }
    }
}
