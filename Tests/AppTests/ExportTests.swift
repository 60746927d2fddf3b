import Domain
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Store
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

@Suite("Exports: CSV and Excel")
struct ExportTests {
    @Test("CSV starts with a BOM and holds the scoped list", arguments: TestDriver.available)
    func csv(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let client = t.client()
            try await client.login("province")
            let response = try await client.get("/units?format=csv&province=33")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "csv")
            let bytes = Array(Data(buffer: response.body))
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let table = try CSVTable(text: text)
            #expect(table.header == ["Mã", "Tên", "Loại", "Mã tỉnh"])
            #expect(table.rows.count == 104)
            #expect(table.rows.contains { $0["Tên"] == "Phường Phố Hiến" && $0["Loại"] == "Phường" })
            // The commune officer's export holds only their commune.
            let commune = t.client()
            try await commune.login("commune")
            let own = try await commune.get("/units?format=csv&province=33")
            #expect(try CSVTable(text: String(decoding: Array(Data(buffer: own.body)).dropFirst(3), as: UTF8.self)).rows.count == 1)
        }
    }

    @Test("The .xlsx is a real workbook: its sheet holds the rows in Vietnamese")
    func xlsx() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("province")
            let response = try await client.get("/points?format=xlsx")
            #expect(response.status == .ok)
            let archive = try Archive(data: Data(buffer: response.body), accessMode: .read)
            let names = Set(archive.map(\.path))
            #expect(names.isSuperset(of: ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"]))
            var sheet = Data()
            _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheet.append($0) }
            let xml = String(decoding: sheet, as: UTF8.self)
            #expect(xml.contains("Điểm giao dịch Phường Phố Hiến"))
            #expect(xml.contains("<c r=\"A1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Điểm giao dịch</t></is></c>"))
            // Well-formed XML.
            let parser = XMLParser(data: sheet)
            #expect(parser.parse())
        }
    }

    @Test("Exporting a list of people is logged")
    func personalDataExportIsAudited() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("admin")
            let response = try await client.get("/admin/users?format=csv")
            #expect(response.status == .ok)
            let entries = try await AuditStore(sql: t.sql, world: t.world).list(AuditQuery(username: "admin", recordType: "users"), scope: .everything)
            #expect(entries.items.first?.action == "export")
            #expect(entries.items.first?.after?.contains("\"rows\":10") == true)
        }
    }
}
