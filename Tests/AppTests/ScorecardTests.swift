import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web

/// Phiếu B1 scoring through the API, the pages and the review, on both databases where it writes.
@Suite("Registry: Phiếu B1 income scoring")
struct ScorecardTests {
    static let poorChoices = ["household_size": "3_4", "dependants": "under_half", "head_education": "lower_secondary", "wage_earners": "one",
                              "housing": "semi_solid", "floor_area": "8_to_20", "water": "safe", "latrine": "hygienic", "motorbike": "one",
                              "fridge": "no", "television": "yes", "washer_or_aircon": "no", "car": "no", "farm_land": "under_0_2"]

    struct Score: Encodable { let scorecard: String?; let answers: [String: String] }
    struct Body: Encodable {
        let asOf: String; let area: String; let incomePerPersonMonthly: Int64?; let incomeScore: Score?; let deprivations: [String]
        let standard: String?
    }

    @Test("The classify API scores Phiếu B1 answers, and refuses bad or missing ones with 400")
    func classifyByScore() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.useToken("commune")
            let scored = try await client.postJSON("/api/v1/poverty/classify", Body(
                asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: nil, incomeScore: Score(scorecard: nil, answers: Self.poorChoices),
                deprivations: ["health_insurance", "latrine", "telecom"], standard: nil))
            #expect(scored.status == .ok)
            let json = try JSONValue.parse(Data(buffer: scored.body))
            #expect(json["classification"]?.string == "poor")
            #expect(json["incomeScore"] == .int(135))
            #expect(json["reasons"]?[0]?.string?.contains("135 ≤ ngưỡng nghèo nông thôn 140 điểm") == true)
            // The same answers in town score against the urban cut-off (160): near-poor without deprivations.
            let urban = try JSONValue.parse(Data(buffer: try await client.postJSON("/api/v1/poverty/classify", Body(
                asOf: "2025-06-30", area: "urban", incomePerPersonMonthly: nil, incomeScore: Score(scorecard: "b1-2022-2026", answers: Self.poorChoices),
                deprivations: [], standard: nil)).body))
            #expect(urban["classification"]?.string == "near_poor")
            var unanswered = Self.poorChoices
            unanswered["car"] = nil
            var wrongOption = Self.poorChoices
            wrongOption["car"] = "three"
            let bad: [(Body, String)] = [
                (Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: nil, incomeScore: Score(scorecard: nil, answers: unanswered),
                      deprivations: [], standard: nil), "score_item_unanswered"),
                (Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: nil, incomeScore: Score(scorecard: nil, answers: wrongOption),
                      deprivations: [], standard: nil), "unknown_score_option"),
                (Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: nil, incomeScore: Score(scorecard: "b1-1999", answers: Self.poorChoices),
                      deprivations: [], standard: nil), "unknown_scorecard"),
                (Body(asOf: "2027-06-30", area: "rural", incomePerPersonMonthly: nil, incomeScore: Score(scorecard: nil, answers: Self.poorChoices),
                      deprivations: [], standard: nil), "no_scorecard"),
                (Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: nil, incomeScore: nil, deprivations: [], standard: nil), "invalid_input"),
                (Body(asOf: "2025-06-30", area: "rural", incomePerPersonMonthly: 1, incomeScore: Score(scorecard: nil, answers: Self.poorChoices),
                      deprivations: [], standard: nil), "invalid_input"),
            ]
            for (body, code) in bad {
                let response = try await client.postJSON("/api/v1/poverty/classify", body)
                #expect(response.status == .badRequest, "\(code): \(response.body.string)")
                #expect(response.errorCode == code, "\(response.body.string)")
            }
        }
    }

    @Test("An administrator adds a province's scorecard; the household survey then scores with it", arguments: TestDriver.available)
    func provinceScorecardOnHouseholdPage(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let admin = t.client()
            try await admin.useToken("admin")
            let list = try JSONValue.parse(Data(buffer: try await admin.get("/api/v1/poverty/scorecards").body))
            #expect(list["total"] == .int(1))
            #expect(list["items"]?[0]?["code"]?.string == "b1-2022-2026")
            // Hưng Yên's own scorecard from 1 November 2026: the same items, a higher rural cut-off.
            var local = IncomeScorecardCatalogue.b1_2022
            local.code = "hy-b1-2026"
            local.name = "Phiếu B1 của tỉnh Hưng Yên"
            local.provinceCode = 33
            local.validFrom = try BusinessDate(iso: "2026-11-01")
            local.legalSource = "Quyết định thử nghiệm của UBND tỉnh"
            local.cutoffs[.urban] = ScoreCutoffs(povertyLine: 170, averageUpperBound: 200)
            let added = try await admin.postJSON("/api/v1/poverty/scorecards", local)
            #expect(added.status == .created, "\(added.body.string)")
            #expect(try await admin.postJSON("/api/v1/poverty/scorecards", local).status == .conflict)
            var broken = local
            broken.code = "hy-b1-broken"
            broken.cutoffs[.rural] = nil
            // A cut-off the document requires is missing: refused by the contract, the field named.
            let invalid = try await admin.postJSON("/api/v1/poverty/scorecards", broken)
            #expect(invalid.status == .badRequest && invalid.errorCode == "malformed_body")
            #expect(invalid.body.string.contains("cutoffs.rural"))
            let commune = t.client()
            try await commune.useToken("commune")
            #expect(try await commune.postJSON("/api/v1/poverty/scorecards", local).status == .forbidden)
            let audited = try await t.sql.select().column("action").from("audit_log").where("record_id", .equal, "hy-b1-2026").all()
            #expect(audited.count == 1)

            // An urban household of Phường Phố Hiến scored on the page: 135 ≤ 170 under the province's card.
            let id = try #require(try await t.sql.select().column("id").from("households").where("unit_id", .equal, "c11953@2025-07-01")
                .where("area", .equal, "urban").orderBy("id").limit(1).first(decodingColumn: "id", as: String.self))
            let page = t.client()
            try await page.login("commune")
            let form = try await page.get("/households/\(id)")
            #expect(form.body.string.contains("name=\"score[household_size]\""))
            #expect(form.body.string.contains("Phiếu B1 của tỉnh Hưng Yên"))
            var fields = ["method": "score", "validFrom": "2026-11-20", "decision": "QĐ 20/QĐ-UBND"]
            for (item, option) in Self.poorChoices where item != "car" { fields["score[\(item)]"] = option }
            let missing = try await page.postForm("/households/\(id)/survey", fields)
            #expect(missing.status == .badRequest)
            #expect(missing.body.string.contains("Chưa chọn phương án cho câu «Ô tô»"))
            // The choices made so far come back selected.
            #expect(missing.body.string.contains("<option value=\"semi_solid\" selected>"))
            fields["score[car]"] = "no"
            let saved = try await page.postForm("/households/\(id)/survey", fields)
            #expect(saved.status == .seeOther)
            let status = try #require(try await ClassificationStore(database: t.db, world: t.world).status(householdID: id, on: t.world.today))
            #expect(status.classification == .nearPoor)
            #expect(status.reasons.first == "Điểm thu nhập Phiếu B1 (hy-b1-2026): 135 ≤ ngưỡng nghèo thành thị 170 điểm (chuẩn nghèo 2.000.000 đ)")
        }
    }

    @Test("A review's survey scored on Phiếu B1 keeps the score and the choices", arguments: TestDriver.available)
    func reviewScored(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            let actor = Actor(userID: nil, username: "commune")
            _ = try await HouseholdImporter(database: t.db, world: t.world).run(try CSVTable(text: RegistryTests.good), scope: scope,
                                                                                 actor: actor, skipBadRows: false)
            let store = ReviewStore(database: t.db, world: t.world)
            let review = try await store.create(unitCode: 11953, year: 2026, kind: .periodic, startedOn: try BusinessDate(iso: "2026-09-01"),
                                                actor: actor, scope: scope)
            try await store.add(reviewID: review.id.rawValue, householdCode: "T-01", reason: .applicant, actor: actor, scope: scope)
            let t01 = try #require(try await store.view(id: review.id.rawValue, scope: scope).rows.first { $0.code == "T-01" }?.entry.householdID.rawValue)
            // The 2026 review's results hold from 2027, and no scorecard is loaded for the 2027–2030 standard yet.
            await #expect(throws: RegistryError.noScorecard(standard: "vn-2027-2030")) {
                try await store.survey(reviewID: review.id.rawValue, householdID: t01, income: .scorecard(Self.poorChoices),
                                       deprivations: [], actor: actor, scope: scope)
            }
            var card2027 = IncomeScorecardCatalogue.b1_2022
            card2027.code = "b1-2027-2030"
            card2027.standardCode = "vn-2027-2030"
            card2027.validFrom = try BusinessDate(iso: "2027-01-01")
            card2027.validTo = nil
            card2027.cutoffs = [.rural: ScoreCutoffs(povertyLine: 150, averageUpperBound: nil), .urban: ScoreCutoffs(povertyLine: 170, averageUpperBound: nil)]
            try await IncomeScorecardStore(database: t.db, world: t.world).add(card2027, actor: actor)
            let entry = try await store.survey(reviewID: review.id.rawValue, householdID: t01, income: .scorecard(Self.poorChoices),
                                               deprivations: ["health_insurance", "latrine", "telecom"], actor: actor, scope: scope)
            #expect(entry.proposed == .poor)
            #expect(entry.incomeScore == 135)
            #expect(entry.scorecardCode == "b1-2027-2030")
            #expect(entry.income == nil)
            let stored = try #require(try await store.view(id: review.id.rawValue, scope: scope).rows.first { $0.code == "T-01" }?.entry)
            #expect(stored.scoreChoices == Self.poorChoices)
            #expect(stored.incomeScore == 135)
        }
    }

    @Test("The scorecards page shows the points; the admin's form starts from the latest card and names a bad line")
    func scorecardsPage() async throws {
        try await withTestApp(.sqlite) { t in
            let admin = t.client()
            try await admin.login("admin")
            let page = try await admin.get("/poverty/scorecards")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Nhà bán kiên cố: 15"))
            #expect(html.contains("Nông thôn: nghèo ≤ 140, trung bình ≤ 175 điểm"))
            // The template is the latest card in the line format, ready to edit.
            let template = ScorecardRoutes.template(from: IncomeScorecardCatalogue.b1_2022)
            #expect(html.contains("housing | Loại nhà ở | makeshift=Nhà tạm, nhà thiếu kiên cố=0; semi_solid=Nhà bán kiên cố=15; solid=Nhà kiên cố=30"))
            var fields = ["code": "b1-2026-rev", "name": "Phiếu B1 (sửa đổi)", "standardCode": "vn-2022-2026", "validFrom": "2026-12-01",
                          "validTo": "2026-12-31", "legalSource": "Thông tư sửa đổi", "ruralPoverty": "150", "ruralAverage": "185",
                          "urbanPoverty": "170", "urbanAverage": "205", "items": "housing | Loại nhà ở | makeshift=Nhà tạm=0; solid"]
            let bad = try await admin.postForm("/poverty/scorecards", fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("dòng câu hỏi 1: phương án «solid» phải có dạng mã=nhãn=điểm"))
            fields["items"] = template.items
            let saved = try await admin.postForm("/poverty/scorecards", fields)
            #expect(saved.status == .seeOther)
            let cards = try await IncomeScorecardStore(database: t.db, world: t.world).all()
            let added = try #require(cards.first { $0.code == "b1-2026-rev" })
            #expect(added.items == IncomeScorecardCatalogue.b1_2022.items)
            #expect(added.cutoffs[.rural] == ScoreCutoffs(povertyLine: 150, averageUpperBound: 185))
            let commune = t.client()
            try await commune.login("commune")
            #expect(try await commune.get("/poverty/scorecards").body.string.contains("Phiếu B1 (sửa đổi)"))
            #expect(!(try await commune.get("/poverty/scorecards").body.string.contains("scorecard-form")))
        }
    }
}
