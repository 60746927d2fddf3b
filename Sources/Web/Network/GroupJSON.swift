import Domain
import Store
import Vapor

/// `GET /api/v1/groups` item (fixed contract): `members` is the count, `grade` the latest month's or null.
struct GroupItemJSON: Content {
    let id: String
    let name: String
    let unitCode: Int
    let village: String
    let organisation: String
    let leader: String?
    let members: Int
    let grade: String?

    init(_ s: GroupSummary) {
        id = s.id
        name = s.name
        unitCode = s.unitCode
        village = s.village
        organisation = s.organisation.rawValue
        leader = s.leader
        members = s.members
        grade = s.grade?.rawValue
    }
}

struct GroupListJSON: Content {
    let items: [GroupItemJSON]
    let total: Int
}

/// One group with its members, board, meetings, ratings and membership history.
struct GroupJSON: Content {
    struct MemberJSON: Content { let householdId: String; let code: String; let head: String; let village: String; let since: String }
    struct BoardJSON: Content { let post: String; let memberId: String; let name: String; let from: String; let to: String? }
    struct MeetingJSON: Content { let id: String; let heldOn: String; let kind: String; let attendees: Int; let minutes: String }
    struct RatingJSON: Content { let month: String; let grade: String; let score: Int?; let source: String }
    struct HistoryJSON: Content { let householdId: String; let code: String; let from: String; let to: String?; let reasonIn: String; let reasonOut: String? }

    let id: String
    let name: String
    let organisation: String
    let unitCode: Int
    let unitName: String
    let village: String
    let foundedOn: String
    let authorisationNumber: String
    let authorisationDate: String?
    let foundingMinutes: String
    let status: String
    let dissolvedOn: String?
    let mergedInto: String?
    let members: [MemberJSON]
    let board: [BoardJSON]
    let meetings: [MeetingJSON]
    let ratings: [RatingJSON]
    let history: [HistoryJSON]

    init(_ d: GroupDetail, history: [MembershipRecord]) {
        let g = d.group
        id = g.id.rawValue
        name = g.name
        organisation = g.organisation.rawValue
        unitCode = d.unitCode
        unitName = d.unitName
        village = g.village
        foundedOn = g.foundedOn.iso
        authorisationNumber = g.authorisationNumber
        authorisationDate = g.authorisationDate?.iso
        foundingMinutes = g.foundingMinutes
        status = g.status.rawValue
        dissolvedOn = g.dissolvedOn?.iso
        mergedInto = g.mergedInto?.rawValue
        members = d.members.map { MemberJSON(householdId: $0.householdID, code: $0.code, head: $0.head, village: $0.village, since: $0.since.iso) }
        board = d.board.map { BoardJSON(post: $0.post.rawValue, memberId: $0.memberID, name: $0.name, from: $0.from.iso, to: $0.to?.iso) }
        meetings = d.meetings.map { MeetingJSON(id: $0.id, heldOn: $0.heldOn.iso, kind: $0.kind.rawValue, attendees: $0.attendees, minutes: $0.minutes) }
        ratings = d.ratings.map { RatingJSON(month: $0.month, grade: $0.grade.rawValue, score: $0.score, source: $0.source.rawValue) }
        self.history = history.map { HistoryJSON(householdId: $0.householdID, code: $0.code, from: $0.from.iso, to: $0.to?.iso,
                                                 reasonIn: $0.reasonIn, reasonOut: $0.reasonOut) }
    }
}

/// The bodies the group API takes.
struct GroupCreateJSON: Content {
    let name: String
    let organisation: String
    let unitCode: Int
    let village: String
    let foundedOn: String
    let authorisationNumber: String?
    let authorisationDate: String?
    let foundingMinutes: String?
}

struct GroupMembersJSON: Content {
    let households: [String]
    let date: String
}

struct GroupBoardJSON: Content {
    let leader: String
    let deputy: String?
    let declaredKinship: String?
    let leaderLeadsOtherBankGroup: Bool?
    let date: String
}
