import Foundation

/// Quy tắc chọn mẫu kiểm tra sử dụng vốn: a random share of the new loans, every loan above an
/// amount, every loan of a group with a finding still open. The defaults are dated reference
/// data (`check_sample_share_permille`, `check_sample_amount_above`); a plan keeps the rules
/// it drew with.
public struct SampleRules: Sendable, Codable, Equatable {
    /// Tỷ lệ chọn ngẫu nhiên, phần nghìn (100 = 10 %).
    public var sharePerMille: Int
    /// Mọi khoản vay từ số tiền này trở lên (nil: không áp dụng).
    public var amountAbove: Money?
    /// Mọi khoản vay của tổ có phát hiện chưa khắc phục.
    public var groupsWithFindings: Bool

    public init(sharePerMille: Int, amountAbove: Money?, groupsWithFindings: Bool) {
        self.sharePerMille = sharePerMille
        self.amountAbove = amountAbove
        self.groupsWithFindings = groupsWithFindings
    }

    public func checked() throws(OversightError) -> SampleRules {
        guard (0...1_000).contains(sharePerMille) else {
            throw .invalid(field: "sharePerMille", why: "tỷ lệ chọn từ 0 đến 1.000 phần nghìn")
        }
        if let amountAbove, amountAbove.dong <= 0 || amountAbove > Money.inputMaximum {
            throw .invalid(field: "amountAbove", why: "số tiền phải lớn hơn 0")
        }
        return self
    }
}

/// A loan the plan may draw: disbursed in the plan's window, in its communes and scope.
public struct SampleCandidate: Sendable, Equatable {
    public var loanID: String
    public var amount: Money
    public var groupHasFinding: Bool

    public init(loanID: String, amount: Money, groupHasFinding: Bool) {
        self.loanID = loanID
        self.amount = amount
        self.groupHasFinding = groupHasFinding
    }
}

/// Vì sao khoản vay được chọn.
public enum SampleReason: String, Sendable, Codable, CaseIterable {
    case amount
    case groupFinding = "group_finding"
    case random

    public var label: String {
        switch self {
        case .amount: "Số tiền vay lớn"
        case .groupFinding: "Tổ có phát hiện chưa khắc phục"
        case .random: "Chọn ngẫu nhiên"
        }
    }
}

public struct SampledLoan: Sendable, Codable, Equatable {
    public var loanID: String
    public var reason: SampleReason
}

/// Chọn mẫu: the one rule of which loans a check plan draws. Each loan's random draw depends
/// only on the seed and its own id (FNV-1a, then SplitMix64), so the same seed gives the same
/// sample whatever order the loans are read in, and a loan added later changes no other draw.
public enum CheckSample {
    public static func draw(
        _ candidates: [SampleCandidate], rules: SampleRules, seed: UInt64
    ) -> [SampledLoan] {
        var seen = Set<String>()
        return candidates.sorted { $0.loanID < $1.loanID }.compactMap { c in
            guard seen.insert(c.loanID).inserted else { return nil }
            if let above = rules.amountAbove, c.amount >= above {
                return SampledLoan(loanID: c.loanID, reason: .amount)
            }
            if rules.groupsWithFindings, c.groupHasFinding {
                return SampledLoan(loanID: c.loanID, reason: .groupFinding)
            }
            guard Int(draw(seed: seed, id: c.loanID) % 1_000) < rules.sharePerMille else {
                return nil
            }
            return SampledLoan(loanID: c.loanID, reason: .random)
        }
    }

    /// A uniform 64-bit value for the loan under the seed.
    static func draw(seed: UInt64, id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        var z = (seed ^ hash) &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Kế hoạch kiểm tra sử dụng vốn as typed: the loans disbursed in a window, of some communes.
public struct NewCheckPlan: Sendable, Equatable {
    public var title: String
    public var unitCodes: [Int]
    public var disbursedFrom: BusinessDate
    public var disbursedTo: BusinessDate
    public var rules: SampleRules
    public var seed: UInt64

    public init(
        title: String, unitCodes: [Int], disbursedFrom: BusinessDate, disbursedTo: BusinessDate,
        rules: SampleRules, seed: UInt64
    ) {
        self.title = title
        self.unitCodes = unitCodes
        self.disbursedFrom = disbursedFrom
        self.disbursedTo = disbursedTo
        self.rules = rules
        self.seed = seed
    }

    public func checked(today: BusinessDate) throws(OversightError) -> NewCheckPlan {
        var p = self
        p.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...300).contains(p.title.count) else {
            throw .invalid(field: "title", why: "ghi tên kế hoạch (tối đa 300 ký tự)")
        }
        guard disbursedFrom <= disbursedTo, disbursedTo <= today else {
            throw .invalid(
                field: "disbursedTo", why: "khoảng giải ngân từ ngày đến ngày, không quá hôm nay")
        }
        guard disbursedFrom.days(until: disbursedTo) <= 3_660 else {
            throw .invalid(field: "disbursedFrom", why: "khoảng giải ngân tối đa 10 năm")
        }
        guard (0...500).contains(unitCodes.count) else {
            throw .invalid(field: "units", why: "tối đa 500 xã")
        }
        p.unitCodes = Array(Set(unitCodes)).sorted()
        p.rules = try rules.checked()
        return p
    }
}
