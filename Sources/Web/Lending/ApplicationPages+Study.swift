import Domain
import Vapor

/// Hợp đồng HSSV on the application forms: up to two students per household (one for an orphan
/// borrowing directly), the months after the course and the repayment period.
extension ApplicationPages {
    struct StudyFields: Sendable {
        var rows: [(name: String?, school: String?, months: String?, ends: String?)]
        var orphan: Bool
        var grace: String?
        var repayment: String?
    }

    /// The plan the form describes; nil when no student is named (the store then asks for one if
    /// the program lends per month of study).
    static func studyPlan(_ f: StudyFields) throws -> StudyPlan? {
        func blank(_ s: String?) -> Bool { (s ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        // A row counts once its course is named (the orphan's name is the borrower's).
        let rows = f.rows.filter { !blank($0.school) || !blank($0.months) || !blank($0.ends) }
        guard !rows.isEmpty else { return nil }
        let students = try rows.map { row in
            Student(
                name: (row.name ?? "").trimmingCharacters(in: .whitespaces),
                school: (row.school ?? "").trimmingCharacters(in: .whitespaces),
                studyMonths: try months(row.months, field: "studyMonths", label: "Số tháng học"),
                courseEndsOn: try Validate.date(row.ends ?? ""), orphan: f.orphan)
        }
        return StudyPlan(
            students: students,
            graceMonths: blank(f.grace)
                ? 12
                : try months(f.grace, field: "studyGrace", label: "Số tháng sau khi ra trường"),
            repaymentMonths: try months(
                f.repayment, field: "studyRepayment", label: "Thời hạn trả nợ"))
    }

    static func months(_ text: String?, field: String, label: String) throws -> Int {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard text.utf8.count <= 4, let value = Int(text), value >= 0 else {
            throw PlatformError.invalidInput(field: field, message: "\(label) phải là số tháng.")
        }
        return value
    }

    /// The contract as the application page shows it.
    struct StudyView: Encodable {
        let students: [String]; let duesFrom: String; let repayment: Int; let extensionMonths: Int
        init(_ plan: StudyPlan) {
            students = plan.students.map {
                "\($0.name) · \($0.school) · \($0.studyMonths) tháng học, kết thúc khóa"
                    + " \($0.courseEndsOn.vietnamese)\($0.orphan ? " · mồ côi" : "")"
            }
            duesFrom = StudentLoans.duesFrom(plan)?.vietnamese ?? "—"
            repayment = plan.repaymentMonths
            extensionMonths = StudentLoans.maxExtensionMonths(plan)
        }
    }

    /// Kết quả vốn vay named on the disbursement form; nil when all are blank (the file's own
    /// figures then stand: a student contract's students, a unit's jobs).
    static func impact(_ f: StepForm) throws -> LoanImpact? {
        let fields = [
            (f.jobs, "jobs"), (f.waterWorks, "waterWorks"), (f.sanitationWorks, "sanitationWorks"),
            (f.houses, "houses"),
        ]
        guard fields.contains(where: { !($0.0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty })
        else { return nil }
        let n = try fields.map { text, field in try ImpactRoutes.count(text, field: field) }
        return LoanImpact(
            jobs: n[0], students: 0, waterWorks: n[1], sanitationWorks: n[2], houses: n[3])
    }
}
