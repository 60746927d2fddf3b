import Domain
import Store
import Vapor

/// Xóa nợ theo đợt: the checklist of conditions (`/api/v1/write-off-conditions`), the batches
/// (`/api/v1/write-off-batches`, their files, submission and decision) and their pages.
struct WriteOffRoutes {
    static let lenders = LoanRoutes.lenders

    static func store(_ req: Request) -> WriteOffStore {
        WriteOffStore(database: req.db, world: req.world)
    }

    static func measure(_ text: String?) throws -> WriteOffMeasure {
        guard let m = WriteOffMeasure(rawValue: text ?? "") else {
            throw PlatformError.invalidInput(
                field: "measure",
                message: "Biện pháp phải là interest (xóa nợ lãi) hoặc"
                    + " principal (xóa nợ gốc và lãi).")
        }
        return m
    }

    static func level(_ text: String?) throws -> WriteOffLevel {
        guard let l = WriteOffLevel(rawValue: text ?? "") else {
            throw PlatformError.invalidInput(
                field: "level", message: "Cấp phê duyệt phải là branch, head_office hoặc board.")
        }
        return l
    }

    static func condition(_ b: ConditionInput) throws -> WriteOffCondition {
        WriteOffCondition(
            code: b.code, measures: Set(try b.measures.map(measure)), group: b.group ?? "",
            label: b.label, document: b.document, from: try Validate.date(b.from),
            retired: b.retired ?? false, source: b.source, confirmed: b.confirmed ?? false)
    }

    static func decision(_ b: WriteOffDecisionInput) throws -> WriteOffDecision {
        WriteOffDecision(
            approved: b.approved, number: b.number.trimmingCharacters(in: .whitespaces),
            date: try Validate.date(b.date), level: try level(b.level),
            note: (b.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func conditions(_ req: Request, on date: BusinessDate) async throws -> [ConditionJSON] {
        let records = try await store(req).conditionRecords()
        let all = WriteOffConditions(records.map(\.condition))
        let inForce = Set(
            WriteOffMeasure.allCases.flatMap { all.inForce(on: date, for: $0) }
                .map { "\($0.code)@\($0.from.iso)" })
        return records.map {
            ConditionJSON(
                $0, inForce: inForce.contains("\($0.condition.code)@\($0.condition.from.iso)"))
        }
    }

    static func detail(_ req: Request, id: String) async throws -> BatchDetailJSON {
        let scope = try req.requireViewer().scope
        let batch = try await store(req).batch(id: id, scope: scope)
        let files = try await store(req).files(batchID: id, scope: scope)
        return BatchDetailJSON(batch: BatchJSON(batch), files: files.map(BatchFileJSON.init))
    }

    func register(_ app: Application) {
        registerConditions(app)
        app.on(.GET, ["api", "v1", "write-off-batches"], access: .signedIn, kind: .api) {
            req -> BatchListJSON in
            struct Query: Content { var status: String? }
            let q = try req.query.decode(Query.self)
            let status = try q.status.map {
                try Validate.choice(
                    $0, default: WriteOffBatchStatus.open, field: "status",
                    message: "Trạng thái phải là open, submitted, approved hoặc rejected.")
            }
            let items = try await Self.store(req).batches(
                status: status, scope: try req.requireViewer().scope)
            return BatchListJSON(items: items.map(BatchJSON.init), total: items.count)
        }
        app.on(.POST, ["api", "v1", "write-off-batches"], access: Self.lenders, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(BatchInput.self)
            let batch = try await Self.store(req).open(
                title: b.title, provinceCode: b.province, actor: viewer.actor, scope: viewer.scope)
            return try await BatchJSON(batch).encodeResponse(status: .created, for: req)
        }
        app.on(.GET, ["api", "v1", "write-off-batches", ":id"], access: .signedIn, kind: .api) {
            req -> BatchDetailJSON in
            try await Self.detail(req, id: req.parameters.get("id") ?? "")
        }
        registerBatchCommands(app)
        registerPages(app)
    }

    func registerConditions(_ app: Application) {
        app.on(.GET, ["api", "v1", "write-off-conditions"], access: .signedIn, kind: .api) {
            req -> ConditionListJSON in
            struct Query: Content { var date: String? }
            let q = try req.query.decode(Query.self)
            let items = try await Self.conditions(
                req, on: try Validate.date(q.date, default: req.world.today))
            return ConditionListJSON(items: items, total: items.count)
        }
        app.on(.POST, ["api", "v1", "write-off-conditions"], access: .admin, kind: .api) {
            req -> Response in
            let viewer = try req.requireViewer()
            let c = try Self.condition(try req.content.decode(ConditionInput.self))
            let record = try await Self.store(req).addCondition(c, actor: viewer.actor)
            let inForce = WriteOffMeasure.allCases.contains { m in
                WriteOffConditions([c]).inForce(on: req.world.today, for: m).isEmpty == false
            }
            return try await ConditionJSON(record, inForce: inForce)
                .encodeResponse(status: .created, for: req)
        }
    }

    func registerBatchCommands(_ app: Application) {
        let batch: [PathComponent] = ["api", "v1", "write-off-batches", ":id"]
        app.on(.POST, batch + ["files"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(BatchFileInput.self)
            let file = try await Self.store(req).addFile(
                batchID: req.parameters.get("id") ?? "", loanID: b.loan,
                measure: try Self.measure(b.measure),
                file: try b.file.file(default: req.world.today),
                evidence: b.checklist.map(\.evidence), actor: viewer.actor, scope: viewer.scope)
            return try await BatchFileJSON(file).encodeResponse(status: .created, for: req)
        }
        app.on(.POST, batch + ["files", ":file", "withdraw"], access: Self.lenders, kind: .api) {
            req -> BatchDetailJSON in
            let viewer = try req.requireViewer()
            let id = req.parameters.get("id") ?? ""
            try await Self.store(req).withdraw(
                batchID: id, fileID: req.parameters.get("file") ?? "", actor: viewer.actor,
                scope: viewer.scope)
            return try await Self.detail(req, id: id)
        }
        app.on(.POST, batch + ["submit"], access: Self.lenders, kind: .api) { req -> BatchJSON in
            let viewer = try req.requireViewer()
            return BatchJSON(
                try await Self.store(req).submit(
                    batchID: req.parameters.get("id") ?? "", actor: viewer.actor,
                    scope: viewer.scope))
        }
        app.on(.POST, batch + ["decision"], access: Self.lenders, kind: .api) { req -> Response in
            let viewer = try req.requireViewer()
            let b = try req.content.decode(WriteOffDecisionInput.self)
            let (result, replayed) = try await Self.store(req).decide(
                batchID: req.parameters.get("id") ?? "", try Self.decision(b),
                setAside: b.setAside ?? [], key: req.headers.first(name: "Idempotency-Key"),
                actor: viewer.actor, scope: viewer.scope)
            let response = try await BatchJSON(result).encodeResponse(status: .ok, for: req)
            if replayed {
                response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            }
            return response
        }
    }
}
