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

    /// Giải thể, or nhập tổ (`into` another active group of the same commune and organisation,
    /// which takes every member household from `date`).
    public func dissolve(
        groupID: String, on date: BusinessDate, into target: String?, reason: String, actor: Actor,
        scope: AccessScope
    ) async throws {
        let (group, province) = try await writable(id: groupID, on: date, scope: scope)
        var targetGroup: SavingsGroup?
        if let target {
            let (other, _) = try await writable(id: target, on: date, scope: scope)
            guard other.id != group.id, other.unitID == group.unitID,
                other.organisation == group.organisation
            else { throw NetworkError.mergeAcross }
            targetGroup = other
        }
        let limits = try await limits(on: date)
        var after = group
        after.status = .dissolved
        after.dissolvedOn = date
        after.mergedInto = targetGroup?.id
        let final = after
        let why =
            targetGroup.map { "Nhập vào \($0.name)" } ?? (reason.isEmpty ? "Giải thể tổ" : reason)
        let mergeInto = targetGroup, world = world
        // Under both groups' locks: the members moved are those of the moment, the target's size
        // is checked against them, and a second dissolve at once finds the group already gone.
        let locked = [groupID] + (target.map { [$0] } ?? [])
        try await WriteTransaction.run(database) { sql in
            try await sql.lock([RowLock("savings_groups", keys: locked)])
            for id in locked {
                let status = try await sql.select().column("status").from("savings_groups")
                    .where("id", .equal, id).first(decodingColumn: "status", as: String.self)
                guard status == SavingsGroup.Status.active.rawValue else {
                    throw NetworkError.groupDissolved
                }
            }
            let households = Array(
                try await Self.members(groupID: groupID, on: world.today, sql: sql))
            if let target {
                try limits.checkAdding(
                    households.count,
                    to: try await Self.members(groupID: target, on: world.today, sql: sql).count)
            }
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
