import Domain
import Foundation
import Store
import Testing
import Vapor
import VaporTesting

@Suite("Bad input gets a clear answer and changes nothing")
struct BadInputTests {
    @Test("Malformed JSON, wrong types, unknown and malformed codes, bad paging")
    func apiErrors() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            var headers = HTTPHeaders()
            headers.contentType = .json
            let malformed = try await client.send(.POST, "/api/v1/auth/token", headers: headers, body: ByteBuffer(string: "{not json"))
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "malformed_body")
            let missing = try await client.send(.POST, "/api/v1/auth/token", headers: headers, body: ByteBuffer(string: #"{"username":"x"}"#))
            #expect(missing.status == .badRequest)
            let detail = try JSONValue.parse(Data(buffer: missing.body))["error"]?["details"]?[0]
            #expect(detail?["field"]?.string == "password")
            try await client.useToken("admin")
            #expect(try await client.get("/api/v1/units/abc").errorCode == "invalid_unit_code")
            #expect(try await client.get("/api/v1/units/abc").status == .badRequest)
            #expect(try await client.get("/api/v1/units/99999").status == .notFound)
            #expect(try await client.get("/api/v1/units?limit=501").status == .badRequest)
            #expect(try await client.get("/api/v1/units?offset=-1").status == .badRequest)
            #expect(try await client.get("/api/v1/units?asOf=2025-02-30").errorCode == "invalid_date")
            #expect(try await client.get("/api/v1/units?level=village").errorCode == "invalid_input")
            #expect(try await client.get("/api/v1/nothing-here").status == .notFound)
            let json = try JSONValue.parse(Data(buffer: try await client.get("/api/v1/nothing-here").body))
            #expect(json["error"]?["message"]?.string?.isEmpty == false)
            // Paging: limit and offset walk the whole list in a stable order.
            let first = try JSONValue.parse(Data(buffer: try await client.get("/api/v1/units?province=33&limit=60").body))
            let second = try JSONValue.parse(Data(buffer: try await client.get("/api/v1/units?province=33&limit=60&offset=60").body))
            let codes = (first["items"]?.array ?? []) + (second["items"]?.array ?? [])
            #expect(codes.count == 104)
            #expect(Set(codes.compactMap { $0["code"]?.int }).count == 104)
            #expect(first["total"]?.int == 104)
        }
    }

    @Test("An oversized request body is refused with 413 and a JSON error")
    func oversized() async throws {
        try await withTestApp(.sqlite) { t in
            let port = Int.random(in: 20_000...60_000)
            let tester = try t.app.testing(method: .running(hostname: "127.0.0.1", port: port))
            var headers = HTTPHeaders()
            headers.contentType = .json
            let body = ByteBuffer(string: "{\"username\":\"" + String(repeating: "a", count: 2_000_000) + "\",\"password\":\"x\"}")
            try await tester.test(.POST, "/api/v1/auth/token", headers: headers, body: body) { response in
                #expect(response.status == .payloadTooLarge)
                #expect(response.errorCode == "payload_too_large")
            }
        }
    }

    @Test("Importing units: a bad row is reported by row and column and nothing is written", arguments: TestDriver.available)
    func importAllOrNothing(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let importer = UnitImporter(database: t.db, world: t.world)
            let date = try BusinessDate(iso: "2026-01-01")
            let header = "province_code,province_name,province_type,unit_code,unit_name,unit_type\n"
            let bad = header + "33,Tỉnh Hưng Yên,tỉnh,20001,Xã Mới Một,xã\n33,Tỉnh Hưng Yên,tỉnh,2000x,Xã Mới Hai,xã\n33,Tỉnh Hưng Yên,tỉnh,20003,Xã Mới Ba,thôn\n"
            do {
                _ = try await importer.importCSV(bad, validFrom: date, actor: .system)
                Issue.record("a bad file was accepted")
            } catch let error as PlacesError {
                #expect(error.code == "import_failed")
                #expect(error.details.map { "\($0.row ?? 0):\($0.field ?? "")" } == ["2:unit_code", "3:unit_type"])
                #expect(error.details.first?.line == 3)
            }
            let stored = try await UnitStore(sql: t.sql).search(UnitQuery(text: "xa moi", asOf: date), scope: .everything)
            #expect(stored.total == 0)
            // A province name that differs from the stored one is a rename, which must be a dated change.
            let renamed = header + "33,Tỉnh Hưng Yên,tỉnh,11953,Phường Phố Hiến,phường\n"
            do {
                _ = try await importer.importCSV(renamed, validFrom: map2025EffectiveDate, actor: .system)
                Issue.record("a rename by import was accepted")
            } catch let error as PlacesError {
                #expect(error.details.map { "\($0.row ?? 0):\($0.field ?? "")" } == ["1:province_name"])
            }
            let quoted = header + "33,Hưng Yên,tỉnh,20001,\"Xã Mới, Một\",xã\r\n33,Hưng Yên,tỉnh,11953,Phường Phố Hiến,phường\r\n"
            let result = try await importer.importCSV(quoted, validFrom: map2025EffectiveDate, actor: .system)
            #expect(result.added == 1 && result.unchanged == 2, "\(result)")
            #expect(try await UnitStore(sql: t.sql).search(UnitQuery(text: "xa moi, mot", asOf: date), scope: .everything).total == 1)
            let conflicting = header + "33,Hưng Yên,tỉnh,11953,Phường Khác Tên,phường\n"
            await #expect(throws: PlacesError.self) { try await importer.importCSV(conflicting, validFrom: map2025EffectiveDate, actor: .system) }
            #expect(throws: CSVError.self) { try CSVTable(text: "a,b\n\"open,1\n") }
        }
    }
}
