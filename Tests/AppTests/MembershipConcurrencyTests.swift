import Domain
import Foundation
import SQLKit
import Testing

@testable import Store

/// Membership is decided under the group's lock (and the households'): one household offered
/// to two groups at once joins one; two households offered the last seat at once, one gets it;
/// a collection batch reads the members under the same lock.
@Suite("Group membership under concurrency")
struct MembershipConcurrencyTests {
    /// Runs both additions at once; how many succeeded.
    static func race(
        _ store: GroupStore, _ pairs: [(group: String, code: String)], on date: BusinessDate
    ) async -> Int {
        await withTaskGroup(of: Bool.self) { tasks in
            for (group, code) in pairs {
                tasks.addTask {
                    (try? await store.addMembers(
                        groupID: group, householdCodes: [code], on: date, actor: .system,
                        scope: .everything)) != nil
                }
            }
            return await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    @Test(
        "One household, two groups at once: it joins one; the last seat: one of two gets it",
        arguments: TestDriver.available)
    func races(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = GroupStore(database: t.db, world: t.world)
            let groups = try await t.sql.raw(
                """
                SELECT id FROM savings_groups WHERE unit_id = 'c11953@2025-07-01'
                  AND status = 'active' ORDER BY id LIMIT 2
                """
            ).all(decodingColumn: "id", as: String.self)
            try #require(groups.count == 2)
            let free = try await NetworkTests.freeHouseholds(t, count: 6)
            try #require(free.count == 6)
            let today = t.world.today
            for code in free.prefix(4) {
                let joined = await Self.race(
                    store, [(groups[0], code), (groups[1], code)], on: today)
                #expect(joined == 1, "\(code) joined \(joined) groups")
            }
            let open = try await t.sql.raw(
                """
                SELECT COUNT(*) AS n FROM group_memberships m JOIN households h
                  ON h.id = m.household_id
                WHERE m.valid_to IS NULL AND h.code IN (\(binds: Array(free.prefix(4))))
                """
            ).first(decodingColumn: "n", as: Int.self)
            #expect(open == 4)
            // One seat left in the first group: two households at once, one gets it.
            let size = try await store.members(groupID: groups[0], on: today).count
            _ = try await ReferenceDataStore(database: t.db, world: t.world).addValue(
                key: "group_members_max", effectiveFrom: today, value: String(size + 1),
                legalSource: "Thử giới hạn", note: "", actor: .system)
            let seated = await Self.race(
                store, [(groups[0], free[4]), (groups[0], free[5])], on: today)
            #expect(seated == 1)
            #expect(try await store.members(groupID: groups[0], on: today).count == size + 1)
        }
    }

    @Test("A group dissolved twice at once is dissolved once", arguments: TestDriver.available)
    func dissolveTwice(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let store = GroupStore(database: t.db, world: t.world)
            let group = try #require(
                try await t.sql.raw(
                    """
                    SELECT id FROM savings_groups WHERE unit_id = 'c11953@2025-07-01'
                      AND status = 'active' ORDER BY id DESC LIMIT 1
                    """
                ).first(decodingColumn: "id", as: String.self))
            let today = t.world.today
            let done = await withTaskGroup(of: Bool.self) { tasks in
                for _ in 0..<2 {
                    tasks.addTask {
                        (try? await store.dissolve(
                            groupID: group, on: today, into: nil, reason: "Thử", actor: .system,
                            scope: .everything)) != nil
                    }
                }
                return await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(done == 1)
            let audits = try await t.sql.raw(
                """
                SELECT COUNT(*) AS n FROM audit_log WHERE action = 'group.dissolve'
                  AND record_id = \(bind: group)
                """
            ).first(decodingColumn: "n", as: Int.self)
            #expect(audits == 1)
        }
    }
}
