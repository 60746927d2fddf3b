import Domain
import FluentKit
import Foundation
import SQLKit

/// Ban quản lý tổ và họp tổ: the board's election and the group's meetings.
extension GroupStore {
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
}
