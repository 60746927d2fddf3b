import Foundation

/// Enough of JSON Schema (as OpenAPI 3.1 uses it) to check real responses against the document:
/// $ref, type (with "null" in a list), properties, required, additionalProperties, items, enum,
/// minimum, maximum, maxItems, pattern, format date / date-time, anyOf, oneOf.
struct SchemaValidator {
    let document: JSONValue

    func validate(_ value: JSONValue, against schema: JSONValue, path: String = "$") -> [String] {
        if let ref = schema["$ref"]?.string { return validate(value, against: resolve(ref), path: path) }
        if let options = (schema["anyOf"] ?? schema["oneOf"])?.array {
            let passing = options.filter { validate(value, against: $0, path: path).isEmpty }
            return passing.isEmpty ? ["\(path): matches none of the alternatives"] : []
        }
        var errors: [String] = []
        let types: [String] = schema["type"]?.array?.compactMap(\.string) ?? (schema["type"]?.string.map { [$0] } ?? [])
        if !types.isEmpty, !types.contains(where: { Self.matches(value, type: $0) }) {
            return ["\(path): expected \(types.joined(separator: "|")), got \(value)"]
        }
        if let allowed = schema["enum"]?.array, !allowed.contains(value) { errors.append("\(path): \(value) not in enum") }
        let number: Double? = switch value { case .int(let i): Double(i); case .double(let d): d; default: nil }
        if let number {
            if let min = schema["minimum"].flatMap(Self.double), number < min { errors.append("\(path): below minimum") }
            if let max = schema["maximum"].flatMap(Self.double), number > max { errors.append("\(path): above maximum") }
        }
        if case .string(let text) = value {
            if let pattern = schema["pattern"]?.string, text.range(of: pattern, options: .regularExpression) == nil {
                errors.append("\(path): «\(text)» does not match \(pattern)")
            }
            if schema["format"]?.string == "date", text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil {
                errors.append("\(path): «\(text)» is not a date")
            }
            if schema["format"]?.string == "date-time", ISO8601DateFormatter().date(from: text) == nil {
                errors.append("\(path): «\(text)» is not a date-time")
            }
        }
        if case .object(let object) = value {
            let properties = schema["properties"]?.object ?? [:]
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil {
                errors.append("\(path): missing required «\(name)»")
            }
            for (name, member) in object {
                if let propertySchema = properties[name] {
                    errors += validate(member, against: propertySchema, path: "\(path).\(name)")
                } else if let extra = schema["additionalProperties"], extra.object != nil {
                    errors += validate(member, against: extra, path: "\(path).\(name)")
                } else if schema["additionalProperties"] == .bool(false) {
                    errors.append("\(path): unexpected property «\(name)»")
                }
            }
        }
        if case .array(let array) = value {
            if let max = schema["maxItems"]?.int, array.count > max { errors.append("\(path): more than \(max) items") }
            if let items = schema["items"] {
                for (index, element) in array.enumerated() { errors += validate(element, against: items, path: "\(path)[\(index)]") }
            }
        }
        return errors
    }

    func resolve(_ ref: String) -> JSONValue {
        var node = document
        for part in ref.dropFirst(2).split(separator: "/") { node = node[String(part)] ?? .null }
        return node
    }

    static func double(_ value: JSONValue) -> Double? {
        switch value { case .int(let i): Double(i); case .double(let d): d; default: nil }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .int), ("number", .int), ("number", .double),
             ("string", .string), ("array", .array), ("object", .object): true
        default: false
        }
    }

    /// The JSON schema of an operation's response with `status`, if the document declares one.
    func responseSchema(path: String, method: String, status: Int) -> JSONValue? {
        guard var response = document["paths"]?[path]?[method.lowercased()]?["responses"]?[String(status)] else { return nil }
        if let ref = response["$ref"]?.string { response = resolve(ref) }
        return response["content"]?["application/json"]?["schema"]
    }

    /// Every (METHOD, path) the document declares.
    var operations: Set<String> {
        var result: Set<String> = []
        for (path, item) in document["paths"]?.object ?? [:] {
            for method in (item.object ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                result.insert("\(method.uppercased()) \(path)")
            }
        }
        return result
    }
}
