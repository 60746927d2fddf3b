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
        "unit_jobs",
    ]
    static let importedLoanColumns =
        LoanStore.loanColumns + [
            "frozen_from", "frozen_through", "interest_from", "opening_interest",
        ]
    static let eventColumns = [
        "id", "loan_id", "kind", "on_date", "principal", "interest", "method", "capital_source",
        "entry_id", "reverses", "details", "actor", "created_at",
    ]

    static let importColumns = [
        "loan_id", "import_id", "unit_id", "reference", "file_row", "disbursed", "outstanding",
        "interest_paid_to", "unpaid_interest",
    ]
    /// Loans written per round: the rows of one round are built, written and let go, so the
    /// import holds the file's loans and not every column of every table at once.
    static let loansPerRound = 2_000

    func write(
        _ plan: Plan, source: String, on today: BusinessDate, actor: Actor,
        sql: any SQLDatabase
    ) async throws -> String {
        let importID = world.newID(), now = world.nowMillis
        try await sql.insertBatches(
            into: "book_imports",
            columns: [
                "id", "imported_on", "source", "loans", "accepted_differences",
                "report", "actor", "created_at",
            ],
            rows: [
                [
                    importID, today.iso, String(source.prefix(200)), plan.fresh.count, 0, "[]",
                    actor.username, now,
                ]
            ])
        let units = plan.units
        let before = try await bookFigures(units: units, sql: sql)
        let entryIDs = Dictionary(
            uniqueKeysWithValues: units.map {
                ($0, (opening: EntryID(world.newID()), control: EntryID(world.newID())))
            })
        let ids = plan.fresh.map { _ in OpeningIDs { world.newID() } }
        var entries = try OpeningBook.entries(
            plan.fresh, ids: ids, entryIDs: entryIDs, control: plan.control, before: before,
            on: today)
        for round in Array(plan.fresh.indices).chunked(Self.loansPerRound) {
            let plans = try round.map { n in
                try OpeningBook.plan(
                    plan.fresh[n], ids: ids[n], importID: importID, cutOver: today,
                    openingEntryID: entryIDs[plan.fresh[n].loan.unitID]?.opening)
            }
            try await write(plans, on: today, actor: actor, now: now, sql: sql)
        }
        entries += try await writeSavings(
            plan.freshSavings, control: plan.control, before: before, on: today,
            actor: actor, sql: sql)
        try await LedgerStore(sql: sql, world: world).post(entries, actor: actor)
        return importID
    }

    /// One round of loans: their applications, loans, instalments, events, import rows, audits.
    func write(
        _ plans: [OpeningLoanPlan], on today: BusinessDate, actor: Actor, now: Int64,
        sql: any SQLDatabase
    ) async throws {
        try await sql.insertBatches(
            into: "loan_applications", columns: Self.applicationColumns,
            rows: plans.map { application($0, on: today, actor: actor, now: now) },
            batchSize: 200)
        try await sql.insertBatches(
            into: "loans", columns: Self.importedLoanColumns,
            rows: plans.map { loan($0, on: today, now: now) }, batchSize: 150)
        try await sql.insertBatches(
            into: "loan_instalments", columns: LoanStore.instalmentColumns,
            rows: plans.flatMap { p in
                p.row.loan.remaining.enumerated().map { n, i in
                    [p.ids.loan, n + 1, i.dueOn.iso, i.dueOn.iso, i.principal.dong, Int64(0)]
                        as [any Encodable & Sendable]
                }
            }, batchSize: 500)
        try await sql.insertBatches(
            into: "loan_events", columns: Self.eventColumns,
            rows: try plans.flatMap { p in
                try p.events.map { try event($0, of: p, actor: actor, now: now) }
            }, batchSize: 200)
        try await CurrentLoanFigures(sql: sql).refresh(
            loanIDs: plans.map(\.ids.loan.rawValue), on: today)
        try await sql.insertBatches(
            into: "loan_imports", columns: Self.importColumns,
            rows: plans.map { p in
                let l = p.row.loan
                return [
                    p.ids.loan, p.record.importID, l.unitID, l.reference, l.row, l.disbursed.dong,
                    p.owed.dong, l.interestPaidTo.iso, l.unpaidInterest.dong,
                ]
            }, batchSize: 300)
        try await AuditStore(sql: sql, world: world).recordBatch(
            actor: actor,
            entries: plans.map { p in
                (
                    action: "loan.import", recordType: "loan", recordID: p.ids.loan.rawValue,
                    provinceCode: p.row.provinceCode, before: nil,
                    after: [
                        "reference": p.record.reference, "outstanding": String(p.owed.dong),
                        "unpaidInterest": String(p.record.unpaidInterest.dong),
                        "import": p.record.importID,
                    ] as [String: String]
                )
            })
    }

    func application(
        _ p: OpeningLoanPlan, on today: BusinessDate, actor: Actor, now: Int64
    ) -> [any Encodable & Sendable] {
        let (l, row) = (p.row.loan, p.row)
        return [
            p.ids.application, l.programCode, p.channel.rawValue, row.householdID,
            nil as String?, row.borrowerName, l.groupID, row.organisation, l.unitID,
            row.provinceCode, p.owed.dong, l.termMonths, l.intervalMonths, "Nhập từ sổ cũ", "",
            ApplicationState.disbursed.rawValue, l.disbursedOn.iso, actor.username,
            "Khế ước \(l.reference) nhập từ sổ cũ ngày \(today.vietnamese)", p.ids.loan, now,
            row.beneficiaryGroup, row.unitJobs,
        ]
    }

    func loan(
        _ p: OpeningLoanPlan, on today: BusinessDate, now: Int64
    )
        -> [any Encodable & Sendable]
    {
        let (l, row, owed) = (p.row.loan, p.row, p.owed.dong)
        return [
            p.ids.loan, p.ids.application, l.programCode, p.channel.rawValue, row.householdID,
            row.borrowerName, l.groupID, row.organisation, l.unitID, row.provinceCode, owed,
            l.termMonths, l.intervalMonths, l.disbursedOn.iso, p.maturity.iso, p.maturity.iso,
            row.parameters.overduePercent, row.parameters.dayCount.rawValue, p.state.rawValue,
            owed, Int64(0), Int64(0), Int64(0), Int64(0), now, row.parameters.id,
            row.beneficiaryGroup, l.freeze?.from.iso, l.freeze?.through.iso, today.iso,
            l.unpaidInterest.dong,
        ]
    }

    /// An event of the plan with what it keeps: the old book's record on the disbursement, the
    /// freeze's window and file on the freeze.
    func event(
        _ e: LoanEvent, of p: OpeningLoanPlan, actor: Actor, now: Int64
    ) throws -> [any Encodable & Sendable] {
        let details: String
        switch (e.kind, p.row.loan.freeze) {
        case (.freeze, let freeze?):
            details = try StoredJSON.text(
                FreezeDetails(
                    from: freeze.from, through: freeze.through, lossPercent: nil,
                    file: RiskFile(cause: "Khoanh nợ theo sổ cũ", requestedOn: freeze.from)))
        default: details = try StoredJSON.text(p.record)
        }
        return [
            e.id, p.ids.loan, e.kind.rawValue, e.on.iso, e.principal.dong, e.interest.dong,
            e.method?.rawValue, e.capitalSource?.rawValue, e.entryID, e.reverses, details,
            actor.username, now,
        ]
    }
}
