import Domain
import FluentKit
import Foundation
import SQLKit

/// Giải ngân: a tranche of an approved application.
public struct DisbursementRequest: Sendable, Codable, Equatable {
    public var date: BusinessDate
    public var amount: Money
    public var method: PaymentMethod
    public var source: CapitalSource
    /// Where the principal schedule starts (a grace period, a first due date); read when the
    /// first tranche opens the loan.
    public var start: ScheduleStart
    /// Giấy xác nhận của nhà trường for the semester or year a student loan's tranche pays.
    public var schoolConfirmation: String?
    /// What the loan finances (jobs, students, works, houses), recorded with the first tranche.
    public var impact: LoanImpact?
    public init(
        date: BusinessDate, amount: Money, method: PaymentMethod = .cash,
        source: CapitalSource = .central, start: ScheduleStart = .standard,
        schoolConfirmation: String? = nil, impact: LoanImpact? = nil
    ) {
        self.impact = impact
        self.schoolConfirmation = schoolConfirmation
        self.date = date
        self.amount = amount
        self.method = method
        self.source = source
        self.start = start
    }
}

/// Thu nợ: interest and principal named separately (collected separately).
public struct RepaymentRequest: Sendable, Codable, Equatable {
    public var date: BusinessDate
    public var interest: Money
    public var principal: Money
    public var method: PaymentMethod
    public init(
        date: BusinessDate, interest: Money, principal: Money, method: PaymentMethod = .cash
    ) {
        self.date = date
        self.interest = interest
        self.principal = principal
        self.method = method
    }
}

/// The money commands on loans. Each runs under an Idempotency-Key, in one transaction with its
/// ledger entry, its event and its audit record.
extension LoanStore {
    /// Giải ngân on the transaction day: the first tranche creates the loan and its schedule.
    public func disburse(
        applicationID: String, _ request: DisbursementRequest, key: String?, actor: Actor,
        scope: AccessScope
    ) async throws -> (result: LoanPosting, replayed: Bool) {
        let world = world
        let tranche = LoanCommands.Tranche(
            date: request.date, amount: request.amount, method: request.method,
            source: request.source)
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: ["application": applicationID, "body": try StoredJSON.text(request)],
            locking: [.application(applicationID)]
        ) { sql in
            guard
                let appRow = try await sql.raw(
                    """
                    \(ApplicationStore.selectApplications) WHERE a.id = \(bind: applicationID)
                    AND \(ApplicationStore.scopeCondition(scope))
                    """
                ).first()
            else { throw LendingError.applicationNotFound }
            let application = try await ApplicationStore.records([appRow], sql: sql)[0]
            let details = try Self.trancheDetails(request, application: application)
            if let existing = application.loanID {
                guard request.start == .standard else {
                    throw LendingError.invalidParameters(
                        "lịch trả gốc đã định khi giải ngân lần đầu; đợt sau không đặt lại ân hạn")
                }
                try await sql.lock([.loan(existing)])
                let detail = try await Self.detail(
                    id: existing, on: request.date, scope: .everything, sql: sql)
                let plan = try LoanCommands.tranche(
                    tranche, position: Self.position(detail, balances: [:]), today: world.today,
                    entryID: EntryID(world.newID()))
                return try await write(
                    plan, loanID: existing, on: request.date, details: details, actor: actor,
                    sql: sql,
                    before: detail.standing, audit: ("loan.disburse", request))
            }
            let loanID = world.newID()
            let dimensions = LoanDimensions(
                loanID: LoanID(loanID), programCode: application.programCode,
                unitID: application.unitID, groupID: application.groupID)
            try Transitions.check(application: application.state, to: .disbursed)
            let plan = try LoanCommands.tranche(
                tranche, loan: dimensions, borrowerName: application.borrowerName,
                approved: application.amount, approvedOn: application.decidedOn, disbursed: .zero,
                state: .current, first: nil,
                today: world.today, entryID: EntryID(world.newID()))
            let province = try appRow.decode(column: "province_code", as: Int.self)
            try await open(
                loanID: loanID, application: application, province: province,
                on: request.date, start: request.start, sql: sql)
            try await Self.recordImpact(
                request, application: application, loanID: loanID, province: province,
                actor: actor, now: world.nowMillis, id: world.newID(), sql: sql)
            return try await write(
                plan, loanID: loanID, on: request.date, details: details, actor: actor, sql: sql,
                before: nil, audit: ("loan.disburse", request))
        }
    }

    /// Opens the loan of an approved application with nothing disbursed (its first tranche
    /// adds the amount, as every tranche does): priced by the set in force on the day.
    func open(
        loanID: String, application: LoanApplicationRecord, province: Int,
        on date: BusinessDate, start: ScheduleStart = .standard, sql: any SQLDatabase
    ) async throws {
        let sets = try StoredJSON.definitions(
            ProgramParameters.self,
            try await sql.select().column("definition").from("program_parameters")
                .where("program_code", .equal, application.programCode).all())
        guard
            let parameters = ProgramParameters.inForce(
                application.programCode, on: date, among: sets)
        else { throw LendingError.noParametersInForce(application.programCode, date) }
        let (terms, start) = try Self.studyTerms(
            application, parameters: parameters, on: date, start: start)
        var application = application
        application.termMonths = terms?.termMonths ?? application.termMonths
        let schedule = try RepaymentSchedule.make(
            amount: application.amount, disbursedOn: date, termMonths: application.termMonths,
            intervalMonths: application.intervalMonths, start: start)
        let rows = Self.newLoanRows(
            id: loanID, application: application, province: province, on: date,
            disbursed: .zero, parameters: parameters, schedule: schedule, now: world.nowMillis)
        try await sql.insertBatches(into: "loans", columns: Self.loanColumns, rows: [rows.loan])
        if let terms {
            try await sql.update("loans").set("dues_from", to: terms.duesFrom.iso)
                .where("id", .equal, loanID).run()
        }
        try await sql.insertBatches(
            into: "loan_instalments", columns: Self.instalmentColumns, rows: rows.instalments)
        try await sql.update("loan_applications")
            .set("state", to: ApplicationState.disbursed.rawValue).set("loan_id", to: loanID)
            .set("updated_at", to: world.nowMillis).where("id", .equal, application.id).run()
    }

    /// Thu nợ: interest and principal of one loan on a date, each checked against what is owed then.
    public func repay(
        loanID: String, _ request: RepaymentRequest, key: String?, actor: Actor,
        scope: AccessScope
    ) async throws -> (result: LoanPosting, replayed: Bool) {
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: ["loan": loanID, "body": try StoredJSON.text(request)],
            locking: [.loan(loanID)]
        ) { sql in
            let detail = try await Self.detail(id: loanID, on: request.date, scope: scope, sql: sql)
            let held = try await balances(loanID: loanID, sql: sql)
            let position = Self.position(detail, balances: held)
            let plan = try LoanCommands.repayment(
                position, on: request.date, interest: request.interest,
                principal: request.principal, method: request.method, today: world.today,
                entryID: EntryID(world.newID()))
            return try await write(
                plan, loanID: loanID, on: request.date, details: "", actor: actor, sql: sql,
                before: detail.standing, audit: ("loan.repay", request))
        }
    }

    /// Đảo một lần thu nợ: the reversing entry, and the loan's figures as if it had not been taken.
    public func reverseRepayment(
        loanID: String, eventID: String, on date: BusinessDate, reason: String, key: String?,
        actor: Actor, scope: AccessScope
    ) async throws -> (result: LoanPosting, replayed: Bool) {
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: ["loan": loanID, "event": eventID, "date": date.iso, "reason": reason],
            locking: [.loan(loanID)]
        ) { sql in
            let detail = try await Self.detail(id: loanID, on: date, scope: scope, sql: sql)
            let plan = try LoanCommands.reversal(
                Self.position(detail, balances: [:]), event: LoanEvent.ID(eventID), on: date,
                reason: reason,
                today: world.today)
            let why: String = if case .reversal(_, let why) = plan.posting { why } else { reason }
            return try await write(
                plan, loanID: loanID, on: date, details: why, actor: actor, sql: sql,
                before: detail.standing, audit: ("loan.reverse", ["event": eventID, "reason": why]))
        }
    }

    /// Khoanh nợ: for a loss of `lossPercent` of the capital, at most the months the limits allow; the
    /// outstanding moves to the frozen account and stops accruing interest.
    public func freeze(
        loanID: String, on date: BusinessDate, lossPercent: Int, months: Int, file: RiskFile,
        key: String?, actor: Actor, scope: AccessScope
    ) async throws -> (result: LoanPosting, replayed: Bool) {
        let world = world
        let limits = try await riskLimits(on: date)
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: [
                "loan": loanID, "date": date.iso, "loss": String(lossPercent),
                "months": String(months), "file": try StoredJSON.text(file),
            ],
            locking: [.loan(loanID)]
        ) { sql in
            try file.check()
            let detail = try await Self.detail(id: loanID, on: date, scope: scope, sql: sql)
            let held = try await balances(loanID: loanID, sql: sql)
            let position = Self.position(detail, balances: held)
            let plan = try LoanCommands.freeze(
                position, on: date, lossPercent: lossPercent, months: months, limits: limits,
                today: world.today, entryID: EntryID(world.newID()))
            let details = FreezeDetails(
                from: date, through: plan.frozen?.through ?? date, lossPercent: lossPercent,
                file: file)
            return try await write(
                plan, loanID: loanID, on: date, details: try StoredJSON.text(details), actor: actor,
                sql: sql, before: detail.standing, audit: ("loan.freeze", details))
        }
    }

    /// Khoanh nợ bổ sung: the freeze runs `months` longer, within the limit for the loss, with
    /// its file; no money moves. Once per Idempotency-Key, under the loan's lock.
    public func extendFreeze(
        loanID: String, on date: BusinessDate, lossPercent: Int, months: Int, file: RiskFile,
        key: String?, actor: Actor, scope: AccessScope
    ) async throws -> (result: LoanPosting, replayed: Bool) {
        let world = world
        let limits = try await riskLimits(on: date)
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: [
                "loan": loanID, "date": date.iso, "loss": String(lossPercent),
                "months": String(months), "file": try StoredJSON.text(file), "kind": "extend",
            ],
            locking: [.loan(loanID)]
        ) { sql in
            try file.check()
            let detail = try await Self.detail(id: loanID, on: date, scope: scope, sql: sql)
            let held = try await balances(loanID: loanID, sql: sql)
            let plan = try LoanCommands.extendFreeze(
                Self.position(detail, balances: held), on: date, months: months,
                lossPercent: lossPercent, limits: limits, today: world.today)
            let details = FreezeDetails(
                from: plan.frozen?.from ?? date, through: plan.frozen?.through ?? date,
                lossPercent: lossPercent, file: file)
            return try await write(
                plan, loanID: loanID, on: date, details: try StoredJSON.text(details), actor: actor,
                sql: sql, before: detail.standing, audit: ("loan.freeze_extension", details))
        }
    }

    /// Hết khoanh nợ (at its end, or earlier when the borrower can pay again): the frozen balance
    /// returns to the current account; instalments already past due are overdue from the next day.
    public func endFreeze(
        loanID: String, on date: BusinessDate, key: String?, actor: Actor, scope: AccessScope
    ) async throws -> (result: LoanPosting, replayed: Bool) {
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: ["loan": loanID, "date": date.iso, "kind": "freeze_end"],
            locking: [.loan(loanID)]
        ) { sql in
            let detail = try await Self.detail(id: loanID, on: date, scope: scope, sql: sql)
            let held = try await balances(loanID: loanID, sql: sql)
            let position = Self.position(detail, balances: held)
            let plan = try LoanCommands.endFreeze(
                position, on: date, today: world.today, entryID: EntryID(world.newID()))
            let details = FreezeDetails(
                from: date, through: detail.frozen?.through ?? date, lossPercent: nil, file: nil)
            return try await write(
                plan, loanID: loanID, on: date, details: try StoredJSON.text(details), actor: actor,
                sql: sql, before: detail.standing, audit: ("loan.freeze_end", details))
        }
    }

    /// Xóa nợ by a decision already taken: of the interest only (the loan stays), or of
    /// principal and interest (the loan closes, its principal charged to the risk expense). The
    /// file must meet the checklist in force (`WriteOffChecklist`); batches are the usual way.
    public func writeOff(
        loanID: String, on date: BusinessDate, principalToo: Bool, file: RiskFile,
        evidence: [WriteOffEvidence], key: String?, actor: Actor, scope: AccessScope
    ) async throws -> (result: LoanPosting, replayed: Bool) {
        let world = world
        let conditions = try await WriteOffStore(database: database, world: world).conditions()
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: [
                "loan": loanID, "date": date.iso, "principal": String(principalToo),
                "file": try StoredJSON.text(file), "evidence": try StoredJSON.text(evidence),
            ],
            locking: [.loan(loanID)]
        ) { sql in
            try file.check()
            let kept = try WriteOffChecklist.check(
                evidence, conditions: conditions, measure: principalToo ? .principal : .interest,
                on: date)
            return try await writeOffLoan(
                loanID: loanID, on: date, principalToo: principalToo,
                details: WriteOffDetails(file: file, evidence: kept, batch: nil, decision: nil),
                actor: actor, scope: scope, sql: sql)
        }
    }

    /// The write-off itself, inside the caller's transaction and under its lock of the loan.
    func writeOffLoan(
        loanID: String, on date: BusinessDate, principalToo: Bool, details: WriteOffDetails,
        actor: Actor, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> LoanPosting {
        let detail = try await Self.detail(id: loanID, on: date, scope: scope, sql: sql)
        let held = try await balances(loanID: loanID, sql: sql)
        let plan = try LoanCommands.writeOff(
            Self.position(detail, balances: held), on: date, principalToo: principalToo,
            today: world.today, entryID: EntryID(world.newID()))
        return try await write(
            plan, loanID: loanID, on: date, details: try StoredJSON.text(details), actor: actor,
            sql: sql, before: detail.standing,
            audit: (principalToo ? "loan.write_off" : "loan.write_off_interest", details))
    }

    // MARK: helpers

    static func dimensions(_ summary: LoanSummary) -> LoanDimensions {
        LoanDimensions(
            loanID: LoanID(summary.id), programCode: summary.programCode, unitID: summary.unitID,
            groupID: summary.groupID)
    }

    public func riskLimits(on date: BusinessDate) async throws -> RiskLimits {
        let reference = ReferenceDataStore(database: database, world: world)
        func value(_ key: String, _ fallback: Int) async throws -> Int {
            try await reference.value(key: key, on: date).flatMap { Int($0.value) } ?? fallback
        }
        let defaults = RiskLimits()
        return RiskLimits(
            extensionShortTermMonths: try await value(
                "extension_short_term_months", defaults.extensionShortTermMonths),
            extensionLongTermPercent: try await value(
                "extension_long_term_percent", defaults.extensionLongTermPercent),
            freezeMinLossPercent: try await value(
                "freeze_min_loss_percent", defaults.freezeMinLossPercent),
            freezeHighLossPercent: try await value(
                "freeze_high_loss_percent", defaults.freezeHighLossPercent),
            freezeMonthsLow: try await value("freeze_months_low", defaults.freezeMonthsLow),
            freezeMonthsHigh: try await value("freeze_months_high", defaults.freezeMonthsHigh))
    }

    /// The event, its audit record, and the posting answered to the caller.
    func record(
        loanID: String, kind: LoanEventKind, on date: BusinessDate, principal: Money,
        interest: Money, method: PaymentMethod?,
        source: CapitalSource?, entryID: EntryID?, reverses: LoanEvent.ID? = nil, details: String,
        actor: Actor, sql: any SQLDatabase,
        before: LoanStanding?, audit: (action: String, value: some Encodable & Sendable)
    ) async throws -> LoanPosting {
        let id = world.newID()
        try await sql.insert(into: "loan_events").columns(
            "id", "loan_id", "kind", "on_date", "principal", "interest", "method", "capital_source",
            "entry_id", "reverses", "details", "actor", "created_at"
        )
        .values(
            id, loanID, kind.rawValue, date.iso, principal.dong, interest.dong, method?.rawValue,
            source?.rawValue, entryID, reverses, details,
            actor.username, world.nowMillis
        ).run()
        let after = try await Self.detail(id: loanID, on: date, scope: .everything, sql: sql)
        try await AuditStore(sql: sql, world: world).record(
            actor: actor, action: audit.action, recordType: "loan", recordID: loanID,
            provinceCode: after.provinceCode, before: before,
            after: AuditedChange(event: id, request: audit.value, standing: after.standing))
        return LoanPosting(
            loan: loanID, event: id, kind: kind, date: date, interest: interest,
            principal: Money(dong: abs(principal.dong)),
            entry: entryID?.rawValue, outstanding: after.standing.outstanding,
            interestDue: after.standing.interestDue, status: after.standing.status)
    }
}

/// What the audit log keeps after a loan command: the event, what was asked, and where the loan stands.
struct AuditedChange<Request: Encodable & Sendable>: Encodable, Sendable {
    let event: String
    let request: Request
    let standing: LoanStanding
}
