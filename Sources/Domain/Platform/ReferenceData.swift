import Foundation

/// Dữ liệu tham chiếu có hiệu lực theo ngày: every figure of the rules that a decree, a VBSP
/// guideline or a board decision sets, and that may change (rates, caps, thresholds, group
/// sizes). A value is never overwritten: a new value with a later effective date supersedes
/// it, and code reads only "the value in force on date D".
public struct ReferenceTable: Hashable, Sendable, Codable {
    public let key: String
    public var name: String
    public var valueKind: ReferenceValueKind
    public var description: String

    public init(key: String, name: String, valueKind: ReferenceValueKind, description: String) {
        self.key = key
        self.name = name
        self.valueKind = valueKind
        self.description = description
    }
}

public enum ReferenceValueKind: String, Sendable, Codable, CaseIterable {
    case money, rate, integer, text

    public var label: String {
        switch self {
        case .money: "Số tiền (đồng)"
        case .rate: "Lãi suất (%/tháng)"
        case .integer: "Số nguyên"
        case .text: "Văn bản"
        }
    }

    /// Checks and normalises a value typed by a person: "1.500.000" → "1500000", "0,55" stays
    /// a percentage per month and is stored as billionths.
    public func normalise(_ text: String) throws(PlatformError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch self {
        case .money:
            guard let money = try? Money(text: trimmed) else { throw .invalidReferenceValue(text) }
            return String(money.dong)
        case .rate:
            guard let rate = try? Rate(percentPerMonth: trimmed) else { throw .invalidReferenceValue(text) }
            return String(rate.billionthsPerMonth)
        case .integer:
            // Counts, months, percentages and basis points: ±10⁹ holds them all and keeps any
            // product with an amount inside 128 bits.
            guard let value = Int64(trimmed), value.magnitude <= 1_000_000_000 else {
                throw .invalidReferenceValue(text)
            }
            return String(value)
        case .text:
            guard !trimmed.isEmpty else { throw .invalidReferenceValue(text) }
            return trimmed
        }
    }

    /// The stored value as a person reads it.
    public func display(_ stored: String) -> String {
        switch self {
        case .money: Int64(stored).map { Money(dong: $0).description } ?? stored
        case .rate: Int64(stored).map { Rate(billionthsPerMonth: $0).description } ?? stored
        case .integer, .text: stored
        }
    }
}

public struct ReferenceValue: Hashable, Sendable, Codable {
    public typealias ID = Identifier<ReferenceValue>

    public let id: ID
    public let tableKey: String
    public let effectiveFrom: BusinessDate
    /// Normalised text (money in đồng, rate in billionths per month).
    public let value: String
    /// Căn cứ pháp lý: decree, decision or guideline with its number and date.
    public let legalSource: String
    public let note: String

    public init(id: ID, tableKey: String, effectiveFrom: BusinessDate, value: String, legalSource: String, note: String) {
        self.id = id
        self.tableKey = tableKey
        self.effectiveFrom = effectiveFrom
        self.value = value
        self.legalSource = legalSource
        self.note = note
    }
}

extension Sequence where Element == ReferenceValue {
    /// The one way code reads reference data: the value with the latest effective date not after
    /// `date`. Two values on the same date are refused when stored, so the answer is unique.
    public func inForce(on date: BusinessDate) -> ReferenceValue? {
        self.filter { $0.effectiveFrom <= date }.max { $0.effectiveFrom < $1.effectiveFrom }
    }
}
