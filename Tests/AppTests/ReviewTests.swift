import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

@Suite("Registry: the annual review")
struct ReviewTests {
    @Test("A periodic review from the list to the decision: surveys, village meeting, posting, complaints, decision, certificates",
          arguments: TestDriver.available)
    func fullReview(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            let store = ReviewStore(database: t.db, world: t.world)
            let actor = Actor(userID: nil, username: "commune")
            _ = try await HouseholdImporter(database: t.db, world: t.world).run(try CSVTable(text: RegistryTests.good), scope: scope,
                                                                                 actor: actor, skipBadRows: false)
            let start = try BusinessDate(iso: "2026-09-01")
            let review = try await store.create(unitCode: 11953, year: 2026, kind: .periodic, startedOn: start, actor: actor, scope: scope)
            let listed = try await store.view(id: review.id.rawValue, scope: scope).rows.count
            await #expect(throws: RegistryError.reviewExists(2026)) {
                try await store.create(unitCode: 11953, year: 2026, kind: .periodic, startedOn: start, actor: actor, scope: scope)
            }
            try await store.add(reviewID: review.id.rawValue, householdCode: "T-01", reason: .applicant, actor: actor, scope: scope)
            try await store.add(reviewID: review.id.rawValue, householdCode: "T-02", reason: .atRisk, actor: actor, scope: scope)
            var view = try await store.view(id: review.id.rawValue, scope: scope)
            #expect(view.rows.count == listed + 2)
            #expect(view.campaign.approvalChain.contains("Chủ tịch UBND xã quyết định"))
            // Not every household surveyed yet: the meeting waits.
            await #expect(throws: RegistryError.self) {
                try await store.advance(reviewID: review.id.rawValue, to: .villageMeeting, on: try BusinessDate(iso: "2026-10-01"), note: "",
                                        actor: actor, scope: scope)
            }
            let t01 = try #require(view.rows.first { $0.code == "T-01" }?.entry.householdID.rawValue)
            let t02 = try #require(view.rows.first { $0.code == "T-02" }?.entry.householdID.rawValue)
            let surveyed = try await store.survey(reviewID: review.id.rawValue, householdID: t01, income: .declared(Money(dong: 1_900_000)),
                                                  deprivations: ["health_insurance", "latrine", "telecom"], actor: actor, scope: scope)
            // Results hold from 1 January 2027: classified under the 2027–2030 standard (urban line 2.8 m).
            #expect(surveyed.standardCode == "vn-2027-2030")
            #expect(surveyed.proposed == .poor)
            for row in view.rows where row.entry.householdID.rawValue != t01 {
                try await store.screen(reviewID: review.id.rawValue, householdID: row.entry.householdID.rawValue, passed: false, actor: actor, scope: scope)
            }
            _ = try await store.advance(reviewID: review.id.rawValue, to: .villageMeeting, on: try BusinessDate(iso: "2026-10-10"),
                                        note: "Biên bản họp dân số 5", actor: actor, scope: scope)
            await #expect(throws: RegistryError.reviewClosedForChanges) {
                try await store.screen(reviewID: review.id.rawValue, householdID: t02, passed: true, actor: actor, scope: scope)
            }
            _ = try await store.advance(reviewID: review.id.rawValue, to: .posting, on: try BusinessDate(iso: "2026-10-15"), note: "",
                                        actor: actor, scope: scope)
            try await store.complain(reviewID: review.id.rawValue, householdID: t02, text: "Hộ khó khăn, đề nghị xem lại", actor: actor, scope: scope)
            await #expect(throws: RegistryError.reviewOpenComplaints(1)) {
                try await store.advance(reviewID: review.id.rawValue, to: .decided, on: try BusinessDate(iso: "2026-10-30"), note: "QĐ 99",
                                        actor: actor, scope: scope)
            }
            // The re-check surveys the household; it becomes near-poor.
            let rechecked = try await store.survey(reviewID: review.id.rawValue, householdID: t02, income: .declared(Money(dong: 2_000_000)),
                                                   deprivations: ["water"], actor: actor, scope: scope)
            #expect(rechecked.proposed == .nearPoor && rechecked.complaintResolved)
            await #expect(throws: RegistryError.reviewPostingTooShort) {
                try await store.advance(reviewID: review.id.rawValue, to: .decided, on: try BusinessDate(iso: "2026-10-16"), note: "QĐ 99",
                                        actor: actor, scope: scope)
            }
            let decided = try await store.advance(reviewID: review.id.rawValue, to: .decided, on: try BusinessDate(iso: "2026-11-02"),
                                                  note: "QĐ 99/QĐ-UBND", actor: actor, scope: scope)
            #expect(decided.step == .decided)
            let classifications = ClassificationStore(database: t.db, world: t.world)
            let status = try #require(try await classifications.status(householdID: t01, on: try BusinessDate(iso: "2027-01-01")))
            #expect(status.classification == .poor)
            #expect(status.decision.contains("QĐ 99/QĐ-UBND"))
            #expect(try await classifications.status(householdID: t02, on: try BusinessDate(iso: "2027-03-01"))?.classification == .nearPoor)
            // Before the new year the household has no classification from this review.
            #expect(try await classifications.status(householdID: t01, on: try BusinessDate(iso: "2026-12-31")) == nil)
            // Pages: the review, the posting list and the certificates print.
            let client = t.client()
            try await client.login("commune")
            for path in ["/reviews", "/reviews/\(review.id.rawValue)", "/reviews/\(review.id.rawValue)/posting",
                         "/reviews/\(review.id.rawValue)/certificates", "/reviews/\(review.id.rawValue)/households/\(t01)"] {
                let page = try await client.get(path)
                #expect(page.status == .ok, "\(path): \(page.status)")
            }
            let certificates = try await client.get("/reviews/\(review.id.rawValue)/certificates")
            #expect(certificates.body.string.contains("GIẤY CHỨNG NHẬN HỘ NGHÈO"))
            #expect(certificates.body.string.contains("Nguyễn Văn Thử"))
            view = try await store.view(id: review.id.rawValue, scope: scope)
            let api = t.client()
            try await api.useToken("inspector")
            let json = try JSONValue.parse(Data(buffer: try await api.get("/api/v1/reviews/\(review.id.rawValue)").body))
            #expect(json["step"]?.string == "decided")
            #expect(json["households"]?.array?.count == view.rows.count)
        }
    }

    @Test("The demo holds three years of decided reviews whose results are the classifications in force", arguments: TestDriver.available)
    func demoReviews(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let reviews = try await ReviewStore(database: t.db, world: t.world).list(scope: .everything)
            #expect(reviews.count == 104 * 3)
            #expect(reviews.allSatisfy { $0.campaign.step == .decided })
            // Every household poor on 1 January 2026 was in its commune's 2025 review with that result.
            let poor = try await t.sql.raw("""
                SELECT household_id FROM household_classifications WHERE class = 'poor' AND valid_from <= '2026-01-01'
                AND (valid_to IS NULL OR valid_to >= '2026-01-01')
                """).all(decodingColumn: "household_id", as: String.self)
            for household in poor {
                let entries = try await t.sql.raw("""
                    SELECT e.definition AS d FROM review_entries e JOIN review_campaigns r ON r.id = e.campaign_id
                    WHERE e.household_id = \(bind: household) AND r.year = 2025
                    """).all(decodingColumn: "d", as: String.self)
                #expect(entries.count == 1)
                #expect(entries.first?.contains("\"proposed\":\"poor\"") == true)
            }
        }
    }

    @Test("The review pages walk the steps in order through forms, with Vietnamese refusals")
    func pages() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("commune")
            try await client.get("/reviews")
            let created = try await client.postForm("/reviews", ["unitCode": "11953", "year": "2026", "kind": "periodic", "startedOn": "2026-09-01"])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            try await client.get(path)
            let tooEarly = try await client.postForm(path + "/advance", ["step": "posting", "date": "2026-10-01"])
            #expect(tooEarly.status == .unprocessableEntity)
            #expect(tooEarly.body.string.contains("chưa thể chuyển sang"))
            let outside = try await client.postForm("/reviews", ["unitCode": "11977", "year": "2026", "kind": "periodic", "startedOn": "2026-09-01"])
            #expect(outside.status == .notFound || outside.status == .forbidden)
        }
    }
}

@Suite("Registry: farming households of average living standard")
struct AgriculturalReviewTests {
    @Test("The agricultural procedure recognises only the average-living-standard result")
    func onlyAverage() async throws {
        try await withTestApp(.sqlite) { t in
            let scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            let store = ReviewStore(database: t.db, world: t.world)
            let actor = Actor(userID: nil, username: "commune")
            _ = try await HouseholdImporter(database: t.db, world: t.world).run(try CSVTable(text: RegistryTests.good), scope: scope,
                                                                                 actor: actor, skipBadRows: false)
            let start = try BusinessDate(iso: "2026-10-01")
            let review = try await store.create(unitCode: 11953, year: 2026, kind: .agricultural, startedOn: start, actor: actor, scope: scope)
            #expect(try await store.view(id: review.id.rawValue, scope: scope).rows.isEmpty)
            try await store.add(reviewID: review.id.rawValue, householdCode: "T-01", reason: .applicant, actor: actor, scope: scope)
            try await store.add(reviewID: review.id.rawValue, householdCode: "T-02", reason: .applicant, actor: actor, scope: scope)
            let rows = try await store.view(id: review.id.rawValue, scope: scope).rows
            let t01 = try #require(rows.first { $0.code == "T-01" }?.entry.householdID.rawValue)
            let t02 = try #require(rows.first { $0.code == "T-02" }?.entry.householdID.rawValue)
            // Regular and agricultural results hold from the decision day, under the 2022–2026 standard (urban band to 3 m).
            #expect(try await store.survey(reviewID: review.id.rawValue, householdID: t01, income: .declared(Money(dong: 2_500_000)), deprivations: [],
                                           actor: actor, scope: scope).proposed == .average)
            #expect(try await store.survey(reviewID: review.id.rawValue, householdID: t02, income: .declared(Money(dong: 1_000_000)), deprivations: [],
                                           actor: actor, scope: scope).proposed == .nearPoor)
            for (step, day) in [(ReviewCampaign.Step.villageMeeting, "2026-10-10"), (.posting, "2026-10-12"), (.decided, "2026-10-20")] {
                _ = try await store.advance(reviewID: review.id.rawValue, to: step, on: try BusinessDate(iso: day), note: "QĐ 7",
                                            actor: actor, scope: scope)
            }
            let classifications = ClassificationStore(database: t.db, world: t.world)
            #expect(try await classifications.status(householdID: t01, on: try BusinessDate(iso: "2026-10-20"))?.classification == .average)
            // The near-poor result is not recognised by this procedure: nothing recorded.
            #expect(try await classifications.status(householdID: t02, on: try BusinessDate(iso: "2026-10-20")) == nil)
        }
    }
}
