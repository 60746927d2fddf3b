import Foundation

extension StudentLoans {
    /// Checks a contract on `date` (submission, or the first tranche) and gives its terms: every
    /// student named, at a school, with a course still running; the grace within the set's; the
    /// repayment within `maxRepaymentMonths`; the amount within the cap; an orphan borrowing
    /// directly and a household through its group.
    public static func terms(
        _ plan: StudyPlan, rules: StudyRules, amount: Money, on date: BusinessDate,
        intervalMonths: Int, direct: Bool
    ) throws(LendingError) -> StudyTerms {
        try checkStudents(plan, on: date, direct: direct)
        guard (0...rules.maxGraceMonths).contains(plan.graceMonths) else {
            throw .studyPlan(
                "thời gian sau khi ra trường đến kỳ trả nợ đầu tiên không quá"
                    + " \(rules.maxGraceMonths) tháng")
        }
        let maxRepayment = maxRepaymentMonths(plan)
        guard (1...max(1, maxRepayment)).contains(plan.repaymentMonths) else {
            throw .studyPlan("thời hạn trả nợ từ 1 đến \(maxRepayment) tháng")
        }
        guard (1...rules.maxIntervalMonths).contains(intervalMonths),
            intervalMonths <= plan.repaymentMonths
        else {
            throw .studyPlan(
                "kỳ hạn trả gốc từ 1 đến \(min(rules.maxIntervalMonths, plan.repaymentMonths))"
                    + " tháng")
        }
        let cap = cap(plan, rules: rules)
        guard amount.dong > 0 else { throw .invalidAmount }
        guard amount <= cap else { throw .aboveLoanCap(cap) }
        guard let dues = duesFrom(plan) else { throw .studyPlan("cần ít nhất một học sinh") }
        return StudyTerms(
            cap: cap, duesFrom: dues,
            termMonths: monthsUntil(dues, from: date) + plan.repaymentMonths)
    }

    static func checkStudents(
        _ plan: StudyPlan, on date: BusinessDate, direct: Bool
    ) throws(LendingError) {
        guard (1...maxStudents).contains(plan.students.count) else {
            throw .studyPlan("một hợp đồng có từ 1 đến \(maxStudents) học sinh, sinh viên")
        }
        for s in plan.students {
            let name = s.name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !s.school.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .studyPlan("cần ghi họ tên và trường của từng học sinh, sinh viên")
            }
            guard studyMonthsRange.contains(s.studyMonths) else {
                throw .studyPlan(
                    "số tháng học của \(name) phải từ \(studyMonthsRange.lowerBound) đến"
                        + " \(studyMonthsRange.upperBound)")
            }
            guard s.courseEndsOn > date else {
                throw .studyPlan("khóa học của \(name) đã kết thúc (\(s.courseEndsOn.vietnamese))")
            }
        }
        if direct {
            guard plan.students.count == 1, plan.students[0].orphan else {
                throw .studyPlan(
                    "chỉ học sinh, sinh viên mồ côi vay trực tiếp; hộ gia đình vay qua tổ TK&VV")
            }
        } else if plan.students.contains(where: \.orphan) {
            throw .studyPlan("học sinh, sinh viên mồ côi vay trực tiếp tại NHCSXH, không qua hộ")
        }
    }
}
