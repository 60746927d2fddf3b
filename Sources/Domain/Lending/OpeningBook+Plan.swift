/// Một khoản vay sổ cũ đã tìm được người vay: the old book's figures of a loan with what the
/// book here found for it on the cut-over day (the borrowing household or unit, the group's
/// organisation, the parameter set the loan carries).
public struct OpeningRow: Sendable, Equatable {
    public var loan: OpeningLoan
    /// Nil for a unit that borrows in its own name.
    public var householdID: String?
    public var borrowerName: String
    public var provinceCode: Int
    public var organisation: String?
    public var parameters: ProgramParameters
    public var beneficiaryGroup: String?
    /// Số lao động of a unit's project (so_lao_dong); nil for a household.
    public var unitJobs: Int?

    public init(
        loan: OpeningLoan, householdID: String?, borrowerName: String, provinceCode: Int,
        organisation: String?, parameters: ProgramParameters, beneficiaryGroup: String?,
        unitJobs: Int? = nil
    ) {
        self.loan = loan
        self.householdID = householdID
        self.borrowerName = borrowerName
        self.provinceCode = provinceCode
        self.organisation = organisation
        self.parameters = parameters
        self.beneficiaryGroup = beneficiaryGroup
        self.unitJobs = unitJobs
    }

    /// A loan lent in its own name to a unit, not to a household.
    public var isUnit: Bool { householdID == nil }
}

/// The ids one loan of the old book is written under, given by the store.
public struct OpeningIDs: Sendable, Equatable {
    public var loan: LoanID
    public var application: String
    public var disbursement: LoanEvent.ID
    public var freeze: LoanEvent.ID

    public init(
        loan: LoanID, application: String, disbursement: LoanEvent.ID, freeze: LoanEvent.ID
    ) {
        self.loan = loan
        self.application = application
        self.disbursement = disbursement
        self.freeze = freeze
    }

    public init(_ newID: () -> String) {
        self.init(
            loan: LoanID(newID()), application: newID(), disbursement: LoanEvent.ID(newID()),
            freeze: LoanEvent.ID(newID()))
    }
}

/// Kế hoạch nhập một khoản vay: everything the import writes for one loan of the old book.
public struct OpeningLoanPlan: Sendable, Equatable {
    public var row: OpeningRow
    public var ids: OpeningIDs
    public var channel: Channel
    public var state: LoanState
    /// What the loan owes on the cut-over day: the amount the book here holds it for.
    public var owed: Money
    public var maturity: BusinessDate
    /// The balance owed comes in as the loan's disbursement, on its own date, posted by the
    /// commune's opening entry; a frozen loan also has its freeze from the old book.
    public var events: [LoanEvent]
    /// What the old book said, kept on the disbursement event.
    public var record: OldBookRecord
}

/// What an import does with the loans of its file, set against what the book already holds.
public struct OpeningSort: Sendable, Equatable {
    public var fresh: [OpeningRow] = []
    public var unchanged = 0
    public var clashes: [OpeningProblem] = []
}

extension OpeningBook {
    /// Every reason a row cannot stand: the loan's figures, and for a unit its caps.
    public static func problems(_ row: OpeningRow, cutOver: BusinessDate) -> [OpeningProblem] {
        var found = problems(row.loan, cutOver: cutOver)
        guard row.isUnit else {
            if row.unitJobs != nil {
                found.append(
                    OpeningProblem(
                        row: row.loan.row, column: "so_lao_dong",
                        message: "Số lao động chỉ ghi cho đơn vị vay (ten_don_vi_vay)."))
            }
            return found
        }
        // A unit's old loan was lent within the caps of its own set: per project and per job.
        let refusals = Eligibility.unitRefusals(
            parameters: row.parameters, jobs: row.unitJobs ?? 0, amount: row.loan.disbursed)
        for refusal in refusals {
            let column =
                switch refusal {
                case .aboveUnitCap: "so_tien_giai_ngan"
                default: row.parameters.unitCaps == nil ? "ten_don_vi_vay" : "so_lao_dong"
                }
            found.append(
                OpeningProblem(row: row.loan.row, column: column, message: refusal.message))
        }
        return found
    }

    /// The file's rows against the loans already brought in (`known`: the outstanding each had,
    /// by commune and số khế ước): rows not yet here are fresh; rows here with the same balance
    /// are unchanged, so the same file twice changes nothing; rows here with another balance
    /// are refused, because the old book changed since.
    public static func sort(_ rows: [OpeningRow], known: [OpeningReference: Money]) -> OpeningSort {
        var sorted = OpeningSort()
        for row in rows {
            guard let stored = known[OpeningReference(row.loan)] else {
                sorted.fresh.append(row)
                continue
            }
            if stored == (try? row.loan.outstanding()) {
                sorted.unchanged += 1
                continue
            }
            sorted.clashes.append(
                OpeningProblem(
                    row: row.loan.row, column: "ma_khoan_vay",
                    message: "Khế ước «\(row.loan.reference)» đã nhập với dư nợ \(stored), "
                        + "khác tệp này."))
        }
        return sorted
    }

    /// What the import writes for one fresh row.
    public static func plan(
        _ row: OpeningRow, ids: OpeningIDs, importID: String, cutOver: BusinessDate,
        openingEntryID: EntryID?
    ) throws(MoneyError) -> OpeningLoanPlan {
        let l = row.loan
        let owed = try l.outstanding()
        var events = [
            LoanEvent(
                id: ids.disbursement, kind: .disbursement, on: l.disbursedOn, principal: owed,
                interest: .zero, capitalSource: l.source, entryID: openingEntryID)
        ]
        if let freeze = l.freeze {
            events.append(
                LoanEvent(
                    id: ids.freeze, kind: .freeze, on: freeze.from, principal: .zero,
                    interest: .zero))
        }
        return OpeningLoanPlan(
            row: row, ids: ids, channel: l.groupID == nil ? .direct : .entrusted,
            state: l.freeze == nil ? .current : .frozen, owed: owed,
            maturity: l.remaining.last?.dueOn ?? cutOver, events: events,
            record: OldBookRecord(
                reference: l.reference, disbursed: l.disbursed, tranches: l.tranches,
                interestPaidTo: l.interestPaidTo, unpaidInterest: l.unpaidInterest,
                importID: importID))
    }

    /// The opening and control entries of every commune of the import. What the book already
    /// held (`before`: loans lent here, or brought in before) is not the old book's to explain:
    /// each control entry takes out of the migration account only the rest of the control.
    public static func entries(
        _ rows: [OpeningRow], ids: [OpeningIDs],
        entryIDs: [String: (opening: EntryID, control: EntryID)],
        control: [OpeningKey: OpeningFigures]?, before: [OpeningKey: OpeningFigures],
        on date: BusinessDate
    ) throws(MoneyError) -> [JournalEntry] {
        var byUnit: [String: [(id: LoanID, loan: OpeningLoan)]] = [:]
        for (ids, row) in zip(ids, rows) {
            byUnit[row.loan.unitID, default: []].append((ids.loan, row.loan))
        }
        var entries: [JournalEntry] = []
        for (unit, unitLoans) in byUnit.sorted(by: { $0.key < $1.key }) {
            guard let ids = entryIDs[unit] else { continue }
            var checked: [String: Money] = [:]
            if let control {
                for program in Set(unitLoans.map(\.loan.programCode)) {
                    let key = OpeningKey(unitID: unit, programCode: program)
                    checked[program] = try (control[key]?.outstanding ?? .zero).subtracting(
                        before[key]?.outstanding ?? .zero)
                }
            }
            entries += try Self.entries(
                ids: ids, unitID: unit, on: date, loans: unitLoans, controlOutstanding: checked)
        }
        return entries
    }

    /// The report's differences between control and book, each named by commune and program;
    /// refused unless the import was told to record them for follow-up.
    public static func verdict(
        _ report: [ReconciliationLine], acceptDifferences: Bool
    ) throws(LendingError) -> [ErrorDetail] {
        let differences = report.flatMap { line in
            line.differences.map {
                ErrorDetail(
                    field: "\(line.key.unitID)/\(line.key.programCode)", code: "book_differs",
                    message: $0)
            }
        }
        if !differences.isEmpty && !acceptDifferences {
            throw LendingError.bookDiffers(differences)
        }
        return differences
    }
}

/// Số khế ước in its commune: what names a loan of the old book once brought in.
public struct OpeningReference: Sendable, Hashable {
    public var unitID: String
    public var reference: String

    public init(unitID: String, reference: String) {
        self.unitID = unitID
        self.reference = reference
    }

    public init(_ loan: OpeningLoan) { self.init(unitID: loan.unitID, reference: loan.reference) }
}
