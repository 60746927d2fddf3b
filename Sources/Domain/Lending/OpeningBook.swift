/// Một khoản vay của sổ cũ: what a branch's old book says of one loan on the day the book moves
/// in (the cut-over day). Balances are as of that day; interest accrues here from it, and the
/// interest the old book left unpaid is owed from the first day.
public struct OpeningLoan: Sendable, Equatable {
    /// The row of the file (1-based below the header), for every problem found.
    public var row: Int
    /// Số khế ước in the old book: with the commune, what makes a second import change nothing.
    public var reference: String
    public var programCode: String
    public var unitID: String
    public var groupID: String?
    public var disbursedOn: BusinessDate
    /// What the old book disbursed in all (kept for the record; the book here holds what is owed).
    public var disbursed: Money
    public var termMonths: Int
    /// The instalments still to pay, oldest first: they add up to the outstanding.
    public var remaining: [Instalment]
    public var current: Money
    public var overdue: Money
    public var frozen: Money
    public var freeze: FreezePeriod?
    /// Lãi đã trả đến ngày: interest is settled through this day in the old book.
    public var interestPaidTo: BusinessDate
    /// Lãi chưa trả: interest the old book says is owed on the cut-over day.
    public var unpaidInterest: Money
    public var source: CapitalSource
    /// Các lần giải ngân, when the old book lists them; empty for one disbursement on
    /// `disbursedOn` of `disbursed`.
    public var tranches: [OpeningTranche]

    public init(
        row: Int, reference: String, programCode: String, unitID: String, groupID: String?,
        disbursedOn: BusinessDate, disbursed: Money, termMonths: Int, remaining: [Instalment],
        current: Money, overdue: Money, frozen: Money, freeze: FreezePeriod?,
        interestPaidTo: BusinessDate, unpaidInterest: Money, source: CapitalSource,
        tranches: [OpeningTranche] = []
    ) {
        self.row = row
        self.reference = reference
        self.programCode = programCode
        self.unitID = unitID
        self.groupID = groupID
        self.disbursedOn = disbursedOn
        self.disbursed = disbursed
        self.termMonths = termMonths
        self.remaining = remaining
        self.current = current
        self.overdue = overdue
        self.frozen = frozen
        self.freeze = freeze
        self.interestPaidTo = interestPaidTo
        self.unpaidInterest = unpaidInterest
        self.source = source
        self.tranches = tranches
    }

    /// Kỳ hạn trả nợ: the months between the first two instalments still to pay (the term when
    /// one is left), which is what the old book's schedule says of the loan's interval.
    public var intervalMonths: Int {
        guard remaining.count >= 2 else { return termMonths }
        let (a, b) = (remaining[0].dueOn, remaining[1].dueOn)
        return min(termMonths, max(1, (b.year - a.year) * 12 + b.month - a.month))
    }

    /// Dư nợ: current, overdue and frozen principal.
    public func outstanding() throws(MoneyError) -> Money {
        try current.adding(overdue).adding(frozen)
    }
}

/// A bad value of one loan of the old book, by row and column of the file.
public struct OpeningProblem: Sendable, Equatable {
    public var row: Int
    public var column: String
    public var message: String

    public init(row: Int, column: String, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }
}

/// Nhập sổ cũ (lending.md; issue 14): whether the old book's figures of a loan can stand, and
/// the opening entries that bring a commune's loans in against the migration account.
public enum OpeningBook {
    /// Every reason the old book's figures for one loan cannot stand on the cut-over day.
    public static func problems(_ loan: OpeningLoan, cutOver: BusinessDate) -> [OpeningProblem] {
        var problems: [OpeningProblem] = []
        func refuse(_ column: String, _ message: String) {
            problems.append(OpeningProblem(row: loan.row, column: column, message: message))
        }
        if loan.disbursedOn > cutOver {
            refuse(
                "ngay_giai_ngan",
                "Ngày giải ngân \(loan.disbursedOn.vietnamese) sau ngày chuyển sổ "
                    + "\(cutOver.vietnamese)."
            )
        }
        guard let outstanding = try? loan.outstanding(),
            let scheduled = try? loan.remaining.map(\.principal).sum()
        else {
            refuse("du_no_trong_han", "Các số dư nợ cộng lại vượt giới hạn số tiền.")
            return problems
        }
        if outstanding.dong == 0 {
            refuse(
                "du_no_trong_han", "Khoản vay không còn dư nợ: khoản đã trả hết không nhập vào sổ.")
        }
        if outstanding > loan.disbursed {
            refuse(
                "so_tien_giai_ngan",
                "Dư nợ \(outstanding) lớn hơn số tiền đã giải ngân \(loan.disbursed).")
        }
        if loan.termMonths < 1 || loan.termMonths > 600 {
            refuse("thoi_han_thang", "Thời hạn vay phải từ 1 đến 600 tháng.")
        }
        problems += scheduleProblems(
            loan, outstanding: outstanding, scheduled: scheduled, cutOver: cutOver)
        problems += freezeProblems(loan, cutOver: cutOver)
        problems += trancheProblems(loan, cutOver: cutOver)
        if loan.interestPaidTo < loan.disbursedOn || loan.interestPaidTo > cutOver {
            refuse(
                "lai_tra_den_ngay",
                "Ngày trả lãi đến \(loan.interestPaidTo.vietnamese) phải từ ngày giải ngân"
                    + " đến ngày chuyển sổ \(cutOver.vietnamese).")
        }
        return problems
    }

    static func scheduleProblems(
        _ loan: OpeningLoan, outstanding: Money, scheduled: Money,
        cutOver: BusinessDate
    ) -> [OpeningProblem] {
        var problems: [OpeningProblem] = []
        func refuse(_ column: String, _ message: String) {
            problems.append(OpeningProblem(row: loan.row, column: column, message: message))
        }
        if loan.remaining.isEmpty {
            refuse("lich_tra", "Thiếu lịch trả các kỳ còn lại (dd/mm/yyyy:số tiền; …).")
            return problems
        }
        if zip(loan.remaining, loan.remaining.dropFirst()).contains(where: { $0.dueOn >= $1.dueOn })
        {
            refuse("lich_tra", "Các kỳ trả phải theo thứ tự ngày, mỗi ngày một kỳ.")
        }
        if loan.remaining.contains(where: { $0.dueOn <= loan.disbursedOn }) {
            refuse("lich_tra", "Có kỳ trả không sau ngày giải ngân \(loan.disbursedOn.vietnamese).")
        }
        if loan.remaining.contains(where: { $0.principal.dong <= 0 }) {
            refuse("lich_tra", "Mỗi kỳ trả phải có số tiền lớn hơn 0.")
        }
        if scheduled != outstanding {
            refuse("lich_tra", "Các kỳ còn lại cộng \(scheduled), khác dư nợ \(outstanding).")
        }
        // Frozen debt has no overdue (it is reported apart); otherwise what fell due before the
        // cut-over and is still in the schedule is exactly the overdue principal.
        if loan.frozen.dong == 0 {
            let due = loan.remaining.filter { $0.dueOn < cutOver }
            let pastDue = (try? due.map(\.principal).sum()) ?? .zero
            if pastDue != loan.overdue {
                refuse(
                    "du_no_qua_han",
                    "Dư nợ quá hạn \(loan.overdue) khác các kỳ đã đến hạn chưa trả trong lịch"
                        + " (\(pastDue)).")
            }
        }
        return problems
    }

    static func freezeProblems(_ loan: OpeningLoan, cutOver: BusinessDate) -> [OpeningProblem] {
        var problems: [OpeningProblem] = []
        func refuse(_ column: String, _ message: String) {
            problems.append(OpeningProblem(row: loan.row, column: column, message: message))
        }
        switch (loan.frozen.dong > 0, loan.freeze) {
        case (false, nil): break
        case (false, .some):
            refuse("du_no_khoanh", "Có thời gian khoanh nợ nhưng dư nợ khoanh bằng 0.")
        case (true, nil):
            refuse("khoanh_tu", "Dư nợ khoanh cần ngày khoanh từ và khoanh đến.")
        case (true, .some(let freeze)):
            if loan.current.dong != 0 || loan.overdue.dong != 0 {
                refuse(
                    "du_no_khoanh",
                    "Khoản vay khoanh nợ được khoanh toàn bộ: dư nợ trong hạn và quá hạn phải "
                        + "bằng 0."
                )
            }
            if freeze.from > freeze.through || freeze.from < loan.disbursedOn {
                refuse("khoanh_tu", "Thời gian khoanh nợ không hợp lệ.")
            }
            if !freeze.covers(cutOver) {
                refuse(
                    "khoanh_den",
                    "Thời gian khoanh nợ không bao gồm ngày chuyển sổ \(cutOver.vietnamese).")
            }
        }
        return problems
    }
}
