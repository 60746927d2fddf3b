/// Tính phí ủy thác, hoa hồng: one group's month in, its lines out. Each amount rounds once, half
/// up to the đồng; the levels' shares are cut from the fee's total so they sum to it exactly.
public enum FeeCalculator {
    /// Tỷ lệ thu lãi (%, rounded down): collected over due; nothing due counts as fully collected.
    public static func collectionPercent(_ f: GroupFeeFigures) -> Int64 {
        f.interestDue.dong <= 0
            ? 100
            : Int64(clamping: Int128(f.interestCollected.dong) * 100 / Int128(f.interestDue.dong))
    }

    /// Overdue ratio (%, rounded up so that a threshold is never passed by rounding).
    public static func overduePercent(_ f: GroupFeeFigures) -> Int64 {
        guard f.outstanding.dong > 0 else { return 0 }
        let whole = Int128(f.outstanding.dong)
        return Int64(clamping: (Int128(f.overdue.dong) * 100 + whole - 1) / whole)
    }

    /// base × parts / scale, half up to the đồng.
    static func share(_ parts: Int64, of base: Money, scale: Int128) throws(MoneyError) -> Money {
        let (q, r) = (Int128(base.dong) * Int128(parts)).quotientAndRemainder(dividingBy: scale)
        let rounded = r * 2 >= scale ? q + 1 : q
        guard let amount = Int64(exactly: rounded) else { throw .overflow }
        return Money(dong: amount)
    }

    /// base × basis points / 10.000, half up to the đồng.
    public static func apply(_ basisPoints: Int64, to base: Money) throws(MoneyError) -> Money {
        try share(basisPoints, of: base, scale: 10_000)
    }

    /// base × millionths / 1.000.000, half up to the đồng (the fee's monthly rate).
    public static func apply(millionths: Int64, to base: Money) throws(MoneyError) -> Money {
        try share(millionths, of: base, scale: 1_000_000)
    }

    /// Why nothing is paid for the group this month, or nil: collection too low or overdue
    /// too high.
    public static func suspension(_ f: GroupFeeFigures, rules: FeeRules) -> String? {
        let collection = collectionPercent(f), overdue = overduePercent(f)
        if collection < rules.minimumCollectionPercent {
            return "tỷ lệ thu lãi \(collection) % dưới \(rules.minimumCollectionPercent) %"
        }
        if overdue > rules.maximumOverduePercent {
            return "tỷ lệ nợ quá hạn \(overdue) % trên \(rules.maximumOverduePercent) %"
        }
        return nil
    }

    /// The percent the month's amounts are cut by (0: none), for an overdue ratio above the
    /// reduction's threshold.
    public static func reduction(_ f: GroupFeeFigures, rules: FeeRules) -> Int64 {
        overduePercent(f) > rules.reducedAboveOverduePercent
            ? min(100, max(0, rules.reductionPercent)) : 0
    }

    static func percent(_ bp: Int64) -> String {
        "\(bp / 100),\(bp % 100 < 10 ? "0" : "")\(bp % 100) %"
    }

    /// 450 millionths as «0,045».
    static func millionthsPercent(_ m: Int64) -> String {
        let fraction = String(String(m.magnitude % 10_000 + 10_000).dropFirst())
        let trimmed = fraction.reversed().drop { $0 == "0" }.reversed()
        return (m < 0 ? "-" : "") + "\(m.magnitude / 10_000)"
            + (trimmed.isEmpty ? "" : "," + trimmed)
    }

    /// The group's commission and its organisation's fee split between the levels for a month:
    /// suspended (zero, with the reason) when collection is too low or overdue too high, reduced
    /// by the dated percent when overdue passes the reduction's threshold.
    public static func lines(
        for f: GroupFeeFigures, rules: FeeRules
    ) throws(MoneyError) -> [FeeLine] {
        let suspended = suspension(f, rules: rules)
        let cut = reduction(f, rules: rules)
        let note = cut > 0 ? " Giảm \(cut) % (nợ quá hạn \(overduePercent(f)) %)." : ""
        func reduced(_ amount: Money) throws(MoneyError) -> Money {
            suspended != nil ? .zero : try apply((100 - cut) * 100, to: amount)
        }
        func line(
            _ payee: FeePayee, base: Money, bp: Int64, millionths: Int64, amount: Money,
            basis: String
        ) -> FeeLine {
            let reason = suspended.map { "Không trả: \($0)." } ?? basis + note
            return FeeLine(
                payee: payee, groupID: f.groupID, organisation: f.organisation, unitID: f.unitID,
                base: base, basisPoints: bp, rateMillionths: millionths, amount: amount,
                reason: reason)
        }
        let commission = try reduced(
            try apply(rules.groupCommissionBasisPoints, to: f.interestViaLeader))
        var lines = [
            line(
                .group, base: f.interestViaLeader, bp: rules.groupCommissionBasisPoints,
                millionths: 0, amount: commission,
                basis: "\(percent(rules.groupCommissionBasisPoints)) × lãi tổ trưởng thu "
                    + "\(f.interestViaLeader).")
        ]
        let base = f.outstandingWithInterest
        let total = try reduced(try apply(millionths: rules.organisationFeeMillionths, to: base))
        let levels = rules.effectiveShares
        let amounts = try split(total, shares: levels.map(\.1))
        let rate = rules.organisationFeeMillionths
        let ratePercent = millionthsPercent(rate)
        for ((payee, bp), amount) in zip(levels, amounts) {
            lines.append(
                line(
                    payee, base: base, bp: bp, millionths: rate, amount: amount,
                    basis: "\(percent(bp)) × \(ratePercent) %/tháng × dư nợ có thu lãi \(base)."))
        }
        return lines
    }

    /// The levels' parts of `total`: each its share rounded down, the đồng left over given one by
    /// one from the largest share, so the parts of shares summing to 10.000 sum to `total`.
    public static func split(_ total: Money, shares: [Int64]) throws(MoneyError) -> [Money] {
        let sum = shares.reduce(Int128(0)) { $0 + Int128(max(0, $1)) }
        guard sum > 0, total.dong > 0 else { return shares.map { _ in .zero } }
        // Shares over 10.000 in all are scaled down to the whole fee, never past it.
        let scale = max(sum, 10_000)
        let whole = Int128(total.dong) * sum / scale
        var parts = shares.map { Int128(total.dong) * Int128(max(0, $0)) / scale }
        var left = whole - parts.reduce(0, +)
        let order = shares.indices.sorted { shares[$0] > shares[$1] }
        var next = 0
        while left > 0, !order.isEmpty {
            parts[order[next % order.count]] += 1
            left -= 1
            next += 1
        }
        return try parts.map { part throws(MoneyError) in
            guard let dong = Int64(exactly: part) else { throw .overflow }
            return Money(dong: dong)
        }
    }
}
