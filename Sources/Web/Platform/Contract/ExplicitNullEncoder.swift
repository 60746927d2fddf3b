import Foundation
import Vapor

/// JSON for API answers in which a field that has no value is `null`, never missing (a direct
/// borrower's `household` in `GET /api/v1/loans`): the document can then say every field is
/// required, and a client reads one shape. Keys sorted, so the same answer is the same bytes
/// (a money command's replay). Swift's synthesised `Encodable` calls `encodeIfPresent` for an
/// optional; this encoder's containers write `null` there instead of leaving the key out.
enum APIJSON {
    static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let encoder = TreeEncoder()
        try value.encode(to: encoder)
        var out = ""
        encoder.root.value.write(to: &out)
        return Data(out.utf8)
    }
}

/// `ContentConfiguration`'s JSON encoder for every `Content` answer.
struct APIJSONContentEncoder: ContentEncoder {
    func encode<E: Encodable>(
        _ encodable: E, to body: inout ByteBuffer, headers: inout HTTPHeaders
    ) throws {
        headers.contentType = .json
        body.writeBytes(try APIJSON.encode(encodable))
    }
}

/// The tree being written: a reference, so nested containers fill their parent in place.
final class JSONOut {
    enum Value {
        case null, bool(Bool), int(Int64), uint(UInt64), double(Double), string(String)
        case array([JSONOut]), object([String: JSONOut])

        func write(to out: inout String) {
            switch self {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i): out += String(i)
            case .uint(let u): out += String(u)
            case .double(let d):
                out +=
                    d.isFinite
                    ? (d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)) : "null"
            case .string(let s): JSONOut.quote(s, into: &out)
            case .array(let items):
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += "," }; item.value.write(to: &out)
                }
                out += "]"
            case .object(let members):
                out += "{"
                for (i, key) in members.keys.sorted().enumerated() {
                    if i > 0 { out += "," }
                    JSONOut.quote(key, into: &out)
                    out += ":"
                    members[key]?.value.write(to: &out)
                }
                out += "}"
            }
        }
    }

    var value: Value
    init(_ value: Value = .null) { self.value = value }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

final class TreeEncoder: Encoder {
    let root: JSONOut
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(root: JSONOut = JSONOut(), codingPath: [any CodingKey] = []) {
        self.root = root
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = root.value {} else { root.value = .object([:]) }
        return KeyedEncodingContainer(KeyedTree<Key>(node: root, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = root.value {} else { root.value = .array([]) }
        return UnkeyedTree(node: root, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTree(node: root, codingPath: codingPath)
    }

    /// A value as the tree holds it; the types JSON has its own words for, then everything else.
    static func box<T: Encodable>(_ value: T, path: [any CodingKey]) throws -> JSONOut {
        switch value {
        case let date as Date: return JSONOut(.string(ISO8601DateFormatter().string(from: date)))
        case let data as Data: return JSONOut(.string(data.base64EncodedString()))
        case let url as URL: return JSONOut(.string(url.absoluteString))
        case let decimal as Decimal: return JSONOut(.string(decimal.description))
        default:
            let encoder = TreeEncoder(codingPath: path)
            try value.encode(to: encoder)
            return encoder.root
        }
    }
}
