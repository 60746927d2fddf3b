/// Khoản vay nhập từ sổ cũ: what the old book said of a loan brought in, kept on its opening
/// disbursement event, and shown with the loan (its page and its JSON).
public struct OldBookRecord: Sendable, Codable, Equatable {
    /// Số khế ước in the old book.
    public var reference: String
    /// What the old book disbursed in all.
    public var disbursed: Money
    /// The old book's disbursements when it listed several (empty: one, on the loan's date).
    public var tranches: [OpeningTranche]
    /// Lãi đã trả đến ngày, in the old book.
    public var interestPaidTo: BusinessDate
    /// Lãi chưa trả on the cut-over day.
    public var unpaidInterest: Money
    public var importID: String

    public init(
        reference: String, disbursed: Money, tranches: [OpeningTranche],
        interestPaidTo: BusinessDate, unpaidInterest: Money, importID: String
    ) {
        self.reference = reference
        self.disbursed = disbursed
        self.tranches = tranches
        self.interestPaidTo = interestPaidTo
        self.unpaidInterest = unpaidInterest
        self.importID = importID
    }

    enum CodingKeys: String, CodingKey {
        case reference, disbursed, tranches, interestPaidTo, unpaidInterest, importID
    }

    /// Records written before disbursements were listed have no `tranches`: read as one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reference = try c.decode(String.self, forKey: .reference)
        disbursed = try c.decode(Money.self, forKey: .disbursed)
        tranches = try c.decodeIfPresent([OpeningTranche].self, forKey: .tranches) ?? []
        interestPaidTo = try c.decode(BusinessDate.self, forKey: .interestPaidTo)
        unpaidInterest = try c.decode(Money.self, forKey: .unpaidInterest)
        importID = try c.decode(String.self, forKey: .importID)
    }
}
