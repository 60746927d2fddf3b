extension BusinessDate {
    public var daysInMonth: Int { Self.daysIn(month: month, year: year) }

    /// The first day of the date's month.
    public var firstOfMonth: BusinessDate { BusinessDate(dayNumber: dayNumber - day + 1) }

    /// The last day of the date's month.
    public var lastOfMonth: BusinessDate { BusinessDate(dayNumber: dayNumber - day + daysInMonth) }

    /// ISO weekday: 1 = Monday (Thứ Hai) … 7 = Sunday (Chủ nhật). 1970-01-01 was a Thursday.
    public var weekday: Int { ((dayNumber % 7 + 7 + 3) % 7) + 1 }

    /// "Thứ Hai" … "Chủ nhật".
    public var weekdayLabel: String { weekday == 7 ? "Chủ nhật" : "Thứ \(["Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy"][weekday - 1])" }

    /// The first day of the month `yyyy-mm`.
    public init(month text: String) throws(DateError) {
        try self.init(iso: text + "-01")
    }
}
