import Domain
import FluentKit
import Foundation
import SQLKit

/// The home commune's book shows the rules of issue 15 at work: a student contract for the
/// course, paid per semester against the school's confirmation; loan-use checks with what the
/// loans financed; and a write-off that went through a batch and its decision.
extension DemoProvince {
    static let unionActor = Actor(userID: nil, username: "union")

    /// Cho vay HSSV: a household of the home commune without a loan borrows for a child's
    /// four-year course; two semesters are disbursed, dues start a year after the course.
    func studentContract() async throws {
        let sql = try database.sqlDatabase()
        let start = businessDate.adding(days: -300)
        let rows = try await sql.raw(
            """
            SELECT m.household_id AS household, m.group_id AS grp FROM group_memberships m
            JOIN savings_groups g ON g.id = m.group_id JOIN units u ON u.id = g.unit_id
            WHERE u.code = \(bind: Self.communeCode) AND g.status = 'active' AND m.valid_to IS NULL
            AND NOT EXISTS (SELECT 1 FROM loan_applications a WHERE a.household_id = m.household_id)
            ORDER BY m.household_id LIMIT 40
            """
        ).all()
        let months = 40
        let plan = StudyPlan(
            students: [
                Student(
                    name: "Nguyễn Thị Mai", school: "Trường Đại học Sư phạm Kỹ thuật Hưng Yên",
                    studyMonths: months,
                    courseEndsOn: RepaymentSchedule.adding(months: months, to: start))
            ], graceMonths: 12, repaymentMonths: months)
        let amount = Money(dong: 4_000_000 * Int64(months))
        for row in rows {
            let household = try row.decode(column: "household", as: String.self)
            let group = try row.decode(column: "grp", as: String.self)
            if try await student(household, group: group, plan: plan, amount: amount, on: start) {
                return
            }
        }
    }

    /// One try: false when the household may not borrow for a student (the rule refuses it).
    func student(
        _ household: String, group: String, plan: StudyPlan, amount: Money, on start: BusinessDate
    ) async throws -> Bool {
        let programs = ProgramStore(database: database, world: world)
        let (found, _) = try await HouseholdStore(database: database, world: world)
            .household(id: household, scope: .everything)
        guard
            let member = found.members.first(where: { $0.birthDate.fullYears(until: start) >= 18 })
        else { return false }
        let (_, refusals) = try await programs.eligibility(
            householdID: household, programCode: "student",
            request: LoanRequest(amount: amount, termMonths: 120), on: start, scope: .everything)
        guard refusals.isEmpty else { return false }
        let apps = ApplicationStore(database: database, world: world)
        let application = try await apps.submit(
            NewApplication(
                householdID: household, representativeID: member.id.rawValue,
                programCode: "student", amount: amount, termMonths: 12, intervalMonths: 12,
                purpose: "Học phí, sinh hoạt phí khóa học đại học", submittedOn: start,
                study: plan), actor: Self.leaderActor, scope: .everything)
        let present = try await GroupStore(database: database, world: world)
            .members(groupID: group, on: start.adding(days: 3)).count
        _ = try await apps.vet(
            groupID: group, heldOn: start.adding(days: 3), attendees: present,
            minutes: "Tổ bình xét cho vay học sinh, sinh viên.",
            decisions: [VetDecision(applicationID: application.id, agreed: true)],
            actor: Self.leaderActor, scope: .everything)
        let on = start.adding(days: 5)
        _ = try await apps.certify(
            applicationIDs: [application.id], on: on, certified: true, reason: "",
            actor: Self.communeActor, scope: .everything)
        _ = try await apps.prepare(
            id: application.id, on: on.adding(days: 1), actor: Self.bankActor, scope: .everything)
        _ = try await apps.decide(
            id: application.id, approve: true, on: on.adding(days: 2), reason: "",
            actor: Self.approverActor, scope: .everything)
        let loans = LoanStore(database: database, world: world)
        for (n, date) in [on.adding(days: 5), on.adding(days: 185)].enumerated()
        where date <= businessDate {
            _ = try await loans.disburse(
                applicationID: application.id,
                DisbursementRequest(
                    date: date, amount: Money(dong: 24_000_000),
                    schoolConfirmation: "Giấy xác nhận số \(120 + n)/XN-ĐHSPKT, học kỳ \(n + 1)"),
                key: "demo-student-\(application.id)-\(n)", actor: Self.bankActor,
                scope: .everything)
        }
        return true
    }

    /// Kiểm tra sử dụng vốn vay: the Women's Union checks three of the home commune's loans a
    /// month after disbursement; one used part of the money for something else.
    func useChecks(made: [String], loans: LoanStore) async throws {
        let findings: [(Bool, LoanImpact, String)] = [
            (
                true,
                LoanImpact(jobs: 2, students: 0, waterWorks: 0, sanitationWorks: 0, houses: 0),
                "Mua 2 con bò sinh sản, chuồng trại đúng phương án."
            ),
            (
                true,
                LoanImpact(jobs: 1, students: 0, waterWorks: 1, sanitationWorks: 0, houses: 0),
                "Đã xây bể nước, trồng rau màu."
            ),
            (false, LoanImpact.zero, "Dùng một phần tiền vay mua xe máy; đề nghị thu hồi."),
        ]
        for (id, (used, impact, note)) in zip(made, findings) {
            let detail = try await loans.detail(id: id, on: businessDate, scope: .everything)
            let date = min(detail.summary.disbursedOn.adding(days: 30), businessDate)
            _ = try await loans.checkUse(
                loanID: id,
                LoanUseCheck(
                    kind: .check, checkedOn: date, usedAsIntended: used, impact: impact,
                    note: note), actor: Self.unionActor, scope: .everything)
        }
    }

    /// Xóa nợ theo đợt: the branch files the loan of a borrower who died, with every document
    /// of the checklist, submits the batch and records the decision at its level.
    func writeOffBatch(loanID: String) async throws {
        let store = WriteOffStore(database: database, world: world)
        let batch = try await store.open(
            title: "Đợt 2 năm \(businessDate.year)", provinceCode: Self.provinceCode,
            actor: Self.bankActor, scope: .everything)
        let documents = [
            ("request", "Giấy đề nghị của người thừa kế"), ("group_verified", "Biên bản xác minh"),
            ("commune_confirmed", "Xác nhận của UBND xã"), ("cause_death", "Giấy chứng tử"),
            ("no_assets", "Biên bản xác minh tài sản"),
        ]
        let evidence = documents.map { code, text in
            WriteOffEvidence(
                condition: code,
                document: "\(text) ngày \(businessDate.adding(days: -30).vietnamese)")
        }
        _ = try await store.addFile(
            batchID: batch.id, loanID: loanID, measure: .principal,
            file: RiskFile(
                cause: "Người vay chết, không có người thừa kế nghĩa vụ trả nợ",
                requestedOn: businessDate.adding(days: -30), verification: "UBND xã xác nhận"),
            evidence: evidence, actor: Self.bankActor, scope: .everything)
        let submitted = try await store.submit(
            batchID: batch.id, actor: Self.bankActor, scope: .everything)
        _ = try await store.decide(
            batchID: batch.id,
            WriteOffDecision(
                approved: true, number: "215/QĐ-NHCS", date: world.today,
                level: submitted.requiredLevel, note: "Phê duyệt theo phân cấp."),
            setAside: [], key: "demo-writeoff-\(loanID)", actor: Self.approverActor,
            scope: .everything)
    }
}
