import Domain
import FluentKit
import SQLKit

extension HouseholdStore {
    /// Tách hộ: members leave to form a new household in the same commune, with one of them as
    /// its head. Both households must keep the rules (one head each). Audited on both.
    public func split(id: String, memberIDs: Set<String>, newCode: String, newHeadID: String, village: String?,
                      actor: Actor, scope: AccessScope) async throws -> Household {
        var source = try await household(id: id, scope: scope).household
        let moving = source.members.filter { memberIDs.contains($0.id.rawValue) }
        guard !moving.isEmpty, moving.count == memberIDs.count else { throw RegistryError.splitMembersUnknown }
        guard moving.count < source.members.count else { throw RegistryError.noMembers }
        guard moving.contains(where: { $0.id.rawValue == newHeadID }) else { throw RegistryError.headCount(0) }
        source.members.removeAll { memberIDs.contains($0.id.rawValue) }
        let newMembers = moving.map { member -> Member in
            var m = member
            m.relation = m.id.rawValue == newHeadID ? .head : (m.relation == .head ? .other : m.relation)
            return m
        }
        let created = Household(id: Household.ID(world.newID()), unitID: source.unitID, code: try HouseholdCode(newCode),
                                village: village.flatMap { $0.isEmpty ? nil : $0 } ?? source.village, area: source.area,
                                address: source.address, phone: "", members: newMembers)
        for h in [source, created] { if let problem = HouseholdRules.problems(of: h, asOf: world.today).first { throw problem } }
        // Both halves in one transaction; members keep their ids (and citizen IDs).
        try await saveAll([source, created], actor: actor, scope: scope)
        return created
    }

    /// Nhập hộ: the members of `fromID` join `intoID` (its head becomes a member of the other
    /// relation), and `fromID` is closed with a pointer to where it went.
    public func merge(intoID: String, fromID: String, actor: Actor, scope: AccessScope) async throws -> Household {
        guard intoID != fromID else { throw RegistryError.mergeIntoItself }
        var target = try await household(id: intoID, scope: scope).household
        let source = try await household(id: fromID, scope: scope).household
        target.members += source.members.map { member -> Member in
            var m = member
            if m.relation == .head { m.relation = .other }
            return m
        }
        if let problem = HouseholdRules.problems(of: target, asOf: world.today).first { throw problem }
        let before = source
        let provinceCode = try await communeInForce(id: source.unitID.rawValue, asOf: world.today).provinceCode
        let today = world.today
        let now = world.nowMillis
        try await saveAll([target], vacating: [fromID], actor: actor, scope: scope) { sql in
            // The source's rows go first so its members can join the target with their ids.
            try await HouseholdSearchIndex(sql: sql).remove(householdIDs: [fromID])
            try await sql.delete(from: "members").where("household_id", .equal, fromID).run()
            try await sql.update("households").set("closed_on", to: today.iso).set("merged_into", to: intoID)
                .set("member_count", to: 0).set("updated_at", to: now).where("id", .equal, fromID).run()
            try await RegistryFigures(sql: sql).refresh(unitIDs: [source.unitID.rawValue])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "household.merge_out", recordType: "household", recordID: fromID, provinceCode: provinceCode,
                before: before, after: ["mergedInto": intoID, "closedOn": today.iso])
        }
        return target
    }
}
