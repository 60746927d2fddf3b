import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Social-housing demand through HTTP on both databases: a declaration within the dated ceiling
/// is registered, one above it refused with the reason and nothing saved, a commune outside the
/// scope not found, and the summary by commune and purpose adds up.
@Suite("Housing: social-housing loan demand through HTTP")
struct HousingDemandTests {
    static func json(_ r: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
            ?? [:]
    }

    static func body(
        unit: String = "11953", income: Int64, marital: String = "single",
        surveyed: String? = nil, amount: Int64 = 500_000_000, households: Int = 1
    ) -> String {
        #"{"unit":"\#(unit)","applicant":"Trần Văn Hùng","purpose":"buy","amount":\#(amount),"#
            + #""households":\#(households),"#
            + (surveyed.map { #""surveyedOn":"\#($0)","# } ?? "")
            + #""person":{"beneficiary":"worker","marital":"\#(marital)","#
            + #""monthlyIncome":\#(income),"ownsHouse":false}}"#
    }

    @Test("Register, refuse, scope, summary", arguments: TestDriver.available)
    func demand(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.useToken("bank")
            let path = "/api/v1/housing-demands"
            let count = {
                try await t.sql.raw("SELECT COUNT(*) AS n FROM housing_demands")
                    .first(decodingColumn: "n", as: Int.self) ?? -1
            }
            let start = try Self.json(try await bank.get("/api/v1/reports/housing-demand"))
            let startHouseholds = start["households"] as? Int ?? -1
            let startAmount = start["amount"] as? Int ?? -1
            let startLines = start["lines"] as? [[String: Any]] ?? []
            let buyBefore =
                startLines.first {
                    $0["unit"] as? Int == 11953 && $0["purpose"] as? String == "buy"
                }?["registrations"] as? Int ?? 0
            let listedBefore =
                try Self.json(try await bank.get(path + "?unit=11953"))["total"] as? Int ?? -1
            let rows = try await count()
            let ok = try await StudentLoanAppTests.post(bank, path, Self.body(income: 24_000_000))
            #expect(ok.status == .created)
            let validator = try await OpenAPITests.document(t.client())
            try OpenAPITests().check(validator, ok, "/api/v1/housing-demands", "POST", 201)
            let assessment = try Self.json(ok)["assessment"] as? [String: Any] ?? [:]
            #expect(assessment["withinIncomeCeiling"] as? Bool == true)
            // 24 m is above the 20 m ceiling in force before 07/04/2026.
            let before = try await StudentLoanAppTests.post(
                bank, path, Self.body(income: 24_000_000, surveyed: "2026-01-15"))
            #expect(before.status == .unprocessableEntity)
            #expect(StudentLoanAppTests.code(before) == "housing_conditions_not_met")
            #expect(String(buffer: before.body).contains("vượt mức trần 20.000.000"))
            #expect(try await count() == rows + 1)
            let commune = t.client()
            try await commune.useToken("commune")
            let outside = try await StudentLoanAppTests.post(
                commune, path, Self.body(unit: "11977", income: 10_000_000))
            #expect(outside.status == .notFound)
            let union = t.client()
            try await union.useToken("union")
            #expect(
                try await StudentLoanAppTests.post(union, path, Self.body(income: 1)).status
                    == .forbidden)
            #expect(
                try await StudentLoanAppTests.post(
                    commune, path,
                    Self.body(
                        income: 45_000_000, marital: "married",
                        amount: 300_000_000, households: 2)
                ).status == .created)
            let report = try Self.json(try await bank.get("/api/v1/reports/housing-demand"))
            #expect(report["households"] as? Int == startHouseholds + 3)
            #expect(report["amount"] as? Int == startAmount + 800_000_000)
            let lines = report["lines"] as? [[String: Any]] ?? []
            let buy = lines.first {
                $0["unit"] as? Int == 11953 && $0["purpose"] as? String == "buy"
            }
            #expect(buy?["registrations"] as? Int == buyBefore + 2)
            let list = try Self.json(try await bank.get(path + "?unit=11953"))
            #expect(list["total"] as? Int == listedBefore + 2)
            let test = try await StudentLoanAppTests.post(
                union, "/api/v1/housing-assessments",
                #"{"person":{"beneficiary":"poor_rural","marital":"single","#
                    + #""monthlyIncome":90000000,"ownsHouse":true,"areaPerPerson":30}}"#)
            try OpenAPITests().check(validator, test, "/api/v1/housing-assessments", "POST", 200)
            let result = try Self.json(test)
            #expect(result["met"] as? Bool == false)
            #expect(result["withinIncomeCeiling"] is NSNull, "\(result)")
            #expect(try await count() == rows + 2)
        }
    }

    @Test(
        "The page: a refusal keeps what was typed; the summary exports",
        arguments: TestDriver.available)
    func pages(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let officer = t.client()
            _ = try await officer.login("commune")
            var form = [
                "unit": "11953", "applicant": "Nguyễn Thị Lan", "beneficiary": "civil_servant",
                "marital": "single", "monthlyIncome": "31.000.000", "purpose": "build",
                "amount": "400.000.000", "households": "1",
            ]
            let refused = try await officer.postForm("/housing-demand", form)
            #expect(refused.status == .unprocessableEntity)
            let text = String(buffer: refused.body)
            #expect(text.contains("vượt mức trần") && text.contains(#"value="Nguyễn Thị Lan""#))
            form["monthlyIncome"] = "22.000.000"
            #expect(try await officer.postForm("/housing-demand", form).status == .seeOther)
            let page = try await officer.get("/housing-demand")
            #expect(String(buffer: page.body).contains("Nguyễn Thị Lan"))
            let report = try await officer.get("/reports/housing-demand")
            #expect(report.status == .ok && String(buffer: report.body).contains("Xây dựng nhà ở"))
            let csv = try await officer.get("/reports/housing-demand?format=csv")
            #expect(csv.status == .ok && String(buffer: csv.body).contains("400000000"))
        }
    }
}
