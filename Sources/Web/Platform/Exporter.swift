import Domain
import Foundation
import SQLKit
import Vapor
import ZIPFoundation

/// The one exporter every list uses: CSV (UTF-8 with a byte-order mark, so Excel shows
/// Vietnamese) and a real .xlsx workbook (Office Open XML, one sheet, inline strings).
enum Exporter {
    enum Format: String { case csv, xlsx }

    enum Cell: Sendable, Equatable {
        case text(String)
        case number(Int64)
    }

    struct Table: Sendable {
        let sheetName: String
        let headers: [String]
        let rows: [[Cell]]
    }

    static func format(_ text: String?) -> Format? { text.flatMap(Format.init(rawValue:)) }

    static let exportRowsHeader = "X-Policy-Credit-Export-Rows"

    static func response(_ table: Table, format: Format, fileName: String) throws -> Response {
        let response = Response(status: .ok)
        switch format {
        case .csv:
            response.body = .init(data: csv(table))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        case .xlsx:
            response.body = .init(data: try xlsx(table))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName).\(format.rawValue)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        // Read and removed by `SecurityHeaders`, which logs every export with its scope.
        response.headers.replaceOrAdd(name: exportRowsHeader, value: String(table.rows.count))
        return response
    }

    /// Chống chèn công thức: a text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`,
    /// tab or carriage return first, and their full-width forms) gets a leading `'`, so a borrower
    /// named `=HYPERLINK(…)` opens as text (OWASP, CSV injection). Numbers are numbers and stay.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    static func csv(_ table: Table) -> Data {
        func escape(_ raw: String) -> String {
            let text = neutralised(raw)
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = "\u{FEFF}" + table.headers.map(escape).joined(separator: ",") + "\r\n"
        for row in table.rows {
            out += row.map { cell in
                switch cell {
                case .text(let text): escape(text)
                case .number(let n): String(n)
                }
            }.joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }

    static func xlsx(_ table: Table) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let fixedDate = Date(timeIntervalSince1970: 1_735_689_600)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: fixedDate,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            </Types>
            """)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        try add("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets><sheet name="\(xml(String(table.sheetName.prefix(31))))" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        try add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
            </Relationships>
            """)
        var sheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            """
        for (index, row) in ([table.headers.map(Cell.text)] + table.rows).enumerated() {
            sheet += "<row r=\"\(index + 1)\">"
            for (column, cell) in row.enumerated() {
                let ref = columnName(column) + String(index + 1)
                switch cell {
                case .text(let text): sheet += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xml(text))</t></is></c>"
                case .number(let n): sheet += "<c r=\"\(ref)\"><v>\(n)</v></c>"
                }
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        try add("xl/worksheets/sheet1.xml", sheet)
        guard let data = archive.data else { throw Abort(.internalServerError) }
        return data
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // Control characters are not allowed in XML 1.0; drop them rather than corrupt the file.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
