import Foundation

/// Kế hoạch vốn năm: what a source is to put into the province or a commune in a year (the
/// People's Council's budget resolution for the local budget, the head office's plan for
/// central capital). One plan per year, unit and source; a new figure replaces the old,
/// audited with both.
public struct CapitalYearPlan: Sendable, Codable, Equatable {
    public var year: Int
    public var source: CapitalSource
    public var level: CapitalLevel
    public var unitID: String
    public var amount: Money
    public var decisionNumber: String

    public init(
        year: Int, source: CapitalSource, level: CapitalLevel, unitID: String, amount: Money,
        decisionNumber: String
    ) {
        self.year = year
        self.source = source
        self.level = level
        self.unitID = unitID
        self.amount = amount
        self.decisionNumber = decisionNumber
    }

    public static let years = 2000...2100

    /// A plan may be zero (a commune that plans nothing this year) but never negative.
    public func check(role: Role) throws(CapitalError) {
        guard Self.years.contains(year) else {
            throw .invalid(field: "year", why: "năm kế hoạch từ 2000 đến 2100")
        }
        guard amount.dong >= 0, amount <= CapitalCommands.maximum else {
            throw .invalid(field: "amount", why: "số tiền kế hoạch từ 0 đến 10¹⁵ đồng")
        }
        guard level.sources.contains(source) else { throw .sourceNotAtLevel(source, level) }
        guard source.mayBeRecorded(by: role) else { throw .sourceNotForRole(source) }
        try CapitalCommands.checkText(decisionNumber, field: "decisionNumber", limit: 100)
    }
}

/// Kế hoạch và thực hiện: a unit's plan for a source and what it has allocated so far.
public struct PlanProgress: Sendable, Equatable {
    public var plan: CapitalYearPlan
    public var unitName: String
    public var allocated: Money

    public init(plan: CapitalYearPlan, unitName: String, allocated: Money) {
        self.plan = plan
        self.unitName = unitName
        self.allocated = allocated
    }

    /// Allocated over planned, in basis points; a zero plan reads 0.
    public var basisPoints: Int64 { Ratio.basisPoints(allocated, of: plan.amount) }
}
