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

    public init(text: String, limits: CSVLimits = .upload) throws(CSVError) {
        var records: [(line: Int, fields: [String])] = []
        var field = ""
        var fieldBytes = 0
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
        func append(_ c: Unicode.Scalar) throws(CSVError) {
            fieldBytes += UTF8.width(c)
            guard fieldBytes <= limits.maxFieldBytes else {
                let index = fields.count
                let names = records.first?.fields ?? []
                throw .fieldTooLong(row: records.count, line: recordLine,
                                    column: index < names.count ? names[index] : "\(index + 1)",
                                    max: limits.maxFieldCharacters)
            }
            field.unicodeScalars.append(c)
        }
        func endField() throws(CSVError) {
            // Bytes bound the memory while reading; characters, as people count them, the cell.
            if fieldBytes > limits.maxFieldCharacters, field.count > limits.maxFieldCharacters {
                let names = records.first?.fields ?? []
                let index = fields.count
                throw .fieldTooLong(row: records.count, line: recordLine,
                                    column: index < names.count ? names[index] : "\(index + 1)",
                                    max: limits.maxFieldCharacters)
            }
            fields.append(field)
            field = ""
            fieldBytes = 0
            guard fields.count <= limits.maxColumns else {
                throw .tooManyColumns(line: recordLine, max: limits.maxColumns)
            }
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    let following = next()
                    if following == "\"" { try append("\"") }
                    else { inQuotes = false; pending = following }
                } else {
                    if c == "\n" { line += 1 }
                    try append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty else { throw .strayQuote(line: line) }
                inQuotes = true
            case ",":
                try endField()
            case "\r":
                continue
            case "\n":
                try endField()
                if !(fields.count == 1 && fields[0].isEmpty) {
                    // The header is a record too: `maxRows` data rows below it.
                    guard records.count <= limits.maxRows else { throw .tooManyRows(max: limits.maxRows) }
                    records.append((recordLine, fields))
                }
                fields = []
                line += 1
                recordLine = line
            default:
                try append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty {
            try endField()
            guard records.count <= limits.maxRows else { throw .tooManyRows(max: limits.maxRows) }
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

/// What one file may hold (issue #13): rows, columns and the length of one cell. An upload is
/// read whole into memory, so it gets the smaller limits; a file the command line streams from
/// disk may be as long as a province's register.
public struct CSVLimits: Sendable, Equatable {
    public var maxRows: Int
    public var maxColumns: Int
    /// Characters of one cell, as people count them (`TextLimit.note`).
    public var maxFieldCharacters: Int

    /// UTF-8 bytes of one cell: four per character at most.
    public var maxFieldBytes: Int { maxFieldCharacters * 4 }

    public static let upload = CSVLimits(maxRows: 200_000, maxColumns: 256, maxFieldCharacters: TextLimit.note)
    public static let file = CSVLimits(maxRows: 20_000_000, maxColumns: 256, maxFieldCharacters: TextLimit.note)
}

public enum CSVError: DomainError, Equatable {
    case empty
    case strayQuote(line: Int)
    case unterminatedQuote(line: Int)
    case wrongFieldCount(row: Int, line: Int, expected: Int, found: Int)
    case missingColumns([String])
    case notUTF8
    case notWorkbook
    case tooManyRows(max: Int)
    case tooManyColumns(line: Int, max: Int)
    /// `row` 0 is the header; `column` is the header's name, a letter in a workbook, or a number.
    case fieldTooLong(row: Int, line: Int, column: String, max: Int)
    case workbookTooLarge(maxBytes: Int)
    case badCellReference(String)

    public var code: String {
        switch self {
        case .empty: "csv_empty"
        case .strayQuote, .unterminatedQuote: "csv_quote"
        case .wrongFieldCount: "csv_field_count"
        case .missingColumns: "csv_missing_columns"
        case .notUTF8: "csv_not_utf8"
        case .notWorkbook: "xlsx_unreadable"
        case .tooManyRows, .tooManyColumns, .fieldTooLong, .workbookTooLarge: "file_too_large"
        case .badCellReference: "xlsx_cell_reference"
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
        case .tooManyRows(let max): "Tệp có quá \(Money(dong: Int64(max)).formatted(withSymbol: false)) hàng; hãy chia thành nhiều tệp."
        case .tooManyColumns(let line, let max): "Dòng \(line) có quá \(max) cột."
        case .fieldTooLong(let row, let line, let column, let max):
            "Hàng \(row) (dòng \(line)), cột \(column): ô dài quá \(max) ký tự."
        case .workbookTooLarge(let maxBytes):
            "Tệp Excel khi giải nén lớn quá \(maxBytes / 1024 / 1024) MB; hãy chia thành nhiều tệp."
        case .badCellReference(let reference):
            "Tệp Excel có địa chỉ ô không hợp lệ: «\(reference)» (cột A–XFD, hàng 1–1.048.576)."
        }
    }

    /// The file arrived and was read; what it holds is refused, row and line named: 422, like an
    /// import's bad rows (400 is kept for a request that breaks the API's document).
    public var kind: FailureKind { .ruleBroken }

    public var details: [ErrorDetail] {
        switch self {
        case .wrongFieldCount(let row, let line, _, _): [ErrorDetail(row: row, line: line, code: code, message: message)]
        case .strayQuote(let line), .unterminatedQuote(let line), .tooManyColumns(let line, _):
            [ErrorDetail(line: line, code: code, message: message)]
        case .fieldTooLong(let row, let line, let column, _):
            [ErrorDetail(row: row, line: line, field: column, code: code, message: message)]
        default: []
        }
    }
}

extension CSVTable {
    /// A table from an uploaded file: an .xlsx workbook (recognised by its zip signature) or
    /// UTF-8 CSV text.
    public init(fileData data: Data, limits: CSVLimits = .upload) throws(CSVError) {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            self = try XLSXReader.table(data: data, limits: limits)
            return
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        try self.init(text: text, limits: limits)
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
