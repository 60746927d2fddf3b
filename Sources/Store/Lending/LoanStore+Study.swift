import Domain
import FluentKit
import SQLKit

/// A student contract's tranches and its schedule (CHANGES 2026-12-01 item 4).
extension LoanStore {
    /// The event's details: the school's confirmation a student loan's tranche is paid against
    /// (required then), nothing for other loans.
    static func trancheDetails(
        _ request: DisbursementRequest, application: LoanApplicationRecord
    ) throws -> String {
        guard application.study != nil else { return "" }
        let confirmation = (request.schoolConfirmation ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !confirmation.isEmpty else { throw LendingError.schoolConfirmationRequired }
        return try StoredJSON.text(["schoolConfirmation": confirmation])
    }

    /// At the first tranche a student contract's term runs from that day to the end of its
    /// repayment, and its principal falls due from the day dues begin (no other start is taken).
    static func studyTerms(
        _ application: LoanApplicationRecord, parameters: ProgramParameters,
        on date: BusinessDate, start: ScheduleStart
    ) throws -> (StudyTerms?, ScheduleStart) {
        guard let study = application.study else { return (nil, start) }
        guard let rules = parameters.study else {
            throw LendingError.studyPlan(
                "bộ tham số đang áp dụng của chương trình không cho vay theo khóa học")
        }
        guard start == .standard else {
            throw LendingError.studyPlan(
                "kỳ trả nợ đầu tiên tính từ ngày kết thúc khóa học, không đặt ân hạn riêng")
        }
        let terms = try StudentLoans.terms(
            study, rules: rules, amount: application.amount, on: date,
            intervalMonths: application.intervalMonths, direct: application.channel == .direct)
        return (terms, .firstDue(terms.duesFrom))
    }

    /// The study plan of a loan's application, if it is a student contract.
    static func study(loanID: String, sql: any SQLDatabase) async throws -> StudyPlan? {
        try await sql.select().column("study").from("loan_applications")
            .where("loan_id", .equal, loanID).first()
            .flatMap { try $0.decode(column: "study", as: String?.self) }
            .map { try StoredJSON.value(StudyPlan.self, from: $0) }
    }

    /// Kết quả vốn vay at the first tranche: what the officer named, else what the file says.
    static func recordImpact(
        _ request: DisbursementRequest, application: LoanApplicationRecord, loanID: String,
        province: Int, actor: Actor, now: Int64, id: String, sql: any SQLDatabase
    ) async throws {
        let impact = LoanImpact.atDisbursement(
            request.impact, study: application.study, unitJobs: application.unitJobs)
        try impact.check()
        try await insert(
            LoanUseCheck(
                kind: .disbursement, checkedOn: request.date, usedAsIntended: true,
                impact: impact, note: ""),
            id: id, loanID: loanID, province: province, actor: actor, now: now, sql: sql)
    }
}
