import Domain
import FluentKit
import SQLKit

/// Monthly group ratings. A rating imported from the bank's file replaces a computed one for the
/// same month; a computed one never replaces an imported one.
public struct GroupRatingStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { database as! any SQLDatabase }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    public func ratings(groupID: String) async throws -> [GroupRating] {
        try await sql.select().columns("month", "grade", "score", "source", "detail").from("group_ratings")
            .where("group_id", .equal, groupID).orderBy("month", .descending).all().map { row in
                GroupRating(groupID: groupID, month: try row.decode(column: "month", as: String.self),
                            grade: GroupGrade(rawValue: try row.decode(column: "grade", as: String.self)) ?? .average,
                            score: try row.decode(column: "score", as: Int?.self),
                            source: GroupRating.Source(rawValue: try row.decode(column: "source", as: String.self)) ?? .computed,
                            detail: try row.decode(column: "detail", as: String.self))
            }
    }

    /// Stores ratings in one statement per batch; `imported` ones win over what is there.
    static func store(_ ratings: [GroupRating], sql: any SQLDatabase) async throws {
        for chunk in ratings.chunked(300) {
            let imported = chunk.filter { $0.source == .imported }
            if !imported.isEmpty {
                for rating in imported {
                    try await sql.delete(from: "group_ratings").where("group_id", .equal, rating.groupID).where("month", .equal, rating.month).run()
                }
            }
            var insert = sql.insert(into: "group_ratings").columns("group_id", "month", "grade", "score", "source", "detail").ignoringConflicts()
            for r in chunk { insert = insert.values(r.groupID, r.month, r.grade.rawValue, r.score, r.source.rawValue, r.detail) }
            try await insert.run()
        }
    }
}
