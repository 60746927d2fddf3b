import Domain
import Vapor

/// Hợp đồng HSSV as the API takes and gives it: the students, their courses and the repayment.
struct StudyJSON: Content {
    struct StudentJSON: Content {
        let name: String; let school: String; let studyMonths: Int; let courseEndsOn: String
        let orphan: Bool?
    }
    let students: [StudentJSON]
    let graceMonths: Int
    let repaymentMonths: Int
    /// Ngày bắt đầu trả nợ (given back, ignored when sent).
    let duesFrom: String?

    init(_ plan: StudyPlan) {
        students = plan.students.map {
            StudentJSON(
                name: $0.name, school: $0.school, studyMonths: $0.studyMonths,
                courseEndsOn: $0.courseEndsOn.iso, orphan: $0.orphan)
        }
        graceMonths = plan.graceMonths
        repaymentMonths = plan.repaymentMonths
        duesFrom = StudentLoans.duesFrom(plan)?.iso
    }

    /// The plan, each date parsed (bad ones answered 400 with the field); the rules are Domain's.
    func plan() throws -> StudyPlan {
        StudyPlan(
            students: try students.map {
                Student(
                    name: $0.name.trimmingCharacters(in: .whitespaces),
                    school: $0.school.trimmingCharacters(in: .whitespaces),
                    studyMonths: $0.studyMonths,
                    courseEndsOn: try Validate.date($0.courseEndsOn),
                    orphan: $0.orphan ?? false)
            }, graceMonths: graceMonths, repaymentMonths: repaymentMonths)
    }
}
