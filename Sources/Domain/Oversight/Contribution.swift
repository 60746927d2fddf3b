import Foundation

/// Người đóng góp: an organisation, a business or a person.
public enum ContributorKind: String, Sendable, Codable, CaseIterable {
    case organisation, business, person

    public var label: String {
        switch self {
        case .organisation: "Cơ quan, tổ chức"
        case .business: "Doanh nghiệp"
        case .person: "Cá nhân"
        }
    }
}

/// Mục đích đóng góp: the "Vì người nghèo" fund, or capital entrusted to VBSP for policy credit.
public enum ContributionPurpose: String, Sendable, Codable, CaseIterable {
    case forThePoorFund = "for_the_poor_fund"
    case policyCreditCapital = "policy_credit_capital"

    public var label: String {
        switch self {
        case .forThePoorFund: "Quỹ Vì người nghèo"
        case .policyCreditCapital: "Vốn ủy thác qua NHCSXH cho vay chính sách"
        }
    }
}

/// Tháng cao điểm "Vì người nghèo": 17/10 (the Day for the Poor) through 18/11 (the day of
/// the national great-unity bloc) each year. These dates are the movement's customary window
/// as the Fatherland Front announces it; they are not confirmed against a standing legal text,
/// so both ends are parameters.
public enum PeakMonth {
    /// Whether `date` lies in the window from `start` through `end` inclusive (month, day). A
    /// window whose start falls after its end runs over the new year.
    public static func contains(
        _ date: BusinessDate, start: (month: Int, day: Int) = (10, 17),
        end: (month: Int, day: Int) = (11, 18)
    ) -> Bool {
        let d = (date.month, date.day)
        let s = (start.month, start.day)
        let e = (end.month, end.day)
        return s <= e ? (s <= d && d <= e) : (s <= d || d <= e)
    }

    /// The window of `year` as dates (for sums), when it does not run over the new year.
    public static func window(
        year: Int, start: (month: Int, day: Int) = (10, 17), end: (month: Int, day: Int) = (11, 18)
    ) -> ClosedRange<BusinessDate> {
        let from = BusinessDate(fixedYear: year, month: start.month, day: start.day)
        let through = BusinessDate(fixedYear: year, month: end.month, day: end.day)
        return from <= through ? from...through : from...from
    }
}

/// What an officer types to record a contribution.
public struct ContributionDraft: Sendable, Equatable {
    public var contributor: String
    public var kind: ContributorKind
    public var unitCode: Int
    public var amount: Money
    public var purpose: ContributionPurpose
    public var receivedOn: BusinessDate
    public var note: String

    public init(
        contributor: String, kind: ContributorKind, unitCode: Int, amount: Money,
        purpose: ContributionPurpose, receivedOn: BusinessDate, note: String
    ) {
        self.contributor = contributor
        self.kind = kind
        self.unitCode = unitCode
        self.amount = amount
        self.purpose = purpose
        self.receivedOn = receivedOn
        self.note = note
    }
}

/// Đóng góp Quỹ Vì người nghèo hoặc vốn ủy thác: one gift, where it was recorded, and whether it
/// fell in the peak month.
public struct Contribution: Sendable, Codable, Equatable {
    public var id: String
    public var unitCode: Int
    public var unitName: String
    public var contributor: String
    public var kind: ContributorKind
    public var amount: Money
    public var purpose: ContributionPurpose
    public var receivedOn: BusinessDate
    public var inPeakMonth: Bool
    public var note: String
    public var createdBy: String

    public init(
        id: String, unitCode: Int, unitName: String, contributor: String, kind: ContributorKind,
        amount: Money, purpose: ContributionPurpose, receivedOn: BusinessDate, inPeakMonth: Bool,
        note: String, createdBy: String
    ) {
        self.id = id
        self.unitCode = unitCode
        self.unitName = unitName
        self.contributor = contributor
        self.kind = kind
        self.amount = amount
        self.purpose = purpose
        self.receivedOn = receivedOn
        self.inPeakMonth = inPeakMonth
        self.note = note
        self.createdBy = createdBy
    }
}

public enum ContributionRules {
    /// Bounds: a name, an amount above zero and at most `Money.inputMaximum`, a date not after
    /// `today`, a note within its column.
    public static func check(_ d: ContributionDraft, today: BusinessDate) throws(OversightError) {
        let name = d.contributor.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count),
            !name.unicodeScalars.contains(where: ExemplaryModelRules.isControl)
        else {
            throw .invalid(field: "contributor", why: "ghi tên người đóng góp (tối đa 200 ký tự)")
        }
        guard d.amount.dong > 0, d.amount <= Money.inputMaximum else {
            throw .invalid(field: "amount", why: "số tiền đóng góp phải lớn hơn 0")
        }
        guard d.receivedOn <= today else {
            throw .invalid(field: "receivedOn", why: "ngày nhận ở tương lai")
        }
        guard d.note.count <= 4000,
            !d.note.unicodeScalars.contains(where: ExemplaryModelRules.isControl)
        else {
            throw .invalid(field: "note", why: "ghi chú tối đa 4.000 ký tự")
        }
    }
}
