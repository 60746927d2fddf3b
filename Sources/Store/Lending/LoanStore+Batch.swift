import Domain
import FluentKit
import Foundation
import SQLKit

/// The answer of a list disbursement: how many loans, for how much, and their ids by application.
public struct BatchDisbursementPosting: Sendable, Codable, Equatable {
    public var count: Int
    public var total: Money
    public var loans: [String: String]
}

extension LoanStore {
    public static let loanColumns = [
        "id", "application_id", "program_code", "channel", "household_id", "borrower_name",
        "group_id", "organisation", "unit_id",
        "province_code", "approved", "term_months", "interval_months", "disbursed_on",
        "original_maturity", "maturity",
        "overdue_percent", "day_count", "state", "disbursed", "principal_repaid",
        "principal_written_off", "interest_paid",
        "interest_written_off", "updated_at", "parameter_set_id", "beneficiary_group",
    ]

    static let instalmentColumns = [
        "loan_id", "seq", "due_on", "original_due_on", "principal", "paid",
    ]

    /// The rows of a new loan (its `loans` row with `disbursed` already counted, and its
    /// instalments): one builder for the single disbursement and the list.
    static func newLoanRows(
        id: String, application a: LoanApplicationRecord, province: Int, on date: BusinessDate,
        disbursed: Money,
        parameters: ProgramParameters, schedule: [Instalment], now: Int64
    )
        -> (loan: [any Encodable & Sendable], instalments: [[any Encodable & Sendable]])
    {
        let maturity = schedule.last?.dueOn ?? date
        let loan: [any Encodable & Sendable] = [
            id, a.id, a.programCode, a.channel.rawValue, a.householdID, a.borrowerName, a.groupID,
            a.organisation, a.unitID, province, a.amount.dong,
            a.termMonths, a.intervalMonths, date.iso, maturity.iso, maturity.iso,
            parameters.overduePercent, parameters.dayCount.rawValue,
            LoanState.current.rawValue, disbursed.dong, Int64(0), Int64(0), Int64(0), Int64(0), now,
            parameters.id, a.beneficiaryGroup,
        ]
        let instalments: [[any Encodable & Sendable]] = schedule.enumerated().map { n, instalment in
            [
                id, n + 1, instalment.dueOn.iso, instalment.dueOn.iso, instalment.principal.dong,
                Int64(0),
            ]
        }
        return (loan, instalments)
    }

    /// Giải ngân theo danh sách: every approved application of a transaction day's list in one
    /// command, all or none: the rules of a single disbursement for each line, then set-based
    /// writes in batches (loans, instalments, events, the ledger, the applications), one audit
    /// record for the list. What a point's sitting does when the approved loans are paid out.
    public func disburseList(
        _ items: [(applicationID: String, request: DisbursementRequest)], key: String?,
        actor: Actor,
        scope: AccessScope
    ) async throws -> (result: BatchDisbursementPosting, replayed: Bool) {
        guard !items.isEmpty else {
            throw PlatformError.invalidInput(field: "items", message: "Danh sách giải ngân trống.")
        }
        guard Set(items.map(\.applicationID)).count == items.count else {
            throw PlatformError.invalidInput(
                field: "items", message: "Một hồ sơ xuất hiện hai lần trong danh sách.")
        }
        let world = world
        let fingerprint = try items.map { "\($0.applicationID):\(try StoredJSON.text($0.request))" }
            .joined(separator: "|")
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: ["list": fingerprint],
            locking: [.applications(items.map(\.applicationID))]
        ) { sql in
            var applications: [String: (record: LoanApplicationRecord, province: Int)] = [:]
            for slice in items.map(\.applicationID).chunked(500) {
                let rows = try await sql.raw(
                    """
                    \(ApplicationStore.selectApplications) WHERE a.id IN (\(binds: Array(slice))) AND \(ApplicationStore.scopeCondition(scope))
                    """
                ).all()
                let records = try await ApplicationStore.records(rows, sql: sql)
                for (row, record) in zip(rows, records) {
                    applications[record.id] = (
                        record, try row.decode(column: "province_code", as: Int.self)
                    )
                }
            }
            let sets = try StoredJSON.definitions(
                ProgramParameters.self,
                try await sql.select().column("definition").from("program_parameters").all())
            let now = world.nowMillis
            var loanRows: [[any Encodable & Sendable]] = [],
                instalmentRows: [[any Encodable & Sendable]] = [],
                eventRows: [[any Encodable & Sendable]] = []
            var entries: [JournalEntry] = [], loans: [String: String] = [:]
            var total: Int64 = 0
            for (line, item) in items.enumerated() {
                guard let (a, province) = applications[item.applicationID] else {
                    throw LendingError.applicationNotFound
                }
                let request = item.request
                do {
                    try Transitions.check(application: a.state, to: .disbursed)
                    let loanID = world.newID()
                    let plan = try LoanCommands.tranche(
                        LoanCommands.Tranche(
                            date: request.date, amount: request.amount, method: request.method,
                            source: request.source),
                        loan: LoanDimensions(
                            loanID: LoanID(loanID), programCode: a.programCode, unitID: a.unitID,
                            groupID: a.groupID),
                        borrowerName: a.borrowerName, approved: a.amount, approvedOn: a.decidedOn,
                        disbursed: .zero,
                        state: .current, first: nil, today: world.today,
                        entryID: EntryID(world.newID()))
                    guard
                        let parameters = ProgramParameters.inForce(
                            a.programCode, on: request.date, among: sets)
                    else { throw LendingError.noParametersInForce(a.programCode, request.date) }
                    let schedule = try RepaymentSchedule.make(
                        amount: a.amount, disbursedOn: request.date, termMonths: a.termMonths,
                        intervalMonths: a.intervalMonths)
                    // The loan row carries the tranche at once: the list writes no second UPDATE.
                    let rows = Self.newLoanRows(
                        id: loanID, application: a, province: province, on: request.date,
                        disbursed: plan.figures.disbursed, parameters: parameters,
                        schedule: schedule, now: now)
                    loanRows.append(rows.loan)
                    instalmentRows += rows.instalments
                    if case .entry(let entry) = plan.posting { entries.append(entry) }
                    eventRows.append([
                        world.newID(), loanID, plan.event.rawValue, request.date.iso,
                        plan.principal.dong, plan.interest.dong, plan.method?.rawValue,
                        plan.source?.rawValue, plan.entryID, nil as String?, "", actor.username,
                        now,
                    ])
                    loans[a.id] = loanID
                    total = try Money(dong: total).adding(request.amount).dong
                } catch let error as LendingError {
                    // One bad line refuses the list, naming the line and the borrower.
                    throw PlatformError.invalidInput(
                        field: "items[\(line)]",
                        message: "Dòng \(line + 1) (\(a.borrowerName)): \(error.message)")
                }
            }
            try await sql.insertBatches(
                into: "loans", columns: Self.loanColumns, rows: loanRows, batchSize: 200)
            try await sql.insertBatches(
                into: "loan_instalments", columns: Self.instalmentColumns, rows: instalmentRows,
                batchSize: 500)
            try await sql.insertBatches(
                into: "loan_events",
                columns: [
                    "id", "loan_id", "kind", "on_date", "principal", "interest", "method",
                    "capital_source",
                    "entry_id", "reverses", "details", "actor", "created_at",
                ],
                rows: eventRows, batchSize: 200)
            try await LedgerStore(sql: sql, world: world).post(entries, actor: actor)
            try await CurrentLoanFigures(sql: sql).refresh(
                loanIDs: Array(loans.values), on: world.today)
            for slice in Array(loans).chunked(400) {
                var cases: SQLQueryString = "CASE id"
                for (application, loan) in slice {
                    cases = cases + " WHEN \(bind: application) THEN \(bind: loan)"
                }
                try await sql.raw(
                    """
                    UPDATE loan_applications SET state = 'disbursed', loan_id = \(cases) END, updated_at = \(bind: now)
                    WHERE id IN (\(binds: slice.map(\.key)))
                    """
                ).run()
            }
            // One audit record per loan, written in batches like the rest.
            try await AuditStore(sql: sql, world: world).recordBatch(
                actor: actor,
                entries: items.compactMap { item in
                    guard let (a, province) = applications[item.applicationID],
                        let loan = loans[a.id]
                    else { return nil }
                    return (
                        action: "loan.disburse", recordType: "loan", recordID: loan,
                        provinceCode: province,
                        before: ["application": a.id, "state": a.state.rawValue]
                            as [String: String],
                        after: [
                            "loan": loan, "date": item.request.date.iso,
                            "amount": String(item.request.amount.dong),
                            "method": item.request.method.rawValue,
                            "source": item.request.source.rawValue,
                        ] as [String: String]
                    )
                })
            return BatchDisbursementPosting(
                count: loans.count, total: Money(dong: total), loans: loans)
        }
    }
}
