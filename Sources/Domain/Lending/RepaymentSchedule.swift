/// Kỳ hạn trả nợ gốc: one instalment of principal and its due date.
public struct Instalment: Sendable, Codable, Hashable {
    public var dueOn: BusinessDate
    public var principal: Money

    public init(dueOn: BusinessDate, principal: Money) {
        self.dueOn = dueOn
        self.principal = principal
    }
}

/// Lịch trả gốc bắt đầu từ đâu: every interval from the disbursement (the default), after a grace
/// period (ân hạn: no principal falls due in its months), or from a first due date the contract
/// names. The last instalment always falls on the maturity.
public enum ScheduleStart: Sendable, Codable, Equatable, Hashable {
    case standard
    case grace(months: Int)
    case firstDue(BusinessDate)
}

/// The principal schedule agreed at approval: equal instalments every `intervalMonths`, rounded to
/// 100.000 đ with the remainder spread (`spread`); the last falls on the final maturity.
public enum RepaymentSchedule {
    /// The longest interval between instalments by term band (programs.md, guideline "VB 2174",
    /// unconfirmed): ≤ 12 months → 12, ≤ 60 → 24, longer → 36.
    public static func maxInterval(termMonths: Int) -> Int {
        termMonths <= 12 ? 12 : termMonths <= 60 ? 24 : 36
    }

    /// The date `months` months after `date`, on the same day or the month's last day.
    /// Never traps: month counts are bounded where they enter (terms, extensions, freezes); the
    /// clamp to ±10,000 years only keeps the arithmetic in range for any `Int`.
    public static func adding(months: Int, to date: BusinessDate) -> BusinessDate {
        let months = min(max(months, -120_000), 120_000)
        let index = date.year * 12 + (date.month - 1) + months
        let year = index >= 0 ? index / 12 : (index - 11) / 12
        let month = index - year * 12 + 1
        let day = min(date.day, BusinessDate.daysIn(month: month, year: year))
        return BusinessDate(checkedYear: year, month: month, day: day)
    }

    public static func make(
        amount: Money, disbursedOn: BusinessDate, termMonths: Int, intervalMonths: Int,
        start: ScheduleStart = .standard
    ) throws(LendingError) -> [Instalment] {
        guard amount.dong > 0 else { throw .invalidAmount }
        guard termMonths > 0, intervalMonths > 0, intervalMonths <= termMonths else {
            throw .invalidParameters("kỳ hạn trả gốc phải từ 1 tháng đến hết thời hạn vay")
        }
        guard intervalMonths <= maxInterval(termMonths: termMonths) else {
            throw .invalidParameters(
                "kỳ hạn trả gốc dài nhất cho khoản vay \(termMonths) tháng là "
                    + "\(maxInterval(termMonths: termMonths)) tháng")
        }
        let maturity = adding(months: termMonths, to: disbursedOn)
        let dates = try dueDates(
            start, disbursedOn: disbursedOn, maturity: maturity, termMonths: termMonths,
            intervalMonths: intervalMonths)
        return zip(dates, spread(amount, over: dates.count)).map { date, principal in
            Instalment(dueOn: date, principal: principal)
        }
    }

    /// The instalments' due dates: every `intervalMonths` from the disbursement, from the end of
    /// a grace period, or from a first due date; the last one always on the maturity.
    static func dueDates(
        _ start: ScheduleStart, disbursedOn: BusinessDate, maturity: BusinessDate,
        termMonths: Int, intervalMonths: Int
    ) throws(LendingError) -> [BusinessDate] {
        // Counted in months from one anchor, so a day clamped in February comes back in March.
        let anchor: BusinessDate, offset: Int
        switch start {
        case .standard: (anchor, offset) = (disbursedOn, intervalMonths)
        case .grace(let months):
            guard months >= 1, months < termMonths else {
                throw .invalidParameters(
                    "thời gian ân hạn phải từ 1 tháng đến dưới thời hạn vay (\(termMonths) tháng)")
            }
            (anchor, offset) = (disbursedOn, months + intervalMonths)
        case .firstDue(let date):
            guard date > disbursedOn, date <= maturity else {
                throw .invalidParameters(
                    "ngày trả gốc đầu tiên phải sau ngày giải ngân và không quá ngày đến hạn cuối"
                        + " (\(maturity.vietnamese))")
            }
            (anchor, offset) = (date, 0)
        }
        var dates: [BusinessDate] = []
        var months = offset
        while dates.count < 1_200 {
            let due = adding(months: months, to: anchor)
            guard due < maturity else { break }
            dates.append(due)
            months += intervalMonths
        }
        dates.append(maturity)
        return dates
    }

    /// Bước làm tròn of an instalment.
    public static let roundingStep: Int64 = 100_000

    /// Equal instalments rounded down to the step, the whole steps of the remainder spread over
    /// the first ones, and only what is below the step added to the last (CHANGES 2026-12-01
    /// item 7): no two instalments differ by more than the step, and they sum to the amount.
    /// 500 m over 300 months is 200 × 1,7 m and 100 × 1,6 m, not 299 × 1,6 m and 21,6 m last.
    public static func spread(_ amount: Money, over count: Int) -> [Money] {
        guard count > 0 else { return [] }
        let n = Int64(count)
        let base = amount.dong / n / roundingStep * roundingStep
        let remainder = amount.dong - base * n
        let extra = Int(remainder / roundingStep)
        return (0..<count).map { index in
            let step = index < extra ? roundingStep : 0
            let tail = index == count - 1 ? remainder % roundingStep : 0
            return Money(dong: base + step + tail)
        }
    }
}

/// What a loan owes as of a date, from its schedule and the principal paid so far.
public struct LoanPosition: Sendable, Equatable {
    public var outstanding: Money
    /// Principal of instalments due before the date and not paid (quá hạn from the day after the due date).
    public var overdue: Money
    /// Instalments with what is still unpaid of each, in due order.
    public var unpaid: [Instalment]
}

/// The one overdue rule and the order principal is applied in.
public enum PrincipalRules {
    /// Principal paid settles the earliest instalments first: overdue ones, then the nearest.
    public static func position(
        schedule: [Instalment], principalPaid: Money,
        on date: BusinessDate
    ) throws(MoneyError) -> LoanPosition {
        let ordered = dueOrder(schedule).map { schedule[$0] }
        var unpaid: [Instalment] = []
        for (instalment, settled) in zip(ordered, settled(ordered, by: principalPaid))
        where max(0, instalment.principal.dong) > settled.dong {
            unpaid.append(
                Instalment(
                    dueOn: instalment.dueOn,
                    principal: Money(dong: instalment.principal.dong - settled.dong)))
        }
        let outstanding = try unpaid.map(\.principal).sum()
        // Overdue from the day after the due date: an instalment due on `date` is not yet overdue that day.
        let overdue = try unpaid.filter { $0.dueOn < date }.map(\.principal).sum()
        return LoanPosition(outstanding: outstanding, overdue: overdue, unpaid: unpaid)
    }

    /// The instalments' indices in due order; instalments due on one day keep the order given.
    public static func dueOrder(_ schedule: [Instalment]) -> [Int] {
        schedule.indices.sorted { (schedule[$0].dueOn, $0) < (schedule[$1].dueOn, $1) }
    }

    /// What `principal` settles of each instalment, taken in the order given (the caller's due
    /// order): each is paid in full before the next gets anything.
    public static func settled(_ instalments: [Instalment], by principal: Money) -> [Money] {
        var left = max(0, principal.dong)
        return instalments.map { instalment in
            let paid = min(left, max(0, instalment.principal.dong))
            left -= paid
            return Money(dong: paid)
        }
    }
}
