import Domain
import Store
import Vapor

/// The capital commands, from the API or a form: parse the input into one command, run it.
extension CapitalRoutes {
    /// What an allocation and a transfer both carry, read once: source, level, amount, the
    /// day the money moves and the decision behind it.
    struct Movement {
        let source: CapitalSource, level: CapitalLevel, amount: Money, on: BusinessDate
        let decision: CapitalDecision

        init(
            source: String, level: String, amount: Int64, date: String, decisionNumber: String,
            decisionDate: String?
        ) throws {
            self.source = try CapitalRoutes.source(source)
            self.level = try CapitalRoutes.level(level)
            on = try Validate.date(date)
            decision = try CapitalRoutes.decision(decisionNumber, decisionDate, movedOn: on)
            self.amount = try Validate.amount(amount, field: "amount")
        }
    }

    static func allocate(
        _ b: AllocationInput, key: String?, req: Request
    ) async throws -> (result: CapitalMovementRecord, replayed: Bool) {
        let viewer = try req.requireViewer()
        let m = try Movement(
            source: b.source, level: b.level, amount: b.amount, date: b.date,
            decisionNumber: b.decisionNumber, decisionDate: b.decisionDate)
        return try await store(req).allocate(
            CapitalUnitRef(level: m.level, code: b.unit),
            { unitID in
                CapitalAllocation(
                    source: m.source, level: m.level, unitID: unitID, programCode: b.program,
                    amount: m.amount, receivedOn: m.on, decision: m.decision, note: b.note ?? "")
            }, key: key, actor: viewer.actor, role: viewer.role, scope: viewer.scope)
    }

    static func transfer(
        _ b: TransferInput, key: String?, req: Request
    ) async throws -> (result: CapitalMovementRecord, replayed: Bool) {
        let viewer = try req.requireViewer()
        let m = try Movement(
            source: b.source, level: b.level, amount: b.amount, date: b.date,
            decisionNumber: b.decisionNumber, decisionDate: b.decisionDate)
        return try await store(req).transfer(
            CapitalUnitRef(level: m.level, code: b.unit),
            { unitID in
                CapitalTransfer(
                    source: m.source, unitID: unitID, fromProgram: b.fromProgram,
                    toProgram: b.toProgram, amount: m.amount, on: m.on, decision: m.decision,
                    note: b.note ?? "")
            }, key: key, actor: viewer.actor, role: viewer.role, scope: viewer.scope)
    }

    static func plan(_ b: PlanInput, req: Request) async throws -> PlanProgress {
        let viewer = try req.requireViewer()
        let source = try source(b.source)
        let level = try level(b.level)
        let amount = try Validate.amount(b.amount, field: "amount")
        return try await store(req).setPlan(
            CapitalUnitRef(level: level, code: b.unit),
            { unitID in
                CapitalYearPlan(
                    year: b.year, source: source, level: level, unitID: unitID, amount: amount,
                    decisionNumber: b.decisionNumber ?? "")
            }, actor: viewer.actor, role: viewer.role, scope: viewer.scope)
    }

    func registerWrites(_ app: Application) {
        app.on(.POST, ["api", "v1", "capital", "allocations"], access: Self.recorders, kind: .api) {
            req -> Response in
            let (record, replayed) = try await Self.allocate(
                try req.content.decode(AllocationInput.self),
                key: req.headers.first(name: "Idempotency-Key"), req: req)
            return try Self.created(record, replayed: replayed)
        }
        app.on(.POST, ["api", "v1", "capital", "transfers"], access: Self.recorders, kind: .api) {
            req -> Response in
            let (record, replayed) = try await Self.transfer(
                try req.content.decode(TransferInput.self),
                key: req.headers.first(name: "Idempotency-Key"), req: req)
            return try Self.created(record, replayed: replayed)
        }
        app.on(.POST, ["api", "v1", "capital", "plans"], access: Self.recorders, kind: .api) {
            req -> CapitalPlanJSON in
            CapitalPlanJSON(
                try await Self.plan(try req.content.decode(PlanInput.self), req: req))
        }
    }
}
