import Foundation

/// Cơ quan kiểm tra: the Board's representatives, the bank, an entrusted organisation, the
/// Fatherland Front.
public enum InspectorBody: String, Sendable, Codable, CaseIterable {
    case board
    case bank
    case organisation
    case fatherlandFront = "fatherland_front"

    public var label: String {
        switch self {
        case .board: "Ban đại diện HĐQT NHCSXH"
        case .bank: "NHCSXH"
        case .organisation: "Tổ chức chính trị - xã hội nhận ủy thác"
        case .fatherlandFront: "Mặt trận Tổ quốc"
        }
    }
}

/// Đối tượng kiểm tra.
public enum InspectionSubjectKind: String, Sendable, Codable, CaseIterable {
    case commune, organisation, group, point, loans

    public var label: String {
        switch self {
        case .commune: "Xã, phường"
        case .organisation: "Tổ chức hội nhận ủy thác"
        case .group: "Tổ TK&VV"
        case .point: "Điểm giao dịch xã"
        case .loans: "Một số khoản vay"
        }
    }
}

/// Kế hoạch kiểm tra năm.
public struct NewInspectionPlan: Sendable, Equatable {
    public var year: Int
    public var body: InspectorBody
    public var title: String
    /// Số đợt kiểm tra dự kiến.
    public var plannedInspections: Int

    public init(year: Int, body: InspectorBody, title: String, plannedInspections: Int) {
        self.year = year
        self.body = body
        self.title = title
        self.plannedInspections = plannedInspections
    }

    public func checked(today: BusinessDate) throws(OversightError) -> NewInspectionPlan {
        var p = self
        p.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...300).contains(p.title.count) else {
            throw .invalid(field: "title", why: "ghi tên kế hoạch (tối đa 300 ký tự)")
        }
        guard (2000...(today.year + 1)).contains(year) else {
            throw .invalid(field: "year", why: "năm từ 2000 đến \(today.year + 1)")
        }
        guard (0...10_000).contains(plannedInspections) else {
            throw .invalid(field: "planned", why: "số đợt dự kiến từ 0 đến 10.000")
        }
        return p
    }
}

/// Một cuộc kiểm tra as typed: of what, on which day, by whom, concluding what.
public struct NewInspection: Sendable, Equatable {
    public var planID: String?
    public var body: InspectorBody
    public var subject: InspectionSubjectKind
    /// The commune the inspection took place in (every subject lies in one).
    public var unitCode: Int
    /// The group, organisation or point inspected; the loans for `.loans`.
    public var subjectID: String?
    public var loanIDs: [String]
    public var inspectedOn: BusinessDate
    /// Thành phần đoàn kiểm tra.
    public var team: String
    /// Kết luận.
    public var conclusion: String

    public init(
        planID: String?, body: InspectorBody, subject: InspectionSubjectKind, unitCode: Int,
        subjectID: String?, loanIDs: [String], inspectedOn: BusinessDate, team: String,
        conclusion: String
    ) {
        self.planID = planID
        self.body = body
        self.subject = subject
        self.unitCode = unitCode
        self.subjectID = subjectID
        self.loanIDs = loanIDs
        self.inspectedOn = inspectedOn
        self.team = team
        self.conclusion = conclusion
    }

    /// Trimmed, bounded and complete: a group, organisation or point inspection names it; a
    /// loans inspection names 1–200 loans.
    public func checked(today: BusinessDate) throws(OversightError) -> NewInspection {
        var i = self
        i.team = team.trimmingCharacters(in: .whitespacesAndNewlines)
        i.conclusion = conclusion.trimmingCharacters(in: .whitespacesAndNewlines)
        i.subjectID = subjectID?.trimmingCharacters(in: .whitespaces)
        if i.subjectID?.isEmpty == true { i.subjectID = nil }
        guard inspectedOn <= today else {
            throw .invalid(field: "date", why: "ngày kiểm tra ở tương lai")
        }
        guard (1...500).contains(i.team.count) else {
            throw .invalid(field: "team", why: "ghi thành phần đoàn kiểm tra (tối đa 500 ký tự)")
        }
        guard i.conclusion.count <= 4_000 else {
            throw .invalid(field: "conclusion", why: "kết luận tối đa 4.000 ký tự")
        }
        var seen = Set<String>()
        i.loanIDs = loanIDs.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        switch subject {
        case .group, .organisation, .point:
            guard i.subjectID != nil else {
                throw .invalid(field: "subjectId", why: "chọn \(subject.label.lowercased())")
            }
        case .loans:
            guard (1...200).contains(i.loanIDs.count) else {
                throw .invalid(field: "loans", why: "ghi từ 1 đến 200 mã khoản vay")
            }
        case .commune: break
        }
        return i
    }
}

/// Biên bản kiểm tra hoạt động của Tổ TK&VV: the group's totals on the day (network.md §3).
public struct GroupInspectionRecord: Sendable, Codable, Equatable {
    public var groupName: String
    public var members: Int
    public var borrowers: Int
    public var outstanding: Money
    public var overdue: Money
    /// Tỷ lệ nợ quá hạn, in basis points of the outstanding.
    public var overdueBasisPoints: Int
    public var interestArrears: Money
    public var depositBalance: Money
    public var latestRating: String?

    public init(
        groupName: String, members: Int, borrowers: Int, outstanding: Money, overdue: Money,
        interestArrears: Money, depositBalance: Money, latestRating: String?
    ) {
        self.groupName = groupName
        self.members = members
        self.borrowers = borrowers
        self.outstanding = outstanding
        self.overdue = overdue
        self.overdueBasisPoints = Self.basisPoints(overdue, of: outstanding)
        self.interestArrears = interestArrears
        self.depositBalance = depositBalance
        self.latestRating = latestRating
    }

    /// Overdue over outstanding in basis points (Kernel's one rule for ratios of money).
    static func basisPoints(_ part: Money, of whole: Money) -> Int {
        Int(clamping: Ratio.basisPoints(part, of: whole))
    }

    public var overdueRatioText: String {
        Ratio.percentText(basisPoints: Int64(overdueBasisPoints))
    }
}
