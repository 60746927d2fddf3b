/// What one payee is still owed for a month on one group's line (a payout is spread over them).
public struct FeeOwed: Sendable, Equatable {
    public var groupID: String
    public var unitID: String
    public var amount: Money
    public var paid: Money

    public init(groupID: String, unitID: String, amount: Money, paid: Money) {
        self.groupID = groupID
        self.unitID = unitID
        self.amount = amount
        self.paid = paid
    }

    public var unpaid: Money { Money(dong: max(0, amount.dong - paid.dong)) }
}

/// Chi trả phí, hoa hồng: the payout's share of each group's line and its entry.
public struct FeePayoutPlan: Sendable, Equatable {
    public var allocations: [(groupID: String, unitID: String, amount: Money)]
    public var entry: JournalEntry

    public static func == (a: Self, b: Self) -> Bool {
        a.entry == b.entry
            && a.allocations.elementsEqual(b.allocations) {
                $0.groupID == $1.groupID && $0.unitID == $1.unitID && $0.amount == $1.amount
            }
    }
}

public enum FeePayouts {
    /// Chi trả tại buổi giao dịch: pays `amount` to one payee for a month against a signed list.
    /// The amount is spread over the payee's lines in their order, each up to what it still owes;
    /// the entry debits the payable (4591) per group and credits cash or the transfer account per
    /// commune, so the payable falls by exactly what was paid. Refused: nothing owed, or more than
    /// is owed.
    public static func plan(
        payee: String, month: String, amount: Money, method: PaymentMethod, owed: [FeeOwed],
        on date: BusinessDate, entryID: EntryID
    ) throws(FeeError) -> FeePayoutPlan {
        guard amount.dong > 0 else { throw .amountNotPositive }
        let unpaid = owed.reduce(Int128(0)) { $0 + Int128($1.unpaid.dong) }
        guard unpaid > 0 else { throw .nothingOwed(payee: payee, month: month) }
        guard Int128(amount.dong) <= unpaid else {
            throw .overpaid(owed: Money(dong: Int64(clamping: unpaid)))
        }
        var left = amount.dong
        var allocations: [(groupID: String, unitID: String, amount: Money)] = []
        var credits: [String: Int64] = [:]
        var units: [String] = []
        var lines: [JournalLine] = []
        for line in owed where left > 0 && line.unpaid.dong > 0 {
            let part = min(left, line.unpaid.dong)
            left -= part
            allocations.append((line.groupID, line.unitID, Money(dong: part)))
            lines.append(
                JournalLine(
                    account: ChartOfAccounts.feesPayable.code, debit: Money(dong: part),
                    unitID: line.unitID, groupID: line.groupID))
            if credits[line.unitID] == nil { units.append(line.unitID) }
            credits[line.unitID, default: 0] += part
        }
        for unit in units {
            lines.append(
                JournalLine(
                    account: method.account.code, credit: Money(dong: credits[unit] ?? 0),
                    unitID: unit))
        }
        let entry = JournalEntry(
            id: entryID, postedOn: date, kind: "fee_payout",
            description: "Chi trả phí ủy thác, hoa hồng tháng \(month) (\(method.label))",
            lines: lines)
        return FeePayoutPlan(allocations: allocations, entry: entry)
    }
}

/// Lỗi chi trả phí, hoa hồng.
public enum FeeError: DomainError, Equatable {
    case amountNotPositive
    case nothingOwed(payee: String, month: String)
    case overpaid(owed: Money)
    case payeeNotFound(String)

    public var code: String {
        switch self {
        case .amountNotPositive: "fee_amount_not_positive"
        case .nothingOwed: "fee_nothing_owed"
        case .overpaid: "fee_overpaid"
        case .payeeNotFound: "fee_payee_not_found"
        }
    }

    public var message: String {
        switch self {
        case .amountNotPositive: "Số tiền chi trả phải lớn hơn 0."
        case .nothingOwed(let payee, let month):
            "Không còn khoản phí, hoa hồng nào phải trả cho «\(payee.prefix(80))» tháng \(month)."
        case .overpaid(let owed): "Số tiền chi trả vượt số còn phải trả (\(owed))."
        case .payeeNotFound(let payee):
            "Không có người nhận «\(payee.prefix(80))» trong tháng này"
                + " (hoặc ngoài phạm vi của bạn)."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .amountNotPositive, .overpaid: .ruleBroken
        case .nothingOwed: .conflict
        case .payeeNotFound: .notFound
        }
    }
}
