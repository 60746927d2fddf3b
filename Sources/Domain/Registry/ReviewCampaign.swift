/// Rà soát hộ nghèo, hộ cận nghèo: one review of one commune. Periodic reviews (định kỳ) run
/// once a year and their results hold from 1 January of the next year; regular reviews
/// (thường xuyên) answer a household's application at any time and hold from the decision.
/// The steps follow Decision 24/2021/QĐ-TTg; the approval chain is reference data, since the
/// district step ended on 1 July 2025 and its replacement is not confirmed.
public struct ReviewCampaign: Hashable, Sendable, Codable {
    public typealias ID = Identifier<ReviewCampaign>

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case periodic, regular
        /// Xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung
        /// bình (Decision 24/2021, its own procedure): only the average-living-standard result is
        /// recognised; a household found below the line belongs in the poverty review instead.
        case agricultural

        public var label: String {
            switch self {
            case .periodic: "Rà soát định kỳ"
            case .regular: "Rà soát thường xuyên"
            case .agricultural: "Xác định hộ nông, lâm, ngư, diêm nghiệp có mức sống trung bình"
            }
        }

        /// The classifications a decision of this kind recognises.
        public func recognises(_ classification: Classification) -> Bool {
            self == .agricultural ? classification == .average : true
        }
    }

    /// The steps, in order.
    public enum Step: String, Sendable, Codable, CaseIterable, Comparable {
        /// Lập danh sách hộ cần rà soát; Phiếu A, Phiếu B.
        case surveying
        /// Họp dân thống nhất kết quả.
        case villageMeeting = "village_meeting"
        /// Niêm yết công khai; tiếp nhận khiếu nại.
        case posting
        /// Chủ tịch UBND xã quyết định công nhận.
        case decided

        public var label: String {
            switch self {
            case .surveying: "Lập danh sách, khảo sát (Phiếu A, Phiếu B)"
            case .villageMeeting: "Họp dân thống nhất kết quả"
            case .posting: "Niêm yết công khai, giải quyết khiếu nại"
            case .decided: "Đã quyết định công nhận"
            }
        }

        public static func < (a: Step, b: Step) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
    }

    public let id: ID
    public let unitID: AdministrativeUnit.ID
    public let year: Int
    public let kind: Kind
    public var step: Step
    public let startedOn: BusinessDate
    public var meetingOn: BusinessDate?
    public var meetingMinutes: String
    public var postedFrom: BusinessDate?
    public var decidedOn: BusinessDate?
    public var decisionNumber: String
    /// The approval chain in force when the review started (reference data `review_approval_chain`).
    public let approvalChain: String

    public init(id: ID, unitID: AdministrativeUnit.ID, year: Int, kind: Kind, startedOn: BusinessDate, approvalChain: String) {
        self.id = id
        self.unitID = unitID
        self.year = year
        self.kind = kind
        self.step = .surveying
        self.startedOn = startedOn
        self.meetingOn = nil
        self.meetingMinutes = ""
        self.postedFrom = nil
        self.decidedOn = nil
        self.decisionNumber = ""
        self.approvalChain = approvalChain
    }

    /// Listed publicly and certified: a household the review recognises in a class (poor,
    /// near-poor, or average for the farming procedure).
    public func lists(_ entry: ReviewEntry) -> Bool {
        guard let outcome = entry.outcome, outcome != .none else { return false }
        return kind.recognises(outcome)
    }

    /// When the results hold: 1 January after a periodic review, the decision day for a regular one.
    public func effectiveFrom(decidedOn: BusinessDate) -> BusinessDate {
        kind == .periodic ? (try? BusinessDate(year: year + 1, month: 1, day: 1)) ?? decidedOn : decidedOn
    }
}

/// Why a household is on the review list.
public enum ReviewReason: String, Sendable, Codable, CaseIterable {
    /// Đang là hộ nghèo, hộ cận nghèo
    case onList = "on_list"
    /// Có đơn đề nghị
    case applicant
    /// Có dấu hiệu rơi vào nghèo
    case atRisk = "at_risk"

    public var label: String {
        switch self {
        case .onList: "Đang trong danh sách"
        case .applicant: "Có giấy đề nghị"
        case .atRisk: "Có nguy cơ"
        }
    }
}

/// One household in a review: the quick screen, the survey and its proposed result, the
/// village meeting, complaints.
public struct ReviewEntry: Hashable, Sendable, Codable {
    public enum Screening: String, Sendable, Codable { case pending, passed, screenedOut = "screened_out" }

    public let householdID: Household.ID
    public let reason: ReviewReason
    public var screening: Screening
    /// Thu nhập bình quân as declared; nil when the survey was scored.
    public var income: Money?
    /// Tổng điểm Phiếu B1 and the scorecard's code, when the survey was scored.
    public var incomeScore: Int?
    public var scorecardCode: String?
    /// The option chosen for each Phiếu B1 item, so the score can be re-read at a complaint.
    public var scoreChoices: [String: String]?
    public var deprivations: [String]
    public var proposed: Classification?
    public var reasons: [String]
    public var standardCode: String
    public var complaint: String
    public var complaintResolved: Bool

    public init(householdID: Household.ID, reason: ReviewReason) {
        self.householdID = householdID
        self.reason = reason
        self.screening = .pending
        self.income = nil
        self.incomeScore = nil
        self.scorecardCode = nil
        self.scoreChoices = nil
        self.deprivations = []
        self.proposed = nil
        self.reasons = []
        self.standardCode = ""
        self.complaint = ""
        self.complaintResolved = true
    }

    /// Keeps what the survey found about income: the declared amount, or the score and choices.
    public mutating func record(_ evidence: IncomeEvidence, answer: IncomeAnswer) {
        switch evidence {
        case .declared(let money):
            (income, incomeScore, scorecardCode, scoreChoices) = (money, nil, nil, nil)
        case .scored(let score, let scorecard):
            let choices: [String: String]? = if case .scorecard(let chosen) = answer { chosen } else { nil }
            (income, incomeScore, scorecardCode, scoreChoices) = (nil, score, scorecard.code, choices)
        }
    }

    /// What the household will be recognised as: screened out means "none", otherwise the survey.
    public var outcome: Classification? { screening == .screenedOut ? Classification.none : proposed }
}

/// The rules of moving a review forward.
public enum ReviewRules {
    /// Problems that stop the review from moving to `next` on `date`.
    public static func problems(advancing campaign: ReviewCampaign, to next: ReviewCampaign.Step, on date: BusinessDate,
                                entries: [ReviewEntry]) -> [RegistryError] {
        var problems: [RegistryError] = []
        guard let index = ReviewCampaign.Step.allCases.firstIndex(of: campaign.step),
              index + 1 < ReviewCampaign.Step.allCases.count, ReviewCampaign.Step.allCases[index + 1] == next else {
            return [.reviewStepOutOfOrder(campaign.step.label, next.label)]
        }
        if date < campaign.startedOn { problems.append(.reviewDateBeforeStart) }
        switch next {
        case .villageMeeting:
            let unfinished = entries.filter { $0.screening == .pending || ($0.screening == .passed && $0.proposed == nil) }.count
            if unfinished > 0 { problems.append(.reviewUnfinishedSurveys(unfinished)) }
            if entries.isEmpty { problems.append(.reviewEmpty) }
        case .posting:
            break
        case .decided:
            let open = entries.filter { !$0.complaintResolved }.count
            if open > 0 { problems.append(.reviewOpenComplaints(open)) }
            // Decision 24/2021: the list is posted for 3 working days before the decision (unconfirmed length).
            if let posted = campaign.postedFrom, posted.days(until: date) < 3 { problems.append(.reviewPostingTooShort) }
        case .surveying:
            break
        }
        return problems
    }
}
