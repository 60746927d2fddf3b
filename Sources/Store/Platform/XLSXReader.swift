import Domain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first sheet of an .xlsx workbook into the same table a CSV file gives, so every
/// import takes both. Shared strings, inline strings and numbers are read; dates typed as
/// numbers arrive as the serial number (the import asks for dd/mm/yyyy text).
public enum XLSXReader {
    /// The most a workbook may unpack to (shared strings and the sheet together): a zip of a few
    /// kilobytes can claim gigabytes, so the count is kept while inflating, not read from the
    /// header.
    public static let maxDecompressedBytes = 50 * 1024 * 1024
    /// Excel's own limits for a cell reference: columns A–XFD, rows 1–1.048.576.
    static let maxColumnIndex = 16_383
    static let maxRowNumber = 1_048_576

    public static func table(data: Data, limits: CSVLimits = .upload) throws(CSVError) -> CSVTable {
        // Read with our own bounded reader (ZIPEntries): ZIPFoundation's in-memory archive traps on
        // an entry offset past the end of the data, and its Linux inflater can spin forever on a
        // stream that never ends.
        guard let archive = ZIPEntries(data) else { throw .notWorkbook }
        var budget = maxDecompressedBytes
        // A workbook written with inline strings has no shared strings at all.
        var shared = SharedStrings()
        if archive.entries["xl/sharedStrings.xml"] != nil {
            do {
                shared = try parse(entry: "xl/sharedStrings.xml", in: archive, with: SharedStrings(), budget: &budget)
            } catch let error as CSVError where error != .notWorkbook { throw error } catch {}
        }
        let sheetPath = firstSheetPath(archive) ?? "xl/worksheets/sheet1.xml"
        let sheet: SheetRows
        do {
            sheet = try parse(entry: sheetPath, in: archive, with: SheetRows(shared: shared.values, limits: limits),
                              budget: &budget)
        } catch let error as CSVError { throw error } catch { throw .notWorkbook }
        if let problem = sheet.problem { throw problem }
        // Rebuild as CSV text so rows, lines and errors behave exactly as for a CSV file.
        let width = sheet.rows.map { ($0.keys.max() ?? -1) + 1 }.max() ?? 0
        var text = ""
        for row in sheet.rows {
            let cells = (0..<width).map { column -> String in
                let value = row[column] ?? ""
                return value.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return try CSVTable(text: text, limits: limits)
    }

    static func firstSheetPath(_ archive: ZIPEntries) -> String? {
        archive.entries.keys.filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }.sorted().first
    }

    static func parse<D: XMLParserDelegate>(entry path: String, in archive: ZIPEntries, with delegate: D,
                                            budget: inout Int) throws -> D {
        let data = try archive.contents(of: path, budget: budget)
        budget -= data.count
        // Foundation's XML parser traps on a name that is not UTF-8; a workbook's parts always are.
        guard String(data: data, encoding: .utf8) != nil else { throw CSVError.notWorkbook }
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let parsed = parser.parse()
        // A limit the sheet broke stops the parser: name the limit, not a broken file.
        if let problem = (delegate as? SheetRows)?.problem { throw problem }
        guard parsed else { throw CSVError.notWorkbook }
        return delegate
    }

    final class SharedStrings: NSObject, XMLParserDelegate {
        var values: [String] = []
        private var current = ""
        private var inText = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "si" { current = "" }
            if name == "t" { inText = true }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inText = false }
            if name == "si" { values.append(current) }
        }
    }

    final class SheetRows: NSObject, XMLParserDelegate {
        let shared: [String]
        let limits: CSVLimits
        var rows: [[Int: String]] = []
        /// The first limit the sheet broke; parsing stops there.
        var problem: CSVError?
        private var row: [Int: String] = [:]
        private var column = 0
        private var type = ""
        private var value = ""
        private var capture = false

        init(shared: [String], limits: CSVLimits) {
            self.shared = shared
            self.limits = limits
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "row":
                row = [:]
                column = 0
                guard rows.count < limits.maxRows else { return stop(parser, .tooManyRows(max: limits.maxRows)) }
            case "c":
                type = attributes["t"] ?? ""
                if let reference = attributes["r"] {
                    guard let index = Self.column(of: reference) else {
                        return stop(parser, .badCellReference(String(reference.prefix(20))))
                    }
                    column = index
                }
                guard column < limits.maxColumns else {
                    return stop(parser, .tooManyColumns(line: rows.count + 1, max: limits.maxColumns))
                }
                value = ""
            case "v", "t": capture = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard capture else { return }
            value += string
            if value.utf8.count > limits.maxFieldBytes {
                stop(parser, .fieldTooLong(row: rows.count, line: rows.count + 1, column: Self.letters(column),
                                           max: limits.maxFieldCharacters))
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t": capture = false
            case "c":
                row[column] = type == "s" ? Int(value).flatMap { shared.indices.contains($0) ? shared[$0] : nil } ?? "" : value
                column += 1
            case "row": rows.append(row)
            default: break
            }
        }

        private func stop(_ parser: XMLParser, _ error: CSVError) {
            if problem == nil { problem = error }
            parser.abortParsing()
        }

        /// "C12" → 2 (zero-based column of a cell reference); nil for what is not a reference
        /// inside Excel's A1–XFD1048576.
        static func column(of reference: String) -> Int? {
            let bytes = Array(reference.utf8)
            let letters = bytes.prefix { (65...90).contains($0) }
            let digits = bytes.dropFirst(letters.count)
            guard (1...3).contains(letters.count), (1...7).contains(digits.count),
                  digits.allSatisfy({ (48...57).contains($0) }), digits.first != 48 else { return nil }
            let n = letters.reduce(0) { $0 * 26 + Int($1) - 64 }
            let rowNumber = digits.reduce(0) { $0 * 10 + Int($1) - 48 }
            guard n - 1 <= maxColumnIndex, rowNumber <= maxRowNumber else { return nil }
            return n - 1
        }

        /// 2 → "C", as the spreadsheet names a column.
        static func letters(_ index: Int) -> String {
            var n = index + 1
            var text = ""
            while n > 0 {
                let rest = (n - 1) % 26
                text = String(UnicodeScalar(UInt8(65 + rest))) + text
                n = (n - 1) / 26
            }
            return text
        }
    }
}
