import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Từ nhu cầu đến hồ sơ vay: a demand that met the conditions links the bank to a filled-in
/// direct-lending form while the social-housing capital not yet lent covers it; a demand
/// larger than that capital does not, nor does any demand for a reader who does not lend.
@Suite("Housing: a demand becomes a loan file when capital exists")
struct HousingApplicationTests {
    static func body(applicant: String, amount: Int64) -> String {
        #"{"unit":"11953","applicant":"\#(applicant)","purpose":"build","amount":\#(amount),"#
            + #""households":1,"person":{"beneficiary":"worker","marital":"single","#
            + #""monthlyIncome":9000000,"ownsHouse":false}}"#
    }

    /// Social-housing capital received less social-housing outstanding, from the raw rows.
    static func available(_ t: TestApp) async throws -> Int64 {
        let capital = try await DashboardTests.int(
            t,
            """
            SELECT CAST(COALESCE(SUM(CASE
              WHEN kind = 'allocation' AND program_code = 'social_housing' THEN amount
              WHEN kind = 'transfer' AND to_program_code = 'social_housing' THEN amount
              WHEN kind = 'transfer' AND program_code = 'social_housing' THEN -amount
              ELSE 0 END), 0) AS BIGINT) AS n FROM capital_movements WHERE province_code = 33
            """)
        let outstanding = try await DashboardTests.int(
            t,
            """
            SELECT CAST(COALESCE(SUM(disbursed - principal_repaid - principal_written_off), 0)
            AS BIGINT) AS n FROM loans WHERE program_code = 'social_housing'
            """)
        return Int64(capital) - Int64(outstanding)
    }

    @Test("Within the capital: a link to a filled-in form; beyond it or for others: none",
          arguments: TestDriver.available)
    func conversion(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let available = try await Self.available(t)
            try #require(available > 400_000_000)
            let api = t.client()
            try await api.useToken("bank")
            let path = "/api/v1/housing-demands"
            let page = t.client()
            try await page.login("bank")
            func links() async throws -> [String] {
                try await page.get("/housing-demand").body.string
                    .components(separatedBy: "class=\"demand-apply\" href=\"").dropFirst()
                    .map {
                        String($0.prefix { $0 != "\"" })
                            .replacingOccurrences(of: "&amp;", with: "&")
                    }
            }
            let before = try await links()
            let small = try await StudentLoanAppTests.post(
                api, path, Self.body(applicant: "Lê Thị Nhà", amount: 400_000_000))
            #expect(small.status == .created)
            let huge = try await StudentLoanAppTests.post(
                api, path, Self.body(applicant: "Lê Văn Lớn", amount: available + 1))
            #expect(huge.status == .created)
            let after = try await links()
            #expect(after.count == before.count + 1)
            let link = try #require(after.first { $0.contains("L%C3%AA%20Th%E1%BB%8B%20Nh%C3%A0") })
            let form = try await page.get(link)
            #expect(form.status == .ok)
            #expect(form.body.string.contains("value=\"Lê Thị Nhà\""))
            #expect(form.body.string.contains("value=\"400000000\""))
            let commune = t.client()
            try await commune.login("commune")
            let theirs = try await commune.get("/housing-demand").body.string
            #expect(!theirs.contains("demand-apply"))
        }
    }
}
