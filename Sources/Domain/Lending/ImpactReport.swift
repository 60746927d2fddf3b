/// One loan as the impact report reads it: its program, its latest recorded result, the last
/// check's finding, and the borrower household's standing at disbursement and now.
public struct ImpactedLoan: Sendable, Equatable {
    public var programCode: String
    public var programName: String
    public var impact: LoanImpact
    /// The latest loan-use check found the money used as intended (nil: never checked).
    public var usedAsIntended: Bool?
    public var classificationAtDisbursement: Classification?
    public var classificationNow: Classification?

    public init(
        programCode: String, programName: String, impact: LoanImpact, usedAsIntended: Bool?,
        classificationAtDisbursement: Classification?, classificationNow: Classification?
    ) {
        self.programCode = programCode
        self.programName = programName
        self.impact = impact
        self.usedAsIntended = usedAsIntended
        self.classificationAtDisbursement = classificationAtDisbursement
        self.classificationNow = classificationNow
    }
}

/// One line of the report: a program, or the total.
public struct ImpactLine: Sendable, Equatable {
    public var key: String
    public var label: String
    public var loans: Int
    public var impact: LoanImpact
    /// Loans checked at least once after disbursement, and those found misused.
    public var checked: Int
    public var misused: Int
    /// Borrower households poor or near-poor at disbursement and neither now (from the registry).
    public var exitedPoverty: Int
}

/// Kết quả tín dụng chính sách: what the loans financed, by program, so a report states results
/// and not just money.
public enum ImpactReport {
    /// Poor or near-poor when the loan was made, and neither on the report's date.
    public static func exitedPoverty(at start: Classification?, now: Classification?) -> Bool {
        guard let start, [.poor, .nearPoor].contains(start), let now else { return false }
        return now == .average || now == Classification.none
    }

    /// Lines per program in the programs' order of first appearance by name, and the total.
    public static func lines(_ loans: [ImpactedLoan]) -> (lines: [ImpactLine], total: ImpactLine) {
        var lines: [String: ImpactLine] = [:]
        var total = ImpactLine(
            key: "total", label: "Cộng", loans: 0, impact: .zero, checked: 0, misused: 0,
            exitedPoverty: 0)
        func add(_ loan: ImpactedLoan, to line: inout ImpactLine) {
            line.loans += 1
            line.impact = line.impact.adding(loan.impact)
            line.checked += loan.usedAsIntended == nil ? 0 : 1
            line.misused += loan.usedAsIntended == false ? 1 : 0
            line.exitedPoverty +=
                exitedPoverty(
                    at: loan.classificationAtDisbursement, now: loan.classificationNow) ? 1 : 0
        }
        for loan in loans {
            var line =
                lines[loan.programCode]
                ?? ImpactLine(
                    key: loan.programCode, label: loan.programName, loans: 0, impact: .zero,
                    checked: 0, misused: 0, exitedPoverty: 0)
            add(loan, to: &line)
            add(loan, to: &total)
            lines[loan.programCode] = line
        }
        return (lines.values.sorted { ($0.label, $0.key) < ($1.label, $1.key) }, total)
    }
}
