import Foundation
import SQLKit

/// Values kept as JSON text in a column (definitions of standards, scorecards, programs, scoring
/// tables; review entries; records): one encoder with sorted keys, so the same value is the same text.
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func value<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// The `definition` column of each row, decoded.
    static func definitions<T: Decodable>(_ type: T.Type, _ rows: [any SQLRow]) throws -> [T] {
        try rows.map { try value(T.self, from: try $0.decode(column: "definition", as: String.self)) }
    }
}
