import Domain
import FluentKit
import Foundation
import SQLKit

/// Monthly group ratings. A rating imported from the bank's file replaces a computed one for the
/// same month; a computed one never replaces an imported one.
public struct GroupRatingStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

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
            if let first = imported.first {
                // One statement per batch: (group, month) pairs joined by OR.
                let pairs = imported.dropFirst().reduce("(group_id = \(bind: first.groupID) AND month = \(bind: first.month))" as SQLQueryString) {
                    $0 + " OR (group_id = \(bind: $1.groupID) AND month = \(bind: $1.month))"
                }
                try await sql.raw("DELETE FROM group_ratings WHERE " + pairs).run()
            }
            var insert = sql.insert(into: "group_ratings").columns("group_id", "month", "grade", "score", "source", "detail").ignoringConflicts()
            for r in chunk { insert = insert.values(r.groupID, r.month, r.grade.rawValue, r.score, r.source.rawValue, r.detail) }
            try await insert.run()
        }
    }
}

/// The record a computed rating keeps, so the month can be re-read and re-rated the same way.
struct ComputedRatingDetail: Codable {
    let table: String
    let figures: GroupMonthFigures
    let reasons: [String]
}

extension GroupRatingStore {
    /// The lines that explain a rating: the components of a computed one, the file of an imported one.
    public static func reasons(of rating: GroupRating) -> [String] {
        (try? StoredJSON.value(ComputedRatingDetail.self, from: rating.detail))?.reasons ?? [rating.detail]
    }

    public func tables() async throws -> [GroupScoringTable] {
        try StoredJSON.definitions(GroupScoringTable.self, try await sql.select().column("definition").from("group_scoring_tables")
            .orderBy("valid_from").all())
    }

    static func insert(_ table: GroupScoringTable, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "group_scoring_tables").columns("code", "valid_from", "definition")
            .values(table.code, table.validFrom.iso, try StoredJSON.text(table)).run()
    }

    /// A new scoring table (administrators): months ending on or after its date are rated with it.
    public func addTable(_ table: GroupScoringTable, actor: Actor) async throws {
        try table.validate()
        guard try await !tables().contains(where: { $0.code == table.code }) else { throw NetworkError.invalidGroup("đã có bảng chấm điểm mã «\(table.code)»") }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert(table, sql: sql)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "group_scoring_table.create", recordType: "group_scoring_table",
                                                               recordID: table.code, provinceCode: nil, before: nil as String?, after: table)
        }
    }

    /// "yyyy-mm" or "mm/yyyy" → the month's first day; a month not yet ended cannot be rated.
    public static func month(_ text: String, today: BusinessDate) throws -> BusinessDate {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/")
        let iso = parts.count == 2 ? "\(parts[1])-\(parts[0].count == 1 ? "0" + parts[0] : String(parts[0]))" : trimmed
        guard let month = try? BusinessDate(month: iso) else {
            throw PlatformError.invalidInput(field: "month", message: "Tháng không hợp lệ: «\(text)» (yyyy-mm hoặc mm/yyyy).")
        }
        guard month < today.firstOfMonth else {
            throw PlatformError.inputRefused(field: "month", message: "Tháng \(month.month)/\(month.year) chưa kết thúc; chưa xếp loại được.")
        }
        return month
    }

    /// Rates a group for a month from its figures with the table in force at the month's end. A rating
    /// imported for that month stays (the bank's file wins) and is returned instead.
    public func rate(groupID: String, month: BusinessDate, figures: GroupMonthFigures, actor: Actor, scope: AccessScope) async throws -> GroupRating {
        try figures.validate()
        let (group, _, _) = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        guard let table = GroupScoringTable.inForce(for: month, among: try await tables()) else {
            throw NetworkError.invalidGroup("chưa có bảng chấm điểm cho tháng \(month.month)/\(month.year)")
        }
        let key = String(month.iso.prefix(7))
        if let imported = try await ratings(groupID: groupID).first(where: { $0.month == key && $0.source == .imported }) { return imported }
        let rating = try Self.computed(groupID: groupID, month: key, figures: figures, table: table)
        let province = try await sql.select().column("province_code").from("savings_groups").where("id", .equal, group.id.rawValue)
            .first(decodingColumn: "province_code", as: Int.self)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.delete(from: "group_ratings").where("group_id", .equal, groupID).where("month", .equal, key)
                .where("source", .equal, GroupRating.Source.computed.rawValue).run()
            try await Self.store([rating], sql: sql)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "group.rate", recordType: "savings_group", recordID: groupID,
                                                               provinceCode: province, before: nil as String?, after: rating)
        }
        return rating
    }

    /// A group's grade from its month's figures under a table, with what explains it.
    static func computed(groupID: String, month: String, figures: GroupMonthFigures, table: GroupScoringTable) throws -> GroupRating {
        let result = GroupRatingRule.rate(figures, under: table)
        let detail = try StoredJSON.text(ComputedRatingDetail(table: table.code, figures: figures, reasons: result.reasons))
        return GroupRating(groupID: groupID, month: month, grade: result.grade, score: result.score, source: .computed, detail: detail)
    }

    /// Xếp loại theo tệp tháng của ngân hàng: `ma_to`, `thang`, `xep_loai`, optional `diem`. All rows
    /// or none (or the good ones, when bad rows are skipped); stored as given, replacing what was there.
    public func importRatings(_ table: CSVTable, fileName: String, actor: Actor, scope: AccessScope,
                              skipBadRows: Bool) async throws -> (stored: Int, problems: [ErrorDetail]) {
        let missing = ["ma_to", "thang", "xep_loai"].filter { !table.header.contains($0) }
        if !missing.isEmpty {
            throw NetworkError.importFailed([ErrorDetail(row: 0, line: 1, field: missing.joined(separator: ", "), code: "missing_columns",
                                                         message: "Thiếu cột: \(missing.joined(separator: ", ")).")])
        }
        var problems: [ErrorDetail] = []
        var ratings: [GroupRating] = []
        // The groups of the file the caller may see, in one query per batch rather than one per row.
        var visible: Set<String> = []
        let named = Set(table.rows.map { ($0["ma_to"] ?? "").trimmingCharacters(in: .whitespaces) }).filter { !$0.isEmpty }
        for chunk in Array(named).chunked(400) {
            visible.formUnion(try await sql.raw("""
                SELECT g.id AS id FROM savings_groups g WHERE g.id IN (\(binds: Array(chunk))) AND \(GroupStore.scopeCondition(scope))
                """).all(decodingColumn: "id", as: String.self))
        }
        for row in table.rows {
            func bad(_ column: String, _ message: String) {
                problems.append(ErrorDetail(row: row.number, line: row.line, field: column, code: "invalid_row", message: message))
            }
            let id = (row["ma_to"] ?? "").trimmingCharacters(in: .whitespaces)
            guard visible.contains(id) else { bad("ma_to", "Không có tổ mã «\(id)» trong phạm vi của bạn."); continue }
            let month: BusinessDate
            do { month = try Self.month(row["thang"] ?? "", today: world.today) } catch let error as PlatformError { bad("thang", error.message); continue }
            let grade: GroupGrade
            do { grade = try GroupGrade(text: row["xep_loai"] ?? "") } catch { bad("xep_loai", error.message); continue }
            var score: Int?
            if let text = row["diem"], !text.isEmpty {
                guard let value = Int(text) else { bad("diem", "Điểm phải là số: «\(text)»."); continue }
                score = value
            }
            ratings.append(GroupRating(groupID: id, month: String(month.iso.prefix(7)), grade: grade, score: score, source: .imported,
                                       detail: "Tệp \(fileName), hàng \(row.number)"))
        }
        if !problems.isEmpty && !skipBadRows { throw NetworkError.importFailed(problems) }
        let stored = ratings
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.store(stored, sql: sql)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "group.import_ratings", recordType: "group_ratings",
                                                               recordID: fileName, provinceCode: nil, before: nil as String?,
                                                               after: ["rows": stored.count])
        }
        return (stored.count, problems)
    }
}
