import Domain
import Foundation
import Store
import Testing

@Suite("Reading CSV files as a stream")
struct CSVStreamTests {
    func rows(of text: String) async throws -> (header: [String], rows: [CSVTable.Row]) {
        let path = NSTemporaryDirectory() + "pc-stream-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var header: [String] = []
        var rows: [CSVTable.Row] = []
        try await CSVSource.file(path).forEachRow(header: { header = $0 }) { rows.append($0) }
        return (header, rows)
    }

    @Test("The stream reads what the in-memory reader reads: BOM, CRLF, quotes, quoted line breaks, row and line numbers")
    func sameAsTable() async throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",Nguyễn Đức\r\n\r\n3,,\n"
        let table = try CSVTable(text: text)
        let streamed = try await rows(of: text)
        #expect(streamed.header == table.header)
        #expect(streamed.rows.map(\.fields) == table.rows.map(\.fields))
        #expect(streamed.rows.map(\.number) == [1, 2, 3])
        #expect(streamed.rows.map(\.line) == table.rows.map(\.line))
        #expect(streamed.rows[1]["c"] == "Nguyễn Đức")
    }

    @Test("Bad files are refused with the row and line", arguments: [
        ("a,b\n1,2,3\n", "csv_field_count"), ("a,b\n1,\"open\n", "csv_quote"), ("a,b\n1,x\"y\n", "csv_quote"),
    ])
    func refused(text: String, code: String) async throws {
        do {
            _ = try await rows(of: text)
            Issue.record("accepted \(text)")
        } catch let error as CSVError {
            #expect(error.code == code)
        }
    }

    @Test("Invalid UTF-8 is refused")
    func notUTF8() async throws {
        let path = NSTemporaryDirectory() + "pc-stream-bad.csv"
        try Data([0x61, 0x2C, 0x62, 0x0A, 0xFF, 0xFE, 0x2C, 0x31, 0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect(throws: CSVError.notUTF8) {
            try await CSVSource.file(path).forEachRow(header: { _ in }) { _ in }
        }
    }

    @Test("A household file read as a stream: rows of a household need not be next to each other", arguments: TestDriver.available)
    func householdStream(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let lines = RegistryTests.good.split(separator: "\n").map(String.init)
            // Header, T-01 head, T-02, T-01 wife, T-01 child: T-01 is split around T-02.
            let text = [lines[0], lines[1], lines[4], lines[2], lines[3]].joined(separator: "\n") + "\n"
            let path = NSTemporaryDirectory() + "pc-hh-\(UUID().uuidString).csv"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let outcome = try await HouseholdImporter(database: t.db, world: t.world)
                .run(source: .file(path), scope: .everything, actor: .system, skipBadRows: false)
            #expect(outcome.added == 2)
            let store = HouseholdStore(database: t.db, world: t.world)
            let id = try #require(try await store.search(HouseholdQuery(text: "T-01", asOf: t.world.today), scope: .everything).items.first?.id)
            #expect(try await store.household(id: id, scope: .everything).household.members.count == 3)
            let again = try await HouseholdImporter(database: t.db, world: t.world)
                .run(source: .file(path), scope: .everything, actor: .system, skipBadRows: false)
            #expect(again.unchanged == 2 && again.added == 0)
        }
    }
}
