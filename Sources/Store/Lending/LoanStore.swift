import Domain
import FluentKit
import Foundation
import SQLKit

/// Tìm khoản vay: a list filter.
public struct LoanQuery: Sendable {
    public var unitIDs: Set<String>?
    public var groupID: String?
    public var householdID: String?
    public var status: LoanState?
    public var programCode: String?
    public var organisation: String?
    public var text: String?

    public init(
        unitIDs: Set<String>? = nil, groupID: String? = nil, householdID: String? = nil,
        status: LoanState? = nil,
        programCode: String? = nil, organisation: String? = nil, text: String? = nil
    ) {
        self.unitIDs = unitIDs
        self.groupID = groupID
        self.householdID = householdID
        self.status = status
        self.programCode = programCode
        self.organisation = organisation
        self.text = text
    }
}

/// Khoản vay: reads. What a loan owes on a date comes from `LoanAccount` over the facts read
/// here; the list's status is the same rule in SQL over the instalments.
public struct LoanStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The status of `loans l` on a date, as `LoanAccount.standing` decides it.
    static func statusExpression(on date: BusinessDate) -> SQLQueryString {
        """
        CASE WHEN l.state IN ('written_off', 'repaid') THEN l.state
             WHEN l.frozen_from IS NOT NULL AND l.frozen_from <= \(bind: date.iso) AND l.frozen_through >= \(bind: date.iso) THEN 'frozen'
             WHEN EXISTS (SELECT 1 FROM loan_instalments i WHERE i.loan_id = l.id AND i.due_on < \(bind: date.iso) AND i.paid < i.principal) THEN 'overdue'
             WHEN l.state IN ('term_adjusted', 'extended') THEN l.state ELSE 'current' END
        """
    }

    /// `loans l` with its status on the date and the names a list shows.
    static func selectLoans(on date: BusinessDate) -> SQLQueryString {
        """
        SELECT l.*, \(statusExpression(on: date)) AS status, u.name AS unit_name, g.name AS group_name, h.code AS household_code
        FROM loans l JOIN units u ON u.id = l.unit_id LEFT JOIN savings_groups g ON g.id = l.group_id LEFT JOIN households h ON h.id = l.household_id
        """
    }

    static func programNames(sql: any SQLDatabase) async throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try await sql.select().columns("code", "definition").from(
                "loan_programs"
            ).all().map { row in
                (
                    try row.decode(column: "code", as: String.self),
                    (try? StoredJSON.value(
                        LoanProgram.self,
                        from: try row.decode(column: "definition", as: String.self)))?.name ?? ""
                )
            })
    }

    func condition(_ query: LoanQuery, scope: AccessScope, on date: BusinessDate) -> SQLQueryString
    {
        var condition = ApplicationStore.scopeCondition(scope, alias: "l")
        if let units = query.unitIDs {
            condition =
                condition
                + (units.isEmpty ? " AND 1 = 0" : " AND l.unit_id IN (\(binds: Array(units)))")
        }
        if let group = query.groupID { condition = condition + " AND l.group_id = \(bind: group)" }
        if let household = query.householdID {
            condition = condition + " AND l.household_id = \(bind: household)"
        }
        if let program = query.programCode {
            condition = condition + " AND l.program_code = \(bind: program)"
        }
        if let organisation = query.organisation {
            condition = condition + " AND l.organisation = \(bind: organisation)"
        }
        if let status = query.status {
            condition =
                condition + " AND (\(Self.statusExpression(on: date))) = \(bind: status.rawValue)"
        }
        if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            condition =
                condition
                + " AND (l.id = \(bind: text) OR l.borrower_name LIKE \(bind: likePattern(containing: text)) ESCAPE '\\')"
        }
        return condition
    }

    public func list(
        _ query: LoanQuery, scope: AccessScope, on date: BusinessDate, paging: Paging
    ) async throws -> Page<LoanSummary> {
        let condition = condition(query, scope: scope, on: date)
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM loans l WHERE \(condition)").first(
                decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw(
            """
            \(Self.selectLoans(on: date))
            WHERE \(condition) ORDER BY l.disbursed_on DESC, l.id LIMIT \(unsafeRaw: String(paging.limit)) OFFSET \(unsafeRaw: String(paging.offset))
            """
        ).all()
        let names = try await Self.programNames(sql: sql)
        return Page(items: try rows.map { try Self.summary($0, names: names) }, total: total)
    }

    static func summary(_ row: any SQLRow, names: [String: String]) throws -> LoanSummary {
        let program = try row.decode(column: "program_code", as: String.self)
        return LoanSummary(
            id: try row.decode(column: "id", as: String.self), programCode: program,
            programName: names[program] ?? program,
            householdID: try row.decode(column: "household_id", as: String?.self),
            householdCode: try row.decode(column: "household_code", as: String?.self),
            borrowerName: try row.decode(column: "borrower_name", as: String.self),
            groupID: try row.decode(column: "group_id", as: String?.self),
            groupName: try row.decode(column: "group_name", as: String?.self),
            unitID: try row.decode(column: "unit_id", as: String.self),
            unitName: try row.decode(column: "unit_name", as: String.self),
            status: LoanState(rawValue: try row.decode(column: "status", as: String.self))
                ?? .current,
            outstanding: Money(
                dong: try row.decode(column: "disbursed", as: Int64.self)
                    - row.decode(column: "principal_repaid", as: Int64.self)
                    - row.decode(column: "principal_written_off", as: Int64.self)),
            disbursedOn: try BusinessDate(
                iso: try row.decode(column: "disbursed_on", as: String.self)),
            maturity: try BusinessDate(iso: try row.decode(column: "maturity", as: String.self)))
    }

    public func detail(
        id: String, on date: BusinessDate? = nil, scope: AccessScope
    ) async throws -> LoanDetail {
        try await Self.detail(id: id, on: date ?? world.today, scope: scope, sql: sql)
    }

    /// Everything about one loan, read on the given connection (a command's transaction reads here).
    static func detail(
        id: String, on date: BusinessDate, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> LoanDetail {
        guard
            let row = try await sql.raw(
                """
                \(selectLoans(on: date))
                WHERE l.id = \(bind: id) AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
                """
            ).first()
        else { throw LendingError.loanNotFound }
        let summary = try Self.summary(row, names: try await programNames(sql: sql))
        let schedule = try await sql.select().columns(
            "seq", "due_on", "original_due_on", "principal", "paid"
        ).from("loan_instalments")
            .where("loan_id", .equal, id).orderBy("due_on").orderBy("seq").all().map { r in
                InstalmentRow(
                    seq: try r.decode(column: "seq", as: Int.self),
                    dueOn: try BusinessDate(iso: try r.decode(column: "due_on", as: String.self)),
                    originalDueOn: try BusinessDate(
                        iso: try r.decode(column: "original_due_on", as: String.self)),
                    principal: Money(dong: try r.decode(column: "principal", as: Int64.self)),
                    paid: Money(dong: try r.decode(column: "paid", as: Int64.self)))
            }
        let eventRows = try await sql.raw(
            """
            SELECT e.*, CASE WHEN EXISTS (SELECT 1 FROM loan_events r WHERE r.reverses = e.id) THEN 1 ELSE 0 END AS is_reversed
            FROM loan_events e WHERE e.loan_id = \(bind: id) ORDER BY e.on_date, e.created_at, e.id
            """
        ).all()
        let events = try eventRows.map(Self.event)
        let ledger = try await sql.raw(
            """
            SELECT l.entry_id AS entry_id, l.posted_on AS posted_on, e.kind AS kind, l.account AS account, l.debit AS debit, l.credit AS credit
            FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE l.loan_id = \(bind: id) ORDER BY l.posted_on, e.created_at, l.entry_id, l.line_no
            """
        ).all().map { r in
            LoanLedgerLine(
                entryID: try r.decode(column: "entry_id", as: String.self),
                postedOn: try BusinessDate(iso: try r.decode(column: "posted_on", as: String.self)),
                kind: try r.decode(column: "kind", as: String.self),
                account: try r.decode(column: "account", as: String.self),
                debit: Money(dong: try r.decode(column: "debit", as: Int64.self)),
                credit: Money(dong: try r.decode(column: "credit", as: Int64.self)))
        }
        let sets = try StoredJSON.definitions(
            ProgramParameters.self,
            try await sql.select().column("definition").from("program_parameters")
                .where("program_code", .equal, summary.programCode).all())
        var facts = try Self.facts(
            row: row, schedule: schedule, events: events, sets: sets,
            anchors: try await anchorHistory(sql: sql),
            adjustments: try await RateAdjustmentStore.all(sql: sql).map(\.adjustment))
        facts.interestDueDates =
            try await Self.interestDueDates(
                unitIDs: [summary.unitID], through: date, sql: sql)[summary.unitID] ?? []
        let frozenFrom = try row.decode(column: "frozen_from", as: String?.self).flatMap {
            try? BusinessDate(iso: $0)
        }
        let frozenThrough = try row.decode(column: "frozen_through", as: String?.self).flatMap {
            try? BusinessDate(iso: $0)
        }
        let rates = facts.rates
        return LoanDetail(
            summary: summary,
            applicationID: try row.decode(column: "application_id", as: String.self),
            channel: Channel(rawValue: try row.decode(column: "channel", as: String.self))
                ?? .entrusted,
            organisation: try row.decode(column: "organisation", as: String?.self),
            provinceCode: try row.decode(column: "province_code", as: Int.self),
            approved: Money(dong: try row.decode(column: "approved", as: Int64.self)),
            termMonths: try row.decode(column: "term_months", as: Int.self),
            intervalMonths: try row.decode(column: "interval_months", as: Int.self),
            originalMaturity: try BusinessDate(
                iso: try row.decode(column: "original_maturity", as: String.self)),
            disbursed: Money(dong: try row.decode(column: "disbursed", as: Int64.self)),
            principalRepaid: Money(
                dong: try row.decode(column: "principal_repaid", as: Int64.self)),
            principalWrittenOff: Money(
                dong: try row.decode(column: "principal_written_off", as: Int64.self)),
            interestPaid: facts.interestPaid, interestWrittenOff: facts.interestWrittenOff,
            frozen: frozenFrom.flatMap { from in
                frozenThrough.map { FreezePeriod(from: from, through: $0) }
            },
            standing: try LoanAccount.standing(facts, on: date), asOf: date, rates: rates,
            overduePercent: facts.overduePercent, dayCount: facts.dayCount,
            schedule: schedule, events: events, ledger: ledger, facts: facts,
            parameterSet: sets.first {
                $0.id == (try? row.decode(column: "parameter_set_id", as: String?.self))
            },
            oldBook: try OldBookRecord.of(events))
    }

    static func event(_ r: any SQLRow) throws -> LoanEvent {
        LoanEvent(
            id: LoanEvent.ID(try r.decode(column: "id", as: String.self)),
            kind: LoanEventKind(rawValue: try r.decode(column: "kind", as: String.self))
                ?? .repayment,
            on: try BusinessDate(iso: try r.decode(column: "on_date", as: String.self)),
            principal: Money(dong: try r.decode(column: "principal", as: Int64.self)),
            interest: Money(dong: try r.decode(column: "interest", as: Int64.self)),
            method: try r.decode(column: "method", as: String?.self).flatMap(
                PaymentMethod.init(rawValue:)),
            capitalSource: try r.decode(column: "capital_source", as: String?.self).flatMap(
                CapitalSource.init(rawValue:)),
            entryID: try r.decode(column: "entry_id", as: String?.self).map { EntryID($0) },
            reverses: try r.decode(column: "reverses", as: String?.self).map { LoanEvent.ID($0) },
            reversed: try r.decode(column: "is_reversed", as: Int.self) == 1,
            details: try r.decode(column: "details", as: String.self),
            actor: try r.decode(column: "actor", as: String.self))
    }

    /// The facts `LoanAccount` reads, from a `loans` row, its instalments and events, and the
    /// program's parameter sets with the anchor's history (for re-pricing). Reversed events and
    /// their reversals drop out: a corrected mistake counts as never made.
    static func facts(
        row: any SQLRow, schedule: [InstalmentRow], events: [LoanEvent], sets: [ProgramParameters],
        anchors: [AnchorRate], adjustments: [RateAdjustment]
    ) throws -> LoanFacts {
        let disbursedOn = try BusinessDate(
            iso: try row.decode(column: "disbursed_on", as: String.self))
        let setID = try row.decode(column: "parameter_set_id", as: String?.self)
        guard let loanSet = sets.first(where: { $0.id == setID }) else {
            throw LendingError.loanWithoutParameterSet(
                try row.decode(column: "id", as: String.self))
        }
        let rates = try LoanPricing.periods(
            loanSet: loanSet, group: try row.decode(column: "beneficiary_group", as: String?.self),
            disbursedOn: disbursedOn, sets: sets, anchors: anchors)
        let live = events.filter { !$0.reversed && $0.kind != .reversal }
        // Khoanh nợ bổ sung: the latest extension of a freeze (same start) sets its end.
        let extensions = try live.filter { $0.kind == .freezeExtension }.map {
            try StoredJSON.value(FreezeDetails.self, from: $0.details).period
        }
        let freezes = try live.filter { $0.kind == .freeze }.map {
            let period = try StoredJSON.value(FreezeDetails.self, from: $0.details).period
            let through = extensions.filter { $0.from == period.from }.map(\.through).max()
            return FreezePeriod(
                from: period.from, through: max(period.through, through ?? period.through))
        }
        let freezeEnds = live.filter { $0.kind == .freezeEnd }.map(\.on)
        let periods = freezes.map { freeze in
            // A freeze ended early stops the day before its end was recorded.
            freezeEnds.filter { $0 > freeze.from && $0 <= freeze.through }.min().map {
                FreezePeriod(from: freeze.from, through: $0.adding(days: -1))
            } ?? freeze
        }
        var facts = LoanFacts(
            disbursedOn: disbursedOn,
            schedule: schedule.map { Instalment(dueOn: $0.dueOn, principal: $0.principal) },
            movements: live.filter { $0.principal.dong != 0 }.map {
                PrincipalMovement(on: $0.on, amount: $0.principal)
            }, rates: rates,
            overduePercent: try row.decode(column: "overdue_percent", as: Int64.self),
            dayCount: DayCount(rawValue: try row.decode(column: "day_count", as: String.self))
                ?? .monthly30,
            interestPaid: Money(dong: try row.decode(column: "interest_paid", as: Int64.self)),
            interestWrittenOff: Money(
                dong: try row.decode(column: "interest_written_off", as: Int64.self)),
            freezes: periods,
            state: LoanState(rawValue: try row.decode(column: "state", as: String.self))
                ?? .current,
            interestFrom: try row.decode(column: "interest_from", as: String?.self)
                .map { try BusinessDate(iso: $0) },
            openingInterest: Money(
                dong: try row.decode(column: "opening_interest", as: Int64?.self) ?? 0),
            adjustments: try Self.reaching(
                adjustments, row: row,
                source: live.first { $0.kind == .disbursement }?.capitalSource))
        facts.duesFrom = try row.decode(column: "dues_from", as: String?.self)
            .map { try BusinessDate(iso: $0) }
        return facts
    }

    /// The adjustments whose scope holds the loan: its program, its province, the capital source
    /// of its first disbursement.
    static func reaching(
        _ adjustments: [RateAdjustment], row: any SQLRow,
        source: CapitalSource?
    ) throws -> [RateAdjustment] {
        guard !adjustments.isEmpty else { return [] }
        let program = try row.decode(column: "program_code", as: String.self)
        let province = try row.decode(column: "province_code", as: Int.self)
        return adjustments.filter {
            $0.scope.contains(program: program, province: province, source: source)
        }
    }

    static func anchorHistory(sql: any SQLDatabase) async throws -> [AnchorRate] {
        try await sql.select().columns("effective_from", "value", "legal_source").from(
            "reference_values"
        ).where("table_key", .equal, "anchor_rate").all().compactMap { r in
            guard let value = Int64(try r.decode(column: "value", as: String.self)) else {
                return nil
            }
            return AnchorRate(
                from: try BusinessDate(
                    iso: try r.decode(column: "effective_from", as: String.self)),
                rate: Rate(billionthsPerMonth: value),
                legalSource: try r.decode(column: "legal_source", as: String.self))
        }
    }

    /// Loans whose freeze ends in the month of `date` (danh sách nợ khoanh đến hạn).
    public func freezesEnding(
        in date: BusinessDate, scope: AccessScope
    ) async throws -> [LoanSummary] {
        let first = date.firstOfMonth, last = date.firstOfMonth.adding(days: date.daysInMonth - 1)
        let rows = try await sql.raw(
            """
            \(Self.selectLoans(on: date))
            WHERE l.frozen_through >= \(bind: first.iso) AND l.frozen_through <= \(bind: last.iso) AND l.state = 'frozen'
              AND \(ApplicationStore.scopeCondition(scope, alias: "l")) ORDER BY l.frozen_through, l.id
            """
        ).all()
        let names = try await Self.programNames(sql: sql)
        return try rows.map { try Self.summary($0, names: names) }
    }
}

/// What a freeze event keeps besides its file.
struct FreezeDetails: Codable {
    var from: BusinessDate
    var through: BusinessDate
    var lossPercent: Int?
    var file: RiskFile?
    var period: FreezePeriod { FreezePeriod(from: from, through: through) }
}

/// A write-off's event details: the risk file's own fields (so whatever reads a `RiskFile` from
/// an event still does), the checklist it met and, through a batch, the batch and decision.
struct WriteOffDetails: Codable, Sendable {
    var cause: String
    var requestedOn: BusinessDate
    var verification: String
    var approval: String
    var documents: String
    var evidence: [WriteOffEvidence]
    var batch: String?
    var decision: WriteOffDecision?

    init(
        file: RiskFile, evidence: [WriteOffEvidence], batch: String?, decision: WriteOffDecision?
    ) {
        cause = file.cause
        requestedOn = file.requestedOn
        verification = file.verification
        approval = decision.map { "\($0.level.label), quyết định \($0.number)" } ?? file.approval
        documents = file.documents
        self.evidence = evidence
        self.batch = batch
        self.decision = decision
    }
}
