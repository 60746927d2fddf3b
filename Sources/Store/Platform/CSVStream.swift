import Domain
import Foundation

/// Rows of a CSV file read in 1 MiB chunks, so a file of millions of rows never sits in memory
/// whole. Same rules as `CSVTable` (RFC 4180 quotes, CRLF or LF, an optional BOM, row and line
/// numbers); the source can be read again from the start, which two-pass imports need.
public struct CSVSource: Sendable {
    enum Origin: Sendable { case file(String), table(CSVTable) }
    let origin: Origin

    public static func file(_ path: String) -> CSVSource { CSVSource(origin: .file(path)) }
    public static func table(_ table: CSVTable) -> CSVSource { CSVSource(origin: .table(table)) }

    /// A file by its path: a CSV file is read as a stream; a workbook (.xlsx, a zip) is read
    /// whole, since its sheet is compressed.
    public static func path(_ path: String) throws -> CSVSource {
        let head = try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 4)
        guard head == Data([0x50, 0x4B, 0x03, 0x04]) else { return .file(path) }
        return .table(
            try CSVTable(fileData: try Data(contentsOf: URL(fileURLWithPath: path)), limits: .file))
    }

    /// Calls `body` with the header, then each row in order.
    public func forEachRow(header: ([String]) throws -> Void, _ body: (CSVTable.Row) async throws -> Void) async throws {
        switch origin {
        case .table(let table):
            try header(table.header)
            for row in table.rows { try await body(row) }
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CSVError.empty }
            defer { try? handle.close() }
            var reader = Reader(limits: .file)
            var names: [String]?
            var number = 0
            func emit(_ record: (line: Int, fields: [String])) async throws {
                guard let names else {
                    let cleaned = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
                    names = cleaned
                    try header(cleaned)
                    return
                }
                number += 1
                guard record.fields.count == names.count else {
                    throw CSVError.wrongFieldCount(row: number, line: record.line, expected: names.count, found: record.fields.count)
                }
                var fields: [String: String] = [:]
                fields.reserveCapacity(names.count)
                for (name, value) in zip(names, record.fields) { fields[name] = value }
                try await body(CSVTable.Row(number: number, line: record.line, fields: fields))
            }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                for record in try reader.feed(chunk) { try await emit(record) }
            }
            for record in try reader.finish() { try await emit(record) }
            if names == nil { throw CSVError.empty }
        }
    }

    /// A byte-level state machine: quotes, separators and line ends are ASCII, so UTF-8 text
    /// is only decoded field by field, never split inside a character.
    struct Reader {
        let limits: CSVLimits
        var field: [UInt8] = []
        /// The header once read, to name the column of a cell that is too long.
        var names: [String]?
        var recordCount = 0
        var fields: [String] = []
        var inQuotes = false
        var quotePending = false
        var line = 1
        var recordLine = 1
        var atStart = true
        var bomChecked = false

        mutating func feed(_ data: Data) throws(CSVError) -> [(line: Int, fields: [String])] {
            var records: [(line: Int, fields: [String])] = []
            var bytes = [UInt8](data)
            if !bomChecked {
                bomChecked = true
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            }
            for byte in bytes {
                if inQuotes {
                    if quotePending {
                        quotePending = false
                        if byte == 0x22 { field.append(0x22); continue }
                        inQuotes = false
                    } else if byte == 0x22 {
                        quotePending = true
                        continue
                    } else {
                        if byte == 0x0A { line += 1 }
                        try append(byte)
                        continue
                    }
                }
                switch byte {
                case 0x22:
                    guard field.isEmpty else { throw .strayQuote(line: line) }
                    inQuotes = true
                    atStart = false
                case 0x2C:
                    try endField()
                    atStart = false
                case 0x0D:
                    continue
                case 0x0A:
                    try endField()
                    if !(fields.count == 1 && fields[0].isEmpty) { try record(&records) }
                    fields = []
                    line += 1
                    recordLine = line
                    atStart = true
                default:
                    try append(byte)
                    atStart = false
                }
            }
            return records
        }

        mutating func append(_ byte: UInt8) throws(CSVError) {
            guard field.count < limits.maxFieldBytes else {
                let index = fields.count
                let column = names.map { index < $0.count ? $0[index] : "\(index + 1)" } ?? "\(index + 1)"
                throw .fieldTooLong(row: recordCount == 0 ? 0 : recordCount, line: recordLine, column: column,
                                    max: limits.maxFieldCharacters)
            }
            field.append(byte)
        }

        mutating func record(_ records: inout [(line: Int, fields: [String])]) throws(CSVError) {
            // The header is the first record: `maxRows` data rows below it.
            guard recordCount <= limits.maxRows else { throw .tooManyRows(max: limits.maxRows) }
            if names == nil { names = fields.map { $0.trimmingCharacters(in: .whitespaces) } }
            recordCount += 1
            records.append((recordLine, fields))
        }

        mutating func endField() throws(CSVError) {
            guard let text = String(validating: field, as: UTF8.self) else { throw .notUTF8 }
            if field.count > limits.maxFieldCharacters, text.count > limits.maxFieldCharacters {
                let index = fields.count
                let column = names.map { index < $0.count ? $0[index] : "\(index + 1)" } ?? "\(index + 1)"
                throw .fieldTooLong(row: recordCount, line: recordLine, column: column, max: limits.maxFieldCharacters)
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            guard fields.count <= limits.maxColumns else { throw .tooManyColumns(line: recordLine, max: limits.maxColumns) }
        }

        mutating func finish() throws(CSVError) -> [(line: Int, fields: [String])] {
            if quotePending { quotePending = false; inQuotes = false }
            if inQuotes { throw .unterminatedQuote(line: recordLine) }
            guard !field.isEmpty || !fields.isEmpty else { return [] }
            try endField()
            var records: [(line: Int, fields: [String])] = []
            try record(&records)
            return records
        }
    }
}
