import Domain
import FluentKit
import SQLKit

/// Hợp đồng cho vay HSSV on the application (CHANGES 2026-12-01 item 4): a program whose set
/// lends per month of study takes its term from the study plan, not from the form.
extension ApplicationStore {
    /// The plan's terms under the set in force on `date`; nil for a program that lends otherwise
    /// (a study plan given to one is refused).
    func studyTerms(
        programCode: String, study: StudyPlan?, amount: Money, intervalMonths: Int,
        on date: BusinessDate, direct: Bool
    ) async throws -> StudyTerms? {
        let program = try await ProgramStore(database: database, world: world)
            .program(code: programCode, on: date)
        guard let rules = program.parameters?.study else {
            guard study == nil else {
                throw LendingError.studyPlan(
                    "chương trình «\(program.program.name)» không cho vay theo khóa học")
            }
            return nil
        }
        guard let study else {
            throw LendingError.studyPlan(
                "cần kê học sinh, sinh viên, trường, số tháng học, ngày kết thúc khóa học"
                    + " và thời hạn trả nợ")
        }
        return try StudentLoans.terms(
            study, rules: rules, amount: amount, on: date, intervalMonths: intervalMonths,
            direct: direct)
    }

    static func storeStudy(_ study: StudyPlan?, id: String, sql: any SQLDatabase) async throws {
        guard let study else { return }
        try await sql.update("loan_applications").set("study", to: try StoredJSON.text(study))
            .where("id", .equal, id).run()
    }
}
