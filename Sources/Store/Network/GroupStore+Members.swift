import Domain
import FluentKit
import Foundation
import SQLKit

/// Tổ viên: who joins and leaves a group, decided under the group's lock.
extension GroupStore {
    /// Kết nạp tổ viên: households of the group's commune, by household code, not in another group,
    /// up to the size limit in force. All or none.
    public func addMembers(
        groupID: String, householdCodes: [String], on date: BusinessDate, actor: Actor,
        scope: AccessScope
    ) async throws -> [GroupMemberRow] {
        let (group, province) = try await writable(id: groupID, on: date, scope: scope)
        let codes = Array(
            Set(
                householdCodes.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }))
        guard !codes.isEmpty else {
            throw PlatformError.invalidInput(
                field: "households", message: "Hãy nhập mã hộ cần kết nạp.")
        }
        let found = try await sql.raw(
            """
            SELECT h.id AS id, h.code AS code FROM households h
            WHERE h.unit_id = \(bind: group.unitID.rawValue) AND h.closed_on IS NULL AND h.code IN (\(binds: codes))
            """
        ).all()
        var idByCode: [String: String] = [:]
        for row in found {
            idByCode[try row.decode(column: "code", as: String.self)] = try row.decode(
                column: "id", as: String.self)
        }
        if let missing = codes.sorted().first(where: { idByCode[$0] == nil }) {
            throw NetworkError.householdNotInCommune(missing)
        }
        let ids = Array(idByCode.values)
        let limits = try await limits(on: date)
        let world = world
        // Decided under the group's lock and the households': two officers adding the last seat,
        // or one household to two groups, at once cannot both pass the checks.
        let taken: (code: String, group: String, name: String)? = try await WriteTransaction.run(
            database
        ) { sql in
            try await sql.lock([.group(groupID), RowLock("households", keys: ids)])
            if let row = try await sql.raw(
                """
                SELECT h.code AS code, g.name AS name, g.id AS gid FROM group_memberships m JOIN households h ON h.id = m.household_id
                JOIN savings_groups g ON g.id = m.group_id
                WHERE m.household_id IN (\(binds: ids)) AND m.valid_to IS NULL ORDER BY h.code LIMIT 1
                """
            ).first() {
                return (
                    try row.decode(column: "code", as: String.self),
                    try row.decode(column: "gid", as: String.self),
                    try row.decode(column: "name", as: String.self)
                )
            }
            let before = try await Self.members(groupID: groupID, on: world.today, sql: sql)
            try limits.checkAdding(ids.count, to: before.count)
            try await Self.openMemberships(
                groupID: groupID, householdIDs: ids, from: date, reason: "Kết nạp",
                provinceCode: province,
                world: world, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.add_members", recordType: "savings_group",
                recordID: groupID, provinceCode: province,
                before: ["members": before.sorted()],
                after: ["members": before.union(ids).sorted(), "date": [date.iso]])
            return nil
        }
        if let taken {
            // The other group is named only to an officer who may see it.
            let visible = (try? await self.group(id: taken.group, scope: scope)) != nil
            throw NetworkError.householdInAnotherGroup(
                code: taken.code, group: visible ? taken.name : nil)
        }
        return try await detail(id: groupID, scope: scope).members
    }

    static func openMemberships(
        groupID: String, householdIDs: [String], from date: BusinessDate, reason: String,
        provinceCode: Int,
        world: World, sql: any SQLDatabase
    ) async throws {
        try await sql.insertBatches(
            into: "group_memberships",
            columns: [
                "id", "group_id", "household_id", "province_code", "valid_from", "valid_to",
                "reason_in", "reason_out",
            ],
            rows: householdIDs.map {
                [
                    world.newID(), groupID, $0, provinceCode, date.iso, nil as String?, reason,
                    nil as String?,
                ]
            })
    }

    /// Closes the open memberships of `householdIDs` in `groupID` the day before `date` (a household
    /// that joined on `date` itself leaves the same day) and any board term they held.
    static func closeMemberships(
        groupID: String, householdIDs: [String], on date: BusinessDate, reason: String,
        sql: any SQLDatabase
    ) async throws {
        guard !householdIDs.isEmpty else { return }
        let end = date.adding(days: -1).iso
        try await sql.raw(
            """
            UPDATE group_memberships SET valid_to = CASE WHEN valid_from > \(bind: end) THEN valid_from ELSE \(bind: end) END,
                   reason_out = \(bind: reason)
            WHERE group_id = \(bind: groupID) AND valid_to IS NULL AND household_id IN (\(binds: householdIDs))
            """
        ).run()
        try await sql.raw(
            """
            UPDATE group_board_terms SET valid_to = CASE WHEN valid_from > \(bind: end) THEN valid_from ELSE \(bind: end) END
            WHERE group_id = \(bind: groupID) AND valid_to IS NULL AND household_id IN (\(binds: householdIDs))
            """
        ).run()
    }

    /// A household leaves the group (moved away, stopped borrowing), or moves to another group of
    /// the same commune. The group may not fall below the minimum once it has reached it.
    public func removeMember(
        groupID: String, householdID: String, on date: BusinessDate, reason: String,
        movingTo target: String?,
        actor: Actor, scope: AccessScope
    ) async throws {
        let (group, province) = try await writable(id: groupID, on: date, scope: scope)
        let code =
            try await sql.select().column("code").from("households").where(
                "id", .equal, householdID
            )
            .first(decodingColumn: "code", as: String.self) ?? householdID
        let limits = try await limits(on: date)
        var targetGroup: SavingsGroup?
        if let target {
            let (other, _) = try await writable(id: target, on: date, scope: scope)
            guard other.unitID == group.unitID, other.id != group.id else {
                throw NetworkError.mergeAcross
            }
            targetGroup = other
        }
        let why =
            reason.trimmingCharacters(in: .whitespaces).isEmpty
            ? (targetGroup.map { "Chuyển sang \($0.name)" } ?? "Ra khỏi tổ") : reason
        let moveTo = targetGroup, world = world
        // The sizes are checked under both groups' locks, so two moves at once cannot take a
        // group below its minimum or above its maximum.
        try await WriteTransaction.run(database) { sql in
            try await sql.lock([
                RowLock("savings_groups", keys: [groupID] + (target.map { [$0] } ?? []))
            ])
            let current = try await Self.members(groupID: groupID, on: world.today, sql: sql)
            guard current.contains(householdID) else {
                throw NetworkError.householdNotInGroup(code)
            }
            try limits.checkRemoving(1, from: current.count)
            if let target {
                try limits.checkAdding(
                    1, to: try await Self.members(groupID: target, on: world.today, sql: sql).count)
            }
            try await Self.closeMemberships(
                groupID: groupID, householdIDs: [householdID], on: date, reason: why, sql: sql)
            if let targetGroup = moveTo {
                try await Self.openMemberships(
                    groupID: targetGroup.id.rawValue, householdIDs: [householdID], from: date,
                    reason: "Chuyển từ \(group.name)", provinceCode: province, world: world,
                    sql: sql)
            }
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: moveTo == nil ? "group.remove_member" : "group.move_member",
                recordType: "savings_group",
                recordID: groupID, provinceCode: province,
                before: ["household": householdID, "group": groupID],
                after: [
                    "household": householdID, "group": moveTo?.id.rawValue ?? "", "date": date.iso,
                    "reason": why,
                ])
        }
    }
}
