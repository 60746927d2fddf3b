import Domain
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Store

/// Issue #14 §2 through the store and HTTP, on both databases: the set is stored on the loan,
/// the rate history names its acts, a loan without a set is an error, and re-pricing acts may
/// not reach into closed months.
@Suite("Pricing: each loan by its act")
struct PricingTests {
    static let bank = Actor(userID: nil, username: "bank")
    static let approver = Actor(userID: nil, username: "approver")

    /// A direct job-creation loan disbursed on `date` (an approved application first).
    static func loan(
        _ t: TestApp, on date: BusinessDate, program: String = "job_creation", group: String? = nil,
        amount: Int64 = 20_000_000, intervalMonths: Int = 12
    ) async throws -> String {
        let apps = ApplicationStore(database: t.db, world: t.world)
        let a = try await apps.submitDirect(
            NewDirectApplication(
                borrowerName: "Cơ sở may \(date.iso)", householdID: nil, unitCode: 11953,
                programCode: program, amount: Money(dong: amount), termMonths: 24,
                intervalMonths: intervalMonths, purpose: "Mở rộng", collateral: "",
                submittedOn: date,
                beneficiaryGroup: group),
            actor: bank, scope: .everything)
        _ = try await apps.prepare(id: a.id, on: date, actor: bank, scope: .everything)
        _ = try await apps.decide(
            id: a.id, approve: true, on: date, reason: "", actor: approver, scope: .everything)
        let posting = try await LoanStore(database: t.db, world: t.world).disburse(
            applicationID: a.id, DisbursementRequest(date: date, amount: Money(dong: amount)),
            key: "pricing-\(date.iso)", actor: bank, scope: .everything)
        return posting.result.loan
    }

    @Test(
        "A 2025 job-creation loan keeps the 2019 set, re-priced by the anchor; both acts named",
        arguments: TestDriver.available)
    func rateHistory(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let id = try await Self.loan(t, on: try BusinessDate(iso: "2025-06-16"))
            let stored = try await t.sql.raw(
                "SELECT parameter_set_id FROM loans WHERE id = \(bind: id)"
            ).first(decodingColumn: "parameter_set_id", as: String.self)
            #expect(stored == "job_creation@2019-11-08")
            let admin = t.client()
            try await admin.useToken("admin")
            let response = try await admin.get("/api/v1/loans/\(id)")
            #expect(response.status == .ok)
            let json = try JSONValue.parse(Data(buffer: response.body))
            #expect(json["parameterSet"]?["id"]?.string == "job_creation@2019-11-08")
            #expect(json["parameterSet"]?["legalSource"]?.string?.contains("74/2019") == true)
            // The set, then Decision 2654's cut (seeded for Hưng Yên), the anchor's change inside
            // it, and the anchor's rate once the cut ends.
            let history = json["rateHistory"]?.array ?? []
            try #require(history.count == 4, "\(response.body.string)")
            #expect(history.first?["from"]?.string == "2025-06-16")
            #expect(history.first?["to"]?.string == "2025-09-30")
            #expect(history.first?["ratePerMonth"]?.string == "0.0066")
            #expect(history.first?["ratePerYear"]?.string == "0.0792")
            #expect(history.first?["act"]?["kind"]?.string == "parameter_set")
            #expect(history.first?["adjustment"] == .null)
            #expect(history[1]["from"]?.string == "2025-10-01")
            #expect(history[1]["act"]?["kind"]?.string == "rate_adjustment")
            #expect(history[1]["ratePerYear"]?.string == "0.0592")
            #expect(history[1]["adjustment"]?["id"]?.string == "QD2654-2025")
            #expect(history[2]["from"]?.string == "2025-12-01")
            #expect(history[2]["act"]?["kind"]?.string == "anchor")
            #expect(history[2]["ratePerYear"]?.string == "0.05488")
            #expect(history.last?["from"]?.string == "2026-01-01")
            #expect(history.last?["to"] == .null)
            #expect(history.last?["ratePerMonth"]?.string == "0.00624")
            #expect(history.last?["act"]?["kind"]?.string == "anchor")
            #expect(history.last?["act"]?["legalSource"]?.string?.contains("2553") == true)
            let officer = t.client()
            _ = try await officer.login("admin")
            let page = try await officer.get("/loans/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Lịch sử lãi suất"))
            #expect(page.body.string.contains("74/2019"))
        }
    }

    @Test(
        "Priority group at the anchor under Decree 338; unknown group 422, bad code 400",
        arguments: TestDriver.available)
    func beneficiaryGroups(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let id = try await Self.loan(
                t, on: try BusinessDate(iso: "2026-03-02"), group: "priority")
            let admin = t.client()
            try await admin.useToken("admin")
            let json = try JSONValue.parse(
                Data(buffer: try await admin.get("/api/v1/loans/\(id)").body))
            #expect(json["ratePerMonth"]?.string == "0.0052")
            struct Direct: Content {
                let borrower: String; let unitCode: Int; let program: String; let amount: Int64
                let termMonths: Int; let purpose: String; let beneficiaryGroup: String
            }
            func direct(_ group: String) -> Direct {
                Direct(
                    borrower: "Hợp tác xã thử", unitCode: 11953, program: "job_creation",
                    amount: 50_000_000, termMonths: 24, purpose: "Mở xưởng", beneficiaryGroup: group
                )
            }
            let accepted = try await admin.postJSON(
                "/api/v1/applications/direct", direct("priority"))
            #expect(accepted.status == .created, "\(accepted.body.string)")
            let record = try JSONValue.parse(Data(buffer: accepted.body))
            #expect(record["beneficiaryGroup"]?.string == "priority")
            let unknown = try await admin.postJSON("/api/v1/applications/direct", direct("orphans"))
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.errorCode == "unknown_beneficiary_group")
            let malformed = try await admin.postJSON(
                "/api/v1/applications/direct", direct("Ưu tiên"))
            #expect(malformed.status == .badRequest)
            let officer = t.client()
            _ = try await officer.login("admin")
            let form = try await officer.get("/applications/direct/new")
            #expect(form.body.string.contains("Nhóm đối tượng ưu tiên"))
            let programs = try await officer.get("/programs?asOf=2026-03-02").body.string
            #expect(programs.contains("Đã dừng cho vay mới"))
            #expect(programs.contains("Nhóm ưu tiên: lao động dân tộc thiểu số nghèo"))
            #expect(programs.contains("áp dụng cả dư nợ hiện có"))
        }
    }

    @Test(
        "A loan without its set: refused with the reason, named by verify, given back",
        arguments: TestDriver.available)
    func withoutSet(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let id = try await Self.loan(t, on: try BusinessDate(iso: "2026-02-02"))
            try await t.sql.raw("UPDATE loans SET parameter_set_id = NULL WHERE id = \(bind: id)")
                .run()
            let admin = t.client()
            try await admin.useToken("admin")
            let refused = try await admin.get("/api/v1/loans/\(id)")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.errorCode == "loan_without_parameter_set")
            let problems = try await LoanBookCheck.verify(sql: t.sql, world: t.world)
            #expect(problems.contains { $0.contains(id) && $0.contains("bộ tham số") })
            try await PriceLoansByTheirSet.assignSets(sql: t.sql)
            let back = try await t.sql.raw(
                "SELECT parameter_set_id FROM loans WHERE id = \(bind: id)"
            ).first(decodingColumn: "parameter_set_id", as: String.self)
            #expect(back == "job_creation@2026-01-01")
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }

    @Test(
        "Corrections: post-prison on the anchor from 10/10/2023; newly escaped 120 months",
        arguments: TestDriver.available)
    func corrections(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let programs = ProgramStore(database: t.db, world: t.world)
            let prison = try await programs.program(
                code: "post_prison", on: try BusinessDate(iso: "2026-01-05"))
            #expect(prison.rate == (try Rate(percentPerMonth: "0,52")))
            let beforeAct = try await programs.program(
                code: "post_prison", on: try BusinessDate(iso: "2023-10-09"))
            #expect(beforeAct.parameters == nil)
            let escaped2018 = try await programs.program(
                code: "escaped_poverty_household", on: try BusinessDate(iso: "2018-06-01"))
            #expect(escaped2018.parameters?.maxTermMonths == 60)
            #expect(escaped2018.parameters?.maxPerLoan == Money(dong: 50_000_000))
            let escaped2019 = try await programs.program(
                code: "escaped_poverty_household", on: try BusinessDate(iso: "2019-03-01"))
            #expect(escaped2019.parameters?.maxTermMonths == 120)
            let job = try await programs.program(
                code: "job_creation", on: try BusinessDate(iso: "2019-11-07"))
            #expect(job.parameters?.legalSource.contains("61/2015") == true)
            #expect(job.rate == (try Rate(percentPerMonth: "0,55")))
            // The migration on a database seeded before the corrections: same sets, nothing twice.
            try await PriceLoansByTheirSet.applyCatalogue(sql: t.sql)
            let ids = try await t.sql.raw("SELECT id FROM program_parameters").all(
                decodingColumn: "id", as: String.self)
            #expect(Set(ids) == Set(ProgramCatalogue.parameters.map(\.id)))
            #expect(ids.count == ProgramCatalogue.parameters.count)
        }
    }

    @Test(
        "A set for existing loans or an anchor value dated into a closed month: 422",
        arguments: TestDriver.available)
    func closedMonths(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            try await t.sql.insert(into: "closed_periods").columns("month", "closed_at", "actor")
                .values("2026-10", t.world.nowMillis, "test").run()
            let admin = t.client()
            try await admin.useToken("admin")
            struct Set: Content {
                let programCode: String; let validFrom: String; let legalSource: String
                let rate: [String: String]; let overduePercent: Int; let maxPerLoan: Int64
                let maxTermMonths: Int; let borrowers: String; let dayCount: String
                let repricing: String; let note: String
            }
            func set(_ from: String, _ repricing: String) -> Set {
                Set(
                    programCode: "post_prison", validFrom: from, legalSource: "Quyết định thử",
                    rate: ["kind": "fixed", "percentPerMonth": "0.50"], overduePercent: 130,
                    maxPerLoan: 100_000_000, maxTermMonths: 120, borrowers: "documents",
                    dayCount: "monthly_30", repricing: repricing, note: "")
            }
            let refused = try await admin.postJSON(
                "/api/v1/programs/post_prison/parameters", set("2026-10-20", "existing_loans"))
            #expect(refused.status == .unprocessableEntity, "\(refused.body.string)")
            #expect(refused.errorCode == "repricing_into_closed_month")
            let newOnly = try await admin.postJSON(
                "/api/v1/programs/post_prison/parameters", set("2026-10-21", "new_loans_only"))
            #expect(newOnly.status == .created, "\(newOnly.body.string)")
            let open = try await admin.postJSON(
                "/api/v1/programs/post_prison/parameters", set("2026-11-01", "existing_loans"))
            #expect(open.status == .created, "\(open.body.string)")
            let reference = ReferenceDataStore(database: t.db, world: t.world)
            await #expect(throws: LendingError.self) {
                _ = try await reference.addValue(
                    key: "anchor_rate", effectiveFrom: try BusinessDate(iso: "2026-09-01"),
                    value: "0,50", legalSource: "thử", note: "", actor: Self.bank)
            }
        }
    }
}
