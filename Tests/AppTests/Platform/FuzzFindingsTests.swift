import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting
@testable import Web
import ZIPFoundation

/// Issue #13 §2: what the page and importer fuzzers (`.ci/fuzz_pages.py`, `.ci/fuzz_imports.py`)
/// found, each as a test that failed before its fix.
@Suite("Fuzz findings: broken workbooks, overlong paths, half-imported households and groups")
struct FuzzFindingsTests {
    /// A workbook whose first sheet holds these bytes exactly (they need not be UTF-8).
    static func workbook(sheetBytes data: Data) throws -> Data {
        let archive = try Archive(accessMode: .create)
        try archive.addEntry(
            with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(data.count),
            compressionMethod: .deflate
        ) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        return try #require(archive.data)
    }

    /// The same workbook with its central directory pointing the entry past the end of the file.
    static func pointingPastEnd(_ zip: Data) throws -> Data {
        var bytes = [UInt8](zip)
        let signature: [UInt8] = [0x50, 0x4b, 0x01, 0x02]
        let start = try #require(
            (0...(bytes.count - 46)).first { Array(bytes[$0..<$0 + 4]) == signature })
        let offset = UInt32(bytes.count + 1)
        for i in 0..<4 {
            bytes[start + 42 + i] = UInt8(truncatingIfNeeded: offset >> (8 * UInt32(i)))
        }
        return Data(bytes)
    }

    static let sheet =
        #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ma_ho</t></is></c></row></sheetData></worksheet>"#

    @Test(
        "A zip whose entry lies past its end, and a sheet with a name that is not UTF-8, are not workbooks"
    )
    func brokenWorkbooks() throws {
        let good = try Self.workbook(sheetBytes: Data(Self.sheet.utf8))
        #expect(try CSVTable(fileData: good).header == ["ma_ho"])
        #expect(throws: CSVError.notWorkbook) {
            try CSVTable(fileData: try Self.pointingPastEnd(good))
        }
        var bytes = Data(#"<worksheet><sheetData><row r="1"><c"#.utf8)
        bytes.append(contentsOf: [0xff, 0xfe, 0x80])
        bytes.append(Data(#" r="A1"><v>1</v></c></row></sheetData></worksheet>"#.utf8))
        #expect(throws: CSVError.notWorkbook) {
            try CSVTable(fileData: try Self.workbook(sheetBytes: bytes))
        }
    }

    @Test(
        "Through HTTP: the broken workbooks get a 4xx, an overlong path a 404 or 400, and the server answers after"
    )
    func overHTTP() async throws {
        try await withTestApp(.sqlite) { t in
            let api = t.client()
            try await api.useToken("commune")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(
                name: .contentType,
                value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let good = try Self.workbook(sheetBytes: Data(Self.sheet.utf8))
            let broken = try await api.send(
                .POST, "/api/v1/households/import", headers: headers,
                body: ByteBuffer(data: try Self.pointingPastEnd(good)))
            #expect(
                broken.status == .badRequest || broken.status == .unprocessableEntity,
                "\(broken.body.string)")
            let page = t.client()
            try await page.login("bank")
            for path in [
                "/" + String(repeating: "a", count: 300),
                "/units/" + String(repeating: "b", count: 256),
                String(repeating: "/abcdefgh", count: 500),
            ] {
                let response = try await page.get(path)
                // 404, or 400 where a route's parameter is longer than any id (InputGuard)
                #expect(
                    response.status == .notFound || response.status == .badRequest,
                    "\(path.count) bytes: \(response.status)")
            }
            #expect(try await page.get("/healthz").status == .ok)
        }
    }

    static let header = RegistryTests.header

    @Test(
        "Households skipping bad rows: a bad row anywhere in a household sets the whole household aside",
        arguments: TestDriver.available)
    func householdsWhole(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let importer = HouseholdImporter(database: t.db, world: t.world)
            let scope = try await ScopeResolver(sql: t.sql).resolve(
                .commune(try UnitCode(11953)), today: t.world.today)
            let file =
                Self.header
                + "F-1,11953,Tổ 1,Thành thị,Hộ Một,01/01/1970,Nam,033070900101,Chủ hộ,Kinh\n"
                + "F-1,11953,Tổ 1,Thành thị,Vợ Một,01/01/1972,Nữ,033172900102,Vợ,Kinh\n"
                + "F-1,1195x,Tổ 1,Thành thị,Con Một,01/01/2010,Nam,,Con,Kinh\n"  // bad ma_xa, last row
                + "F-2,11953,Tổ 1,Thành thị,Hộ Hai,01/01/1970,Nam,033070900103,Chủ hộ,Kinh\n"
                + "F-2,11953,Tổ 1,Thành thị,Vợ Hai,31/02/1972,Nữ,033172900104,Vợ,Kinh\n"  // bad date, not first
                + "F-2,11953,Tổ 1,Thành thị,Con Hai,01/01/2010,Nam,,Con,Kinh\n"
                + "F-3,11953,Tổ 1,Thành thị,Hộ Ba,01/01/1970,Nam,033070900105,Chủ hộ,Kinh\n"
            let outcome = try await importer.run(
                try CSVTable(text: file), scope: scope, actor: .system, skipBadRows: true)
            #expect(outcome.added == 1)
            #expect(outcome.rejected.map(\.row) == [1, 2, 3, 4, 5, 6])
            #expect(outcome.rejected.first { $0.row == 1 }?.reasons.first?.contains("F-1") == true)
            let codes = try await t.sql.select().column("code").from("households")
                .where("code", .in, ["F-1", "F-2", "F-3"]).all(
                    decodingColumn: "code", as: String.self)
            #expect(codes == ["F-3"])
        }
    }

    @Test(
        "Groups skipping bad rows: a row with a bad commune or organisation keeps its group out whole",
        arguments: TestDriver.available)
    func groupsWhole(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            var scope = try await ScopeResolver(sql: t.sql).resolve(
                .commune(try UnitCode(11953)), today: t.world.today)
            scope.organisationID = Organisation.womensUnion.rawValue
            let importer = GroupImporter(database: t.db, world: t.world)
            let codes = try await NetworkTests.freeHouseholds(t, count: 12)
            let badCommune = GroupFileTests.file(Array(codes.prefix(6)), name: "Tổ xã sai")
                .replacingOccurrences(
                    of: "Tổ xã sai,11953,Tổ dân phố 3,Hội Liên hiệp Phụ nữ,01/03/2020,\(codes[5])",
                    with: "Tổ xã sai,1195x,Tổ dân phố 3,Hội Liên hiệp Phụ nữ,01/03/2020,\(codes[5])"
                )
            let badOrg = GroupFileTests.file(Array(codes[6..<12]), name: "Tổ hội sai")
                .replacingOccurrences(
                    of:
                        "Tổ hội sai,11953,Tổ dân phố 3,Hội Liên hiệp Phụ nữ,01/03/2020,\(codes[11])",
                    with: "Tổ hội sai,11953,Tổ dân phố 3,Hội Sinh viên,01/03/2020,\(codes[11])"
                )
                .replacingOccurrences(of: GroupFileTests.header, with: "")
            #expect(badCommune.contains("1195x") && badOrg.contains("Hội Sinh viên"))
            let outcome = try await importer.run(
                try CSVTable(text: badCommune + badOrg), scope: scope, actor: .system,
                skipBadRows: true)
            #expect(
                outcome.groupsAdded == 0 && outcome.membersAdded == 0 && outcome.skippedRows == 12)
            #expect(Set(outcome.problems.compactMap(\.row)) == [6, 12])
            let written = try await t.sql.select().column("id").from("savings_groups")
                .where("name", .in, ["Tổ xã sai", "Tổ hội sai"]).all()
            #expect(written.isEmpty)
        }
    }
}
