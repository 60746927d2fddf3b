/// Ngày nghiệp vụ: a calendar date with no time and no time zone. The domain never reads a
/// clock; every rule takes the business date as an argument.
public struct BusinessDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A real calendar day of a four-digit year. Dates computed from others (a maturity 25 years
    /// after a disbursement) may lie past `inputRange`; dates people give may not.
    public init(year: Int, month: Int, day: Int) throws(DateError) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...BusinessDate.daysIn(month: month, year: year)).contains(day) else {
            throw .invalid("\(year)-\(month)-\(day)")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// For constants and computed dates whose parts are already known to be valid.
    init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date written in the code (a decree's effective day, a seed): never traps; a month or day
    /// out of range is pulled to the nearest valid one, which a test of the constant would show.
    public init(fixedYear year: Int, month: Int, day: Int) {
        let month = min(max(month, 1), 12)
        self.init(checkedYear: year, month: month,
                  day: min(max(day, 1), BusinessDate.daysIn(month: month, year: year)))
    }

    /// The dates a person, a request or a file may give: 01/01/1900–31/12/2100. The one bound
    /// every edge (forms, queries, API bodies, imports) applies; `invalid_date` outside it.
    public static let inputRange = BusinessDate(checkedYear: 1900, month: 1, day: 1)
        ... BusinessDate(checkedYear: 2100, month: 12, day: 31)

    /// `YYYY-MM-DD`, the only form the API and the database use (ASCII digits only).
    public init(iso text: String) throws(DateError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Self.digits(parts[0]), let m = Self.digits(parts[1]),
              let d = Self.digits(parts[2]) else {
            throw .invalid(text)
        }
        try self.init(year: y, month: m, day: d)
    }

    /// A date as a person or a file gives it: `dd/MM/yyyy` as Vietnamese forms write it, or ISO;
    /// within `inputRange`.
    public init(vietnamese text: String) throws(DateError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
           parts[2].count == 4, let d = Self.digits(parts[0]), let m = Self.digits(parts[1]),
           let y = Self.digits(parts[2]) {
            try self.init(year: y, month: m, day: d)
        } else {
            try self.init(iso: text)
        }
        guard Self.inputRange.contains(self) else { throw .outOfRange(text) }
    }

    /// A date given in ISO form by a request, within `inputRange`.
    public init(isoInput text: String) throws(DateError) {
        try self.init(iso: text)
        guard Self.inputRange.contains(self) else { throw .outOfRange(text) }
    }

    /// The value of one to four ASCII digits: `Int("+7")` and Arabic-Indic digits are refused.
    private static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 4, text.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        return text.utf8.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic without a calendar object.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> BusinessDate { BusinessDate(dayNumber: dayNumber + days) }

    public func days(until other: BusinessDate) -> Int { other.dayNumber - dayNumber }

    /// Whole years from this date to `other` (age on a date; a birthday on 29 February counts
    /// from 1 March in common years).
    public func fullYears(until other: BusinessDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    public static func < (lhs: BusinessDate, rhs: BusinessDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var iso: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
    /// `dd/MM/yyyy`
    public var vietnamese: String { "\(pad(day, 2))/\(pad(month, 2))/\(pad(year, 4))" }
    public var description: String { iso }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// From a request (`InputDecoding`), within `inputRange`; from storage, any real date.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if InputDecoding.isInput(decoder) { try self.init(isoInput: text) } else { try self.init(iso: text) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

public enum DateError: DomainError, Equatable {
    /// Not a date of the calendar in either form.
    case invalid(String)
    /// A real date outside `BusinessDate.inputRange`.
    case outOfRange(String)

    public var code: String { "invalid_date" }

    public var message: String {
        switch self {
        case .invalid(let text):
            "Ngày không hợp lệ: «\(text.prefix(40))» (dạng dd/mm/yyyy hoặc yyyy-mm-dd)."
        case .outOfRange(let text):
            "Ngày «\(text.prefix(40))» nằm ngoài khoảng 01/01/1900–31/12/2100."
        }
    }

    public var kind: FailureKind { .malformed }
}
