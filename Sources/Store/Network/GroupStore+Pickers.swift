import Domain
import SQLKit

/// A household the group could take in.
public struct HouseholdCandidate: Sendable, Equatable {
    public let code: String
    public let head: String
    public let village: String
}

/// An adult of a member household, who may stand for the board.
public struct BoardCandidate: Sendable, Equatable {
    public let memberID: String
    public let name: String
    public let householdCode: String
    public let relation: Relation
}

extension GroupStore {
    /// Households of the group's commune in no group today, those of its village first.
    public func candidates(groupID: String, scope: AccessScope, limit: Int = 200) async throws -> [HouseholdCandidate] {
        let (group, _, _) = try await group(id: groupID, scope: scope)
        return try await sql.raw("""
            SELECT h.code AS code, h.head_name AS head, h.village AS village FROM households h
            WHERE h.unit_id = \(bind: group.unitID.rawValue) AND h.closed_on IS NULL
              AND NOT EXISTS (SELECT 1 FROM group_memberships m WHERE m.household_id = h.id AND m.valid_to IS NULL)
            ORDER BY CASE WHEN h.village = \(bind: group.village) THEN 0 ELSE 1 END, h.village, h.code
            LIMIT \(unsafeRaw: String(limit))
            """).all().map { row in
                HouseholdCandidate(code: try row.decode(column: "code", as: String.self), head: try row.decode(column: "head", as: String.self),
                                   village: try row.decode(column: "village", as: String.self))
            }
    }

    /// Members aged 18 or more on `date` of the group's member households.
    public func boardCandidates(groupID: String, on date: BusinessDate, scope: AccessScope) async throws -> [BoardCandidate] {
        _ = try await group(id: groupID, scope: scope)
        let latestBirth = BusinessDate(dayNumber: date.dayNumber)
        let rows = try await sql.raw("""
            SELECT p.id AS id, p.full_name AS name, p.relation AS relation, p.birth_date AS birth, h.code AS code
            FROM group_memberships m JOIN households h ON h.id = m.household_id JOIN members p ON p.household_id = h.id
            WHERE m.group_id = \(bind: groupID) AND m.valid_to IS NULL AND p.birth_date <= \(bind: latestBirth.iso)
            ORDER BY h.code, CASE p.relation WHEN 'head' THEN 0 ELSE 1 END, p.full_name
            """).all()
        return try rows.compactMap { row in
            let birth = try BusinessDate(iso: try row.decode(column: "birth", as: String.self))
            guard birth.fullYears(until: date) >= 18 else { return nil }
            return BoardCandidate(memberID: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                                  householdCode: try row.decode(column: "code", as: String.self),
                                  relation: Relation(rawValue: try row.decode(column: "relation", as: String.self)) ?? .other)
        }
    }

    /// The other active groups of the same commune and organisation (where members can move, or a group merge).
    public func siblings(of groupID: String, scope: AccessScope) async throws -> [(id: String, name: String, sameOrganisation: Bool)] {
        let (group, _, _) = try await group(id: groupID, scope: scope)
        return try await sql.raw("""
            SELECT g.id AS id, g.name AS name, g.organisation AS organisation FROM savings_groups g
            WHERE g.unit_id = \(bind: group.unitID.rawValue) AND g.status = 'active' AND g.id <> \(bind: groupID)
              AND \(Self.scopeCondition(scope)) ORDER BY g.name
            """).all().map { row in
                (try row.decode(column: "id", as: String.self), try row.decode(column: "name", as: String.self),
                 try row.decode(column: "organisation", as: String.self) == group.organisation.rawValue)
            }
    }
}
