import Domain
import FluentKit
import SQLKit

extension HouseholdImporter {
    /// Pass 2: read again, write each household as soon as its last row has passed, 500 at a time.
    struct SecondPass: Sendable {
        let source: CSVSource
        let parser: RowParser
        let groups: [String: HouseholdFileGroups.Group]
        let communeIDs: [Int: (id: String, province: Int)]
        let badRows: Set<Int>
        let badCodes: Set<String>
        let reasonsByRow: [Int: [ErrorDetail]]
        let skipBadRows: Bool
        let dryRun: Bool
        let actor: Actor

        func run(
            importer: HouseholdImporter, sql: any SQLDatabase, progress: @Sendable (String) -> Void
        ) async throws -> Outcome {
            var outcome = Outcome()
            var pending: [String: [HouseholdFileRow]] = [:]
            var ready: [(key: String, rows: [HouseholdFileRow])] = []
            var written = 0
            try await source.forEachRow(header: { _ in }) { row in
                if badRows.contains(row.number) {
                    outcome.rejected.append(
                        Rejected(
                            row: row.number, fields: row.fields,
                            reasons: (reasonsByRow[row.number] ?? []).map {
                                "\($0.field ?? ""): \($0.message)"
                            }))
                    return
                }
                guard case .success(let parsed) = parser.parse(row) else { return }
                let key = parsed.householdKey
                if badCodes.contains(parsed.householdCode.value) {
                    outcome.rejected.append(
                        Rejected(
                            row: row.number, fields: row.fields,
                            reasons: [
                                "Hộ \(parsed.householdCode) có hàng lỗi khác; cả hộ chưa được nhập."
                            ]))
                    return
                }
                pending[key, default: []].append(parsed)
                if groups[key]?.lastRow == row.number, let rows = pending.removeValue(forKey: key) {
                    ready.append((key, rows))
                    if ready.count >= 500 {
                        try await importer.write(
                            ready, communeIDs: communeIDs, sql: sql, actor: actor, dryRun: dryRun,
                            outcome: &outcome)
                        written += ready.count
                        ready.removeAll(keepingCapacity: true)
                        if written % 50_000 == 0 { progress("Đã ghi \(written) hộ") }
                    }
                }
            }
            if !ready.isEmpty {
                try await importer.write(
                    ready, communeIDs: communeIDs, sql: sql, actor: actor, dryRun: dryRun,
                    outcome: &outcome)
            }
            outcome.rejected.sort { $0.row < $1.row }
            if !skipBadRows { outcome.rejected = [] }
            return outcome
        }
    }
}
