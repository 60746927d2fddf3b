import Domain
import SQLKit

/// Members' savings of the old book: one row per member with the group and the balance on the
/// cut-over day (`ma_xa, ten_to, ma_ho, so_du`).
extension BookImporter {
    public static let savingsColumns = ["ma_xa", "ten_to", "ma_ho", "so_du"]

    /// Each row into a member's balance, or its problems by column; a household that is not a
    /// member of the group it names, or named twice, is a problem.
    func savingsRows(
        _ table: CSVTable, on cutOver: BusinessDate, lookups: inout Lookups, scope: AccessScope,
        sql: any SQLDatabase
    ) async throws -> (rows: [OpeningSavings], problems: [ErrorDetail]) {
        var rows: [OpeningSavings] = [], problems: [ErrorDetail] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            func problem(_ column: String, _ message: String) {
                problems.append(
                    ErrorDetail(
                        row: row.number, line: row.line, field: column,
                        code: "invalid_savings_row", message: "Tiền gửi tiết kiệm: \(message)"))
            }
            func value(_ column: String) -> String {
                (row[column] ?? "").trimmingCharacters(in: .whitespaces)
            }
            guard
                let unit = await commune(
                    value("ma_xa"), on: cutOver, lookups: &lookups, scope: scope, sql: sql)
            else {
                problem(
                    "ma_xa",
                    "xã «\(value("ma_xa").prefix(20))» không có hoặc ngoài phạm vi của bạn.");
                continue
            }
            try await load(unit: unit.id, into: &lookups, sql: sql)
            guard let group = lookups.groups[unit.id]?[TextFolding.fold(value("ten_to"))] else {
                problem(
                    "ten_to",
                    "xã \(unit.name) không có tổ «\(value("ten_to").prefix(60))» đang hoạt động.");
                continue
            }
            guard let household = lookups.households[unit.id]?[value("ma_ho")],
                lookups.members[group.id]?.contains(household.id) == true
            else {
                problem(
                    "ma_ho", "hộ «\(value("ma_ho").prefix(40))» không phải tổ viên của tổ này.");
                continue
            }
            guard let balance = try? Money(text: value("so_du")) else {
                problem("so_du", "số dư không hợp lệ «\(value("so_du").prefix(40))»."); continue
            }
            if let first = seen[household.id] {
                problem("ma_ho", "hộ đã có ở hàng \(first) của tệp."); continue
            }
            seen[household.id] = row.number
            rows.append(
                OpeningSavings(
                    row: row.number, unitID: unit.id, groupID: group.id,
                    householdID: household.id, balance: balance, provinceCode: unit.provinceCode))
        }
        return (rows, problems)
    }

    /// Each household's savings balance here (its account `sav-<household>`), for the households
    /// the file names.
    func heldSavings(
        _ rows: [OpeningSavings], sql: any SQLDatabase
    ) async throws -> [String: Money] {
        var held: [String: Money] = [:]
        for slice in rows.map({ "sav-\($0.householdID)" }).chunked(500) {
            for r in try await sql.select().columns("household_id", "balance").from(
                "savings_accounts"
            ).where("id", .in, Array(slice)).all() {
                held[try r.decode(column: "household_id", as: String.self)] = Money(
                    dong: try r.decode(column: "balance", as: Int64.self))
            }
        }
        return held
    }

    /// The accounts, their opening movements and each commune's savings entries.
    func writeSavings(
        _ rows: [OpeningSavings], control: [OpeningKey: OpeningFigures]?,
        before: [OpeningKey: OpeningFigures], on date: BusinessDate, actor: Actor,
        sql: any SQLDatabase
    ) async throws -> [JournalEntry] {
        guard !rows.isEmpty else { return [] }
        let now = world.nowMillis
        var entries: [JournalEntry] = []
        let byUnit = Dictionary(grouping: rows, by: \.unitID)
        var entryOf: [String: EntryID] = [:]
        for (unit, accounts) in byUnit.sorted(by: { $0.key < $1.key }) {
            let key = OpeningKey(unitID: unit, programCode: OpeningBook.savingsKey)
            let checked = try control.map {
                try ($0[key]?.outstanding ?? .zero).subtracting(before[key]?.outstanding ?? .zero)
            }
            let made = try OpeningBook.savingsEntries(
                ids: (EntryID(world.newID()), EntryID(world.newID())), unitID: unit, on: date,
                accounts: accounts, controlBalance: checked)
            entryOf[unit] = made.first?.id
            entries += made
        }
        try await sql.insertBatches(
            into: "savings_accounts",
            columns: [
                "id", "household_id", "group_id", "unit_id", "province_code", "opened_on",
                "balance", "updated_at",
            ],
            rows: rows.map {
                [
                    "sav-\($0.householdID)", $0.householdID, $0.groupID, $0.unitID,
                    $0.provinceCode, date.iso, $0.balance.dong, now,
                ]
            },
            batchSize: 300)
        try await sql.insertBatches(
            into: "savings_movements",
            columns: [
                "id", "account_id", "on_date", "amount", "kind", "batch_id", "entry_id", "actor",
                "created_at",
            ],
            rows: rows.filter { $0.balance.dong > 0 }.map {
                [
                    world.newID(), "sav-\($0.householdID)", date.iso, $0.balance.dong,
                    "deposit", nil as String?,
                    entryOf[$0.unitID], actor.username, now,
                ]
            }, batchSize: 300)
        // Each account opened from the old book is audited, as each loan is.
        try await AuditStore(sql: sql, world: world).recordBatch(
            actor: actor,
            entries: rows.map { row in
                (
                    action: "savings.import", recordType: "savings_account",
                    recordID: "sav-\(row.householdID)",
                    provinceCode: row.provinceCode, before: nil,
                    after: ["group": row.groupID, "balance": String(row.balance.dong)]
                        as [String: String]
                )
            })
        return entries
    }
}
