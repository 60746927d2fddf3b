extension FeeCalculator {
    /// Tính lại phí: the ledger lines that bring what a month made payable from `old` to `new`
    /// (matched by payee and group): Nợ 8011 / Có 4591 for an increase, the reverse for a decrease.
    public static func adjustment(
        from old: [FeeLine], to new: [FeeLine]
    ) throws(MoneyError) -> [JournalLine] {
        func key(_ l: FeeLine) -> String { "\(l.payee.rawValue)|\(l.groupID)" }
        var before: [String: Money] = [:]
        for line in old {
            before[key(line)] = try before[key(line), default: .zero].adding(line.amount)
        }
        var lines: [JournalLine] = []
        for line in new {
            let delta = try line.amount.subtracting(before[key(line)] ?? .zero).dong
            guard delta != 0 else { continue }
            let amount = Money(dong: Int64(clamping: delta.magnitude))
            let (debit, credit) =
                delta > 0
                ? (ChartOfAccounts.feesExpense, ChartOfAccounts.feesPayable)
                : (ChartOfAccounts.feesPayable, ChartOfAccounts.feesExpense)
            lines.append(
                JournalLine(
                    account: debit.code, debit: amount, unitID: line.unitID, groupID: line.groupID))
            lines.append(
                JournalLine(
                    account: credit.code, credit: amount, unitID: line.unitID, groupID: line.groupID
                ))
        }
        return lines
    }
}
