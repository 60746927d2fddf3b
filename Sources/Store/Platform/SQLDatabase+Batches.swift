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
    /// The SQL condition "`column` lies in the scope": true for everything, false for an empty
    /// scope (an `IN ()` list is not valid SQL).
    func condition(_ column: String) -> SQLQueryString {
        if isEverything { return "1 = 1" }
        if unitIDs.isEmpty { return "1 = 0" }
        return "\(unsafeRaw: column) IN (\(binds: unitIDs.map(\.rawValue)))"
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
