import Foundation

/// Dữ liệu vào không hợp lệ: what an edge (a form, a query, an API body, a file) refuses before
/// any rule of a context runs. Each bound is declared once (`BusinessDate.inputRange`,
/// `Money.inputMaximum`, `TextLimit`, `Paging`) and every edge answers with this error, so a
/// value outside a bound is a 400 with the field named, never a trap further in.
public enum InputError: DomainError, Equatable {
    /// A whole number outside its bounds (a `limit`, a term in months, a percentage).
    case outOfRange(field: String, min: Int64, max: Int64)
    /// Text longer than its field may hold.
    case tooLong(field: String, maxLength: Int)
    /// Text with control characters (NUL, escape …) that no field holds.
    case controlCharacters(field: String)
    /// A number, code or CCCD written with other than the ASCII digits 0–9.
    case notASCIIDigits(field: String)
    /// An amount outside 0…`Money.inputMaximum`.
    case invalidAmount(field: String)

    public var code: String {
        if case .invalidAmount = self { return "invalid_amount" }
        return "invalid_input"
    }

    public var field: String {
        switch self {
        case .outOfRange(let field, _, _), .tooLong(let field, _), .controlCharacters(let field),
             .notASCIIDigits(let field), .invalidAmount(let field): field
        }
    }

    public var message: String {
        switch self {
        case .outOfRange(let field, let min, let max):
            "«\(field)» phải là số nguyên từ \(min) đến \(max)."
        case .tooLong(let field, let maxLength):
            "«\(field)» dài quá \(maxLength) ký tự."
        case .controlCharacters(let field):
            "«\(field)» chứa ký tự điều khiển không được phép."
        case .notASCIIDigits(let field):
            "«\(field)» chỉ được gồm các chữ số 0–9."
        case .invalidAmount(let field):
            "«\(field)» phải là số đồng từ 0 đến \(Money.inputMaximum.formatted())."
        }
    }

    public var kind: FailureKind { .malformed }

    public var details: [ErrorDetail] { [ErrorDetail(field: field, code: code, message: message)] }
}

/// Độ dài tối đa của trường văn bản: the longest text each kind of field holds. The database
/// columns are `TEXT` on both drivers, so these are the columns' lengths: every edge checks
/// them and the OpenAPI document states them as `maxLength`.
public enum TextLimit {
    /// Codes and identifiers: a unit or household code, an id, an idempotency key.
    public static let code = 200
    /// A person's, a group's or a place's name; a title; a search.
    public static let name = 200
    /// One line: an address, a village, a phone number, a legal source.
    public static let line = 500
    /// Free text: a reason, minutes, a description, a note.
    public static let note = 4000

    /// Checks one value: at most `maxLength` characters and no control characters but tab and
    /// line ends (which multi-line notes hold).
    public static func check(_ text: String, field: String, maxLength: Int) throws(InputError) {
        guard text.count <= maxLength else { throw .tooLong(field: field, maxLength: maxLength) }
        let allowed: Set<UInt32> = [9, 10, 13]
        for scalar in text.unicodeScalars
        where (scalar.value < 32 && !allowed.contains(scalar.value)) || (0x7F...0x9F).contains(scalar.value) {
            throw .controlCharacters(field: field)
        }
    }
}

extension StringProtocol {
    /// Only the ASCII digits 0–9 (and not empty): what a number, code or CCCD may be written in.
    public var isASCIIDigits: Bool { !isEmpty && utf8.allSatisfy { (48...57).contains($0) } }
}

/// Marks a decoder as reading what a request sent, so that the kernel types apply their input
/// bounds (`Money.inputMaximum`, `BusinessDate.inputRange`) while decoding; stored JSON is read
/// without the mark and keeps whatever the books hold.
public enum InputDecoding {
    public static let key = CodingUserInfoKey(rawValue: "policy-credit.request-input")

    public static func isInput(_ decoder: any Decoder) -> Bool {
        guard let key else { return false }
        return decoder.userInfo[key] as? Bool == true
    }
}
