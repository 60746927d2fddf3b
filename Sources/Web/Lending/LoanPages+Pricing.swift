import Domain
import Store

/// Lịch sử lãi suất on the loan's page: each rate the loan has had, from when, and the act.
extension LoanPages {
    struct RateLine: Encodable {
        let from: String
        let to: String
        let rate: String
        let act: String
    }

    static func rateLines(_ periods: [PricedPeriod]) -> [RateLine] {
        periods.enumerated().map { n, period in
            let to = n + 1 < periods.count ? periods[n + 1].from.adding(days: -1).vietnamese : "nay"
            var act: String =
                switch period.act {
                case .parameterSet(_, let source): source
                case .anchor(_, let source): "Thay đổi lãi suất cho vay hộ nghèo: \(source)"
                case nil: "—"
                }
            var rate = "\(period.base)"
            if let adjustment = period.adjustments.first {
                let year = Rate(billionthsPerMonth: period.billionthsPerYear).percentString
                    .replacingOccurrences(of: ".", with: ",")
                rate += " \(adjustment.change.description) = \(year) %/năm"
                act += "; điều chỉnh: \(adjustment.name) (\(adjustment.legalSource))"
            }
            return RateLine(from: period.from.vietnamese, to: to, rate: rate, act: act)
        }
    }

    static func parameterSetLabel(_ set: ProgramParameters?) -> String {
        guard let set else { return "Chưa gắn bộ tham số: cần bổ sung trước khi tính lãi." }
        return "Bộ tham số từ \(set.validFrom.vietnamese) (\(set.legalSource))"
    }

    /// Nhập từ sổ cũ on the loan's page: the contract, what the old book disbursed (each time,
    /// when it listed them) and where interest stood, with the import's reconciliation.
    struct OldBookLine: Encodable {
        let text: String
        let importID: String
    }

    static func oldBookLine(_ record: OldBookRecord?) -> OldBookLine? {
        guard let r = record else { return nil }
        var text = "Khế ước \(r.reference); sổ cũ đã giải ngân \(r.disbursed)"
        if r.tranches.count > 1 {
            text += " (\(r.tranches.count) lần: "
                + r.tranches.map { "\($0.on.vietnamese) \($0.amount)" }.joined(separator: "; ")
                + ")"
        }
        text += "; lãi đã trả đến \(r.interestPaidTo.vietnamese), lãi chưa trả khi chuyển sổ "
            + "\(r.unpaidInterest)"
        return OldBookLine(text: text, importID: r.importID)
    }
}
