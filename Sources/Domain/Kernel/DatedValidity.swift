/// Something in force from `validFrom` through `validTo`, both days included; open-ended while
/// `validTo` is nil. Standards, scorecards, contracts and schedules share the rule.
public protocol DatedValidity {
    var validFrom: BusinessDate { get }
    var validTo: BusinessDate? { get }
}

extension DatedValidity {
    public func isInForce(on date: BusinessDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }
}
