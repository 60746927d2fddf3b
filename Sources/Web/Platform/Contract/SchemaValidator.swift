import Domain
import Foundation

/// One way a value breaks its schema, named by where it sits (`body.lines[3].interest`).
struct SchemaViolation: Sendable, Equatable {
    let field: String
    let code: String
    let message: String
}

/// The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the API's document uses:
/// `$ref`, `type` (with "null" in a list), `enum`, `const`, bounds, lengths (in code points),
/// `pattern`, `format` date / date-time, `properties`, `required`, `additionalProperties`,
/// `items`, `minItems`, `maxItems`, `anyOf`, `oneOf`, `allOf`. A date is checked by the one bound
/// (`BusinessDate.inputRange`), an amount (a `Money…` schema) answers `invalid_amount`.
struct SchemaValidator: Sendable {
    let document: JSONNode
    private let patterns: [String: NSRegularExpression]

    init(document: JSONNode) {
        self.document = document
        var patterns: [String: NSRegularExpression] = [:]
        Self.collectPatterns(document, into: &patterns)
        self.patterns = patterns
    }

    static func collectPatterns(
        _ node: JSONNode, into patterns: inout [String: NSRegularExpression]
    ) {
        switch node {
        case .object(let object):
            if let pattern = object["pattern"]?.string, patterns[pattern] == nil {
                patterns[pattern] = try? NSRegularExpression(pattern: pattern)
            }
            for value in object.values { collectPatterns(value, into: &patterns) }
        case .array(let array): for value in array { collectPatterns(value, into: &patterns) }
        default: return
        }
    }

    func resolve(_ ref: String) -> JSONNode {
        var node = document
        for part in ref.dropFirst(2).split(separator: "/") { node = node[String(part)] ?? .null }
        return node
    }

    /// Every violation of `value` against `schema`, at most `limit`.
    func validate(
        _ value: JSONNode, against schema: JSONNode, field: String, money: Bool = false,
        limit: Int = 20
    ) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        check(value, schema, field: field, money: money, into: &found, limit: limit)
        return found
    }

    func check(
        _ value: JSONNode, _ schema: JSONNode, field: String, money: Bool,
        into found: inout [SchemaViolation], limit: Int
    ) {
        guard found.count < limit else { return }
        if let ref = schema["$ref"]?.string {
            let isMoney = money || ref.split(separator: "/").last?.hasPrefix("Money") == true
            return check(
                value, resolve(ref), field: field, money: isMoney, into: &found, limit: limit)
        }
        // A schema may keep the error code its field had before the contract (`x-error-code`).
        let forced = schema["x-error-code"]?.string
        func add(_ violation: SchemaViolation) {
            found.append(
                forced.map {
                    SchemaViolation(field: violation.field, code: $0, message: violation.message)
                } ?? violation)
        }
        if let violation = alternatives(value, schema, field: field, money: money) {
            return add(violation)
        }
        for part in schema["allOf"]?.array ?? [] {
            check(value, part, field: field, money: money, into: &found, limit: limit)
        }
        if let violation = scalar(value, schema, field: field, money: money) {
            return add(violation)
        }
        if case .object(let object) = value {
            members(object, schema, field: field, into: &found, limit: limit)
        }
        if case .array(let array) = value {
            elements(array, schema, field: field, into: &found, limit: limit)
        }
    }

    /// anyOf / oneOf: at least one (anyOf) or exactly one (oneOf) alternative admits the value;
    /// not: the schema it names must refuse it.
    func alternatives(
        _ value: JSONNode, _ schema: JSONNode, field: String, money: Bool
    ) -> SchemaViolation? {
        if let excluded = schema["not"],
            validate(value, against: excluded, field: field, money: money, limit: 1).isEmpty
        {
            return SchemaViolation(
                field: field, code: money ? "invalid_amount" : "invalid_input",
                message: "«\(field)» có dạng không được nhận.")
        }
        for key in ["anyOf", "oneOf"] {
            guard let options = schema[key]?.array else { continue }
            let passing = options.filter {
                validate(value, against: $0, field: field, money: money, limit: 1).isEmpty
            }.count
            let ok = key == "anyOf" ? passing > 0 : passing == 1
            if !ok {
                return SchemaViolation(
                    field: field, code: money ? "invalid_amount" : "invalid_input",
                    message: "«\(field)» không khớp dạng nào được nhận.")
            }
        }
        return nil
    }

    func scalar(
        _ value: JSONNode, _ schema: JSONNode, field: String, money: Bool
    ) -> SchemaViolation? {
        let code = money ? "invalid_amount" : "invalid_input"
        let types =
            schema["type"]?.array?.compactMap(\.string) ?? schema["type"]?.string.map { [$0] } ?? []
        if !types.isEmpty, value.schemaTypes.isDisjoint(with: types) {
            return SchemaViolation(
                field: field, code: money ? code : "malformed_body",
                message:
                    "«\(field)» sai kiểu: cần \(types.map(Self.label).joined(separator: " hoặc "))."
            )
        }
        if let allowed = schema["enum"]?.array, !allowed.contains(value) {
            let words = allowed.compactMap(\.string).prefix(12).joined(separator: ", ")
            return SchemaViolation(
                field: field, code: code,
                message: "«\(field)» không thuộc các giá trị được nhận: \(words).")
        }
        if let constant = schema["const"], constant != value {
            return SchemaViolation(
                field: field, code: code, message: "«\(field)» phải là \(constant).")
        }
        if let violation = Self.bounds(value, schema, field: field, code: code) { return violation }
        if case .string(let text) = value { return string(text, schema, field: field) }
        return nil
    }

    static func label(_ type: String) -> String {
        [
            "string": "chuỗi", "integer": "số nguyên", "number": "số", "boolean": "true/false",
            "array": "danh sách",
            "object": "đối tượng", "null": "null",
        ][type] ?? type
    }

    static func bounds(
        _ value: JSONNode, _ schema: JSONNode, field: String, code: String
    ) -> SchemaViolation? {
        let low = schema["minimum"], high = schema["maximum"]
        let lowEx = schema["exclusiveMinimum"], highEx = schema["exclusiveMaximum"]
        guard low != nil || high != nil || lowEx != nil || highEx != nil, value.double != nil else {
            return nil
        }
        let below =
            low.map { compare(value, $0) < 0 } ?? false
            || lowEx.map { compare(value, $0) <= 0 } ?? false
        let above =
            high.map { compare(value, $0) > 0 } ?? false
            || highEx.map { compare(value, $0) >= 0 } ?? false
        guard below || above else { return nil }
        let range = [low.map { "từ \(text($0))" }, high.map { "đến \(text($0))" }].compactMap { $0 }
            .joined(separator: " ")
        return SchemaViolation(
            field: field, code: code,
            message: "«\(field)» phải \(range.isEmpty ? "trong khoảng cho phép" : range).")
    }

    /// Exact for whole numbers (a bound of 2⁶³−1 must not round to 2⁶³), by Double otherwise.
    static func compare(_ a: JSONNode, _ b: JSONNode) -> Int {
        if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x > y ? 1 : 0) }
        guard let x = a.double, let y = b.double else { return 0 }
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    static func text(_ node: JSONNode) -> String {
        switch node {
        case .int(let i): String(i);
        case .number(let d): String(d);
        default: "?"
        }
    }

    func string(_ text: String, _ schema: JSONNode, field: String) -> SchemaViolation? {
        let length = text.unicodeScalars.count
        if let max = schema["maxLength"].flatMap(\.double), Double(length) > max {
            return SchemaViolation(
                field: field, code: "invalid_input",
                message: "«\(field)» dài quá \(Int(max)) ký tự.")
        }
        if let min = schema["minLength"].flatMap(\.double), Double(length) < min {
            return SchemaViolation(
                field: field, code: "invalid_input",
                message: "«\(field)» cần ít nhất \(Int(min)) ký tự.")
        }
        switch schema["format"]?.string {
        case "date":
            guard (try? BusinessDate(isoInput: text)) != nil else {
                return SchemaViolation(
                    field: field, code: "invalid_date",
                    message:
                        "«\(field)»: ngày không hợp lệ (yyyy-mm-dd, từ 01/01/1900 đến 31/12/2100).")
            }
        case "date-time":
            guard ISO8601DateFormatter().date(from: text) != nil else {
                return SchemaViolation(
                    field: field, code: "invalid_input",
                    message: "«\(field)»: thời điểm không hợp lệ (ISO 8601).")
            }
        default: break
        }
        if let pattern = schema["pattern"]?.string, let regex = patterns[pattern],
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil
        {
            let code = schema["format"]?.string == "date" ? "invalid_date" : "invalid_input"
            return SchemaViolation(
                field: field, code: code, message: "«\(field)» không đúng định dạng.")
        }
        return nil
    }

    func members(
        _ object: [String: JSONNode], _ schema: JSONNode, field: String,
        into found: inout [SchemaViolation], limit: Int
    ) {
        let properties = schema["properties"]?.object ?? [:]
        for name in schema["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil
        {
            found.append(
                SchemaViolation(
                    field: Self.join(field, name), code: "malformed_body",
                    message: "Thiếu trường «\(Self.join(field, name))»."))
        }
        for (name, member) in object.sorted(by: { $0.key < $1.key }) {
            if let names = schema["propertyNames"], properties[name] == nil,
                let problem = string(name, names, field: Self.join(field, name))
            {
                found.append(problem)
            }
            if let property = properties[name] {
                check(
                    member, property, field: Self.join(field, name), money: false, into: &found,
                    limit: limit)
            } else if let extra = schema["additionalProperties"], extra.object != nil {
                check(
                    member, extra, field: Self.join(field, name), money: false, into: &found,
                    limit: limit)
            } else if schema["additionalProperties"] == .bool(false) {
                found.append(
                    SchemaViolation(
                        field: Self.join(field, name), code: "invalid_input",
                        message: "Trường «\(Self.join(field, name))» không được nhận."))
            }
        }
    }

    func elements(
        _ array: [JSONNode], _ schema: JSONNode, field: String, into found: inout [SchemaViolation],
        limit: Int
    ) {
        if let max = schema["maxItems"].flatMap(\.double), Double(array.count) > max {
            found.append(
                SchemaViolation(
                    field: field, code: "invalid_input",
                    message: "«\(field)» có quá \(Int(max)) phần tử."))
        }
        if let min = schema["minItems"].flatMap(\.double), Double(array.count) < min {
            found.append(
                SchemaViolation(
                    field: field, code: "invalid_input",
                    message: "«\(field)» cần ít nhất \(Int(min)) phần tử."))
        }
        guard let items = schema["items"] else { return }
        for (index, element) in array.enumerated() {
            check(
                element, items, field: "\(field)[\(index)]", money: false, into: &found,
                limit: limit)
        }
    }

    static func join(_ field: String, _ name: String) -> String {
        field.isEmpty ? name : "\(field).\(name)"
    }
}
