import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// The entrusted network through the store (both databases) and through HTTP.
@Suite("Network: organisations and Savings & Loan Groups")
struct NetworkTests {
    /// Households of the home commune in no group, by code.
    static func freeHouseholds(_ t: TestApp, count: Int) async throws -> [String] {
        try await t.sql.raw("""
            SELECT h.code AS code FROM households h WHERE h.unit_id = 'c11953@2025-07-01'
            AND NOT EXISTS (SELECT 1 FROM group_memberships m WHERE m.household_id = h.id AND m.valid_to IS NULL)
            ORDER BY h.code LIMIT \(unsafeRaw: String(count))
            """).all(decodingColumn: "code", as: String.self)
    }

    @Test("The demo network: four organisations per commune, 8–15 groups in the home commune of 5–60 members, the union and leader scopes")
    func demo() async throws {
        try await withTestApp(.sqlite) { t in
            let units = try await t.sql.raw("SELECT COUNT(*) AS n FROM organisation_units WHERE level = 'commune' AND valid_to IS NULL").first()?
                .decode(column: "n", as: Int.self)
            #expect(units == 4 * 104)
            let sizes = try await t.sql.raw("""
                SELECT g.unit_id AS unit, COUNT(DISTINCT g.id) AS groups, MIN(c.n) AS smallest, MAX(c.n) AS largest
                FROM savings_groups g JOIN (SELECT group_id, COUNT(*) AS n FROM group_memberships WHERE valid_to IS NULL GROUP BY group_id) c
                  ON c.group_id = g.id GROUP BY g.unit_id
                """).all()
            let home = try #require(sizes.first { (try? $0.decode(column: "unit", as: String.self)) == "c11953@2025-07-01" })
            #expect((8...15).contains(try home.decode(column: "groups", as: Int.self)))
            #expect(try home.decode(column: "smallest", as: Int.self) >= 5 && home.decode(column: "largest", as: Int.self) <= 60)
            // No household is in two groups at once.
            let doubled = try await t.sql.raw("""
                SELECT COUNT(*) AS n FROM (SELECT household_id FROM group_memberships WHERE valid_to IS NULL GROUP BY household_id HAVING COUNT(*) > 1) d
                """).first()?.decode(column: "n", as: Int.self)
            #expect(doubled == 0)

            let union = t.client()
            try await union.useToken("union")
            let mine = try JSONValue.parse(Data(buffer: try await union.get("/api/v1/groups?limit=500").body))
            let items = try #require(mine["items"]?.array)
            #expect(!items.isEmpty && items.allSatisfy { $0["organisation"]?.string == "womens_union" && $0["unitCode"]?.int == 11953 })
            let first = try #require(items.first?.object)
            #expect(Set(first.keys).isSubset(of: ["id", "name", "unitCode", "village", "organisation", "leader", "members", "grade"]))
            #expect(["good", "fair", "average", "weak"].contains(first["grade"]?.string ?? ""))
            let commune = t.client()
            try await commune.useToken("commune")
            let all = try JSONValue.parse(Data(buffer: try await commune.get("/api/v1/groups?unit=11953&limit=500").body))
            #expect((all["total"]?.int ?? 0) > (mine["total"]?.int ?? 0))
            // A farmers' union group is not found by the women's union officer.
            let farmers = try #require(all["items"]?.array?.first { $0["organisation"]?.string != "womens_union" }?["id"]?.string)
            #expect(try await union.get("/api/v1/groups/\(farmers)").status == .notFound)
            #expect(try await union.get("/api/v1/groups?organisation=farmers_union").status == .forbidden)
            let leader = t.client()
            try await leader.useToken("leader")
            let own = try JSONValue.parse(Data(buffer: try await leader.get("/api/v1/groups").body))
            #expect(own["total"]?.int == 1)
            #expect(own["items"]?[0]?["id"]?.string == "demo-group-11953-1")
            let page = t.client()
            try await page.login("leader")
            let myGroup = try await page.get("/my-group")
            #expect(myGroup.status == .ok && myGroup.body.string.contains("id=\"group-members\""))
            // Province contracts: the 2021 one ended the day before the 2025 renewal.
            let orgs = try JSONValue.parse(Data(buffer: try await commune.get("/api/v1/organisations?unit=11953").body))
            #expect(orgs["items"]?.array?.count == 4)
            #expect(orgs["items"]?[0]?["contract"]?["tasks"]?.array?.count == 6)
        }
    }

    @Test("Found, take in members, elect the board (spouse refused), move, leave, merge: dated, audited, history kept",
          arguments: TestDriver.available)
    func lifecycle(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let scope = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            var union = scope
            union.organisationID = Organisation.womensUnion.rawValue
            let actor = Actor(userID: nil, username: "union")
            let store = GroupStore(database: t.db, world: t.world)
            let founded = try BusinessDate(iso: "2026-10-01")
            await #expect(throws: NetworkError.organisationOutOfScope) {
                try await store.create(NewGroup(name: "Tổ ND", organisation: .farmersUnion, unitCode: 11953, village: "Tổ dân phố 1",
                                                foundedOn: founded, authorisationNumber: "", authorisationDate: nil, foundingMinutes: ""),
                                       actor: actor, scope: union)
            }
            // A commune outside the scope is not found, as everywhere.
            await #expect(throws: PlacesError.unitNotFound("11977")) {
                try await store.create(NewGroup(name: "Tổ xa", organisation: .womensUnion, unitCode: 11977, village: "Thôn 1",
                                                foundedOn: founded, authorisationNumber: "", authorisationDate: nil, foundingMinutes: ""),
                                       actor: actor, scope: union)
            }
            let group = try await store.create(NewGroup(name: "Tổ PN mới", organisation: .womensUnion, unitCode: 11953, village: "Tổ dân phố 2",
                                                        foundedOn: founded, authorisationNumber: "99/HĐUN", authorisationDate: founded,
                                                        foundingMinutes: "Biên bản số 1"), actor: actor, scope: union)
            let id = group.id.rawValue
            let free = try await Self.freeHouseholds(t, count: 7)
            #expect(free.count == 7)
            // One household already in a group: nothing is added, and the group is named (it is in the officer's scope? only if hers).
            let taken = try #require(try await t.sql.raw("""
                SELECT h.code AS code FROM group_memberships m JOIN households h ON h.id = m.household_id
                JOIN savings_groups g ON g.id = m.group_id WHERE g.id = 'demo-group-11953-1' AND m.valid_to IS NULL LIMIT 1
                """).first(decodingColumn: "code", as: String.self))
            await #expect(throws: NetworkError.householdInAnotherGroup(code: taken, group: "Tổ 1 Hội PN Tổ dân phố 1")) {
                try await store.addMembers(groupID: id, householdCodes: Array(free.prefix(5)) + [taken], on: founded, actor: actor, scope: union)
            }
            #expect(try await store.members(groupID: id, on: t.world.today).isEmpty)
            await #expect(throws: NetworkError.householdNotInCommune("KHONG-CO")) {
                try await store.addMembers(groupID: id, householdCodes: ["KHONG-CO"], on: founded, actor: actor, scope: union)
            }
            let members = try await store.addMembers(groupID: id, householdCodes: Array(free.prefix(6)), on: founded, actor: actor, scope: union)
            #expect(members.count == 6)

            // The board: the head and the spouse of one household may not serve together.
            let couple = try #require(try await t.sql.raw("""
                SELECT a.id AS head, b.id AS spouse FROM members a JOIN members b ON b.household_id = a.household_id
                JOIN households h ON h.id = a.household_id
                WHERE a.relation = 'head' AND b.relation = 'spouse' AND h.code IN (\(binds: Array(free.prefix(6)))) LIMIT 1
                """).first())
            let head = try couple.decode(column: "head", as: String.self)
            let spouse = try couple.decode(column: "spouse", as: String.self)
            let elected = try BusinessDate(iso: "2026-10-02")
            do {
                _ = try await store.elect(groupID: id, BoardElection(leaderMemberID: head, deputyMemberID: spouse, declaredKinship: nil,
                                                                      leaderLeadsOtherBankGroup: false, date: elected), actor: actor, scope: union)
                Issue.record("a spouse was accepted as deputy")
            } catch let error as NetworkError {
                guard case .closeKinOnBoard(_, _, .spouse, true) = error else { Issue.record("\(error)"); return }
            }
            let candidates = try await store.boardCandidates(groupID: id, on: elected, scope: union)
            let other = try #require(candidates.first { $0.householdCode != candidates.first { $0.memberID == head }?.householdCode })
            let board = try await store.elect(groupID: id, BoardElection(leaderMemberID: head, deputyMemberID: other.memberID, declaredKinship: nil,
                                                                          leaderLeadsOtherBankGroup: false, date: elected), actor: actor, scope: union)
            #expect(board.map(\.post).sorted { $0.rawValue < $1.rawValue } == [.deputy, .leader])

            // Moving a household to another of her groups, then leaving: both dated; the minimum (5) stops a seventh departure.
            let leaving = try #require(members.last)
            try await store.removeMember(groupID: id, householdID: leaving.householdID, on: try BusinessDate(iso: "2026-11-01"), reason: "",
                                         movingTo: "demo-group-11953-1", actor: actor, scope: union)
            #expect(try await store.members(groupID: "demo-group-11953-1", on: t.world.today).contains(leaving.householdID))
            let remaining = try await store.members(groupID: id, on: t.world.today)
            #expect(remaining.count == 5)
            await #expect(throws: NetworkError.groupBelowMinimum(min: 5)) {
                try await store.removeMember(groupID: id, householdID: remaining.first!, on: t.world.today, reason: "Chuyển đi",
                                             movingTo: nil, actor: actor, scope: union)
            }
            // On 15 October the household was still a member: history is a query on dates.
            #expect(try await store.members(groupID: id, on: try BusinessDate(iso: "2026-10-15")).contains(leaving.householdID))
            let history = try await store.membershipHistory(groupID: id, scope: union)
            #expect(history.count == 6)
            #expect(history.first { $0.householdID == leaving.householdID }?.reasonOut == "Chuyển sang Tổ 1 Hội PN Tổ dân phố 1")

            // A meeting with more attendees than members is refused; a real one is kept.
            await #expect(throws: NetworkError.self) {
                try await store.recordMeeting(groupID: id, heldOn: t.world.today, kind: .regular, attendees: 9, minutes: "Họp", actor: actor, scope: union)
            }
            _ = try await store.recordMeeting(groupID: id, heldOn: t.world.today, kind: .regular, attendees: 5, minutes: "Sinh hoạt tổ",
                                              actor: actor, scope: union)
            // Merge into the demo group: its members follow, this group is dissolved and its board ends.
            let before = try await store.members(groupID: "demo-group-11953-1", on: t.world.today).count
            try await store.dissolve(groupID: id, on: t.world.today, into: "demo-group-11953-1", reason: "", actor: actor, scope: union)
            #expect(try await store.members(groupID: "demo-group-11953-1", on: t.world.today).count == before + 5)
            let merged = try await store.detail(id: id, scope: union)
            #expect(merged.group.status == .dissolved && merged.group.mergedInto?.rawValue == "demo-group-11953-1")
            #expect(merged.members.isEmpty && merged.leader == nil)
            await #expect(throws: NetworkError.groupDissolved) {
                try await store.addMembers(groupID: id, householdCodes: [free[6]], on: t.world.today, actor: actor, scope: union)
            }
            let actions = try await AuditStore(sql: t.sql, world: t.world).list(AuditQuery(recordType: "savings_group", recordID: id), scope: .everything)
                .items.map(\.action)
            #expect(Set(actions) == ["group.create", "group.add_members", "group.elect", "group.move_member", "group.meeting", "group.merge"])
        }
    }

    @Test("Contracts: a renewal closes the contract it replaces; an overlap is refused", arguments: TestDriver.available)
    func contracts(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = OrganisationStore(database: t.db, world: t.world)
            let id = "org-farmers_union-11953"
            let (summary, existing) = try await store.unit(id: id, scope: .everything)
            let current = try #require(summary.contract)
            let from = try BusinessDate(iso: "2026-12-01")
            let renewal = EntrustmentContract(id: .init("renewal"), organisationUnitID: .init(id), number: "20/2026/HĐUT", signedOn: t.world.today,
                                              validFrom: from, validTo: nil, scope: "Hộ vay trên địa bàn", tasks: EntrustedTask.allCases, replaces: current.id)
            var overlapping = renewal
            overlapping.replaces = nil
            await #expect(throws: NetworkError.contractOverlaps(current.number)) { try await store.addContract(overlapping, actor: .system, scope: .everything) }
            try await store.addContract(renewal, actor: .system, scope: .everything)
            let after = try await store.unit(id: id, scope: .everything).contracts
            #expect(after.count == existing.count + 1)
            #expect(after.first { $0.id == current.id }?.validTo == from.adding(days: -1))
            // The union officer of the Women's Union does not see the Farmers' Union.
            var union = try await ScopeResolver(sql: t.sql).resolve(.commune(try UnitCode(11953)), today: t.world.today)
            union.organisationID = Organisation.womensUnion.rawValue
            await #expect(throws: NetworkError.organisationUnitNotFound) { try await store.unit(id: id, scope: union) }
            #expect(try await store.units(scope: union).allSatisfy { $0.unit.organisation == .womensUnion })
        }
    }

    @Test("The union officer's pages: found a group, add members, a spouse as deputy refused in Vietnamese")
    func pages() async throws {
        try await withTestApp(.sqlite) { t in
            let client = t.client()
            try await client.login("union")
            let form = try await client.get("/groups/new")
            #expect(form.status == .ok && form.body.string.contains("value=\"11953\""))
            #expect(!form.body.string.contains("farmers_union"))
            let bad = try await client.postForm("/groups", ["unitCode": "11953", "organisation": "womens_union", "village": "", "name": "Tổ thử",
                                                            "foundedOn": t.world.today.iso])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("thiếu thôn / tổ dân phố"))
            let created = try await client.postForm("/groups", ["unitCode": "11953", "organisation": "womens_union", "village": "Tổ dân phố 2",
                                                                "name": "Tổ thử", "foundedOn": t.world.today.iso])
            #expect(created.status == .seeOther)
            let path = try #require(created.location)
            let page = try await client.get(path)
            #expect(page.body.string.contains("Tổ mới có 0 tổ viên"))
            let free = try await Self.freeHouseholds(t, count: 5)
            var fields = ["date": t.world.today.iso]
            for (i, code) in free.enumerated() { fields["codes[\(i)]"] = code }
            #expect(try await client.postForm("\(path)/members", fields).status == .seeOther)
            let couple = try #require(try await t.sql.raw("""
                SELECT a.id AS head, b.id AS spouse FROM members a JOIN members b ON b.household_id = a.household_id
                JOIN households h ON h.id = a.household_id
                WHERE a.relation = 'head' AND b.relation = 'spouse' AND h.code IN (\(binds: free)) LIMIT 1
                """).first())
            let refused = try await client.postForm("\(path)/board", ["leader": try couple.decode(column: "head", as: String.self),
                                                                       "deputy": try couple.decode(column: "spouse", as: String.self),
                                                                       "kinship": "none", "date": t.world.today.iso])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("là vợ/chồng (theo sổ hộ)"))
            #expect(refused.body.string.contains("không được là vợ chồng, cha mẹ, con hoặc anh chị em ruột"))
            let list = try await client.get("/groups?format=csv")
            #expect(list.status == .ok && list.body.string.contains("Tổ thử"))
        }
    }

    @Test("An administrator ties a new union officer to her organisation; a bad group refuses the form and creates nobody")
    func adminLinksUsers() async throws {
        try await withTestApp(.sqlite) { t in
            let admin = t.client()
            try await admin.login("admin")
            try await admin.get("/admin/users/new")
            let refused = try await admin.postForm("/admin/users", ["username": "to.truong.moi", "displayName": "Tổ trưởng mới", "password": "matkhau-moi-1",
                                                                    "role": "leader", "scopeUnit": "11953", "group": "khong-co-to"])
            #expect(refused.status == .notFound || refused.status == .badRequest || refused.status == .unprocessableEntity)
            #expect(try await UserStore(database: t.db, world: t.world).user(username: "to.truong.moi") == nil)
            let created = try await admin.postForm("/admin/users", ["username": "hoi.nongdan", "displayName": "Hội ND", "password": "matkhau-moi-1",
                                                                    "role": "union", "scopeUnit": "11953", "organisation": "farmers_union"])
            #expect(created.status == .seeOther)
            let user = try #require(try await UserStore(database: t.db, world: t.world).user(username: "hoi.nongdan"))
            #expect(user.organisation == .farmersUnion)
            try await UserStore(database: t.db, world: t.world).changeOwnPassword(id: user.id, current: "matkhau-moi-1", newPassword: "matkhau-moi-2",
                                                                                  keepSessionHash: nil, hasher: t.app.settings.hasher)
            let officer = t.client()
            try await officer.useToken("hoi.nongdan", password: "matkhau-moi-2")
            let groups = try JSONValue.parse(Data(buffer: try await officer.get("/api/v1/groups?limit=500").body))
            #expect((groups["total"]?.int ?? 0) > 0)
            #expect(groups["items"]?.array?.allSatisfy { $0["organisation"]?.string == "farmers_union" } == true)
            // The office calendar exports like every list.
            let bank = t.client()
            try await bank.login("bank")
            let csv = try await bank.get("/offices/office-33-branch/calendar?month=2026-12&format=csv")
            #expect(csv.status == .ok && csv.body.string.contains("Điểm giao dịch Phường Phố Hiến"))
        }
    }
}
