import Domain
import SQLKit

/// The full-text index of households behind one interface: SQLite's FTS5 (a virtual table whose
/// rowid is the household's rowid) or PostgreSQL's `tsvector` with a GIN index. Both hold the
/// folded words of the household's names, code, citizen IDs and village, split on anything
/// that is not a letter or digit, so "Nguyễn Văn" is found by "nguyen van" and by "van ng".
/// A million members answer a prefix query from the index instead of a scan.
struct HouseholdSearchIndex {
    let sql: any SQLDatabase
    var isPostgres: Bool { sql.dialect.name == "postgresql" }

    static func create(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE TABLE household_search (
                    household_id TEXT PRIMARY KEY REFERENCES households(id),
                    province_code INTEGER NOT NULL,
                    words TSVECTOR NOT NULL
                )
                """).run()
            try await sql.raw("CREATE INDEX household_search_words ON household_search USING GIN (words)").run()
        } else {
            try await sql.raw("CREATE VIRTUAL TABLE household_search USING fts5(words, tokenize = 'unicode61')").run()
        }
    }

    static func drop(_ sql: any SQLDatabase) async throws {
        try await sql.raw("DROP TABLE IF EXISTS household_search").run()
    }

    /// Lower-case ASCII words: folded, and split on everything but letters and digits.
    static func words(_ text: String) -> [String] {
        TextFolding.fold(text).split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.map(String.init)
    }

    static func document(of household: Household) -> String {
        var words: [String] = words(household.code.value) + words(household.village)
        for member in household.members {
            words += Self.words(member.fullName)
            if let id = member.citizenID?.digits { words.append(id) }
        }
        return Array(Set(words)).sorted().joined(separator: " ")
    }

    /// The condition "household `h` matches every word of `query` as a prefix", or nil for no words.
    func condition(query: String) -> SQLQueryString? {
        let words = Self.words(query).prefix(8)
        guard !words.isEmpty else { return nil }
        if isPostgres {
            let expression = words.map { "\($0):*" }.joined(separator: " & ")
            return "h.id IN (SELECT s.household_id FROM household_search s WHERE s.words @@ to_tsquery('simple', \(bind: expression)))"
        }
        let expression = words.map { "\"\($0)\"*" }.joined(separator: " AND ")
        return "h.rowid IN (SELECT rowid FROM household_search WHERE household_search MATCH \(bind: expression))"
    }

    /// Removes the index entries of these households (before they are written anew).
    func remove(householdIDs: [String]) async throws {
        guard !householdIDs.isEmpty else { return }
        if isPostgres {
            try await sql.delete(from: "household_search").where("household_id", .in, householdIDs).run()
        } else {
            try await sql.raw("DELETE FROM household_search WHERE rowid IN (SELECT rowid FROM households WHERE id IN (\(binds: householdIDs)))").run()
        }
    }

    /// Indexes households already written to `households`.
    func add(_ households: [Household], provinceCode: Int) async throws {
        for chunk in households.chunked(300) {
            if isPostgres {
                var insert = sql.insert(into: "household_search").columns("household_id", "province_code", "words")
                for h in chunk {
                    insert = insert.values([SQLBind(h.id.rawValue), SQLBind(provinceCode),
                                            SQLFunction("to_tsvector", args: SQLLiteral.string("simple"), SQLBind(Self.document(of: h)))])
                }
                try await insert.run()
            } else {
                let rows = try await sql.select().column(SQLRaw("rowid"), as: "rid").column("id").from("households")
                    .where("id", .in, chunk.map(\.id.rawValue)).all()
                var rowids: [String: Int64] = [:]
                for row in rows { rowids[try row.decode(column: "id", as: String.self)] = try row.decode(column: "rid", as: Int64.self) }
                var insert = sql.insert(into: "household_search").columns("rowid", "words")
                for h in chunk {
                    guard let rowid = rowids[h.id.rawValue] else { continue }
                    insert = insert.values([SQLBind(rowid), SQLBind(Self.document(of: h))])
                }
                try await insert.run()
            }
        }
    }
}
