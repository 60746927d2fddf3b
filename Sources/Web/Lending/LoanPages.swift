import Domain
import Foundation
import Store
import Vapor

/// Khoản vay on pages: the list (exportable), the loan page with its schedule, history and ledger
/// lines and the bank's commands, the borrower's loan book on A4, the instalments due this month,
/// and credit quality.
enum LoanPages {
    typealias Option = ApplicationPages.Option
    struct Row: Encodable {
        let id: String; let borrower: String; let household: String; let group: String;
        let groupID: String?; let unit: String; let program: String
        let status: String; let statusCode: String; let outstanding: String; let disbursed: String;
        let maturity: String
    }
    static func row(_ s: LoanSummary) -> Row {
        Row(
            id: s.id, borrower: s.borrowerName, household: s.householdCode ?? "—",
            group: s.groupName ?? "Cho vay trực tiếp", groupID: s.groupID, unit: s.unitName,
            program: s.programName, status: s.status.label, statusCode: s.status.rawValue,
            outstanding: s.outstanding.description,
            disbursed: s.disbursedOn.vietnamese, maturity: s.maturity.vietnamese)
    }

    static func list(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (query, filter, date) = try await LoanRoutes.query(req)
        try Validate.paging(limit: filter.limit, offset: filter.offset)
        let store = LoanStore(database: req.db, world: req.world)
        if let format = Exporter.format(filter.format) {
            var rows: [[Exporter.Cell]] = []
            var offset = 0
            while true {
                let page = try await store.list(
                    query, scope: viewer.scope, on: date,
                    paging: Paging(limit: Paging.maxLimit, offset: offset))
                rows += page.items.map {
                    [
                        .text($0.id), .text($0.borrowerName), .text($0.householdCode ?? ""),
                        .text($0.groupName ?? ""), .text($0.unitName),
                        .text($0.programName), .text($0.status.label), .number($0.outstanding.dong),
                        .text($0.disbursedOn.vietnamese),
                        .text($0.maturity.vietnamese),
                    ]
                }
                offset += Paging.maxLimit
                if offset >= page.total { break }
            }
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Khoản vay",
                    headers: [
                        "Mã khoản vay", "Người vay", "Mã hộ", "Tổ TK&VV", "Xã/phường",
                        "Chương trình", "Trạng thái", "Dư nợ (đồng)", "Ngày giải ngân",
                        "Ngày đáo hạn",
                    ],
                    rows: rows), format: format, fileName: "khoan-vay")
        }
        let paging = try Paging(input: filter.limit, offset: filter.offset)
        let page = try await store.list(query, scope: viewer.scope, on: date, paging: paging)
        let params = [
            "unit": filter.unit ?? "", "status": filter.status ?? "",
            "program": filter.program ?? "", "q": filter.q ?? "",
            "group": filter.group ?? "", "household": filter.household ?? "",
        ]
        let programs = try await ProgramStore(database: req.db, world: req.world).programs()
        struct Body: Encodable {
            let filter: LoanRoutes.Filter; let rows: [Row]; let pager: Pager;
            let exportQuery: String; let statuses: [Option]; let programs: [Option]
        }
        return try await req.page(
            "lending/loans", title: "Khoản vay",
            crumbs: [Crumb(label: "Khoản vay", href: "/loans")],
            Body(
                filter: filter, rows: page.items.map(Self.row),
                pager: Pager(total: page.total, paging: paging, path: "/loans", query: params),
                exportQuery: QueryString.encode(params),
                statuses: LoanState.allCases.map {
                    Option(
                        value: $0.rawValue, label: $0.label, selected: $0.rawValue == filter.status)
                },
                programs: programs.map {
                    Option(value: $0.code, label: $0.name, selected: $0.code == filter.program)
                }))
    }

    struct ScheduleRow: Encodable {
        let due: String; let original: String; let principal: String; let paid: String;
        let unpaid: String; let late: Bool
    }
    struct EventRow: Encodable {
        let id: String; let date: String; let kind: String; let principal: String;
        let interest: String; let detail: String; let actor: String
        let reversible: Bool; let reversed: Bool
    }
    struct LedgerRow: Encodable {
        let date: String; let entry: String; let kind: String; let account: String;
        let debit: String; let credit: String
    }

    static func show(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let date = try Validate.date(req.query[String.self, at: "date"], default: req.world.today)
        let d = try await LoanStore(database: req.db, world: req.world).detail(
            id: req.parameters.get("id") ?? "", on: date, scope: viewer.scope)
        let accounts = Dictionary(
            uniqueKeysWithValues: ChartOfAccounts.all.map { ($0.code, $0.name) })
        struct Body: Encodable {
            let l: Row; let id: String; let applicationID: String; let asOf: String;
            let asOfIso: String; let approved: String; let disbursed: String
            let repaid: String; let writtenOff: String; let interestPaid: String;
            let outstanding: String; let overdue: String; let interestDue: String
            let interestArrears: String; let rate: String; let overdueRate: String;
            let dayCount: String; let term: Int; let frozen: String?
            let schedule: [ScheduleRow]; let events: [EventRow]; let ledger: [LedgerRow]
            let canAct: Bool; let open: Bool; let today: String; let keys: [String: String];
            let unpaidDates: [Option]
            let interestValue: String; let nextPrincipal: String; let frozenNow: Bool
            let parameterSet: String; let rateHistory: [RateLine]
            let oldBook: OldBookLine?
        }
        let closed = [LoanState.writtenOff, .repaid].contains(d.standing.status)
        let rate = d.rates.last { $0.from <= date }?.rate
        let nextDue = d.schedule.filter {
            $0.unpaid.dong > 0 && $0.dueOn <= RepaymentSchedule.adding(months: 1, to: date)
        }.reduce(0) { $0 + $1.unpaid.dong }
        let key = req.world.newID()
        return try await req.page(
            "lending/loan", title: "Khoản vay của \(d.summary.borrowerName)",
            crumbs: [
                Crumb(label: "Khoản vay", href: "/loans"),
                Crumb(label: d.summary.borrowerName, href: "/loans/\(d.summary.id)"),
            ],
            status: status, error: error,
            Body(
                l: Self.row(d.summary), id: d.summary.id, applicationID: d.applicationID,
                asOf: date.vietnamese, asOfIso: date.iso,
                approved: d.approved.description, disbursed: d.disbursed.description,
                repaid: d.principalRepaid.description,
                writtenOff: d.principalWrittenOff.description,
                interestPaid: d.interestPaid.description,
                outstanding: d.standing.outstanding.description,
                overdue: d.standing.overdue.description,
                interestDue: d.standing.interestDue.description,
                interestArrears: d.standing.interestArrears.description,
                rate: rate.map { "\($0)" } ?? "—",
                overdueRate: rate.map { "\($0.scaled(byPercent: d.overduePercent))" } ?? "—",
                dayCount: d.dayCount == .monthly30
                    ? "lãi tháng / 30 × số ngày thực tế" : "lãi năm / 365 × số ngày thực tế",
                term: d.termMonths,
                frozen: d.frozen.map {
                    "Khoanh từ \($0.from.vietnamese) đến \($0.through.vietnamese)"
                },
                schedule: d.schedule.map {
                    ScheduleRow(
                        due: $0.dueOn.vietnamese,
                        original: $0.originalDueOn == $0.dueOn ? "" : $0.originalDueOn.vietnamese,
                        principal: $0.principal.description, paid: $0.paid.description,
                        unpaid: $0.unpaid.description,
                        late: $0.unpaid.dong > 0 && $0.dueOn < date)
                },
                events: d.events.map { e in
                    EventRow(
                        id: e.id.rawValue, date: e.on.vietnamese, kind: e.kind.label,
                        principal: e.principal == .zero ? "" : e.principal.description,
                        interest: e.interest == .zero ? "" : e.interest.description,
                        detail: [
                            e.capitalSource?.label, e.method?.label,
                            (try? JSONDecoder().decode(RiskFile.self, from: Data(e.details.utf8)))?
                                .cause,
                            e.kind == .reversal ? e.details : nil,
                        ].compactMap { $0 }.joined(separator: " · "),
                        actor: e.actor, reversible: e.kind == .repayment && !e.reversed,
                        reversed: e.reversed)
                },
                ledger: d.ledger.map {
                    LedgerRow(
                        date: $0.postedOn.vietnamese, entry: $0.entryID, kind: $0.kind,
                        account: "\($0.account) \(accounts[$0.account] ?? "")",
                        debit: $0.debit == .zero ? "" : $0.debit.description,
                        credit: $0.credit == .zero ? "" : $0.credit.description)
                },
                canAct: LoanRoutes.lenders.allows(viewer.role), open: !closed,
                today: req.world.today.iso,
                keys: [
                    "repay": key, "freeze": key + "-f",
                    "reverse": key + "-r", "thaw": key + "-t",
                    "recall": key + "-c", "extendFreeze": key + "-e",
                ],
                unpaidDates: d.schedule.filter { $0.unpaid.dong > 0 }.dropLast().map {
                    Option(value: $0.dueOn.iso, label: $0.dueOn.vietnamese, selected: false)
                },
                interestValue: d.standing.interestDue.formatted(withSymbol: false),
                nextPrincipal: Money(dong: nextDue).formatted(withSymbol: false),
                frozenNow: d.standing.status == .frozen,
                parameterSet: Self.parameterSetLabel(d.parameterSet),
                rateHistory: Self.rateLines(
                    LoanPricing.history(d.rates, adjustments: d.facts.adjustments)),
                oldBook: Self.oldBookLine(d.oldBook)))
    }

    /// Runs one command on the loan and comes back to its page, or shows the page with the refusal.
    static func act(
        _ req: Request, _ action: (Viewer, String, LoanStore) async throws -> String
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        do {
            let message = try await action(
                viewer, id, LoanStore(database: req.db, world: req.world))
            return Flash.redirect(req, to: "/loans/\(id)", success: message)
        } catch let error as any DomainError
            where error.kind != .notFound && error.kind != .forbidden
        {
            return try await show(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct CommandForm: Content {
        var key: String?; var date: String?; var interest: String?; var principal: String?;
        var amount: String?; var method: String?
        var event: String?; var reason: String?; var cause: String?; var requestedOn: String?;
        var verification: String?; var approval: String?
        var documents: String?; var lossPercent: String?; var months: String?; var scope: String?;
        var instalment: String?; var newDate: String?
        func file(_ date: BusinessDate) throws -> RiskFile {
            RiskFile(
                cause: cause ?? "", requestedOn: try Validate.date(requestedOn, default: date),
                verification: verification ?? "",
                approval: approval ?? "", documents: documents ?? "")
        }
    }

    static func repay(_ req: Request) async throws -> Response {
        try await act(req) { viewer, id, store in
            let f = try req.content.decode(CommandForm.self)
            let date = try Validate.date(f.date ?? "")
            var interest =
                try (f.interest ?? "").isEmpty
                ? Money.zero : Validate.money(f.interest, field: "interest", label: "Tiền lãi")
            var principal =
                try (f.principal ?? "").isEmpty
                ? Money.zero : Validate.money(f.principal, field: "principal", label: "Tiền gốc")
            if let amount = f.amount, !amount.isEmpty {
                // Một số tiền nộp tại quầy: lãi trước, còn lại trả gốc.
                let due = try await store.detail(id: id, on: date, scope: viewer.scope).standing
                    .interestDue
                (interest, principal) = LoanAccount.split(
                    amount: try Validate.money(amount, field: "amount", label: "Số tiền nộp"),
                    interestDue: due)
            }
            let (posting, _) = try await store.repay(
                loanID: id,
                RepaymentRequest(
                    date: date, interest: interest, principal: principal,
                    method: try LoanRoutes.method(f.method)),
                key: f.key, actor: viewer.actor, scope: viewer.scope)
            return
                "Đã thu lãi \(posting.interest), gốc \(posting.principal). Dư nợ còn \(posting.outstanding)."
        }
    }

    static func reverse(_ req: Request) async throws -> Response {
        try await act(req) { viewer, id, store in
            let f = try req.content.decode(CommandForm.self)
            _ = try await store.reverseRepayment(
                loanID: id, eventID: f.event ?? "",
                on: try Validate.date(f.date, default: req.world.today),
                reason: f.reason ?? "", key: f.key, actor: viewer.actor, scope: viewer.scope)
            return "Đã đảo bút toán thu nợ."
        }
    }

    static func risk(_ req: Request) async throws -> Response {
        try await act(req) { viewer, id, store in
            let f = try req.content.decode(CommandForm.self)
            let date = try Validate.date(f.date, default: req.world.today)
            switch req.parameters.get("action") ?? "" {
            case "adjust":
                _ = try await store.adjustTerm(
                    loanID: id, instalmentDue: try Validate.date(f.instalment ?? ""),
                    to: try Validate.date(f.newDate ?? ""), on: date,
                    file: try f.file(date), actor: viewer.actor, scope: viewer.scope)
                return "Đã điều chỉnh kỳ hạn nợ."
            case "extend":
                _ = try await store.extend(
                    loanID: id, to: try Validate.date(f.newDate ?? ""), on: date,
                    file: try f.file(date), actor: viewer.actor, scope: viewer.scope)
                return "Đã gia hạn nợ."
            case "freeze":
                guard let loss = Int(f.lossPercent ?? ""), let months = Int(f.months ?? "") else {
                    throw PlatformError.invalidInput(
                        field: "lossPercent", message: "Ghi tỷ lệ thiệt hại (%) và số tháng khoanh."
                    )
                }
                _ = try await store.freeze(
                    loanID: id, on: date, lossPercent: loss, months: months, file: try f.file(date),
                    key: f.key, actor: viewer.actor,
                    scope: viewer.scope)
                return "Đã khoanh nợ."
            case "freeze-extend":
                guard let loss = Int(f.lossPercent ?? ""), let months = Int(f.months ?? "") else {
                    throw PlatformError.invalidInput(
                        field: "lossPercent",
                        message: "Ghi tỷ lệ thiệt hại (%) và số tháng khoanh thêm.")
                }
                _ = try await store.extendFreeze(
                    loanID: id, on: date, lossPercent: loss, months: months,
                    file: try f.file(date), key: f.key, actor: viewer.actor, scope: viewer.scope)
                return "Đã khoanh nợ bổ sung."
            case "thaw":
                _ = try await store.endFreeze(
                    loanID: id, on: date, key: f.key, actor: viewer.actor, scope: viewer.scope)
                return "Đã kết thúc khoanh nợ."
            case "recall":
                _ = try await store.recall(
                    loanID: id, on: date, file: try f.file(date), key: f.key, actor: viewer.actor,
                    scope: viewer.scope)
                return "Đã thu hồi nợ trước hạn: toàn bộ nợ gốc đến hạn."
            default:
                throw PlatformError.invalidInput(field: "action", message: "Không có thao tác này.")
            }
        }
    }

    /// Sổ vay vốn: what the borrower keeps, on A4.
    static func book(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let d = try await LoanStore(database: req.db, world: req.world).detail(
            id: req.parameters.get("id") ?? "", scope: viewer.scope)
        struct Body: Encodable {
            let l: Row; let approved: String; let rate: String; let term: Int;
            let schedule: [ScheduleRow]; let events: [EventRow]; let outstanding: String
            let asOf: String
        }
        return try await req.page(
            "lending/loan-book", title: "Sổ vay vốn – \(d.summary.borrowerName)", crumbs: [],
            Body(
                l: Self.row(d.summary), approved: d.approved.description,
                rate: d.rates.last.map { "\($0.rate)" } ?? "—", term: d.termMonths,
                schedule: d.schedule.map {
                    ScheduleRow(
                        due: $0.dueOn.vietnamese, original: "", principal: $0.principal.description,
                        paid: $0.paid.description,
                        unpaid: $0.unpaid.description, late: false)
                },
                events: d.events.filter {
                    [.disbursement, .repayment, .reversal].contains($0.kind)
                }.map { e in
                    EventRow(
                        id: e.id.rawValue, date: e.on.vietnamese, kind: e.kind.label,
                        principal: e.principal == .zero
                            ? "" : Money(dong: abs(e.principal.dong)).description,
                        interest: e.interest == .zero ? "" : e.interest.description, detail: "",
                        actor: e.actor, reversible: false, reversed: e.reversed)
                },
                outstanding: d.standing.outstanding.description, asOf: req.world.today.vietnamese))
    }

    /// Các kỳ trả nợ gốc đến hạn trong tháng, per commune; exportable.
    static func due(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct F: Content { var unit: String?; var month: String?; var format: String? }
        let f = try req.query.decode(F.self)
        let month = try Validate.month(f.month, default: req.world.today.firstOfMonth)
        let items = try await LoanStore(database: req.db, world: req.world).dueInstalments(
            unitIDs: try await UnitFilter.communeUnits(f.unit, req: req),
            in: month, scope: viewer.scope)
        if let format = Exporter.format(f.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Nợ đến hạn",
                    headers: [
                        "Ngày đến hạn", "Người vay", "Mã hộ", "Tổ TK&VV", "Xã/phường",
                        "Chương trình", "Gốc phải trả (đồng)", "Mã khoản vay",
                    ],
                    rows: items.map {
                        [
                            .text($0.dueOn.vietnamese), .text($0.loan.borrowerName),
                            .text($0.loan.householdCode ?? ""),
                            .text($0.loan.groupName ?? ""), .text($0.loan.unitName),
                            .text($0.loan.programName),
                            .number($0.unpaid.dong), .text($0.loan.id),
                        ]
                    }),
                format: format, fileName: "no-den-han-\(month.iso.prefix(7))")
        }
        struct Line: Encodable {
            let due: String; let id: String; let borrower: String; let group: String;
            let unit: String; let program: String; let amount: String
        }
        struct Body: Encodable {
            let month: String; let monthLabel: String; let unit: String; let lines: [Line];
            let total: String; let exportQuery: String; let thawing: [Row]
        }
        let total = Money(dong: items.reduce(0) { $0 + $1.unpaid.dong })
        let thawing = try await LoanStore(database: req.db, world: req.world).freezesEnding(
            in: month, scope: viewer.scope)
        return try await req.page(
            "lending/due", title: "Nợ gốc đến hạn tháng \(month.month)/\(month.year)",
            crumbs: [
                Crumb(label: "Khoản vay", href: "/loans"),
                Crumb(label: "Nợ đến hạn", href: "/loans/due"),
            ],
            Body(
                month: String(month.iso.prefix(7)), monthLabel: "\(month.month)/\(month.year)",
                unit: f.unit ?? "",
                lines: items.map {
                    Line(
                        due: $0.dueOn.vietnamese, id: $0.loan.id, borrower: $0.loan.borrowerName,
                        group: $0.loan.groupName ?? "Trực tiếp",
                        unit: $0.loan.unitName, program: $0.loan.programName,
                        amount: $0.unpaid.description)
                },
                total: total.description,
                exportQuery: QueryString.encode([
                    "unit": f.unit ?? "", "month": String(month.iso.prefix(7)),
                ]),
                thawing: thawing.map(Self.row)))
    }

    /// Chất lượng tín dụng: by program, organisation, group or commune; exportable.
    static func quality(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let (query, filter, date) = try await LoanRoutes.query(req)
        let by = try LoanRoutes.dimension(req.query[String.self, at: "by"])
        let lines = try await LoanStore(database: req.db, world: req.world).quality(
            by: by, query: query, on: date, scope: viewer.scope)
        let total = LoanRoutes.total(lines)
        if let format = Exporter.format(filter.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Chất lượng tín dụng",
                    headers: [
                        by.label, "Số khoản vay", "Dư nợ", "Nợ quá hạn", "Nợ khoanh",
                        "Tỷ lệ quá hạn", "Tỷ lệ quá hạn và khoanh", "Lãi tồn",
                    ],
                    rows: (lines + [total]).map {
                        [
                            .text($0.label), .number(Int64($0.loans)), .number($0.outstanding.dong),
                            .number($0.overdue.dong), .number($0.frozen.dong),
                            .text($0.overdueRatio),
                            .text($0.overdueAndFrozenRatio), .number($0.interestArrears.dong),
                        ]
                    }),
                format: format, fileName: "chat-luong-tin-dung-\(by.rawValue)")
        }
        struct Line: Encodable {
            let label: String; let loans: Int; let outstanding: String; let overdue: String;
            let frozen: String; let ratio: String; let ratio2: String
            let arrears: String
        }
        func line(_ l: QualityLine) -> Line {
            Line(
                label: l.label, loans: l.loans, outstanding: l.outstanding.description,
                overdue: l.overdue.description, frozen: l.frozen.description,
                ratio: l.overdueRatio, ratio2: l.overdueAndFrozenRatio,
                arrears: l.interestArrears.description)
        }
        struct Body: Encodable {
            let by: String; let byLabel: String; let dimensions: [Option]; let date: String;
            let dateLabel: String; let unit: String
            let lines: [Line]; let total: Line; let exportQuery: String
        }
        return try await req.page(
            "lending/quality", title: "Chất lượng tín dụng",
            crumbs: [
                Crumb(label: "Khoản vay", href: "/loans"),
                Crumb(label: "Chất lượng tín dụng", href: "/loans/quality"),
            ],
            Body(
                by: by.rawValue, byLabel: by.label,
                dimensions: QualityDimension.allCases.map {
                    Option(value: $0.rawValue, label: $0.label, selected: $0 == by)
                },
                date: date.iso, dateLabel: date.vietnamese, unit: filter.unit ?? "",
                lines: lines.map(line), total: line(total),
                exportQuery: QueryString.encode([
                    "by": by.rawValue, "unit": filter.unit ?? "", "date": date.iso,
                ])))
    }
}
