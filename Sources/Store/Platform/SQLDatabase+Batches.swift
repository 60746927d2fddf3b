import Domain
import SQLKit

extension SQLDatabase {
    /// Inserts rows in batches of `batchSize`: one statement per batch keeps a 10,000-row load to
    /// a few dozen round trips, and stays under both drivers' limits on bound parameters.
    public func insertBatches(into table: String, columns: [String], rows: [[any Encodable & Sendable]],
                       batchSize: Int = 400) async throws {
        var start = 0
        while start < rows.count {
            let end = min(start + batchSize, rows.count)
            var builder = self.insert(into: table).columns(columns)
            for row in rows[start..<end] { builder = builder.values(row) }
            try await builder.run()
            start = end
        }
    }
}

/// Escapes `%`, `_` and `\` so that user text is matched literally inside a LIKE pattern.
func likePattern(containing text: String) -> String {
    var escaped = ""
    for c in text {
        if c == "%" || c == "_" || c == "\\" { escaped.append("\\") }
        escaped.append(c)
    }
    return "%\(escaped)%"
}

extension AccessScope {
    /// An organisation officer's or a group leader's narrowing on a table with `organisation` and
    /// `group_id` columns (`alias.`): true for everyone else.
    func networkCondition(_ alias: String) -> SQLQueryString {
        networkCondition(organisation: alias + ".organisation", group: alias + ".group_id")
    }

    func networkCondition(organisation column: String, group groupColumn: String) -> SQLQueryString {
        var condition: SQLQueryString = "1 = 1"
        if let organisation = organisationID { condition = condition + " AND \(unsafeRaw: column) = \(bind: organisation)" }
        if let group = groupID { condition = condition + " AND \(unsafeRaw: groupColumn) = \(bind: group)" }
        return condition
    }

    /// The same for households (`column` is a household id): a group leader reaches his group's
    /// member households, an organisation officer those of her organisation's groups.
    func householdCondition(_ column: String) -> SQLQueryString {
        if let group = groupID {
            return "\(unsafeRaw: column) IN (SELECT nm.household_id FROM group_memberships nm WHERE nm.group_id = \(bind: group) AND nm.valid_to IS NULL)"
        }
        if let organisation = organisationID {
            return """
                \(unsafeRaw: column) IN (SELECT nm.household_id FROM group_memberships nm JOIN savings_groups ng ON ng.id = nm.group_id
                WHERE ng.organisation = \(bind: organisation) AND nm.valid_to IS NULL)
                """
        }
        return "1 = 1"
    }

    /// The SQL condition "`column` lies in the scope": true for everything, false for an empty
    /// scope (an `IN ()` list is not valid SQL).
    func condition(_ column: String) -> SQLQueryString {
        if isEverything { return "1 = 1" }
        if unitIDs.isEmpty { return "1 = 0" }
        return "\(unsafeRaw: column) IN (\(binds: unitIDs.map(\.rawValue)))"
    }

    /// "`column` is a province of the scope": for province-level records (plans, directive
    /// tasks); true for everything, false for an empty scope.
    func provinceCondition(_ column: String) -> SQLQueryString {
        if isEverything { return "1 = 1" }
        if provinceCodes.isEmpty { return "1 = 0" }
        return "\(unsafeRaw: column) IN (\(binds: provinceCodes.sorted()))"
    }

    /// The same condition on the `units` table itself, where a unit's own province code is
    /// known: whole provinces are tested by code, the rest by id.
    func unitCondition(id: String, provinceCode: String) -> SQLQueryString {
        if isEverything { return "1 = 1" }
        if unitIDs.isEmpty { return "1 = 0" }
        guard !wholeProvinces.isEmpty else { return condition(id) }
        let rest = unitsOutsideWholeProvinces.map(\.rawValue)
        let provinces: SQLQueryString = "\(unsafeRaw: provinceCode) IN (\(binds: Array(wholeProvinces)))"
        return rest.isEmpty ? provinces : "(" + provinces + " OR \(unsafeRaw: id) IN (\(binds: rest)))"
    }
}

extension SQLDatabase {
    /// Adds a signed amount per row to one integer column, a few statements for any number of
    /// rows: `UPDATE … SET column = column + CASE id WHEN … END` in chunks of 300.
    public func addToColumn(_ column: String, of table: String, changes: [String: Int64],
                            updatedAt: Int64? = nil) async throws {
        for chunk in changes.sorted(by: { $0.key < $1.key }).chunked(300) {
            var amount: SQLQueryString = "CASE id"
            for (id, change) in chunk { amount = amount + " WHEN \(bind: id) THEN \(bind: change)" }
            let stamp: SQLQueryString = updatedAt.map { ", updated_at = \(bind: $0)" } ?? ""
            try await raw("""
                UPDATE \(ident: table) SET \(ident: column) = \(ident: column) + CAST(\(amount) END AS BIGINT)\(stamp)
                WHERE id IN (\(binds: chunk.map(\.key)))
                """).run()
        }
    }
}
