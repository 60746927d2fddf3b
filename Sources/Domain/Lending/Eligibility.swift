/// What the register and the book say about a borrowing household on the date of the decision.
public struct BorrowerFacts: Sendable, Equatable {
    public var classification: Classification?
    /// Left the poor or near-poor list within three years (`ClassificationStore.exits`).
    public var newlyEscaped: Bool
    public var area: Area
    public var inActiveGroup: Bool
    /// Outstanding principal of the household's loans, by program code.
    public var outstandingByProgram: [String: Money]

    public init(classification: Classification?, newlyEscaped: Bool, area: Area, inActiveGroup: Bool, outstandingByProgram: [String: Money] = [:]) {
        self.classification = classification
        self.newlyEscaped = newlyEscaped
        self.area = area
        self.inActiveGroup = inActiveGroup
        self.outstandingByProgram = outstandingByProgram
    }
}

/// What is asked for.
public struct LoanRequest: Sendable, Equatable {
    public var amount: Money
    public var termMonths: Int
    /// Số lao động when the borrower is a unit (its project makes or keeps these jobs); nil for
    /// a person or a household.
    public var unitJobs: Int?
    public init(amount: Money, termMonths: Int, unitJobs: Int? = nil) {
        self.amount = amount
        self.termMonths = termMonths
        self.unitJobs = unitJobs
    }
}

/// Điều kiện vay: a pure check of a request against the program's parameters in force and the
/// borrower's facts on the date. Every reason a loan cannot be made is returned, in Vietnamese.
public enum Eligibility {
    public static func refusals(program: LoanProgram, parameters: ProgramParameters, borrower: BorrowerFacts,
                                request: LoanRequest) -> [LendingError] {
        var refusals: [LendingError] = []
        if !program.openForNewLoans { refusals.append(.programClosed(program.name)) }
        let classification = borrower.classification
        switch parameters.borrowers {
        case .poor where classification != .poor:
            refusals.append(.notEligible("hộ không có trong danh sách hộ nghèo vào ngày vay"))
        case .nearPoor where classification != .nearPoor:
            refusals.append(.notEligible("hộ không có trong danh sách hộ cận nghèo vào ngày vay"))
        case .newlyEscaped where !borrower.newlyEscaped || classification == .poor || classification == .nearPoor:
            refusals.append(.notEligible(classification == .poor || classification == .nearPoor
                ? "hộ đang là hộ nghèo hoặc cận nghèo, vay theo chương trình của hộ nghèo, cận nghèo"
                : "hộ không thoát nghèo, thoát cận nghèo trong 3 năm gần đây"))
        case .studentHousehold where ![Classification.poor, .nearPoor, .average].contains(classification ?? .none):
            refusals.append(.notEligible("hộ không phải hộ nghèo, cận nghèo hay có mức sống trung bình (trường hợp khác cần xác nhận của xã)"))
        case .ruralHousehold where borrower.area != .rural:
            refusals.append(.notEligible("chương trình chỉ cho vay hộ ở khu vực nông thôn"))
        case .notPoorNorNearPoor where classification == .poor || classification == .nearPoor || borrower.newlyEscaped:
            refusals.append(.notEligible("hộ nghèo, cận nghèo, mới thoát nghèo vay theo chương trình riêng của mình"))
        default: break
        }
        if program.channel == .entrusted, !borrower.inActiveGroup {
            refusals.append(.notEligible("hộ chưa là tổ viên của tổ tiết kiệm và vay vốn nào"))
        }
        if request.amount.dong <= 0 { refusals.append(.invalidAmount) }
        if let jobs = request.unitJobs {
            refusals += unitRefusals(parameters: parameters, jobs: jobs, amount: request.amount)
        } else {
            refusals += personRefusals(program: program, parameters: parameters, borrower: borrower,
                                       request: request)
        }
        if request.termMonths <= 0 || request.termMonths > parameters.maxTermMonths {
            refusals.append(.termTooLong(parameters.maxTermMonths))
        }
        return refusals
    }

    /// A person's or a household's request against the caps per loan and per household.
    static func personRefusals(program: LoanProgram, parameters: ProgramParameters,
                               borrower: BorrowerFacts, request: LoanRequest) -> [LendingError] {
        var refusals: [LendingError] = []
        if let cap = parameters.maxPerLoan, request.amount > cap { refusals.append(.aboveLoanCap(cap)) }
        if let cap = parameters.maxPerHousehold {
            let existing = borrower.outstandingByProgram[program.code] ?? .zero
            // An amount too large to add is above any cap.
            if (try? existing.adding(request.amount)).map({ $0 > cap }) ?? true {
                refusals.append(.aboveHouseholdCap(cap: cap, outstanding: existing))
            }
        }
        return refusals
    }
}
