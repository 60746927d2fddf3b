import Foundation

/// JSON as a value that keeps booleans, whole numbers and other numbers apart (Foundation's
/// `JSONSerialization` does not on Linux): what the contract validator walks.
indirect enum JSONNode: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONNode].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONNode].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONNode {
        try JSONDecoder().decode(JSONNode.self, from: data)
    }

    subscript(_ key: String) -> JSONNode? { if case .object(let o) = self { o[key] } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var array: [JSONNode]? { if case .array(let a) = self { a } else { nil } }
    var object: [String: JSONNode]? { if case .object(let o) = self { o } else { nil } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }

    /// A number as a Double, for bounds; whole numbers keep their own comparison (`compare`).
    var double: Double? {
        switch self {
        case .int(let i): Double(i);
        case .number(let d): d;
        default: nil
        }
    }

    /// The JSON Schema type names this value satisfies.
    var schemaTypes: Set<String> {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .int: ["integer", "number"]
        case .number(let d): d.rounded() == d && d.isFinite ? ["integer", "number"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }
}
