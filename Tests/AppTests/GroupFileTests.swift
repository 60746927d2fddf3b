import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Group import, ratings and split through the store (both databases) and HTTP.
@Suite("Network: group files, ratings, split")
struct GroupFileTests {
    static let header = "ten_to,ma_xa,thon,to_chuc,ngay_thanh_lap,ma_ho,so_hd_uy_nhiem,ngay_hd_uy_nhiem,chuc_vu\n"

    static func file(_ codes: [String], name: String = "Tổ nhập tệp", org: String = "Hội Liên hiệp Phụ nữ") -> String {
        header + codes.enumerated().map { i, code in
            "\(name),11953,Tổ dân phố 3,\(org),01/03/2020,\(code),7/HĐUN,01/03/2020,\(i == 0 ? "Tổ trưởng" : "")"
        }.joined(separator: "\n") + "\n"
    }

    @Test("Import: a bad row names row and column and writes nothing; fixed it imports; again it changes nothing; skip-bad-rows skips the group",
          arguments: TestDriver.available)
    func importGroups(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            var scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            scope.organisationID = Organisation.womensUnion.rawValue
            let importer = GroupImporter(database: t.db, world: t.world)
            let codes = try await NetworkTests.freeHouseholds(t, count: 12)
            let before = try await t.sql.raw("SELECT COUNT(*) AS n FROM savings_groups").first()?.decode(column: "n", as: Int.self)
            var rows = Array(codes.prefix(6))
            rows[3] = "KHONG-CO"
            do {
                _ = try await importer.run(try CSVTable(text: Self.file(rows)), scope: scope, actor: .system, skipBadRows: false)
                Issue.record("a bad file was accepted")
            } catch let error as NetworkError {
                let detail = try #require(error.details.first)
                #expect(detail.row == 4 && detail.line == 5 && detail.field == "ma_ho")
                #expect(detail.message.contains("KHONG-CO"))
            }
            #expect(try await t.sql.raw("SELECT COUNT(*) AS n FROM savings_groups").first()?.decode(column: "n", as: Int.self) == before)
            // The farmers' union is not hers.
            await #expect(throws: NetworkError.self) {
                try await importer.run(try CSVTable(text: Self.file(Array(codes.prefix(6)), org: "Hội Nông dân")), scope: scope, actor: .system,
                                       skipBadRows: false)
            }
            let good = Self.file(Array(codes.prefix(6)))
            let first = try await importer.run(try CSVTable(text: good), scope: scope, actor: .system, skipBadRows: false)
            #expect(first.groupsAdded == 1 && first.membersAdded == 6)
            let again = try await importer.run(try CSVTable(text: good), scope: scope, actor: .system, skipBadRows: false)
            #expect(again.groupsAdded == 0 && again.groupsMatched == 1 && again.membersAdded == 0 && again.unchanged == 6)
            let id = try #require(try await t.sql.select().column("id").from("savings_groups").where("name", .equal, "Tổ nhập tệp")
                .first(decodingColumn: "id", as: String.self))
            let detail = try await GroupStore(database: t.db, world: t.world).detail(id: id, scope: scope)
            #expect(detail.members.count == 6 && detail.leader != nil)
            // Two groups, one with a bad row: skipping bad rows imports the other whole and leaves the bad one out whole.
            let mixed = Self.file(Array(codes[6..<12]), name: "Tổ tốt") + Self.file(["KHONG-CO"] + Array(codes.prefix(5)), name: "Tổ lỗi")
                .replacingOccurrences(of: Self.header, with: "")
            let skipped = try await importer.run(try CSVTable(text: mixed), scope: scope, actor: .system, skipBadRows: true)
            #expect(skipped.groupsAdded == 1 && skipped.membersAdded == 6 && skipped.skippedRows == 6 && !skipped.problems.isEmpty)
        }
    }

    @Test("Ratings: computed from figures with the table in force; the bank's file wins and is not overwritten", arguments: TestDriver.available)
    func ratings(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = GroupRatingStore(database: t.db, world: t.world)
            let figures = GroupMonthFigures(meetingsHeld: 2, overduePerMille: 5, principalCollectedPercent: 100, interestCollectedPercent: 96,
                                            membersSavingPercent: 100, savingsGrowthPercent: 1)
            let group = "demo-group-11953-2"
            let september = try GroupRatingStore.month("09/2026", today: t.world.today)
            let computed = try await store.rate(groupID: group, month: september, figures: figures, actor: .system, scope: .everything)
            #expect(computed.source == .computed && computed.score == 15 + 20 + 15 + 15 + 10 + 10 && computed.grade == .good)
            #expect(throws: PlatformError.self) { try GroupRatingStore.month(String(t.world.today.iso.prefix(7)), today: t.world.today) }
            let file = "ma_to,thang,xep_loai,diem\n\(group),2026-09,Khá,72\n\(group),2026-08,Trung bình,\n"
            let result = try await store.importRatings(try CSVTable(text: file), fileName: "xeploai.csv", actor: .system, scope: .everything,
                                                       skipBadRows: false)
            #expect(result.stored == 2)
            let after = try await store.ratings(groupID: group)
            #expect(after.first { $0.month == "2026-09" }?.grade == .fair && after.first { $0.month == "2026-09" }?.source == .imported)
            let again = try await store.rate(groupID: group, month: september, figures: figures, actor: .system, scope: .everything)
            #expect(again.source == .imported && again.grade == .fair)
            // A bad grade names row and column; nothing is stored.
            await #expect(throws: NetworkError.self) {
                try await store.importRatings(try CSVTable(text: "ma_to,thang,xep_loai\n\(group),2026-07,Xuất sắc\n"), fileName: "x", actor: .system,
                                              scope: .everything, skipBadRows: false)
            }
            #expect(try await store.ratings(groupID: group).contains { $0.month == "2026-07" } == false)
            // The union officer cannot rate: the API says so.
            let union = t.client()
            try await union.useToken("union")
            struct Body: Encodable { let month: String; let meetingsHeld, overduePerMille, principalCollectedPercent, interestCollectedPercent,
                                                         membersSavingPercent, savingsGrowthPercent: Int }
            let body = Body(month: "2026-06", meetingsHeld: 1, overduePerMille: 0, principalCollectedPercent: 100, interestCollectedPercent: 100,
                            membersSavingPercent: 90, savingsGrowthPercent: 0)
            #expect(try await union.postJSON("/api/v1/groups/\(group)/ratings", body).status == .forbidden)
            let bank = t.client()
            try await bank.useToken("bank")
            let rated = try JSONValue.parse(Data(buffer: try await bank.postJSON("/api/v1/groups/\(group)/ratings", body).body))
            #expect(rated["grade"]?.string == "good" && rated["source"]?.string == "computed")
        }
    }

    @Test("Split: chosen households found a new group from the date; both keep the minimum", arguments: TestDriver.available)
    func split(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = GroupStore(database: t.db, world: t.world)
            let founded = t.world.today.adding(days: -30)
            let largest = try await store.create(NewGroup(name: "Tổ lớn", organisation: .farmersUnion, unitCode: 11953, village: "Tổ dân phố 4",
                                                          foundedOn: founded, authorisationNumber: "", authorisationDate: nil, foundingMinutes: ""),
                                                 actor: .system, scope: .everything).id.rawValue
            _ = try await store.addMembers(groupID: largest, householdCodes: try await NetworkTests.freeHouseholds(t, count: 10), on: founded,
                                           actor: .system, scope: .everything)
            let members = Array(try await store.members(groupID: largest, on: t.world.today)).sorted()
            await #expect(throws: NetworkError.groupBelowMinimum(min: 5)) {
                try await store.split(groupID: largest, householdIDs: Array(members.prefix(4)), newName: "Tổ tách", village: nil, on: t.world.today,
                                      actor: .system, scope: .everything)
            }
            let new = try await store.split(groupID: largest, householdIDs: Array(members.prefix(5)), newName: "Tổ tách", village: nil,
                                            on: t.world.today, actor: .system, scope: .everything)
            #expect(try await store.members(groupID: new.id.rawValue, on: t.world.today) == Set(members.prefix(5)))
            #expect(try await store.members(groupID: largest, on: t.world.today).count == members.count - 5)
            #expect(try await store.members(groupID: largest, on: t.world.today.adding(days: -1)).count == members.count)
        }
    }

    @Test("The upload page shows the bad row and column in Vietnamese")
    func uploadPage() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("union")
            let page = try await client.get("/groups/import")
            #expect(page.status == .ok)
            let csrf = try #require(page.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            let boundary = "----groupboundary"
            let file = Self.file(["KHONG-CO"])
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"to.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n"
                + "--\(boundary)--\r\n"
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let response = try await client.send(.POST, "/groups/import", headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("<td>1</td><td>2</td><td>ma_ho</td>"))
            #expect(response.body.string.contains("không thuộc xã của tổ"))
        }
    }
}
