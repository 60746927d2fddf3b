import Domain
import Store
import Vapor

/// One batch: its files as the tờ trình lists them (A4), and the form of each step.
extension WriteOffRoutes {
    struct FileRow: Encodable {
        let id: String, loan: String, borrower: String, program: String, measure: String
        let interest: String, principal: String, level: String, status: String, cause: String
        let evidence: [String]
        init(_ f: WriteOffFileRecord, labels: [String: String]) {
            id = f.id
            loan = f.loanID
            borrower = f.borrowerName
            program = f.programName
            measure = f.figures.measure.label
            interest = f.figures.interest.description
            principal = f.figures.principal.description
            level = f.level.label
            status = f.status.label
            cause = f.file.cause
            evidence = f.evidence.map { "\(labels[$0.condition] ?? $0.condition): \($0.document)" }
        }
    }

    struct ConditionField: Encodable {
        let code: String, label: String, document: String, applies: String, alternative: Bool
        var value = ""
    }

    /// What the officer typed in the add-file form, given back when it is refused.
    struct Typed: Encodable {
        var loan = "", principal = false, cause = "", requestedOn = "", verification = ""
        var documents = ""
        init(_ f: [String: String], loan fallback: String, today: String) {
            loan = String((f["loan"] ?? fallback).prefix(100))
            principal = f["measure"] == "principal"
            cause = String((f["cause"] ?? "").prefix(500))
            requestedOn = String((f["requestedOn"] ?? today).prefix(10))
            verification = String((f["verification"] ?? "").prefix(500))
            documents = String((f["documents"] ?? "").prefix(500))
        }
    }

    /// The fields of the checklist today: each condition once, saying which measure needs it
    /// and whether it is one of a group of alternatives.
    static func fields(_ all: WriteOffConditions, on date: BusinessDate) -> [ConditionField] {
        let interest = Set(all.inForce(on: date, for: .interest).map(\.code))
        let principal = all.inForce(on: date, for: .principal)
        var seen = Set<String>()
        return (all.inForce(on: date, for: .interest) + principal).compactMap { c in
            guard seen.insert(c.code).inserted else { return nil }
            let applies = interest.contains(c.code) ? "" : "chỉ khi xóa nợ gốc"
            return ConditionField(
                code: c.code, label: c.label, document: c.document, applies: applies,
                alternative: !c.group.isEmpty)
        }
    }

    static func batchPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok,
        typed: [String: String] = [:]
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let s = store(req)
        let batch = try await s.batch(id: id, scope: viewer.scope)
        let files = try await s.files(batchID: id, scope: viewer.scope)
        let limits = try await s.approvalLimits(on: req.world.today)
        let all = try await s.conditions()
        let labels = Dictionary(
            all.versions.map { ($0.code, $0.label) }, uniquingKeysWith: { a, _ in a })
        struct Query: Content { var loan: String? }
        let loan = (try? req.query.decode(Query.self))?.loan ?? ""
        let level =
            batch.status == .open
            ? WriteOffBatches.level(files.map(\.figures.figures), limits: limits)
            : batch.requiredLevel
        struct Level: Encodable { let value: String, label: String, selected: Bool }
        struct Body: Encodable {
            let batch: BatchRow, id: String, files: [FileRow], level: String
            let limits: String, canEdit: Bool, canSubmit: Bool, canDecide: Bool
            let conditions: [ConditionField], typed: Typed, today: String, levels: [Level]
            let decisionNote: String
        }
        let lender = lenders.allows(viewer.role)
        return try await req.page(
            "lending/write-off-batch", title: batch.title,
            crumbs: [
                Crumb(label: "Xóa nợ theo đợt", href: "/write-offs"),
                Crumb(label: batch.title, href: "/write-offs/\(id)"),
            ], status: status, error: error,
            Body(
                batch: BatchRow(batch), id: id,
                files: files.map { FileRow($0, labels: labels) }, level: level.label,
                limits: "chi nhánh tỉnh đến \(limits.branchMax) một hồ sơ, Tổng Giám đốc đến"
                    + " \(limits.headOfficeMax), trên mức đó Hội đồng quản trị",
                canEdit: lender && batch.status == .open,
                canSubmit: lender && batch.status == .open && !files.isEmpty,
                canDecide: lender && batch.status == .submitted,
                conditions: fields(all, on: req.world.today).map { c in
                    var c = c
                    c.value = String((typed["doc_" + c.code] ?? "").prefix(300))
                    return c
                }, typed: Typed(typed, loan: loan, today: req.world.today.iso),
                today: req.world.today.iso,
                levels: WriteOffLevel.allCases.filter { $0 >= level }.map {
                    Level(value: $0.rawValue, label: $0.label, selected: $0 == level)
                }, decisionNote: batch.decision?.note ?? ""))
    }

    struct StepForm: Content {
        var loan: String?; var measure: String?; var cause: String?; var requestedOn: String?
        var verification: String?; var documents: String?
        var approved: String?; var number: String?; var date: String?; var level: String?
        var note: String?; var key: String?
    }

    /// Each step's form, answered by the batch page: with a message on success, or with the
    /// error and nothing saved.
    static func batchStep(_ req: Request, step: String) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let f = try req.content.decode(StepForm.self)
        let typed = (try? req.content.decode([String: String].self)) ?? [:]
        let s = store(req)
        do {
            let message: String
            if step == "withdraw" {
                try await s.withdraw(
                    batchID: id, fileID: req.parameters.get("file") ?? "", actor: viewer.actor,
                    scope: viewer.scope)
                message = "Đã rút hồ sơ khỏi đợt."
            } else {
                switch step {
                case "files":
                    message = try await addFile(req, id: id, f, fields: typed, viewer: viewer)
                case "submit":
                    let b = try await s.submit(
                        batchID: id, actor: viewer.actor, scope: viewer.scope)
                    message = "Đã trình đợt; cấp phê duyệt: \(b.requiredLevel.label)."
                case "decision":
                    message = try await decide(req, id: id, f, viewer: viewer)
                default:
                    throw PlatformError.invalidInput(
                        field: "step", message: "Không có thao tác này.")
                }
            }
            return Flash.redirect(req, to: "/write-offs/\(id)", success: message)
        } catch let error as any DomainError
            where error.kind != .forbidden && error.kind != .notFound
        {
            return try await batchPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind),
                typed: step == "files" ? typed : [:])
        }
    }

    static func addFile(
        _ req: Request, id: String, _ f: StepForm, fields: [String: String], viewer: Viewer
    ) async throws -> String {
        let evidence = fields.keys.sorted().compactMap { key -> WriteOffEvidence? in
            guard key.hasPrefix("doc_"), let text = fields[key],
                !text.trimmingCharacters(in: .whitespaces).isEmpty
            else { return nil }
            return WriteOffEvidence(condition: String(key.dropFirst(4)), document: text)
        }
        let date = req.world.today
        let file = RiskFile(
            cause: f.cause ?? "", requestedOn: try Validate.date(f.requestedOn, default: date),
            verification: f.verification ?? "", documents: f.documents ?? "")
        let record = try await store(req).addFile(
            batchID: id, loanID: (f.loan ?? "").trimmingCharacters(in: .whitespaces),
            measure: try measure(f.measure), file: file, evidence: evidence,
            actor: viewer.actor, scope: viewer.scope)
        return "Đã thêm hồ sơ của \(record.borrowerName) vào đợt."
    }

    static func decide(
        _ req: Request, id: String, _ f: StepForm, viewer: Viewer
    ) async throws -> String {
        let aside = ((try? req.content.decode([String: String].self)) ?? [:])
            .filter { $0.key.hasPrefix("aside_") && $0.value == "on" }
            .map { String($0.key.dropFirst(6)) }
        let decision = WriteOffDecision(
            approved: f.approved != "no",
            number: (f.number ?? "").trimmingCharacters(in: .whitespaces),
            date: try Validate.date(f.date ?? ""), level: try level(f.level),
            note: (f.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        _ = try await store(req).decide(
            batchID: id, decision, setAside: aside, key: f.key ?? "decision-\(id)",
            actor: viewer.actor, scope: viewer.scope)
        return decision.approved
            ? "Đã ghi quyết định phê duyệt; các khoản vay được duyệt đã xóa nợ."
            : "Đã ghi quyết định không phê duyệt."
    }
}
