import Domain

extension ProgramRoutes {
    /// One set of the program's history as the page lists it: its days, rate, groups, whether it
    /// reaches loans already made, and its act.
    static func historyLine(_ set: ProgramParameters) -> String {
        let days =
            "Từ \(set.validFrom.vietnamese)" + (set.validTo.map { " đến \($0.vietnamese)" } ?? "")
        let reach =
            set.repricing == .existingLoans ? " (áp dụng cả dư nợ hiện có)" : " (khoản vay mới)"
        let groups = set.groups.map { "; \($0.name): \($0.rate.label)" }.joined()
        return "\(days): \(set.rate.label)\(groups)\(reach) – \(set.legalSource)"
    }
}
