import Domain
import Foundation

/// Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, an optional UTF-8 BOM) into
/// rows keyed by header. Line numbers are kept so that every error can name its row and line.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// 1-based data row (the header is row 0), as people count rows below a header.
        public let number: Int
        /// 1-based line in the file where the row starts.
        public let line: Int
        public let fields: [String: String]

        public subscript(_ column: String) -> String? { fields[column] }
    }

    public let header: [String]
    public let rows: [Row]

    public init(text: String) throws(CSVError) {
        var records: [(line: Int, fields: [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    let following = next()
                    if following == "\"" { field.unicodeScalars.append("\"") }
                    else { inQuotes = false; pending = following }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty else { throw .strayQuote(line: line) }
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                fields.append(field)
                field = ""
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        guard let first = records.first else { throw .empty }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for (index, record) in records.dropFirst().enumerated() {
            guard record.fields.count == header.count else {
                throw .wrongFieldCount(row: index + 1, line: record.line, expected: header.count, found: record.fields.count)
            }
            var dict: [String: String] = [:]
            for (name, value) in zip(header, record.fields) { dict[name] = value }
            rows.append(Row(number: index + 1, line: record.line, fields: dict))
        }
        self.rows = rows
    }

    public func requireColumns(_ columns: [String]) throws(CSVError) {
        let missing = columns.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(missing) }
    }
}

public enum CSVError: DomainError, Equatable {
    case empty
    case strayQuote(line: Int)
    case unterminatedQuote(line: Int)
    case wrongFieldCount(row: Int, line: Int, expected: Int, found: Int)
    case missingColumns([String])
    case notUTF8
    case notWorkbook

    public var code: String {
        switch self {
        case .empty: "csv_empty"
        case .strayQuote, .unterminatedQuote: "csv_quote"
        case .wrongFieldCount: "csv_field_count"
        case .missingColumns: "csv_missing_columns"
        case .notUTF8: "csv_not_utf8"
        case .notWorkbook: "xlsx_unreadable"
        }
    }

    public var message: String {
        switch self {
        case .empty: "Tệp CSV trống."
        case .strayQuote(let line): "Dấu ngoặc kép đặt sai chỗ ở dòng \(line)."
        case .unterminatedQuote(let line): "Dấu ngoặc kép mở ở dòng \(line) không được đóng."
        case .wrongFieldCount(let row, let line, let expected, let found):
            "Hàng \(row) (dòng \(line)) có \(found) cột, cần \(expected) cột."
        case .missingColumns(let columns): "Thiếu cột: \(columns.joined(separator: ", "))."
        case .notUTF8: "Tệp không phải văn bản UTF-8."
        case .notWorkbook: "Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải bảng tính."
        }
    }

    public var kind: FailureKind { .malformed }

    public var details: [ErrorDetail] {
        switch self {
        case .wrongFieldCount(let row, let line, _, _): [ErrorDetail(row: row, line: line, code: code, message: message)]
        case .strayQuote(let line), .unterminatedQuote(let line): [ErrorDetail(line: line, code: code, message: message)]
        default: []
        }
    }
}

extension CSVTable {
    /// A table from an uploaded file: an .xlsx workbook (recognised by its zip signature) or
    /// UTF-8 CSV text.
    public init(fileData data: Data) throws(CSVError) {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            self = try XLSXReader.table(data: data)
            return
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        try self.init(text: text)
    }
}

/// The reference files the product ships (copies of `shared/data`).
public enum BundledData {
    public static func text(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Data") else {
            throw CSVError.empty
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    public static func table(_ name: String) throws -> CSVTable { try CSVTable(text: text(name)) }
}
