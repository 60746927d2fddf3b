import Domain
import FluentKit
import Foundation
import SQLKit

/// One line of a group list.
public struct GroupSummary: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    public let unitID: String
    public let unitCode: Int
    public let unitName: String
    public let village: String
    public let organisation: Organisation
    public let status: SavingsGroup.Status
    public let leader: String?
    public let members: Int
    public let grade: GroupGrade?
}

/// Tìm tổ: a list filter.
public struct GroupQuery: Sendable {
    public var text: String?
    public var unitIDs: Set<String>?
    public var provinceCode: Int?
    public var organisation: Organisation?
    public var village: String?
    public var includeDissolved: Bool
    public var paging: Paging

    public init(
        text: String? = nil, unitIDs: Set<String>? = nil, provinceCode: Int? = nil,
        organisation: Organisation? = nil,
        village: String? = nil, includeDissolved: Bool = false, paging: Paging = Paging()
    ) {
        self.text = text
        self.unitIDs = unitIDs
        self.provinceCode = provinceCode
        self.organisation = organisation
        self.village = village
        self.includeDissolved = includeDissolved
        self.paging = paging
    }
}

/// A member household of a group, as the group's page lists it.
public struct GroupMemberRow: Sendable, Equatable, Codable {
    public let householdID: String
    public let code: String
    public let head: String
    public let village: String
    public let memberCount: Int
    public let since: BusinessDate
}

/// A board term (nhiệm kỳ tổ trưởng, tổ phó).
public struct BoardTerm: Sendable, Equatable, Codable {
    public let post: BoardPost
    public let memberID: String
    public let householdID: String
    public let name: String
    public let from: BusinessDate
    public let to: BusinessDate?
}

/// One membership, open or closed: the group's membership history is a list of these.
public struct MembershipRecord: Sendable, Equatable, Codable {
    public let householdID: String
    public let code: String
    public let head: String
    public let from: BusinessDate
    public let to: BusinessDate?
    public let reasonIn: String
    public let reasonOut: String?
}

/// Everything a group's page shows.
public struct GroupDetail: Sendable {
    public let group: SavingsGroup
    public let unitCode: Int
    public let unitName: String
    public let members: [GroupMemberRow]
    public let board: [BoardTerm]
    public let meetings: [GroupMeeting]
    public let ratings: [GroupRating]

    public var leader: BoardTerm? { board.first { $0.post == .leader && $0.to == nil } }
    public var deputy: BoardTerm? { board.first { $0.post == .deputy && $0.to == nil } }
}

/// Savings & loan groups: lists, pages and every dated change (members in and out, board,
/// meetings, dissolution, merger), each audited, each narrowed to the caller's scope — the units
/// in it and, for an organisation officer or a group leader, their organisation or group.
public struct GroupStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The scope's condition on `savings_groups g`.
    static func scopeCondition(_ scope: AccessScope) -> SQLQueryString {
        var condition = scope.condition("g.unit_id")
        if let organisation = scope.organisationID {
            condition = condition + " AND g.organisation = \(bind: organisation)"
        }
        if let group = scope.groupID { condition = condition + " AND g.id = \(bind: group)" }
        return condition
    }

    public func list(_ query: GroupQuery, scope: AccessScope) async throws -> Page<GroupSummary> {
        if let province = query.provinceCode, !scope.admits(province: province) {
            throw PlatformError.outOfScope
        }
        if let ids = query.unitIDs,
            !scope.admits(filterUnits: Set(ids.map { AdministrativeUnit.ID($0) }))
        {
            throw PlatformError.outOfScope
        }
        if let wanted = query.organisation, let own = scope.organisationID, wanted.rawValue != own {
            throw NetworkError.organisationOutOfScope
        }
        var conditions: [SQLQueryString] = [Self.scopeCondition(scope)]
        if let ids = query.unitIDs {
            conditions.append(ids.isEmpty ? "1 = 0" : "g.unit_id IN (\(binds: Array(ids)))")
        }
        if let province = query.provinceCode {
            conditions.append("g.province_code = \(bind: province)")
        }
        if let organisation = query.organisation {
            conditions.append("g.organisation = \(bind: organisation.rawValue)")
        }
        if let village = query.village, !village.isEmpty {
            conditions.append("g.village = \(bind: village)")
        }
        if !query.includeDissolved { conditions.append("g.status = 'active'") }
        if let text = query.text.map(TextFolding.fold), !text.isEmpty {
            conditions.append(
                "g.folded_name LIKE \(bind: likePattern(containing: text)) ESCAPE '\\'")
        }
        let whereClause = conditions.dropFirst().reduce(conditions[0]) { $0 + " AND " + $1 }
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM savings_groups g WHERE \(whereClause)")
            .first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            SELECT g.id AS id, g.name AS name, g.unit_id AS unit_id, u.code AS unit_code, u.name AS unit_name, g.village AS village,
                   g.organisation AS organisation, g.status AS status,
                   (SELECT b.member_name FROM group_board_terms b WHERE b.group_id = g.id AND b.post = 'leader' AND b.valid_to IS NULL) AS leader,
                   (SELECT COUNT(*) FROM group_memberships m WHERE m.group_id = g.id AND m.valid_to IS NULL) AS members,
                   (SELECT r.grade FROM group_ratings r WHERE r.group_id = g.id ORDER BY r.month DESC LIMIT 1) AS grade
            FROM savings_groups g JOIN units u ON u.id = g.unit_id
            WHERE \(whereClause)
            ORDER BY u.code, g.village, g.name, g.id
            LIMIT \(unsafeRaw: String(query.paging.limit)) OFFSET \(unsafeRaw: String(query.paging.offset))
            """
        ).all()
        return Page(items: try rows.map(Self.summary), total: total)
    }

    static func summary(_ row: any SQLRow) throws -> GroupSummary {
        GroupSummary(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            unitID: try row.decode(column: "unit_id", as: String.self),
            unitCode: try row.decode(column: "unit_code", as: Int.self),
            unitName: try row.decode(column: "unit_name", as: String.self),
            village: try row.decode(column: "village", as: String.self),
            organisation: Organisation(
                rawValue: try row.decode(column: "organisation", as: String.self)) ?? .womensUnion,
            status: SavingsGroup.Status(rawValue: try row.decode(column: "status", as: String.self))
                ?? .active,
            leader: try row.decode(column: "leader", as: String?.self),
            members: try row.decode(column: "members", as: Int.self),
            grade: try row.decode(column: "grade", as: String?.self).flatMap(
                GroupGrade.init(rawValue:)))
    }

    /// A group the caller may see, or `groupNotFound` (also for one outside the scope).
    public func group(
        id: String, scope: AccessScope
    ) async throws -> (group: SavingsGroup, unitCode: Int, unitName: String) {
        guard
            let row = try await sql.raw(
                """
                SELECT g.*, u.code AS unit_code, u.name AS unit_name FROM savings_groups g JOIN units u ON u.id = g.unit_id
                WHERE g.id = \(bind: id) AND \(Self.scopeCondition(scope))
                """
            ).first()
        else { throw NetworkError.groupNotFound }
        func date(_ column: String) throws -> BusinessDate? {
            try row.decode(column: column, as: String?.self).flatMap { try? BusinessDate(iso: $0) }
        }
        let group = SavingsGroup(
            id: SavingsGroup.ID(try row.decode(column: "id", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            organisation: Organisation(
                rawValue: try row.decode(column: "organisation", as: String.self)) ?? .womensUnion,
            unitID: AdministrativeUnit.ID(try row.decode(column: "unit_id", as: String.self)),
            village: try row.decode(column: "village", as: String.self),
            foundedOn: try date("founded_on") ?? world.today,
            authorisationNumber: try row.decode(column: "authorisation_number", as: String.self),
            authorisationDate: try date("authorisation_date"),
            foundingMinutes: try row.decode(column: "founding_minutes", as: String.self),
            status: SavingsGroup.Status(rawValue: try row.decode(column: "status", as: String.self))
                ?? .active,
            dissolvedOn: try date("dissolved_on"),
            mergedInto: try row.decode(column: "merged_into", as: String?.self).map {
                SavingsGroup.ID($0)
            })
        return (
            group, try row.decode(column: "unit_code", as: Int.self),
            try row.decode(column: "unit_name", as: String.self)
        )
    }

    public func detail(id: String, scope: AccessScope) async throws -> GroupDetail {
        let (group, unitCode, unitName) = try await group(id: id, scope: scope)
        let members = try await sql.raw(
            """
            SELECT h.id AS id, h.code AS code, h.head_name AS head, h.village AS village, h.member_count AS member_count, m.valid_from AS since
            FROM group_memberships m JOIN households h ON h.id = m.household_id
            WHERE m.group_id = \(bind: id) AND m.valid_to IS NULL ORDER BY h.village, h.code
            """
        ).all().map { row in
            GroupMemberRow(
                householdID: try row.decode(column: "id", as: String.self),
                code: try row.decode(column: "code", as: String.self),
                head: try row.decode(column: "head", as: String.self),
                village: try row.decode(column: "village", as: String.self),
                memberCount: try row.decode(column: "member_count", as: Int.self),
                since: try BusinessDate(iso: try row.decode(column: "since", as: String.self)))
        }
        return GroupDetail(
            group: group, unitCode: unitCode, unitName: unitName, members: members,
            board: try await board(groupID: id), meetings: try await meetings(groupID: id),
            ratings: try await GroupRatingStore(database: database, world: world).ratings(
                groupID: id))
    }

    func board(groupID: String) async throws -> [BoardTerm] {
        try await sql.select().columns(
            "post", "member_id", "household_id", "member_name", "valid_from", "valid_to"
        ).from("group_board_terms")
            .where("group_id", .equal, groupID).orderBy("valid_from", .descending).orderBy("post")
            .all().map { row in
                BoardTerm(
                    post: BoardPost(rawValue: try row.decode(column: "post", as: String.self))
                        ?? .leader,
                    memberID: try row.decode(column: "member_id", as: String.self),
                    householdID: try row.decode(column: "household_id", as: String.self),
                    name: try row.decode(column: "member_name", as: String.self),
                    from: try BusinessDate(
                        iso: try row.decode(column: "valid_from", as: String.self)),
                    to: try row.decode(column: "valid_to", as: String?.self).flatMap {
                        try? BusinessDate(iso: $0)
                    })
            }
    }

    func meetings(groupID: String) async throws -> [GroupMeeting] {
        try await sql.select().columns("id", "held_on", "kind", "attendees", "minutes").from(
            "group_meetings"
        )
        .where("group_id", .equal, groupID).orderBy("held_on", .descending).all().map { row in
            GroupMeeting(
                id: try row.decode(column: "id", as: String.self),
                groupID: SavingsGroup.ID(groupID),
                heldOn: try BusinessDate(iso: try row.decode(column: "held_on", as: String.self)),
                kind: MeetingKind(rawValue: try row.decode(column: "kind", as: String.self))
                    ?? .regular,
                attendees: try row.decode(column: "attendees", as: Int.self),
                minutes: try row.decode(column: "minutes", as: String.self))
        }
    }

    /// Lịch sử tổ viên: every membership of the group, open and closed, newest first.
    public func membershipHistory(
        groupID: String, scope: AccessScope
    ) async throws -> [MembershipRecord] {
        _ = try await group(id: groupID, scope: scope)
        return try await sql.raw(
            """
            SELECT h.id AS id, h.code AS code, h.head_name AS head, m.valid_from AS valid_from, m.valid_to AS valid_to,
                   m.reason_in AS reason_in, m.reason_out AS reason_out
            FROM group_memberships m JOIN households h ON h.id = m.household_id
            WHERE m.group_id = \(bind: groupID)
            ORDER BY COALESCE(m.valid_to, m.valid_from) DESC, m.valid_from DESC, h.code
            """
        ).all().map { row in
            MembershipRecord(
                householdID: try row.decode(column: "id", as: String.self),
                code: try row.decode(column: "code", as: String.self),
                head: try row.decode(column: "head", as: String.self),
                from: try BusinessDate(iso: try row.decode(column: "valid_from", as: String.self)),
                to: try row.decode(column: "valid_to", as: String?.self).flatMap {
                    try? BusinessDate(iso: $0)
                },
                reasonIn: try row.decode(column: "reason_in", as: String.self),
                reasonOut: try row.decode(column: "reason_out", as: String?.self))
        }
    }

    /// The households that were members on `date` (a past date reads closed memberships too).
    public func members(groupID: String, on date: BusinessDate) async throws -> Set<String> {
        try await Self.members(groupID: groupID, on: date, sql: try sql)
    }

    /// The group's member households on `date`, read on `sql` (inside a command's transaction,
    /// after the group's lock, so what a command decides on is what it writes against).
    static func members(
        groupID: String, on date: BusinessDate, sql: any SQLDatabase
    ) async throws -> Set<String> {
        Set(
            try await sql.raw(
                """
                SELECT household_id FROM group_memberships WHERE group_id = \(bind: groupID) AND valid_from <= \(bind: date.iso)
                AND (valid_to IS NULL OR valid_to >= \(bind: date.iso))
                """
            ).all(decodingColumn: "household_id", as: String.self))
    }

    /// The group size limits in force on `date` (reference data, 5–60 today).
    public func limits(on date: BusinessDate) async throws -> GroupSizeLimits {
        let reference = ReferenceDataStore(database: database, world: world)
        let min =
            try await reference.value(key: "group_members_min", on: date).flatMap { Int($0.value) }
            ?? 5
        let max =
            try await reference.value(key: "group_members_max", on: date).flatMap { Int($0.value) }
            ?? 60
        return GroupSizeLimits(min: min, max: max)
    }
}
