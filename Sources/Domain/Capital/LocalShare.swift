import Foundation

/// Tỷ trọng vốn ngân sách địa phương: local-budget entrusted capital over all policy-credit
/// capital in the province on a date (seed letter item 2: 15 % by 2030).
public struct LocalShare: Sendable, Equatable {
    public var local: Money
    public var total: Money

    public init(local: Money, total: Money) {
        self.local = local
        self.total = total
    }

    /// Parts per million, exact and rounded down; nothing of nothing is 0.
    public var partsPerMillion: Int64 { Ratio.partsPerMillion(local, of: total) }
    /// The share as a fraction, for the API (six decimals are exact).
    public var fraction: Double { Double(partsPerMillion) / 1_000_000 }
    public var percentText: String { Ratio.percentText(basisPoints: partsPerMillion / 100) }

    /// The share of capital held by source: the local budget's (province and communes) over
    /// all of it. Summed in 128 bits; a total beyond `Int64` saturates.
    public init(amounts: [(source: CapitalSource, amount: Money)]) {
        var local = Int128(0)
        var total = Int128(0)
        for a in amounts {
            total += Int128(a.amount.dong)
            if a.source.isLocalBudget { local += Int128(a.amount.dong) }
        }
        self.init(
            local: Money(dong: Int64(clamping: local)), total: Money(dong: Int64(clamping: total)))
    }

    /// The share at each year's end, from the first year with an allocation to `lastYear`:
    /// what each year brought, summed forward.
    public static func yearEnds(
        _ allocations: [(year: Int, source: CapitalSource, amount: Money)], through lastYear: Int
    ) -> [(year: Int, share: LocalShare)] {
        guard let first = allocations.map(\.year).min(), first <= lastYear else { return [] }
        var held: [(source: CapitalSource, amount: Money)] = []
        return (first...lastYear).map { year in
            held += allocations.filter { $0.year == year }.map { ($0.source, $0.amount) }
            return (year, LocalShare(amounts: held))
        }
    }
}

/// Một năm của lộ trình: the total capital the growth assumption gives, what the local budget
/// must allocate that year, and where the share then stands.
public struct ShareProjectionYear: Sendable, Equatable, Codable {
    public var year: Int
    public var projectedTotal: Money
    public var allocationNeeded: Money
    public var projectedLocal: Money
    public var projectedShare: LocalShare {
        LocalShare(local: projectedLocal, total: projectedTotal)
    }
}

/// Lộ trình đến mục tiêu: how much the local budget must allocate each year from the year
/// after `year` to the target year, in equal parts, so that the share reaches the target at
/// the end, while the total grows by `growthBasisPoints` a year (an editable assumption).
public enum LocalShareProjection {
    public static let targetYear = 2030
    public static let targetBasisPoints: Int64 = 1_500

    /// The gap is spread so no year differs from another by more than 1 đồng (the earlier years
    /// carry the remainder); a share already at the target needs nothing more.
    public static func plan(
        _ now: LocalShare, year: Int, growthBasisPoints: Int64,
        targetYear: Int = targetYear, targetBasisPoints: Int64 = targetBasisPoints
    ) -> [ShareProjectionYear] {
        let years = targetYear - year
        guard years > 0, years <= 100 else { return [] }
        let growth = Int128(10_000 + max(-9_999, min(growthBasisPoints, 100_000)))
        var totals: [Int128] = []
        var total = Int128(max(0, now.total.dong))
        for _ in 1...years {
            total = min((total * growth + 5_000) / 10_000, Int128(Int64.max))
            totals.append(total)
        }
        let required = (totals[years - 1] * Int128(targetBasisPoints) + 9_999) / 10_000
        let gap = max(0, required - Int128(max(0, now.local.dong)))
        let each = gap / Int128(years)
        let remainder = Int(gap % Int128(years))
        var local = Int128(max(0, now.local.dong))
        return (0..<years).map { k in
            let allocation = each + (k < remainder ? 1 : 0)
            local += allocation
            return ShareProjectionYear(
                year: year + k + 1, projectedTotal: Money(dong: Int64(clamping: totals[k])),
                allocationNeeded: Money(dong: Int64(clamping: allocation)),
                projectedLocal: Money(dong: Int64(clamping: local)))
        }
    }
}
