import Domain
import Foundation
import Store
import Vapor

/// Thu tại phiên giao dịch: the group's collection sheet (page on A4 and phone, .xlsx, JSON) and
/// the batch of its results (fixed contract `POST /api/v1/groups/{id}/collections`, and a page
/// built for fast keyboard entry).
struct CollectionRoutes {
    struct LineJSON: Content {
        let member: String?; let loan: String?; let interest: Int64?; let via: String?;
        let principal: Int64?; let savingsDeposit: Int64?
        let savingsWithdrawal: Int64?; let interestFromSavings: Bool?
    }
    struct BatchInput: Content { let date: String; let cashCounted: Int64; let lines: [LineJSON] }
    struct BatchJSON: Content {
        let id: String; let group: String; let date: String; let atSitting: Bool;
        let cashCounted: Int64; let lines: Int; let interest: Int64
        let interestViaLeader: Int64; let principal: Int64; let savingsDeposits: Int64;
        let savingsWithdrawals: Int64; let entries: [String]
        init(_ b: CollectionBatch) {
            id = b.id; group = b.group; date = b.date.iso; atSitting = b.atSitting;
            cashCounted = b.cashCounted.dong; lines = b.lines
            interest = b.interest.dong; interestViaLeader = b.interestViaLeader.dong;
            principal = b.principal.dong
            savingsDeposits = b.savingsDeposits.dong;
            savingsWithdrawals = b.savingsWithdrawals.dong; entries = b.entries
        }
    }
    struct SheetLineJSON: Content {
        let member: String; let householdCode: String; let head: String; let loan: String?;
        let program: String?; let outstanding: Int64
        let interestDue: Int64; let principalDue: Int64; let overdue: Int64; let savings: Int64
        init(_ l: CollectionSheetLine) {
            member = l.householdID; householdCode = l.householdCode; head = l.head; loan = l.loanID;
            program = l.program; outstanding = l.outstanding.dong
            interestDue = l.interestDue.dong; principalDue = l.principalDue.dong;
            overdue = l.overdue.dong; savings = l.savings.dong
        }
    }
    struct SheetJSON: Content { let group: String; let date: String; let items: [SheetLineJSON] }

    static func via(_ text: String?) throws -> CollectionVia {
        try Validate.choice(
            text, default: .leader, field: "via",
            message: "«via» phải là leader (tổ trưởng thu) hoặc borrower (người vay nộp tại quầy).")
    }

    func register(_ app: Application) {
        app.on(
            .GET, ["api", "v1", "groups", ":id", "collection-sheet"], access: .signedIn, kind: .api
        ) { req -> SheetJSON in
            let id = req.parameters.get("id") ?? ""
            let date = try Validate.date(
                req.query[String.self, at: "date"], default: req.world.today)
            let lines = try await CollectionStore(database: req.db, world: req.world).sheet(
                groupID: id, on: date, scope: try req.requireViewer().scope)
            return SheetJSON(group: id, date: date.iso, items: lines.map(SheetLineJSON.init))
        }
        app.on(
            .POST, ["api", "v1", "groups", ":id", "collections"], access: LoanRoutes.lenders,
            kind: .api
        ) { req -> Response in
            let viewer = try req.requireViewer()
            let body = try req.content.decode(BatchInput.self)
            let lines = try body.lines.map { l in
                CollectionLine(
                    member: l.member ?? "", loan: l.loan.flatMap { $0.isEmpty ? nil : LoanID($0) },
                    interest: try Validate.amount(l.interest, field: "lines.interest"),
                    via: try Self.via(l.via),
                    principal: try Validate.amount(l.principal, field: "lines.principal"),
                    savingsDeposit: try Validate.amount(
                        l.savingsDeposit, field: "lines.savingsDeposit"),
                    savingsWithdrawal: try Validate.amount(
                        l.savingsWithdrawal, field: "lines.savingsWithdrawal"),
                    interestFromSavings: l.interestFromSavings ?? false)
            }
            let (batch, replayed) = try await CollectionStore(database: req.db, world: req.world)
                .post(
                    groupID: req.parameters.get("id") ?? "", on: try Validate.date(body.date),
                    cashCounted: try Validate.netAmount(body.cashCounted, field: "cashCounted"),
                    lines: lines,
                    key: req.headers.first(name: "Idempotency-Key"), actor: viewer.actor,
                    scope: viewer.scope)
            let response = Response(
                status: .created, body: .init(data: try APIJSON.encode(BatchJSON(batch))))
            response.headers.contentType = .json
            if replayed {
                response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true")
            }
            return response
        }
        app.on(.GET, ["groups", ":id", "collection-sheet"], access: .signedIn, kind: .page) { req in
            try await CollectionPages.sheet(req)
        }
        app.on(.GET, ["groups", ":id", "savings", ":household"], access: .signedIn, kind: .page) {
            req in try await CollectionPages.statement(req)
        }
        app.on(
            .GET, ["groups", ":id", "collections", "template.csv"], access: LoanRoutes.lenders,
            kind: .page
        ) { req in try await CollectionPages.template(req) }
        app.on(
            .POST, ["groups", ":id", "collections", "import"], access: LoanRoutes.lenders,
            kind: .page
        ) { req in try await CollectionPages.upload(req) }
        app.on(
            .GET, ["groups", ":id", "collections", "new"], access: LoanRoutes.lenders, kind: .page
        ) { req in try await CollectionPages.entry(req) }
        app.on(.POST, ["groups", ":id", "collections"], access: LoanRoutes.lenders, kind: .page) {
            req in try await CollectionPages.post(req)
        }
    }
}

enum CollectionPages {
    struct Row: Encodable {
        let n: Int; let member: String; let code: String; let head: String; let loan: String;
        let program: String; let outstanding: String
        let interestDue: String; let principalDue: String; let overdue: String; let savings: String
        let interest: String; let via: String; let principal: String; let deposit: String;
        let withdrawal: String; let fromSavings: Bool
    }

    static func rows(_ lines: [CollectionSheetLine], entered: [String: LineForm] = [:]) -> [Row] {
        lines.enumerated().map { n, l in
            let e = entered[String(n)]
            return Row(
                n: n, member: l.householdID, code: l.householdCode, head: l.head,
                loan: l.loanID ?? "", program: l.program ?? "Không vay",
                outstanding: l.outstanding.formatted(withSymbol: false),
                interestDue: l.interestDue.formatted(withSymbol: false),
                principalDue: l.principalDue.formatted(withSymbol: false),
                overdue: l.overdue.formatted(withSymbol: false),
                savings: l.savings.formatted(withSymbol: false), interest: e?.interest ?? "",
                via: e?.via ?? "leader", principal: e?.principal ?? "",
                deposit: e?.deposit ?? "", withdrawal: e?.withdrawal ?? "",
                fromSavings: e?.fromSavings == "1")
        }
    }

    /// Bảng kê thu lãi, thu tiết kiệm: A4 with the official header; .xlsx; readable on a phone.
    static func sheet(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let date = try Validate.date(req.query[String.self, at: "date"], default: req.world.today)
        let (group, _, unitName) = try await GroupStore(database: req.db, world: req.world).group(
            id: id, scope: viewer.scope)
        let lines = try await CollectionStore(database: req.db, world: req.world).sheet(
            groupID: id, on: date, scope: viewer.scope)
        if let format = Exporter.format(req.query[String.self, at: "format"]) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Bảng kê",
                    headers: [
                        "Mã hộ", "Tổ viên", "Chương trình", "Dư nợ", "Lãi phải thu",
                        "Gốc đến hạn", "Gốc quá hạn", "Số dư tiết kiệm",
                    ],
                    rows: lines.map {
                        [
                            .text($0.householdCode), .text($0.head), .text($0.program ?? ""),
                            .number($0.outstanding.dong),
                            .number($0.interestDue.dong), .number($0.principalDue.dong),
                            .number($0.overdue.dong),
                            .number($0.savings.dong),
                        ]
                    }),
                format: format, fileName: "bang-ke-\(date.iso)")
        }
        func sum(_ f: (CollectionSheetLine) -> Money) -> String {
            Money(dong: lines.reduce(0) { $0 + f($1).dong }).formatted(withSymbol: false)
        }
        struct Body: Encodable {
            let id: String; let name: String; let unitName: String; let date: String;
            let dateIso: String; let rows: [Row]; let totalInterest: String
            let totalPrincipal: String; let totalOverdue: String; let totalSavings: String;
            let canPost: Bool
        }
        return try await req.page(
            "lending/collection-sheet", title: "Bảng kê thu lãi, thu tiết kiệm – \(group.name)",
            crumbs: [
                Crumb(label: "Tổ TK&VV", href: "/groups"),
                Crumb(label: group.name, href: "/groups/\(id)"),
                Crumb(label: "Bảng kê", href: "/groups/\(id)/collection-sheet"),
            ],
            Body(
                id: id, name: group.name, unitName: unitName, date: date.vietnamese,
                dateIso: date.iso, rows: rows(lines),
                totalInterest: sum(\.interestDue), totalPrincipal: sum(\.principalDue),
                totalOverdue: sum(\.overdue), totalSavings: sum(\.savings),
                canPost: LoanRoutes.lenders.allows(viewer.role)))
    }

    /// The group's batch file to fill in: one row per sheet line, with what is due on the date.
    static func template(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let date = try Validate.date(req.query[String.self, at: "date"], default: req.world.today)
        let lines = try await CollectionStore(database: req.db, world: req.world).sheet(
            groupID: id, on: date, scope: viewer.scope)
        return try Exporter.response(
            Exporter.Table(
                sheetName: "Kết quả thu", headers: CollectionStore.fileColumns,
                rows: lines.map {
                    [
                        .text($0.householdCode), .text($0.loanID ?? ""),
                        .number($0.interestDue.dong), .text("leader"),
                        .number($0.principalDue.dong + $0.overdue.dong), .text(""), .text(""),
                        .text(""),
                    ]
                }),
            format: .csv, fileName: "ket-qua-thu-\(date.iso)")
    }

    struct UploadForm: Content {
        var file: File?; var date: String?; var cashCounted: String?; var key: String?
    }

    /// Kết quả thu từ tệp (CSV or .xlsx): read, then posted like the page's batch, all or none.
    static func upload(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let form = try req.uploadedForm(UploadForm.self)
        let store = CollectionStore(database: req.db, world: req.world)
        do {
            guard let file = form.file, file.data.readableBytes > 0 else {
                throw PlatformError.invalidInput(
                    field: "file", message: "Chọn tệp kết quả thu (CSV hoặc Excel).")
            }
            let lines = try await store.lines(
                from: try CSVTable(fileData: Data(buffer: file.data)), groupID: id)
            let (batch, _) = try await store.post(
                groupID: id, on: try Validate.date(form.date ?? ""),
                cashCounted: try Validate.money(
                    form.cashCounted, field: "cashCounted", label: "Tiền mặt thực thu"),
                lines: lines, key: form.key, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(
                req, to: "/groups/\(id)",
                success:
                    "Đã ghi \(batch.lines) dòng từ tệp: lãi \(batch.interest), gốc \(batch.principal), "
                    + "gửi tiết kiệm \(batch.savingsDeposits), rút \(batch.savingsWithdrawals).")
        } catch let error as any DomainError
            where error.kind != .forbidden && error.kind != .notFound
        {
            return try await entry(
                req, form: EntryForm(date: form.date, cashCounted: form.cashCounted, key: form.key),
                error: error.message,
                problems: error.details, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct LineForm: Content {
        var member: String?; var loan: String?; var interest: String?; var via: String?;
        var principal: String?; var deposit: String?; var withdrawal: String?
        var fromSavings: String?
    }
    struct EntryForm: Content {
        var date: String?; var cashCounted: String?; var key: String?;
        var lines: [String: LineForm]?; var action: String?
    }

    /// The entry page: one row per line of the sheet, amounts in tab order, the cash counted at the end.
    static func entry(
        _ req: Request, form: EntryForm? = nil, error: String? = nil, problems: [ErrorDetail] = [],
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        var form = form
        var draftNote: String?
        if form == nil,
            let saved = try await CollectionStore(database: req.db, world: req.world).draft(
                groupID: id, actor: viewer.actor),
            let restored = try? JSONDecoder().decode(EntryForm.self, from: Data(saved.form.utf8))
        {
            form = restored
            draftNote = "Đang mở bản nháp đã lưu; ghi kết quả thu để hoàn tất."
        }
        let date = try Validate.date(
            form?.date ?? req.query[String.self, at: "date"], default: req.world.today)
        let (group, _, unitName) = try await GroupStore(database: req.db, world: req.world).group(
            id: id, scope: viewer.scope)
        let lines = try await CollectionStore(database: req.db, world: req.world).sheet(
            groupID: id, on: date, scope: viewer.scope)
        var entered = form?.lines ?? [:]
        if form == nil {
            // Prefilled with what the sheet says is due: the officer corrects only what differs.
            for (n, l) in lines.enumerated() where l.loanID != nil {
                entered[String(n)] = LineForm(
                    interest: l.interestDue.dong > 0
                        ? l.interestDue.formatted(withSymbol: false) : "", via: "leader",
                    principal: l.principalDue.dong + l.overdue.dong > 0
                        ? Money(dong: l.principalDue.dong + l.overdue.dong).formatted(
                            withSymbol: false) : "")
            }
        }
        struct Body: Encodable {
            let id: String; let name: String; let unitName: String; let dateIso: String;
            let rows: [Row]; let cashCounted: String; let key: String
            let problems: [String]; let draftNote: String?
        }
        return try await req.page(
            "lending/collection-entry", title: "Nhập kết quả thu – \(group.name)",
            crumbs: [
                Crumb(label: "Tổ TK&VV", href: "/groups"),
                Crumb(label: group.name, href: "/groups/\(id)"),
                Crumb(label: "Nhập kết quả thu", href: "/groups/\(id)/collections/new"),
            ],
            status: status, error: error,
            Body(
                id: id, name: group.name, unitName: unitName, dateIso: date.iso,
                rows: rows(lines, entered: entered), cashCounted: form?.cashCounted ?? "",
                key: form?.key ?? req.world.newID(), problems: problems.map(\.message),
                draftNote: draftNote))
    }

    static func post(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let form = try req.content.decode(EntryForm.self)
        if form.action == "draft" {
            try await CollectionStore(database: req.db, world: req.world).saveDraft(
                groupID: id, form: String(decoding: try JSONEncoder().encode(form), as: UTF8.self),
                actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(
                req, to: "/groups/\(id)/collections/new",
                success: "Đã lưu nháp; mở lại trang này để nhập tiếp.")
        }
        do {
            func money(_ text: String?, _ field: String) throws -> Money {
                guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    return .zero
                }
                return try Validate.money(text, field: field, label: "Số tiền")
            }
            let lines = try (form.lines ?? [:]).sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }
                .compactMap { _, l -> CollectionLine? in
                    let line = CollectionLine(
                        member: l.member ?? "",
                        loan: (l.loan ?? "").isEmpty ? nil : l.loan.map { LoanID($0) },
                        interest: try money(l.interest, "interest"),
                        via: try CollectionRoutes.via(l.via),
                        principal: try money(l.principal, "principal"),
                        savingsDeposit: try money(l.deposit, "savingsDeposit"),
                        savingsWithdrawal: try money(l.withdrawal, "savingsWithdrawal"),
                        interestFromSavings: l.fromSavings == "1")
                    return line.isEmpty ? nil : line
                }
            let (batch, _) = try await CollectionStore(database: req.db, world: req.world).post(
                groupID: id, on: try Validate.date(form.date ?? ""),
                cashCounted: try Validate.money(
                    form.cashCounted, field: "cashCounted", label: "Tiền mặt thực thu"),
                lines: lines, key: form.key, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(
                req, to: "/groups/\(id)",
                success:
                    "Đã ghi \(batch.lines) dòng của tổ: lãi \(batch.interest), gốc \(batch.principal), "
                    + "gửi tiết kiệm \(batch.savingsDeposits), rút \(batch.savingsWithdrawals); tiền mặt \(batch.cashCounted)."
            )
        } catch let error as any DomainError
            where error.kind != .forbidden && error.kind != .notFound
        {
            return try await entry(
                req, form: form, error: error.message, problems: error.details,
                status: ErrorResponder.status(of: error.kind))
        }
    }
}
