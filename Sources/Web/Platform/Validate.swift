import Domain
import Store

/// Checks shared by the routes: one message for each kind of bad parameter. Each applies the
/// one bound the Domain or Store declares (`BusinessDate.inputRange`, `Money.inputMaximum`,
/// `Paging`, `TextLimit`), so a form, a query and the API refuse the same values.
enum Validate {
    /// A date typed as dd/mm/yyyy or yyyy-mm-dd, within 01/01/1900–31/12/2100.
    static func date(_ text: String) throws(DateError) -> BusinessDate {
        try BusinessDate(vietnamese: text.trimmingCharacters(in: .whitespaces))
    }

    /// An optional date: empty means `fallback`.
    static func date(_ text: String?, default fallback: BusinessDate) throws(DateError) -> BusinessDate {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return fallback }
        return try date(text)
    }

    /// An amount an API body sent as a number (absent is zero), within 0…10¹⁸ đ.
    static func amount(_ value: Int64?, field: String) throws(InputError) -> Money {
        guard let value else { return .zero }
        do { return try Money(input: value) } catch { throw .invalidAmount(field: field) }
    }

    /// A net figure that may be negative (cash counted after withdrawals), within ±10¹⁸ đ.
    static func netAmount(_ value: Int64, field: String) throws(InputError) -> Money {
        guard value.magnitude <= UInt64(Money.inputMaximum.dong) else { throw .invalidAmount(field: field) }
        return Money(dong: value)
    }

    /// A month `yyyy-mm` (its first day), within the dates people may give; empty means
    /// `fallback`.
    static func month(_ text: String?, default fallback: BusinessDate) throws -> BusinessDate {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return fallback }
        guard text.utf8.count == 7, let month = try? BusinessDate(isoInput: text + "-01") else {
            throw PlatformError.invalidInput(field: "month", message: "Tháng phải có dạng yyyy-mm, ví dụ 2026-12.")
        }
        return month
    }

    /// An amount typed in a form ("1.800.000"), named by its field when it is not one, and
    /// refused as `invalid_amount` past 10¹⁸ đ.
    static func money(_ text: String?, field: String, label: String) throws -> Money {
        do { return try Money(text: text ?? "") } catch .outOfRange(let given) {
            throw MoneyError.outOfRange(given)
        } catch {
            throw PlatformError.invalidInput(field: field, message: "\(label) phải là số đồng không âm (vd: 1.500.000).")
        }
    }

    /// One of a set of API words (`cash`, `leader`, …): empty means `fallback`, anything else the
    /// field's own message.
    static func choice<Value: RawRepresentable>(_ text: String?, default fallback: Value, field: String,
                                                message: String) throws -> Value
    where Value.RawValue == String {
        guard let text, !text.isEmpty else { return fallback }
        guard let value = Value(rawValue: text) else { throw PlatformError.invalidInput(field: field, message: message) }
        return value
    }

    static func level(_ text: String?) throws -> UnitLevel {
        try choice(text, default: .commune, field: "level",
                   message: "Cấp không hợp lệ: «\(text ?? "")» (province, district, commune).")
    }

    /// `limit` 1–500 and `offset` ≥ 0 (an offset past the end is an empty page, not an error).
    @discardableResult
    static func paging(limit: Int?, offset: Int?) throws(InputError) -> Paging {
        try Paging(input: limit, offset: offset)
    }

    /// A whole number typed or sent for `field`, within `range`.
    static func integer(_ value: Int, field: String, in range: ClosedRange<Int>) throws(InputError) -> Int {
        guard range.contains(value) else {
            throw .outOfRange(field: field, min: Int64(range.lowerBound), max: Int64(range.upperBound))
        }
        return value
    }

    /// Text for `field`: at most `maxLength` characters, no control characters.
    @discardableResult
    static func text(_ value: String?, field: String, maxLength: Int = TextLimit.name) throws(InputError) -> String? {
        guard let value else { return nil }
        try TextLimit.check(value, field: field, maxLength: maxLength)
        return value
    }
}
