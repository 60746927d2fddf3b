import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// A student contract through HTTP on both databases: the cap per month of study, the term from
/// the course, each tranche against the school's confirmation, the schedule from the day dues
/// begin, and interest that accrues but is neither in arrears nor on the sitting's sheet.
@Suite("Lending: student contracts through HTTP")
struct StudentLoanAppTests {
    static func post(
        _ client: TestClient, _ path: String, key: String? = nil, _ json: String
    ) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        return try await client.send(.POST, path, headers: headers, body: ByteBuffer(string: json))
    }

    static func code(_ r: TestingHTTPResponse) -> String? {
        struct E: Decodable { struct B: Decodable { let code: String }; let error: B }
        return try? JSONDecoder().decode(E.self, from: Data(r.body.readableBytesView)).error.code
    }

    @Test(
        "Cap, term, tranches and deferred interest of one contract", arguments: TestDriver.available
    )
    func contract(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let bank = t.client()
            try await bank.useToken("bank")
            let today = t.world.today
            let (household, member, group) = try await LoanTests.borrower(t, on: today.iso)
            let ends = RepaymentSchedule.adding(months: 36, to: today)
            func body(_ amount: Int64, program: String = "student", study: String?) -> String {
                #"{"household":"\#(household)","representative":"\#(member)","#
                    + #""program":"\#(program)","#
                    + #""amount":\#(amount),"termMonths":12,"intervalMonths":12,"#
                    + #""purpose":"Học phí, sinh hoạt phí","date":"\#(today.iso)""#
                    + (study.map { #","study":\#($0)}"# } ?? "}")
            }
            func study(orphan: Bool = false) -> String {
                #"{"students":[{"name":"Nguyễn Văn An","school":"Đại học Nông nghiệp","#
                    + #""studyMonths":36,"courseEndsOn":"\#(ends.iso)","orphan":\#(orphan)}],"#
                    + #""graceMonths":12,"repaymentMonths":36}"#
            }
            let path = "/api/v1/applications"
            for (json, code) in [
                (body(100_000_000, study: nil), "invalid_study_plan"),
                (body(144_000_001, study: study()), "above_loan_cap"),
                (body(10_000_000, program: "poor_household", study: study()), "invalid_study_plan"),
                (body(10_000_000, study: study(orphan: true)), "invalid_study_plan"),
            ] {
                let r = try await Self.post(bank, path, json)
                #expect(r.status == .unprocessableEntity && Self.code(r) == code)
            }
            let created = try await Self.post(bank, path, body(144_000_000, study: study()))
            #expect(created.status == .created)
            let apps = ApplicationStore(database: t.db, world: t.world)
            let id = try #require(
                try await t.sql.select().column("id").from("loan_applications")
                    .where("program_code", .equal, "student")
                    .where("household_id", .equal, household).first(
                        decodingColumn: "id", as: String.self))
            var a = try await apps.application(id: id, scope: .everything)
            let dues = RepaymentSchedule.adding(months: 12, to: ends)
            #expect(a.study?.students.first?.studyMonths == 36)
            #expect(a.termMonths == 36 + 12 + 36)
            #expect(String(buffer: created.body).contains(#""duesFrom":"\#(dues.iso)""#))
            _ = try await apps.vet(
                groupID: group, heldOn: today, attendees: 5, minutes: "Tổ thống nhất",
                decisions: [VetDecision(applicationID: a.id, agreed: true)],
                actor: LoanTests.leader, scope: .everything)
            _ = try await apps.certify(
                applicationIDs: [a.id], on: today, certified: true, reason: "",
                actor: LoanTests.commune, scope: .everything)
            _ = try await apps.prepare(
                id: a.id, on: today, actor: LoanTests.bank, scope: .everything)
            _ = try await apps.decide(
                id: a.id, approve: true, on: today, reason: "", actor: LoanTests.approver,
                scope: .everything)
            let tranche = "/api/v1/applications/\(a.id)/disbursements"
            let bare = #"{"date":"\#(today.iso)","amount":24000000}"#
            let refused = try await Self.post(bank, tranche, key: "st-1", bare)
            #expect(refused.status == .unprocessableEntity)
            #expect(Self.code(refused) == "school_confirmation_required")
            a = try await apps.application(id: id, scope: .everything)
            #expect(a.loanID == nil)
            let confirmed =
                #"{"date":"\#(today.iso)","amount":24000000,"#
                + #""schoolConfirmation":"Giấy xác nhận số 125/XN-ĐHNN, học kỳ I"}"#
            #expect(try await Self.post(bank, tranche, key: "st-2", confirmed).status == .created)
            a = try await apps.application(id: id, scope: .everything)
            let loanID = try #require(a.loanID)
            let due = try await t.sql.raw(
                "SELECT dues_from, term_months FROM loans WHERE id = \(bind: loanID)"
            ).first()
            #expect(try due?.decode(column: "dues_from", as: String.self) == dues.iso)
            let schedule = try await ScheduleStartAppTests.dues(t, application: a.id)
            #expect(schedule.first == dues.iso && schedule.allSatisfy { $0 >= dues.iso })
            // A year on, in the middle of the course: interest accrued, none due.
            let later = try await LoanStore(database: t.db, world: t.world).detail(
                id: loanID, on: today.adding(days: 365), scope: .everything)
            #expect(later.standing.interestDue.dong > 0)
            #expect(later.standing.interestArrears == .zero)
            let sheet = try await CollectionStore(database: t.db, world: t.world).sheet(
                groupID: group, on: today.adding(days: 40), scope: .everything)
            let line = try #require(sheet.first { $0.loanID == loanID })
            #expect(line.interestDue == .zero && line.outstanding.dong == 24_000_000)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
        }
    }
}
