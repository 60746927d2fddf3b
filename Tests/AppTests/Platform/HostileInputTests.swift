import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web
import ZIPFoundation

/// Issue #13 §1: nothing a request sends ends the process. Each of the four requests the issue
/// found, then each class of bound, on both databases where storage is touched.
@Suite("Hostile input gets a 4xx, never a trap")
struct HostileInputTests {
    static func count(_ t: TestApp, _ table: String) async throws -> Int {
        try await t.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decodingColumn: "n", as: Int.self) ?? -1
    }

    static func loanID(_ t: TestApp) async throws -> String {
        try #require(try await t.sql.raw("SELECT id FROM loans WHERE unit_id = 'c11953@2025-07-01' ORDER BY id LIMIT 1")
            .first(decodingColumn: "id", as: String.self))
    }

    @Test("The four requests of the issue: a huge offset, a date in 2200, a cell ZZZ…1, an interest of 2⁶³−1",
          arguments: TestDriver.available)
    func reported(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let page = t.client()
            try await page.login("bank")
            let units = try await page.get("/units?offset=9223372036854775807")
            #expect(units.status == .ok)
            let api = t.client()
            try await api.useToken("bank")
            let list = try JSONValue.parse(Data(buffer: try await api.get("/api/v1/units?offset=9223372036854775807").body))
            #expect(list["items"]?.array?.isEmpty == true && (list["total"]?.int ?? 0) > 0)

            let loan = try await Self.loanID(t)
            let far = try await page.get("/loans/\(loan)?date=2200-12-15")
            #expect(far.status == .badRequest)
            #expect(far.body.string.contains("31/12/2100") && far.headers.contentType?.subType == "html")
            let farAPI = try await api.get("/api/v1/loans/\(loan)?date=2200-12-15")
            #expect(farAPI.status == .badRequest && farAPI.errorCode == "invalid_date")
            // The last day people may give still answers, with a schedule that runs past it.
            #expect(try await page.get("/loans/\(loan)?date=2100-12-31").status == .ok)
            #expect(try await api.get("/api/v1/loans/\(loan)?date=2100-12-31").status == .ok)

            let households = try await Self.count(t, "households")
            let commune = t.client()
            try await commune.useToken("commune")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let bomb = try Self.workbook(sheet: #"<worksheet><sheetData><row r="1"><c r="ZZZZZZZZZZZZZZ1" t="inlineStr"><is><t>ma_ho</t></is></c></row></sheetData></worksheet>"#)
            let refused = try await commune.send(.POST, "/api/v1/households/import", headers: headers, body: ByteBuffer(data: bomb))
            #expect(refused.status == .unprocessableEntity && refused.errorCode == "xlsx_cell_reference", "\(refused.body.string)")
            #expect(try await Self.count(t, "households") == households)

            let entries = try await Self.count(t, "journal_entries")
            var keyed: HTTPHeaders = ["Content-Type": "application/json"]
            keyed.add(name: "Idempotency-Key", value: "huge-1")
            let huge = try await api.send(.POST, "/api/v1/loans/\(loan)/repayments", headers: keyed, body: ByteBuffer(
                string: #"{"date":"2026-11-20","interest":9223372036854775807,"principal":0}"#))
            #expect(huge.status == .badRequest && huge.errorCode == "invalid_amount", "\(huge.body.string)")
            #expect(try JSONValue.parse(Data(buffer: huge.body))["error"]?["details"]?[0]?["field"]?.string == "interest")
            #expect(try await Self.count(t, "journal_entries") == entries)
            #expect(try await page.get("/healthz").status == .ok)
        }
    }

    @Test("Dates, amounts and paging: each bound answers 400 with its code, on a page and through the API")
    func bounds() async throws {
        try await withTestApp(.sqlite) { t in
            let api = t.client()
            try await api.useToken("admin")
            for (path, code) in [("/api/v1/units?asOf=1899-12-31", "invalid_date"), ("/api/v1/units?asOf=2101-01-01", "invalid_date"),
                                 ("/api/v1/units?limit=0", "invalid_input"), ("/api/v1/units?limit=501", "invalid_input"),
                                 ("/api/v1/units?offset=-1", "invalid_input"), ("/api/v1/units?asOf=２０２６-01-01", "invalid_date")] {
                let response = try await api.get(path)
                #expect(response.status == .badRequest && response.errorCode == code, "\(path): \(response.body.string)")
            }
            #expect(try await api.get("/api/v1/units?asOf=1900-01-01&limit=500").status == .ok)
            #expect(try await api.get("/api/v1/units?limit=1&limit=2").status.code < 500)
            let page = t.client()
            try await page.login("admin")
            for path in ["/units?limit=0", "/units?asOf=2101-01-01", "/households?offset=-5", "/loans?date=0001-01-01"] {
                let response = try await page.get(path)
                #expect(response.status == .badRequest && response.body.string.contains("<html"), "\(path)")
            }
            #expect(try await page.get("/households?offset=9223372036854775807").status == .ok)
        }
    }

    @Test("Text longer than its field, control characters, digits that are not ASCII")
    func text() async throws {
        try await withTestApp(.sqlite) { t in
            let users = try await Self.count(t, "users")
            let api = t.client()
            try await api.useToken("admin")
            struct NewUser: Encodable { let username, displayName, role, scope, password: String }
            let long = try await api.postJSON("/api/v1/users", NewUser(username: "dai.qua", displayName: String(repeating: "Ngô ", count: 2_000),
                                                                      role: "bank", scope: "province:33", password: "mat-khau-dai-1"))
            #expect(long.status == .badRequest && long.errorCode == "invalid_input", "\(long.body.string)")
            let nul = try await api.postJSON("/api/v1/users", NewUser(username: "nul.user", displayName: "Tên\u{0}có NUL",
                                                                     role: "bank", scope: "province:33", password: "mat-khau-dai-1"))
            #expect(nul.status == .badRequest, "\(nul.body.string)")
            #expect(try await Self.count(t, "users") == users)
            #expect(try await api.get("/api/v1/units/%EF%BC%91%EF%BC%91%EF%BC%99%EF%BC%95%EF%BC%93").status == .badRequest)
            #expect(try await api.get("/api/v1/units?q=" + String(repeating: "x", count: 5_000)).status == .badRequest)
            let page = t.client()
            try await page.login("admin")
            let query = try await page.get("/households?q=" + String(repeating: "a", count: 4_001))
            #expect(query.status == .badRequest && query.body.string.contains("4000"))
            #expect(try await page.get("/households?q=%00").status == .badRequest)
        }
    }

    @Test("A sum past the books' range is refused as 422 amount_overflow and posts nothing", arguments: TestDriver.available)
    func overflow(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let group = "demo-group-11953-1"
            let member = try #require(try await GroupStore(database: t.db, world: t.world).members(groupID: group, on: t.world.today).sorted().first)
            let entries = try await Self.count(t, "journal_entries")
            let bank = t.client()
            try await bank.useToken("bank")
            let line = #"{"member":"\#(member)","savingsDeposit":1000000000000000000}"#
            let lines = Array(repeating: line, count: 10).joined(separator: ",")
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            headers.add(name: "Idempotency-Key", value: "overflow-1")
            let response = try await bank.send(.POST, "/api/v1/groups/\(group)/collections", headers: headers, body: ByteBuffer(
                string: #"{"date":"\#(t.world.today.iso)","cashCounted":1000000000000000000,"lines":[\#(lines)]}"#))
            #expect(response.status == .unprocessableEntity && response.errorCode == "amount_overflow", "\(response.body.string)")
            #expect(try await Self.count(t, "journal_entries") == entries)
        }
    }

    @Test("Files: a cell longer than 4.000 characters, too many columns, a workbook that inflates past 50 MB")
    func files() async throws {
        let long = "ma_ho,ho_ten\nHO-1," + String(repeating: "a", count: 4_001) + "\n"
        #expect(throws: CSVError.fieldTooLong(row: 1, line: 2, column: "ho_ten", max: 4_000)) { try CSVTable(text: long) }
        let wide = String(repeating: "c,", count: 300) + "c\n"
        #expect(throws: CSVError.tooManyColumns(line: 1, max: 256)) { try CSVTable(text: wide) }
        let rows = "<row>" + String(repeating: "<c t=\"inlineStr\"><is><t>" + String(repeating: "x", count: 1_000) + "</t></is></c>", count: 200) + "</row>"
        let sheet = "<worksheet><sheetData>" + String(repeating: rows, count: 300) + "</sheetData></worksheet>"
        let bomb = try Self.workbook(sheet: sheet)
        #expect(bomb.count < 2_000_000)
        #expect(throws: CSVError.workbookTooLarge(maxBytes: XLSXReader.maxDecompressedBytes)) { try CSVTable(fileData: bomb) }
        let wideSheet = "<worksheet><sheetData><row><c r=\"IW1\"><v>1</v></c></row></sheetData></worksheet>"
        #expect(throws: CSVError.tooManyColumns(line: 1, max: 256)) { try CSVTable(fileData: try Self.workbook(sheet: wideSheet)) }
    }

    @Test("A declared body over the route's limit is refused before it is read; a stranger's upload before a byte is read")
    func bodies() async throws {
        try await withTestApp(.sqlite) { t in
            let port = Int.random(in: 20_000...60_000)
            try await t.app.server.start(address: .hostname("127.0.0.1", port: port))
            defer { Task { await t.app.server.shutdown() } }
            let client = t.client()
            try await client.useToken("commune")
            let token = try #require(client.bearer)
            // 300 MB announced, three bytes sent: an answer within the second means nothing waited for the rest.
            let stranger = try RawHTTP.exchange(port: port, "POST /api/v1/households/import HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: text/csv\r\nContent-Length: 300000000\r\n\r\nabc")
            #expect(stranger.status == 401 && stranger.seconds < 2, "\(stranger.text)")
            let tooBig = try RawHTTP.exchange(port: port, "POST /api/v1/households/import HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer \(token)\r\nContent-Type: text/csv\r\nContent-Length: 300000000\r\n\r\nabc")
            #expect(tooBig.status == 413 && tooBig.seconds < 2, "\(tooBig.text)")
            let json = try RawHTTP.exchange(port: port, "POST /api/v1/users HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{")
            #expect(json.status == 403 && json.seconds < 2, "\(json.text)")
            await t.app.server.shutdown()
        }
    }

    /// A minimal workbook whose first sheet is `sheet`, deflated as Excel would.
    static func workbook(sheet: String) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let data = Data(sheet.utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(data.count),
                             compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        return try #require(archive.data)
    }
}
