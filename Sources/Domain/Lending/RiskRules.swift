/// The limits of risk handling in force on a date (reference data, Decision 50/2010/QĐ-TTg as
/// amended by Decision 08/2021/QĐ-TTg; the values are the product's reading and editable).
public struct RiskLimits: Sendable, Equatable {
    /// Gia hạn: short-term loans (≤ 12 months) at most this many months.
    public var extensionShortTermMonths: Int
    /// Gia hạn: medium and long-term loans at most this percentage of the original term.
    public var extensionLongTermPercent: Int
    /// Khoanh nợ: loss of at least this percentage of the capital is needed.
    public var freezeMinLossPercent: Int
    /// Loss from this percentage reaches the longer freeze.
    public var freezeHighLossPercent: Int
    public var freezeMonthsLow: Int
    public var freezeMonthsHigh: Int

    public init(extensionShortTermMonths: Int = 12, extensionLongTermPercent: Int = 50, freezeMinLossPercent: Int = 40,
                freezeHighLossPercent: Int = 80, freezeMonthsLow: Int = 36, freezeMonthsHigh: Int = 60) {
        self.extensionShortTermMonths = extensionShortTermMonths
        self.extensionLongTermPercent = extensionLongTermPercent
        self.freezeMinLossPercent = freezeMinLossPercent
        self.freezeHighLossPercent = freezeHighLossPercent
        self.freezeMonthsLow = freezeMonthsLow
        self.freezeMonthsHigh = freezeMonthsHigh
    }
}

/// Điều chỉnh kỳ hạn, gia hạn, khoanh nợ: what each may change (lending.md §8, §10).
public enum RiskRules {
    /// Longest extension in months for a loan of `termMonths`.
    public static func maxExtensionMonths(termMonths: Int, limits: RiskLimits) -> Int {
        termMonths <= 12 ? limits.extensionShortTermMonths : termMonths * limits.extensionLongTermPercent / 100
    }

    /// Gia hạn nợ: the final instalment moves to `newMaturity`, within the limit from the original maturity.
    public static func extend(schedule: [Instalment], originalMaturity: BusinessDate, termMonths: Int, to newMaturity: BusinessDate,
                              limits: RiskLimits,
                              capMonths: Int? = nil) throws(LendingError) -> [Instalment] {
        let sorted = schedule.sorted { $0.dueOn < $1.dueOn }
        guard let last = sorted.last else { throw .invalidAmount }
        // A student contract: at most half its repayment period (`StudentLoans`).
        let months = min(
            maxExtensionMonths(termMonths: termMonths, limits: limits), capMonths ?? .max)
        let latest = RepaymentSchedule.adding(months: months, to: originalMaturity)
        guard newMaturity > last.dueOn else { throw .riskLimit("ngày đáo hạn mới phải sau ngày đáo hạn hiện tại \(last.dueOn.vietnamese)") }
        guard newMaturity <= latest else {
            throw .riskLimit("gia hạn tối đa \(months) tháng, đến ngày \(latest.vietnamese)")
        }
        return sorted.dropLast() + [Instalment(dueOn: newMaturity, principal: last.principal)]
    }

    /// Điều chỉnh kỳ hạn nợ: one instalment, not the final one, moves to a later date before the maturity.
    public static func adjust(schedule: [Instalment], instalmentDue: BusinessDate, to newDate: BusinessDate) throws(LendingError) -> [Instalment] {
        let sorted = schedule.sorted { $0.dueOn < $1.dueOn }
        guard let index = sorted.firstIndex(where: { $0.dueOn == instalmentDue }) else {
            throw .riskLimit("không có kỳ trả nợ ngày \(instalmentDue.vietnamese)")
        }
        guard index < sorted.count - 1 else { throw .riskLimit("kỳ cuối cùng không điều chỉnh được, hãy dùng gia hạn nợ") }
        guard newDate > instalmentDue, newDate < sorted[sorted.count - 1].dueOn else {
            throw .riskLimit("ngày trả mới phải sau ngày \(instalmentDue.vietnamese) và trước ngày đáo hạn \(sorted[sorted.count - 1].dueOn.vietnamese)")
        }
        var result = sorted
        result[index].dueOn = newDate
        return result.sorted { $0.dueOn < $1.dueOn }
    }

    /// Khoanh nợ: the longest freeze for a loss of `lossPercent` of the capital, or why none is allowed.
    public static func maxFreezeMonths(lossPercent: Int, limits: RiskLimits) throws(LendingError) -> Int {
        guard (0...100).contains(lossPercent) else { throw .riskLimit("tỷ lệ thiệt hại phải từ 0 đến 100%") }
        guard lossPercent >= limits.freezeMinLossPercent else {
            throw .riskLimit("thiệt hại dưới \(limits.freezeMinLossPercent)% vốn vay chỉ được gia hạn nợ, không khoanh nợ")
        }
        return lossPercent >= limits.freezeHighLossPercent ? limits.freezeMonthsHigh : limits.freezeMonthsLow
    }
}
