import Domain
import Foundation
import SQLKit

/// Writing the old book: set-based, in batches, inside the import's one transaction.
extension BookImporter {
    static let applicationColumns = [
        "id", "program_code", "channel", "household_id", "representative_id", "borrower_name",
        "group_id", "organisation",
        "unit_id", "province_code", "amount", "term_months", "interval_months", "purpose",
        "collateral", "state",
        "submitted_on", "submitted_by", "reason", "loan_id", "updated_at", "beneficiary_group",
    ]
    static let importedLoanColumns =
        LoanStore.loanColumns + [
            "frozen_from", "frozen_through", "interest_from", "opening_interest",
        ]
    static let eventColumns = [
        "id", "loan_id", "kind", "on_date", "principal", "interest", "method", "capital_source",
        "entry_id", "reverses", "details", "actor", "created_at",
    ]

    func write(
        _ plan: Plan, source: String, on today: BusinessDate, actor: Actor,
        sql: any SQLDatabase
    ) async throws -> String {
        let rows = plan.fresh, control = plan.control
        let importID = world.newID(), now = world.nowMillis
        try await sql.insertBatches(
            into: "book_imports",
            columns: [
                "id", "imported_on", "source", "loans", "accepted_differences",
                "report", "actor", "created_at",
            ],
            rows: [
                [
                    importID, today.iso, String(source.prefix(200)), rows.count, 0, "[]",
                    actor.username, now,
                ]
            ])
        let units = plan.units
        // What the book already holds (loans lent here, or brought in before) is not the old
        // book's to explain: the control entry takes out of 1999 only the rest of the control.
        let before = try await bookFigures(units: units, sql: sql)
        let entryIDs = Dictionary(
            uniqueKeysWithValues: units.map {
                ($0, (opening: world.newID(), control: world.newID()))
            })
        var applications: [[any Encodable & Sendable]] = [],
            loans: [[any Encodable & Sendable]] = []
        var instalments: [[any Encodable & Sendable]] = [],
            events: [[any Encodable & Sendable]] = []
        var imports: [[any Encodable & Sendable]] = [],
            byUnit: [String: [(id: String, loan: OpeningLoan)]] = [:]
        var audits:
            [(
                action: String, recordType: String, recordID: String, provinceCode: Int?,
                before: (any Encodable)?,
                after: (any Encodable)?
            )] = []
        for row in rows {
            let (loanID, applicationID, l) = (world.newID(), world.newID(), row.loan)
            let owed = try l.outstanding()
            let maturity = l.remaining.last?.dueOn ?? today
            let channel = l.groupID == nil ? Channel.direct : Channel.entrusted
            let interval = l.intervalMonths
            applications.append([
                applicationID, l.programCode, channel.rawValue, row.householdID, nil as String?,
                row.borrowerName,
                l.groupID, row.organisation, l.unitID, row.provinceCode, owed.dong, l.termMonths,
                interval,
                "Nhập từ sổ cũ", "", ApplicationState.disbursed.rawValue, l.disbursedOn.iso,
                actor.username,
                "Khế ước \(l.reference) nhập từ sổ cũ ngày \(today.vietnamese)", loanID, now,
                row.beneficiaryGroup,
            ])
            let state = l.freeze == nil ? LoanState.current : .frozen
            loans.append([
                loanID, applicationID, l.programCode, channel.rawValue, row.householdID,
                row.borrowerName, l.groupID,
                row.organisation, l.unitID, row.provinceCode, owed.dong, l.termMonths, interval,
                l.disbursedOn.iso,
                maturity.iso, maturity.iso, row.parameters.overduePercent,
                row.parameters.dayCount.rawValue,
                state.rawValue, owed.dong, Int64(0), Int64(0), Int64(0), Int64(0), now,
                row.parameters.id,
                row.beneficiaryGroup, l.freeze?.from.iso, l.freeze?.through.iso, today.iso,
                l.unpaidInterest.dong,
            ])
            instalments += l.remaining.enumerated().map { n, i in
                [loanID, n + 1, i.dueOn.iso, i.dueOn.iso, i.principal.dong, Int64(0)]
            }
            let old = OldBookRecord(
                reference: l.reference, disbursed: l.disbursed, tranches: l.tranches,
                interestPaidTo: l.interestPaidTo, unpaidInterest: l.unpaidInterest,
                importID: importID)
            // The balance owed comes in as the loan's disbursement, on its own date: what the book
            // here lends is what is owed, and the old book's figures stay on the event.
            events.append([
                world.newID(), loanID, LoanEventKind.disbursement.rawValue, l.disbursedOn.iso,
                owed.dong, Int64(0),
                nil as String?, l.source.rawValue, entryIDs[l.unitID]?.opening, nil as String?,
                try StoredJSON.text(old), actor.username, now,
            ])
            if let freeze = l.freeze {
                let details = FreezeDetails(
                    from: freeze.from, through: freeze.through, lossPercent: nil,
                    file: RiskFile(cause: "Khoanh nợ theo sổ cũ", requestedOn: freeze.from))
                events.append([
                    world.newID(), loanID, LoanEventKind.freeze.rawValue, freeze.from.iso, Int64(0),
                    Int64(0),
                    nil as String?, nil as String?, nil as String?, nil as String?,
                    try StoredJSON.text(details),
                    actor.username, now,
                ])
            }
            imports.append([
                loanID, importID, l.unitID, l.reference, l.row, l.disbursed.dong, owed.dong,
                l.interestPaidTo.iso,
                l.unpaidInterest.dong,
            ])
            byUnit[l.unitID, default: []].append((loanID, l))
            audits.append(
                (
                    action: "loan.import", recordType: "loan", recordID: loanID,
                    provinceCode: row.provinceCode,
                    before: nil,
                    after: [
                        "reference": l.reference, "outstanding": String(owed.dong),
                        "unpaidInterest": String(l.unpaidInterest.dong), "import": importID,
                    ]
                ))
        }
        try await sql.insertBatches(
            into: "loan_applications", columns: Self.applicationColumns, rows: applications,
            batchSize: 200)
        try await sql.insertBatches(
            into: "loans", columns: Self.importedLoanColumns, rows: loans, batchSize: 150)
        try await sql.insertBatches(
            into: "loan_instalments", columns: LoanStore.instalmentColumns, rows: instalments,
            batchSize: 500)
        try await sql.insertBatches(
            into: "loan_events", columns: Self.eventColumns, rows: events, batchSize: 200)
        try await sql.insertBatches(
            into: "loan_imports",
            columns: [
                "loan_id", "import_id", "unit_id", "reference", "file_row", "disbursed",
                "outstanding", "interest_paid_to", "unpaid_interest",
            ],
            rows: imports, batchSize: 300)
        var entries: [JournalEntry] = []
        for unit in units {
            guard let ids = entryIDs[unit], let loans = byUnit[unit] else { continue }
            var checked: [String: Money] = [:]
            if let control {
                for program in Set(loans.map(\.loan.programCode)) {
                    let key = OpeningKey(unitID: unit, programCode: program)
                    checked[program] = try (control[key]?.outstanding ?? .zero).subtracting(
                        before[key]?.outstanding ?? .zero)
                }
            }
            entries += try OpeningBook.entries(
                ids: ids, unitID: unit, on: today, loans: loans, controlOutstanding: checked)
        }
        entries += try await writeSavings(
            plan.freshSavings, control: control, before: before, on: today,
            actor: actor, sql: sql)
        try await LedgerStore(sql: sql, world: world).post(entries, actor: actor)
        try await AuditStore(sql: sql, world: world).recordBatch(actor: actor, entries: audits)
        return importID
    }
}
