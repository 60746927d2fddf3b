import Domain
import Store
import Vapor

/// Khoản vay and hồ sơ vay over the API: the fixed contracts (`GET /api/v1/loans`, `/{id}`,
/// `POST …/repayments`), every step of an application, every money and risk command, and the
/// reports (credit quality, instalments due, freezes ending). Pages live in `LoanPages`.
struct LoanRoutes {
    /// Cán bộ NHCSXH: approve, disburse, collect, handle risk.
    static let lenders = Access.roles([.admin, .bank])
    /// Who takes in a form 01/TD and holds the group's vetting: the group, its organisation, the bank.
    static let applicants = Access.roles([.admin, .bank, .union, .leader])
    /// UBND xã certifies the list.
    static let certifiers = Access.roles([.admin, .commune])

    struct Filter: Content {
        var unit: String?; var group: String?; var household: String?; var status: String?; var program: String?; var organisation: String?
        var q: String?; var date: String?; var limit: Int?; var offset: Int?; var format: String?
    }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "loans"], access: .signedIn, kind: .api) { req -> LoanListJSON in
            let (query, filter, date) = try await Self.query(req)
            try Validate.paging(limit: filter.limit, offset: filter.offset)
            let page = try await LoanStore(database: req.db, world: req.world).list(query, scope: try req.requireViewer().scope, on: date,
                                                                                  paging: try Paging(input: filter.limit, offset: filter.offset))
            return LoanListJSON(items: page.items.map(LoanItemJSON.init), total: page.total)
        }
        app.on(.GET, ["api", "v1", "loans", "quality"], access: .signedIn, kind: .api) { req -> QualityListJSON in
            let (query, _, date) = try await Self.query(req)
            let by = try Self.dimension(req.query[String.self, at: "by"])
            let lines = try await LoanStore(database: req.db, world: req.world).quality(by: by, query: query, on: date, scope: try req.requireViewer().scope)
            return QualityListJSON(asOf: date.iso, by: by.rawValue, items: lines.map(Self.json), total: Self.json(Self.total(lines)))
        }
        app.on(.GET, ["api", "v1", "loans", ":id"], access: .signedIn, kind: .api) { req -> LoanJSON in
            let date = try Validate.date(req.query[String.self, at: "date"], default: req.world.today)
            return LoanJSON(try await LoanStore(database: req.db, world: req.world).detail(id: req.parameters.get("id") ?? "", on: date,
                                                                                          scope: try req.requireViewer().scope))
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "repayments"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(RepaymentInput.self)
            let request = RepaymentRequest(date: try Validate.date(body.date), interest: try Validate.amount(body.interest, field: "interest"),
                                           principal: try Validate.amount(body.principal, field: "principal"), method: try Self.method(body.method))
            let (posting, replayed) = try await LoanStore(database: req.db, world: req.world).repay(
                loanID: req.parameters.get("id") ?? "", request, key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor, scope: viewer.scope)
            return try await Self.created(LoanPostingJSON(posting), replayed: replayed, req)
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "reversals"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(ReversalInput.self)
            let (posting, replayed) = try await LoanStore(database: req.db, world: req.world).reverseRepayment(
                loanID: req.parameters.get("id") ?? "", eventID: body.event, on: try Validate.date(body.date), reason: body.reason,
                key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor, scope: viewer.scope)
            return try await Self.created(LoanPostingJSON(posting), replayed: replayed, req)
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "freezes"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(FreezeInput.self)
            let date = try Validate.date(body.date)
            let (posting, replayed) = try await LoanStore(database: req.db, world: req.world).freeze(
                loanID: req.parameters.get("id") ?? "", on: date, lossPercent: body.lossPercent, months: body.months, file: try body.file.file(default: date),
                key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor, scope: viewer.scope)
            return try await Self.created(LoanPostingJSON(posting), replayed: replayed, req)
        }
        // Khoanh nợ bổ sung: the freeze runs longer.
        app.on(
            .POST, ["api", "v1", "loans", ":id", "freeze-extensions"], access: Self.lenders,
            kind: .api
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(FreezeInput.self)
            let date = try Validate.date(body.date)
            let (posting, replayed) = try await LoanStore(database: req.db, world: req.world)
                .extendFreeze(
                    loanID: req.parameters.get("id") ?? "", on: date, lossPercent: body.lossPercent,
                    months: body.months, file: try body.file.file(default: date),
                    key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor,
                    scope: viewer.scope)
            return try await Self.created(LoanPostingJSON(posting), replayed: replayed, req)
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "freeze-end"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(FreezeEndInput.self)
            let (posting, replayed) = try await LoanStore(database: req.db, world: req.world).endFreeze(
                loanID: req.parameters.get("id") ?? "", on: try Validate.date(body.date), key: req.headers.first(name: "Idempotency-Key"),
                actor: viewer.actor, scope: viewer.scope)
            return try await Self.created(LoanPostingJSON(posting), replayed: replayed, req)
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "write-offs"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(WriteOffInput.self)
            let date = try Validate.date(body.date)
            let (posting, replayed) = try await LoanStore(database: req.db, world: req.world).writeOff(
                loanID: req.parameters.get("id") ?? "", on: date, principalToo: body.principal, file: try body.file.file(default: date),
                evidence: body.checklist.map(\.evidence),
                key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor, scope: viewer.scope)
            return try await Self.created(LoanPostingJSON(posting), replayed: replayed, req)
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "term-adjustments"], access: Self.lenders, kind: .api) { req -> LoanJSON in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(AdjustmentInput.self)
            let date = try Validate.date(body.date)
            return LoanJSON(try await LoanStore(database: req.db, world: req.world).adjustTerm(
                loanID: req.parameters.get("id") ?? "", instalmentDue: try Validate.date(body.instalmentDue), to: try Validate.date(body.newDate), on: date,
                file: try body.file.file(default: date), actor: viewer.actor, scope: viewer.scope))
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "extensions"], access: Self.lenders, kind: .api) { req -> LoanJSON in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(ExtensionInput.self)
            let date = try Validate.date(body.date)
            return LoanJSON(try await LoanStore(database: req.db, world: req.world).extend(
                loanID: req.parameters.get("id") ?? "", to: try Validate.date(body.newMaturity), on: date, file: try body.file.file(default: date),
                actor: viewer.actor, scope: viewer.scope))
        }
        app.on(.POST, ["api", "v1", "loans", ":id", "recall"], access: Self.lenders, kind: .api) { req -> LoanJSON in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(RecallInput.self)
            let date = try Validate.date(body.date)
            return LoanJSON(try await LoanStore(database: req.db, world: req.world).recall(
                loanID: req.parameters.get("id") ?? "", on: date, file: try body.file.file(default: date),
                key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor, scope: viewer.scope).detail)
        }

        // Applications
        app.on(.GET, ["api", "v1", "applications"], access: .signedIn, kind: .api) { req -> ApplicationListJSON in
            struct F: Content { var state: String?; var unit: String?; var group: String?; var limit: Int?; var offset: Int? }
            let f = try req.query.decode(F.self)
            try Validate.paging(limit: f.limit, offset: f.offset)
            let states = try (f.state ?? "").split(separator: ",").map { text in
                guard let state = ApplicationState(rawValue: String(text)) else {
                    throw PlatformError.invalidInput(field: "state", message: "Trạng thái hồ sơ không hợp lệ: «\(text)».")
                }
                return state
            }
            let page = try await ApplicationStore(database: req.db, world: req.world).queue(
                states: states, unitIDs: try await UnitFilter.communeUnits(f.unit, req: req), groupID: f.group.flatMap { $0.isEmpty ? nil : $0 },
                scope: try req.requireViewer().scope, paging: try Paging(input: f.limit, offset: f.offset))
            return ApplicationListJSON(items: page.items.map(ApplicationJSON.init), total: page.total)
        }
        app.on(.GET, ["api", "v1", "applications", ":id"], access: .signedIn, kind: .api) { req -> ApplicationJSON in
            ApplicationJSON(try await ApplicationStore(database: req.db, world: req.world).application(id: req.parameters.get("id") ?? "",
                                                                                                      scope: try req.requireViewer().scope))
        }
        app.on(.POST, ["api", "v1", "applications"], access: Self.applicants, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(ApplicationInput.self)
            let record = try await ApplicationStore(database: req.db, world: req.world).submit(
                NewApplication(householdID: b.household, representativeID: b.representative, programCode: b.program, amount: try Validate.amount(b.amount, field: "amount"),
                               termMonths: b.termMonths, intervalMonths: b.intervalMonths ?? RepaymentSchedule.maxInterval(termMonths: b.termMonths),
                               purpose: b.purpose, submittedOn: try Validate.date(b.date, default: req.world.today),
                               beneficiaryGroup: b.beneficiaryGroup, study: try b.study?.plan()),
                actor: viewer.actor, scope: viewer.scope)
            return try await ApplicationJSON(record).encodeResponse(status: .created, for: req)
        }
        app.on(.POST, ["api", "v1", "applications", "direct"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(DirectApplicationInput.self)
            let record = try await ApplicationStore(database: req.db, world: req.world).submitDirect(
                NewDirectApplication(borrowerName: b.borrower, householdID: b.household, unitCode: b.unitCode, programCode: b.program,
                                     amount: try Validate.amount(b.amount, field: "amount"), termMonths: b.termMonths,
                                     intervalMonths: b.intervalMonths ?? RepaymentSchedule.maxInterval(termMonths: b.termMonths), purpose: b.purpose,
                                     collateral: b.collateral ?? "", submittedOn: try Validate.date(b.date, default: req.world.today),
                                     beneficiaryGroup: b.beneficiaryGroup,
                                     unitJobs: try b.unitJobs.map {
                                        try Validate.integer(
                                            $0, field: "unitJobs", in: UnitCaps.jobsRange)
                                     }, study: try b.study?.plan()),
                actor: viewer.actor, scope: viewer.scope)
            return try await ApplicationJSON(record).encodeResponse(status: .created, for: req)
        }
        app.on(.POST, ["api", "v1", "groups", ":id", "vetting"], access: Self.applicants, kind: .api) { req -> ApplicationListJSON in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(VettingInput.self)
            let records = try await ApplicationStore(database: req.db, world: req.world).vet(
                groupID: req.parameters.get("id") ?? "", heldOn: try Validate.date(b.date), attendees: b.attendees, minutes: b.minutes,
                decisions: b.decisions.map { VetDecision(applicationID: $0.application, agreed: $0.agreed, amount: try $0.amount.map { try Validate.amount($0, field: "decisions.amount") },
                                                         termMonths: $0.termMonths) },
                actor: viewer.actor, scope: viewer.scope)
            return ApplicationListJSON(items: records.map(ApplicationJSON.init), total: records.count)
        }
        app.on(.POST, ["api", "v1", "applications", "certification"], access: Self.certifiers, kind: .api) { req -> ApplicationListJSON in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(CertificationInput.self)
            let records = try await ApplicationStore(database: req.db, world: req.world).certify(
                applicationIDs: b.applications, on: try Validate.date(b.date, default: req.world.today), certified: b.certified ?? true,
                reason: b.reason ?? "", actor: viewer.actor, scope: viewer.scope)
            return ApplicationListJSON(items: records.map(ApplicationJSON.init), total: records.count)
        }
        app.on(.POST, ["api", "v1", "applications", ":id", "preparation"], access: Self.lenders, kind: .api) { req -> ApplicationJSON in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(StepInput.self)
            return ApplicationJSON(try await ApplicationStore(database: req.db, world: req.world).prepare(
                id: req.parameters.get("id") ?? "", on: try Validate.date(b.date, default: req.world.today), actor: viewer.actor, scope: viewer.scope))
        }
        app.on(.POST, ["api", "v1", "applications", ":id", "decision"], access: Self.lenders, kind: .api) { req -> ApplicationJSON in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(DecisionInput.self)
            return ApplicationJSON(try await ApplicationStore(database: req.db, world: req.world).decide(
                id: req.parameters.get("id") ?? "", approve: b.approve, on: try Validate.date(b.date, default: req.world.today), reason: b.reason ?? "",
                actor: viewer.actor, scope: viewer.scope))
        }
        app.on(.POST, ["api", "v1", "applications", ":id", "withdrawal"], access: Self.applicants, kind: .api) { req -> ApplicationJSON in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(StepInput.self)
            return ApplicationJSON(try await ApplicationStore(database: req.db, world: req.world).withdraw(
                id: req.parameters.get("id") ?? "", reason: b.reason ?? "", actor: viewer.actor, scope: viewer.scope))
        }
        app.on(.POST, ["api", "v1", "applications", ":id", "disbursements"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(DisbursementInput.self)
            let (posting, replayed) = try await LoanStore(database: req.db, world: req.world).disburse(
                applicationID: req.parameters.get("id") ?? "",
                DisbursementRequest(date: try Validate.date(b.date), amount: try Validate.amount(b.amount, field: "amount"), method: try Self.method(b.method),
                                    source: try Self.source(b.source),
                                    start: try Self.scheduleStart(
                                        grace: b.graceMonths, firstDueOn: b.firstDueOn),
                                    schoolConfirmation: b.schoolConfirmation,
                                    impact: b.impact?.impact),
                key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor, scope: viewer.scope)
            return try await Self.created(LoanPostingJSON(posting), replayed: replayed, req)
        }
    }

    /// 201 with the posting; keys sorted so that a replay answers byte for byte the same body.
    static func created(_ body: LoanPostingJSON, replayed: Bool, _ req: Request) async throws -> Response {
        let response = Response(status: .created, body: .init(data: try APIJSON.encode(body)))
        response.headers.contentType = .json
        if replayed { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return response
    }

    static func method(_ text: String?) throws -> PaymentMethod {
        try Validate.choice(text, default: .cash, field: "method", message: "Hình thức phải là cash (tiền mặt) hoặc transfer (chuyển khoản).")
    }

    /// A grace period or a first due date, not both; neither is the standard schedule.
    static func scheduleStart(grace: Int?, firstDueOn: String?) throws -> ScheduleStart {
        let due = (firstDueOn ?? "").trimmingCharacters(in: .whitespaces)
        switch (grace, due.isEmpty) {
        case (nil, true): return .standard
        case (let months?, true):
            guard (1...600).contains(months) else {
                throw PlatformError.invalidInput(
                    field: "graceMonths", message: "Thời gian ân hạn phải từ 1 đến 600 tháng.")
            }
            return .grace(months: months)
        case (nil, false): return .firstDue(try Validate.date(due))
        case (.some, false):
            // Each is valid alone, so the pair is a refusal (422), not malformed input.
            throw PlatformError.inputRefused(
                field: "firstDueOn",
                message: "Chọn ân hạn hoặc ngày trả gốc đầu tiên, không cả hai.")
        }
    }

    /// The form's grace period as typed (blank: none).
    static func scheduleStart(graceText: String?, firstDueOn: String?) throws -> ScheduleStart {
        let text = (graceText ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return try scheduleStart(grace: nil, firstDueOn: firstDueOn) }
        guard text.utf8.count <= 3, let months = Int(text) else {
            throw PlatformError.invalidInput(
                field: "graceMonths", message: "Thời gian ân hạn phải là số tháng, ví dụ 12.")
        }
        return try scheduleStart(grace: months, firstDueOn: firstDueOn)
    }

    static func source(_ text: String?) throws -> CapitalSource {
        try Validate.choice(text, default: .central, field: "source", message: "Nguồn vốn phải là central, province, commune hoặc mobilised.")
    }

    static func dimension(_ text: String?) throws -> QualityDimension {
        try Validate.choice(text, default: .program, field: "by", message: "Chỉ tiêu phải là program, organisation, group hoặc commune.")
    }

    static func json(_ l: QualityLine) -> QualityJSON {
        QualityJSON(key: l.key, label: l.label, loans: l.loans, outstanding: l.outstanding.dong, overdue: l.overdue.dong, frozen: l.frozen.dong,
                    overdueRatio: l.overdueRatio, overdueAndFrozenRatio: l.overdueAndFrozenRatio, interestArrears: l.interestArrears.dong)
    }

    static func total(_ lines: [QualityLine]) -> QualityLine {
        QualityLine(key: "total", label: "Tổng cộng", loans: lines.reduce(0) { $0 + $1.loans },
                    outstanding: Money(dong: lines.reduce(0) { $0 + $1.outstanding.dong }), overdue: Money(dong: lines.reduce(0) { $0 + $1.overdue.dong }),
                    frozen: Money(dong: lines.reduce(0) { $0 + $1.frozen.dong }), interestArrears: Money(dong: lines.reduce(0) { $0 + $1.interestArrears.dong }))
    }

    /// The list filter: commune (with its predecessors), group, household, status, program, organisation.
    static func query(_ req: Request) async throws -> (LoanQuery, Filter, BusinessDate) {
        let f = try req.query.decode(Filter.self)
        let date = try Validate.date(f.date, default: req.world.today)
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var query = LoanQuery(groupID: nonEmpty(f.group), householdID: nonEmpty(f.household), programCode: nonEmpty(f.program), text: nonEmpty(f.q))
        query.unitIDs = try await UnitFilter.communeUnits(f.unit, req: req)
        if let text = nonEmpty(f.status) {
            guard let status = LoanState(rawValue: text) else {
                throw PlatformError.invalidInput(field: "status", message: "Trạng thái khoản vay không hợp lệ: «\(text)» (current, overdue, frozen…).")
            }
            query.status = status
        }
        if let text = nonEmpty(f.organisation) { query.organisation = try Organisation(text: text).rawValue }
        return (query, f, date)
    }
}
