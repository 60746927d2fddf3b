import Foundation

/// The capital commands as pure plans: each checks its input against the rules and returns
/// the one balanced entry the store posts in the same transaction as the movement's row.
public enum CapitalCommands {
    /// The largest single movement: 10¹⁵ đồng, a thousand times a province's yearly capital.
    public static let maximum = Money(dong: 1_000_000_000_000_000)

    /// Cấp vốn: the money arrives on the bank's transfer account and the source's received
    /// capital is credited, by program and unit.
    public static func allocate(
        _ a: CapitalAllocation, entryID: EntryID, role: Role, today: BusinessDate
    ) throws(CapitalError) -> JournalEntry {
        try checkAmount(a.amount)
        try checkDecision(a.decision, movedOn: a.receivedOn, today: today)
        guard a.level.sources.contains(a.source) else {
            throw .sourceNotAtLevel(a.source, a.level)
        }
        guard a.source.mayBeRecorded(by: role) else { throw .sourceNotForRole(a.source) }
        try checkText(a.note, field: "note", limit: 500)
        let line = { (account: Account, debit: Money, credit: Money) in
            JournalLine(
                account: account.code, debit: debit, credit: credit,
                programCode: a.programCode, unitID: a.unitID)
        }
        return JournalEntry(
            id: entryID, postedOn: a.receivedOn, kind: "capital_allocation",
            description: "Nhận \(a.source.label.lowercased()) theo \(a.decision.number)",
            lines: [
                line(ChartOfAccounts.transfers, a.amount, .zero),
                line(a.source.receivedAccount, .zero, a.amount),
            ])
    }

    /// Điều chuyển: the source's received capital leaves one program for another; refused
    /// when the program has less of the source than the amount (`available` as of the date).
    public static func transfer(
        _ t: CapitalTransfer, available: Money, entryID: EntryID, role: Role,
        today: BusinessDate
    ) throws(CapitalError) -> JournalEntry {
        try checkAmount(t.amount)
        try checkDecision(t.decision, movedOn: t.on, today: today)
        guard t.fromProgram != t.toProgram else {
            throw .invalid(
                field: "toProgram", why: "chương trình nhận phải khác chương trình chuyển")
        }
        guard t.source.mayBeRecorded(by: role) else { throw .sourceNotForRole(t.source) }
        try checkText(t.note, field: "note", limit: 500)
        guard available >= t.amount else {
            throw .insufficientCapital(
                program: t.fromProgram, available: available, wanted: t.amount)
        }
        let account = t.source.receivedAccount.code
        return JournalEntry(
            id: entryID, postedOn: t.on, kind: "capital_transfer",
            description: "Điều chuyển \(t.source.label.lowercased()) theo \(t.decision.number)",
            lines: [
                JournalLine(
                    account: account, debit: t.amount, programCode: t.fromProgram,
                    unitID: t.unitID),
                JournalLine(
                    account: account, credit: t.amount, programCode: t.toProgram,
                    unitID: t.unitID),
            ])
    }

    static func checkAmount(_ amount: Money) throws(CapitalError) {
        guard amount.dong > 0, amount <= maximum else {
            throw .invalid(field: "amount", why: "số tiền phải lớn hơn 0 và không quá 10¹⁵ đồng")
        }
    }

    static func checkDecision(
        _ d: CapitalDecision, movedOn: BusinessDate, today: BusinessDate
    ) throws(CapitalError) {
        try checkText(d.number, field: "decisionNumber", limit: 100, required: true)
        guard movedOn <= today else {
            throw .invalid(field: "date", why: "ngày vốn về không được ở tương lai")
        }
        guard d.date <= movedOn else {
            throw .invalid(field: "decisionDate", why: "ngày quyết định phải trước ngày vốn về")
        }
    }

    static func checkText(
        _ text: String, field: String, limit: Int, required: Bool = false
    ) throws(CapitalError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if required, trimmed.isEmpty {
            throw .invalid(field: field, why: "ghi số quyết định hoặc văn bản cấp vốn")
        }
        guard trimmed.count <= limit else {
            throw .invalid(field: field, why: "tối đa \(limit) ký tự")
        }
    }
}
