import Domain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first sheet of an .xlsx workbook into the same table a CSV file gives, so every
/// import takes both. Shared strings, inline strings and numbers are read; dates typed as
/// numbers arrive as the serial number (the import asks for dd/mm/yyyy text).
public enum XLSXReader {
    public static func table(data: Data) throws(CSVError) -> CSVTable {
        guard let archive = try? Archive(data: data, accessMode: .read) else { throw .notWorkbook }
        let shared = (try? parse(entry: "xl/sharedStrings.xml", in: archive, with: SharedStrings())) ?? SharedStrings()
        let sheetPath = firstSheetPath(archive) ?? "xl/worksheets/sheet1.xml"
        guard let sheet = try? parse(entry: sheetPath, in: archive, with: SheetRows(shared: shared.values)) else { throw .notWorkbook }
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
        return try CSVTable(text: text)
    }

    static func firstSheetPath(_ archive: Archive) -> String? {
        archive.map(\.path).filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }.sorted().first
    }

    static func parse<D: XMLParserDelegate>(entry path: String, in archive: Archive, with delegate: D) throws -> D {
        guard let entry = archive[path] else { throw CSVError.notWorkbook }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else { throw CSVError.notWorkbook }
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
        var rows: [[Int: String]] = []
        private var row: [Int: String] = [:]
        private var column = 0
        private var type = ""
        private var value = ""
        private var capture = false

        init(shared: [String]) { self.shared = shared }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            switch name {
            case "row": row = [:]; column = 0
            case "c":
                type = attributes["t"] ?? ""
                column = attributes["r"].map(Self.column(of:)) ?? column
                value = ""
            case "v", "t": capture = true
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { if capture { value += string } }

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

        /// "C12" → 2 (zero-based column of a cell reference).
        static func column(of reference: String) -> Int {
            var n = 0
            for scalar in reference.unicodeScalars {
                guard (65...90).contains(scalar.value) else { break }
                n = n * 26 + Int(scalar.value) - 64
            }
            return max(0, n - 1)
        }
    }
}
