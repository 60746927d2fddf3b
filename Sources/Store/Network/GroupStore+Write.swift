import Domain
import FluentKit
import Foundation
import SQLKit

/// A new group as an organisation officer or bank officer founds it.
public struct NewGroup: Sendable {
    public var name: String
    public var organisation: Organisation
    public var unitCode: Int
    public var village: String
    public var foundedOn: BusinessDate
    public var authorisationNumber: String
    public var authorisationDate: BusinessDate?
    public var foundingMinutes: String

    public init(
        name: String, organisation: Organisation, unitCode: Int, village: String,
        foundedOn: BusinessDate,
        authorisationNumber: String, authorisationDate: BusinessDate?, foundingMinutes: String
    ) {
        self.name = name
        self.organisation = organisation
        self.unitCode = unitCode
        self.village = village
        self.foundedOn = foundedOn
        self.authorisationNumber = authorisationNumber
        self.authorisationDate = authorisationDate
        self.foundingMinutes = foundingMinutes
    }
}

/// The board as elected: the leader, optionally a deputy, and what the form declares.
public struct BoardElection: Sendable {
    public var leaderMemberID: String
    public var deputyMemberID: String?
    /// Kinship between the two when they live in different households (the register cannot tell).
    public var declaredKinship: Kinship?
    public var leaderLeadsOtherBankGroup: Bool
    public var date: BusinessDate

    public init(
        leaderMemberID: String, deputyMemberID: String?, declaredKinship: Kinship?,
        leaderLeadsOtherBankGroup: Bool,
        date: BusinessDate
    ) {
        self.leaderMemberID = leaderMemberID
        self.deputyMemberID = deputyMemberID
        self.declaredKinship = declaredKinship
        self.leaderLeadsOtherBankGroup = leaderLeadsOtherBankGroup
        self.date = date
    }
}

extension GroupStore {
    /// Founds a group in a commune of the caller's scope, for the caller's organisation if they have one.
    public func create(
        _ new: NewGroup, actor: Actor, scope: AccessScope
    ) async throws -> SavingsGroup {
        if let own = scope.organisationID, own != new.organisation.rawValue {
            throw NetworkError.organisationOutOfScope
        }
        if scope.groupID != nil { throw PlatformError.forbidden }
        guard new.foundedOn <= world.today else { throw NetworkError.dateInFuture(new.foundedOn) }
        let unit = try await UnitStore(sql: sql).unit(
            level: .commune, code: new.unitCode, asOf: world.today, scope: scope)
        let group = SavingsGroup(
            id: SavingsGroup.ID(world.newID()), name: new.name.trimmingCharacters(in: .whitespaces),
            organisation: new.organisation,
            unitID: AdministrativeUnit.ID(unit.id),
            village: new.village.trimmingCharacters(in: .whitespaces), foundedOn: new.foundedOn,
            authorisationNumber: new.authorisationNumber.trimmingCharacters(in: .whitespaces),
            authorisationDate: new.authorisationDate,
            foundingMinutes: new.foundingMinutes.trimmingCharacters(in: .whitespaces))
        try group.validate()
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert([group], provinceCode: unit.provinceCode, sql: sql)
            try await VillageStore(sql: sql).register(
                [(unit.id, group.village)], provinceCode: unit.provinceCode)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.create", recordType: "savings_group",
                recordID: group.id.rawValue, provinceCode: unit.provinceCode,
                before: nil as SavingsGroup?, after: group)
        }
        return group
    }

    static func insert(
        _ groups: [SavingsGroup], provinceCode: Int, sql: any SQLDatabase
    ) async throws {
        try await sql.insertBatches(
            into: "savings_groups",
            columns: [
                "id", "name", "folded_name", "organisation", "unit_id", "province_code", "village",
                "founded_on", "authorisation_number",
                "authorisation_date", "founding_minutes", "status", "dissolved_on", "merged_into",
            ],
            rows: groups.map { g in
                [
                    g.id.rawValue, g.name, TextFolding.fold(g.name), g.organisation.rawValue,
                    g.unitID.rawValue, provinceCode, g.village,
                    g.foundedOn.iso, g.authorisationNumber, g.authorisationDate?.iso,
                    g.foundingMinutes, g.status.rawValue, g.dissolvedOn?.iso,
                    g.mergedInto?.rawValue,
                ] as [any Encodable & Sendable]
            }, batchSize: 200)
    }

    /// A group the caller may change on `date`: active, and the date not before its founding nor after today.
    func writable(
        id: String, on date: BusinessDate, scope: AccessScope
    ) async throws -> (group: SavingsGroup, provinceCode: Int) {
        let (group, _, _) = try await group(id: id, scope: scope)
        guard group.status == .active else { throw NetworkError.groupDissolved }
        guard date >= group.foundedOn else { throw NetworkError.dateBeforeFounding }
        guard date <= world.today else { throw NetworkError.dateInFuture(date) }
        let province =
            try await sql.select().column("province_code").from("savings_groups").where(
                "id", .equal, id
            )
            .first(decodingColumn: "province_code", as: Int.self) ?? 0
        return (group, province)
    }

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

    /// Bầu ban quản lý tổ: a new leader (and deputy), checked against the board rules; the old
    /// terms end the day before.
    public func elect(
        groupID: String, _ election: BoardElection, actor: Actor, scope: AccessScope
    ) async throws -> [BoardTerm] {
        let (_, province) = try await writable(id: groupID, on: election.date, scope: scope)
        let memberHouseholds = try await members(groupID: groupID, on: world.today)
        func candidate(_ memberID: String) async throws -> BoardRules.Candidate {
            guard
                let row = try await sql.select().columns(
                    "id", "household_id", "full_name", "relation", "birth_date"
                ).from("members")
                    .where("id", .equal, memberID).first()
            else { throw NetworkError.boardMemberNotInGroup(memberID) }
            let name = try row.decode(column: "full_name", as: String.self)
            let household = try row.decode(column: "household_id", as: String.self)
            guard memberHouseholds.contains(household) else {
                throw NetworkError.boardMemberNotInGroup(name)
            }
            let birth = try BusinessDate(iso: try row.decode(column: "birth_date", as: String.self))
            guard birth.fullYears(until: election.date) >= 18 else {
                throw NetworkError.boardMemberTooYoung(name)
            }
            return BoardRules.Candidate(
                memberID: memberID, householdID: household,
                relation: Relation(rawValue: try row.decode(column: "relation", as: String.self))
                    ?? .other, name: name)
        }
        let leader = try await candidate(election.leaderMemberID)
        var chosenDeputy: BoardRules.Candidate?
        if let id = election.deputyMemberID, !id.isEmpty { chosenDeputy = try await candidate(id) }
        let deputy = chosenDeputy
        if let problem = BoardRules.problems(
            leader: leader, deputy: deputy, declaredKinship: election.declaredKinship,
            leaderLeadsOtherBankGroup: election.leaderLeadsOtherBankGroup
        ).first {
            throw problem
        }
        let before = try await board(groupID: groupID).filter { $0.to == nil }
        let end = election.date.adding(days: -1).iso
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.raw(
                """
                UPDATE group_board_terms SET valid_to = CASE WHEN valid_from > \(bind: end) THEN valid_from ELSE \(bind: end) END
                WHERE group_id = \(bind: groupID) AND valid_to IS NULL
                """
            ).run()
            var rows: [[any Encodable & Sendable]] = [
                [
                    world.newID(), groupID, BoardPost.leader.rawValue, leader.memberID,
                    leader.householdID,
                    leader.name, election.date.iso, nil as String?,
                ]
            ]
            if let deputy {
                rows.append([
                    world.newID(), groupID, BoardPost.deputy.rawValue, deputy.memberID,
                    deputy.householdID, deputy.name,
                    election.date.iso, nil as String?,
                ])
            }
            try await sql.insertBatches(
                into: "group_board_terms",
                columns: [
                    "id", "group_id", "post", "member_id", "household_id", "member_name",
                    "valid_from", "valid_to",
                ],
                rows: rows)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.elect", recordType: "savings_group", recordID: groupID,
                provinceCode: province,
                before: before,
                after: [
                    "leader": leader.name, "deputy": deputy?.name ?? "", "date": election.date.iso,
                ])
        }
        return try await board(groupID: groupID).filter { $0.to == nil }
    }

    /// Biên bản họp tổ.
    public func recordMeeting(
        groupID: String, heldOn: BusinessDate, kind: MeetingKind, attendees: Int, minutes: String,
        actor: Actor, scope: AccessScope
    ) async throws -> GroupMeeting {
        let (_, province) = try await writable(id: groupID, on: heldOn, scope: scope)
        let meeting = GroupMeeting(
            id: world.newID(), groupID: SavingsGroup.ID(groupID), heldOn: heldOn, kind: kind,
            attendees: attendees,
            minutes: minutes.trimmingCharacters(in: .whitespacesAndNewlines))
        try meeting.validate(membersOnDate: try await members(groupID: groupID, on: heldOn).count)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insert(into: "group_meetings").columns(
                "id", "group_id", "held_on", "kind", "attendees", "minutes"
            )
            .values(meeting.id, groupID, heldOn.iso, kind.rawValue, attendees, meeting.minutes)
            .run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.meeting", recordType: "savings_group",
                recordID: groupID, provinceCode: province, before: nil as GroupMeeting?,
                after: meeting)
        }
        return meeting
    }

    /// Giải thể, or nhập tổ (`into` another active group of the same commune and organisation,
    /// which takes every member household from `date`).
    public func dissolve(
        groupID: String, on date: BusinessDate, into target: String?, reason: String, actor: Actor,
        scope: AccessScope
    ) async throws {
        let (group, province) = try await writable(id: groupID, on: date, scope: scope)
        let households = Array(try await members(groupID: groupID, on: world.today))
        var targetGroup: SavingsGroup?
        if let target {
            let (other, _) = try await writable(id: target, on: date, scope: scope)
            guard other.id != group.id, other.unitID == group.unitID,
                other.organisation == group.organisation
            else { throw NetworkError.mergeAcross }
            let limits = try await limits(on: date)
            try limits.checkAdding(
                households.count, to: try await members(groupID: target, on: world.today).count)
            targetGroup = other
        }
        var after = group
        after.status = .dissolved
        after.dissolvedOn = date
        after.mergedInto = targetGroup?.id
        let final = after
        let why =
            targetGroup.map { "Nhập vào \($0.name)" } ?? (reason.isEmpty ? "Giải thể tổ" : reason)
        let mergeInto = targetGroup
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.closeMemberships(
                groupID: groupID, householdIDs: households, on: date, reason: why, sql: sql)
            try await sql.raw(
                """
                UPDATE group_board_terms SET valid_to = \(bind: date.adding(days: -1).iso) WHERE group_id = \(bind: groupID) AND valid_to IS NULL
                """
            ).run()
            if let targetGroup = mergeInto {
                try await Self.openMemberships(
                    groupID: targetGroup.id.rawValue, householdIDs: households, from: date,
                    reason: "Nhập từ \(group.name)", provinceCode: province, world: world, sql: sql)
            }
            try await sql.update("savings_groups").set("status", to: final.status.rawValue).set(
                "dissolved_on", to: date.iso
            )
            .set("merged_into", to: final.mergedInto?.rawValue).where("id", .equal, groupID).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: mergeInto == nil ? "group.dissolve" : "group.merge",
                recordType: "savings_group", recordID: groupID, provinceCode: province,
                before: group, after: final)
        }
    }
}

extension GroupStore {
    /// Tách tổ: the chosen member households leave from `date` and found a new group of the same
    /// organisation and commune; both groups must keep the minimum size.
    public func split(
        groupID: String, householdIDs: [String], newName: String, village: String?,
        on date: BusinessDate, actor: Actor,
        scope: AccessScope
    ) async throws -> SavingsGroup {
        let (group, province) = try await writable(id: groupID, on: date, scope: scope)
        let current = try await members(groupID: groupID, on: world.today)
        let moving = Array(Set(householdIDs))
        guard !moving.isEmpty, moving.allSatisfy(current.contains) else {
            throw PlatformError.inputRefused(
                field: "households", message: "Hãy chọn các hộ tổ viên sẽ sang tổ mới.")
        }
        let limits = try await limits(on: date)
        try limits.checkSplitting(moving.count, from: current.count)
        let new = SavingsGroup(
            id: .init(world.newID()), name: newName.trimmingCharacters(in: .whitespaces),
            organisation: group.organisation,
            unitID: group.unitID,
            village: village.flatMap { $0.isEmpty ? nil : $0 } ?? group.village, foundedOn: date,
            authorisationNumber: "", authorisationDate: nil,
            foundingMinutes: "Tách từ \(group.name)")
        try new.validate()
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert([new], provinceCode: province, sql: sql)
            try await Self.closeMemberships(
                groupID: groupID, householdIDs: moving, on: date, reason: "Tách sang \(new.name)",
                sql: sql)
            try await Self.openMemberships(
                groupID: new.id.rawValue, householdIDs: moving, from: date,
                reason: "Tách từ \(group.name)",
                provinceCode: province, world: world, sql: sql)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "group.split", recordType: "savings_group", recordID: groupID,
                provinceCode: province, before: ["members": current.sorted()],
                after: ["newGroup": [new.id.rawValue], "moved": moving.sorted()])
        }
        return new
    }
}
