import Domain
import FluentKit
import Foundation
import SQLKit

extension HouseholdStore {
    /// Creates or replaces a household and its members. Checks the household rules, that its
    /// commune is in force and in scope, and that no citizen ID belongs to another household of
    /// the province (naming that household only when the caller's scope holds it).
    @discardableResult
    public func save(_ household: Household, actor: Actor, scope: AccessScope) async throws -> Household {
        try await saveAll([household], actor: actor, scope: scope)
        return household
    }

    /// Saves several households in one transaction, all checked first (a split writes both
    /// halves or neither). `vacating` lists households whose members move into these ones
    /// (a merge): their citizen IDs do not clash, and `beforeWrite` runs first in the
    /// same transaction to free them.
    func saveAll(_ households: [Household], vacating: Set<String> = [], actor: Actor, scope: AccessScope,
                 beforeWrite: (@Sendable (any SQLDatabase) async throws -> Void)? = nil) async throws {
        let asOf = world.today
        let saving = Set(households.map(\.id.rawValue)).union(vacating)
        var plans: [(household: Household, before: Household?, province: Int)] = []
        for household in households {
            if let problem = HouseholdRules.problems(of: household, asOf: asOf).first { throw problem }
            let unit = try await communeInForce(id: household.unitID.rawValue, asOf: asOf)
            guard scope.contains(household.unitID) else { throw PlatformError.outOfScope }
            let before = try? await self.household(id: household.id.rawValue, scope: .everything).household
            let ids = household.members.compactMap { $0.citizenID?.digits }
            if !ids.isEmpty {
                let clashes = try await sql.raw("""
                    SELECT m.citizen_id AS citizen_id, h.id AS household_id, h.code AS code, h.unit_id AS unit_id
                    FROM members m JOIN households h ON h.id = m.household_id
                    WHERE m.province_code = \(bind: unit.provinceCode) AND m.citizen_id IN (\(binds: ids))
                    """).all()
                for clash in clashes where !saving.contains(try clash.decode(column: "household_id", as: String.self)) {
                    let otherUnit = try clash.decode(column: "unit_id", as: String.self)
                    let other = scope.contains(AdministrativeUnit.ID(otherUnit)) ? try clash.decode(column: "code", as: String.self) : nil
                    throw RegistryError.duplicateCitizenID(try clash.decode(column: "citizen_id", as: String.self), otherHousehold: other)
                }
            }
            // A household code is unique within its commune.
            let taken = try await sql.select().column("id").from("households").where("unit_id", .equal, household.unitID.rawValue)
                .where("code", .equal, household.code.value).all(decodingColumn: "id", as: String.self)
            if taken.contains(where: { $0 != household.id.rawValue }) || households.filter({
                $0.unitID == household.unitID && $0.code == household.code }).count > 1 {
                throw RegistryError.duplicateHouseholdCode(household.code.value)
            }
            plans.append((household, before, unit.provinceCode))
        }
        let now = world.nowMillis
        let allPlans = plans
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await beforeWrite?(sql)
            // Stored households first: rewriting them frees the rows of members who move to a new
            // household (a split), which then keep their ids.
            for plan in allPlans.sorted(by: { ($0.before == nil ? 1 : 0) < ($1.before == nil ? 1 : 0) }) {
                try await Self.write([plan.household], provinceCode: plan.province, existing: plan.before.map { [$0.id.rawValue] } ?? [],
                                     now: now, sql: sql)
                try await AuditStore(sql: sql, world: world).record(
                    actor: actor, action: plan.before == nil ? "household.create" : "household.update", recordType: "household",
                    recordID: plan.household.id.rawValue, provinceCode: plan.province, before: plan.before, after: plan.household)
            }
        }
    }

    /// Chuyển hộ: a new commune, village or address; audited like any change.
    public func move(id: String, toUnitID: String, village: String, address: String, actor: Actor, scope: AccessScope) async throws -> Household {
        var household = try await self.household(id: id, scope: scope).household
        household.unitID = AdministrativeUnit.ID(toUnitID)
        household.village = village.trimmingCharacters(in: .whitespaces)
        household.address = address.trimmingCharacters(in: .whitespaces)
        return try await save(household, actor: actor, scope: scope)
    }

    struct CommuneRef { let id: String; let provinceCode: Int }

    func communeInForce(id: String, asOf: BusinessDate) async throws -> CommuneRef {
        guard let row = try await sql.select().columns("id", "province_code", "valid_from", "valid_to").from("units")
            .where("id", .equal, id).where("level", .equal, "commune").first() else { throw PlacesError.unitNotFound(id) }
        let from = try row.decode(column: "valid_from", as: String?.self)
        let to = try row.decode(column: "valid_to", as: String?.self)
        guard (from.map { $0 <= asOf.iso } ?? true), (to.map { $0 >= asOf.iso } ?? true) else { throw RegistryError.unitNotInForce(id) }
        return CommuneRef(id: id, provinceCode: try row.decode(column: "province_code", as: Int.self))
    }

    /// Writes households in batches: households in `existing` are updated in place (their members
    /// and search words written anew), the others inserted. Set-based for members and words, so an
    /// import of a million rows is a few thousand statements.
    static func write(_ households: [Household], provinceCode: Int, existing: Set<String>, now: Int64, sql: any SQLDatabase) async throws {
        let updated = households.filter { existing.contains($0.id.rawValue) }
        // The communes counted again afterwards: where the households were, and where they are.
        let figures = RegistryFigures(sql: sql)
        let communes = Set(households.map(\.unitID.rawValue))
            .union(try await figures.communes(ofHouseholds: updated.map(\.id.rawValue)))
        var start = 0
        while start < updated.count {
            let batch = updated[start..<min(start + 400, updated.count)].map(\.id.rawValue)
            try await HouseholdSearchIndex(sql: sql).remove(householdIDs: batch)
            try await sql.delete(from: "members").where("household_id", .in, batch).run()
            start += 400
        }
        for h in updated {
            try await sql.update("households").set("unit_id", to: h.unitID.rawValue).set("code", to: h.code.value)
                .set("village", to: h.village).set("area", to: h.area.rawValue).set("address", to: h.address).set("phone", to: h.phone)
                .set("head_name", to: h.head?.fullName ?? "").set("member_count", to: h.members.count).set("updated_at", to: now)
                .where("id", .equal, h.id.rawValue).run()
        }
        try await sql.insertBatches(
            into: "households",
            columns: ["id", "province_code", "unit_id", "code", "village", "area", "address", "phone", "head_name", "member_count",
                      "created_at", "updated_at"],
            rows: households.filter { !existing.contains($0.id.rawValue) }.map { h in
                [h.id.rawValue, provinceCode, h.unitID.rawValue, h.code.value, h.village, h.area.rawValue, h.address, h.phone,
                 h.head?.fullName ?? "", h.members.count, now, now]
            }, batchSize: 300)
        try await sql.insertBatches(
            into: "members",
            columns: ["id", "province_code", "household_id", "position", "full_name", "folded_name", "birth_date", "sex",
                      "ethnicity_code", "relation", "citizen_id", "flags"],
            rows: households.flatMap { h in
                h.members.enumerated().map { index, m in
                    [m.id.rawValue, provinceCode, h.id.rawValue, index, m.fullName, TextFolding.fold(m.fullName), m.birthDate.iso,
                     m.sex.rawValue, m.ethnicityCode, m.relation.rawValue, m.citizenID?.digits,
                     m.flags.map(\.rawValue).sorted().joined(separator: ",")] as [any Encodable & Sendable]
                }
            }, batchSize: 250)
        try await HouseholdSearchIndex(sql: sql).add(households, provinceCode: provinceCode)
        try await VillageStore(sql: sql).register(households.map { ($0.unitID.rawValue, $0.village) }, provinceCode: provinceCode)
        try await figures.refresh(unitIDs: communes)
    }
}
