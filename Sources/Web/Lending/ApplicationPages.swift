import Domain
import SQLKit
import Store
import Vapor

/// Hồ sơ vay on pages: the queue by stage, form 01/TD, the group's vetting list, the commune's
/// certification, the bank's check, approval and disbursement, and the forms printed on A4.
enum ApplicationPages {
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct Row: Encodable {
        let id: String; let borrower: String; let household: String; let group: String; let unit: String; let program: String; let amount: String
        let term: Int; let state: String; let submitted: String
    }
    static func row(_ a: LoanApplicationRecord) -> Row {
        Row(id: a.id, borrower: a.borrowerName, household: a.householdCode ?? "—", group: a.groupName ?? "Cho vay trực tiếp", unit: a.unitName,
            program: a.programName, amount: a.amount.description, term: a.termMonths, state: a.state.label, submitted: a.submittedOn.vietnamese)
    }

    static let stages: [(String, String, [ApplicationState])] = [
        ("submitted", "Chờ tổ bình xét", [.submitted]), ("voted", "Chờ xã xác nhận", [.voted]), ("certified", "Chờ ngân hàng phê duyệt", [.certified]),
        ("approved", "Chờ giải ngân", [.approved]), ("disbursed", "Đã giải ngân", [.disbursed]),
        ("closed", "Không được vay, đã rút", [.notVoted, .notCertified, .rejected, .withdrawn]),
    ]

    static func list(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct F: Content { var stage: String?; var unit: String?; var limit: Int?; var offset: Int? }
        let f = try req.query.decode(F.self)
        try Validate.paging(limit: f.limit, offset: f.offset)
        let stage = Self.stages.first { $0.0 == f.stage } ?? Self.stages[0]
        let paging = try Paging(input: f.limit, offset: f.offset)
        let store = ApplicationStore(database: req.db, world: req.world)
        let page = try await store.queue(states: stage.2, unitIDs: try await UnitFilter.communeUnits(f.unit, req: req), scope: viewer.scope, paging: paging)
        var counts: [Option] = []
        for s in Self.stages {
            let n = try await store.queue(states: s.2, scope: viewer.scope, paging: Paging(limit: 1)).total
            counts.append(Option(value: s.0, label: "\(s.1) (\(n))", selected: s.0 == stage.0))
        }
        struct Body: Encodable {
            let stages: [Option]; let stage: String; let stageLabel: String; let unit: String; let rows: [Row]; let pager: Pager
            let canSubmit: Bool; let canCertify: Bool; let canDirect: Bool; let groupID: String?
        }
        return try await req.page("lending/applications", title: "Hồ sơ vay", crumbs: [Crumb(label: "Hồ sơ vay", href: "/applications")],
            Body(stages: counts, stage: stage.0, stageLabel: stage.1, unit: f.unit ?? "", rows: page.items.map(Self.row),
                 pager: Pager(total: page.total, paging: paging, path: "/applications", query: ["stage": stage.0, "unit": f.unit ?? ""]),
                 canSubmit: LoanRoutes.applicants.allows(viewer.role), canCertify: LoanRoutes.certifiers.allows(viewer.role),
                 canDirect: LoanRoutes.lenders.allows(viewer.role), groupID: viewer.user.groupID))
    }

    // MARK: form 01/TD

    struct NewForm: Content {
        var household: String?; var representative: String?; var program: String?; var amount: String?; var termMonths: String?
        var intervalMonths: String?; var purpose: String?; var date: String?; var beneficiaryGroup: String?
        var student1Name: String?; var student1School: String?; var student1Months: String?
        var student1Ends: String?; var student2Name: String?; var student2School: String?
        var student2Months: String?; var student2Ends: String?; var studyGrace: String?
        var studyRepayment: String?
        var study: StudyFields {
            StudyFields(
                rows: [
                    (student1Name, student1School, student1Months, student1Ends),
                    (student2Name, student2School, student2Months, student2Ends),
                ], orphan: false, grace: studyGrace, repayment: studyRepayment)
        }
    }

    static func newForm(_ req: Request, form: NewForm? = nil, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = try form ?? req.query.decode(NewForm.self)
        if form.date == nil { form.date = req.world.today.iso }
        var members: [Option] = []
        var householdLabel: String?
        var lookupError: String?
        if let code = form.household?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            let store = HouseholdStore(database: req.db, world: req.world)
            let found = try await store.search(HouseholdQuery(text: code, asOf: req.world.today, paging: Paging(limit: 5)), scope: viewer.scope).items
            if let summary = found.first(where: { $0.code == code || $0.id == code }) {
                let (household, _) = try await store.household(id: summary.id, scope: viewer.scope)
                householdLabel = "\(summary.code) · \(summary.headName) · \(summary.village), \(summary.unitName) · \(summary.classification?.label ?? "chưa phân loại")"
                form.household = summary.id
                let date = (try? Validate.date(form.date ?? "")) ?? req.world.today
                members = household.members.filter { $0.birthDate.fullYears(until: date) >= 18 }.map {
                    Option(value: $0.id.rawValue, label: "\($0.fullName) (\($0.relation.label), sinh \($0.birthDate.year))",
                           selected: $0.id.rawValue == form.representative || (form.representative == nil && $0.relation == .head))
                }
            } else {
                lookupError = "Không tìm thấy hộ có mã «\(code)» trong phạm vi của bạn."
            }
        }
        let programs = try await ProgramStore(database: req.db, world: req.world).catalogue(on: req.world.today)
            .filter { $0.program.channel != .direct && $0.program.openForNewLoans && $0.parameters != nil }
        struct Body: Encodable {
            let form: NewForm; let householdLabel: String?; let lookupError: String?; let members: [Option]; let programs: [Option]; let today: String
            let groups: [Option]
        }
        return try await req.page("lending/application-new", title: "Giấy đề nghị vay vốn (01/TD)",
                                  crumbs: [Crumb(label: "Hồ sơ vay", href: "/applications"), Crumb(label: "Nộp hồ sơ", href: "/applications/new")],
                                  status: status, error: error,
                                  Body(form: form, householdLabel: householdLabel, lookupError: lookupError, members: members,
                                       programs: programs.map { Option(value: $0.program.code, label: "\($0.program.name) – \($0.rate.map { "\($0)" } ?? "")",
                                                                       selected: $0.program.code == (form.program ?? "poor_household")) },
                                       today: req.world.today.iso, groups: Self.groupOptions(programs, selected: form.beneficiaryGroup)))
    }

    static func create(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(NewForm.self)
        do {
            let study = try Self.studyPlan(form.study)
            // A student contract's term comes from its courses; the field may stay blank.
            guard let term = Int(form.termMonths ?? "") ?? (study == nil ? nil : 12), term > 0
            else {
                throw PlatformError.invalidInput(field: "termMonths", message: "Thời hạn vay phải là số tháng.")
            }
            let interval = Int(form.intervalMonths ?? "") ?? min(12, term)
            let record = try await ApplicationStore(database: req.db, world: req.world).submit(
                NewApplication(householdID: form.household ?? "", representativeID: form.representative ?? "", programCode: form.program ?? "",
                               amount: try Validate.money(form.amount, field: "amount", label: "Số tiền vay"), termMonths: term, intervalMonths: interval,
                               purpose: form.purpose ?? "", submittedOn: try Validate.date(form.date ?? ""),
                               beneficiaryGroup: Self.group(form.beneficiaryGroup), study: study),
                actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/applications/\(record.id)", success: "Đã nhận hồ sơ của \(record.borrowerName). Tổ sẽ bình xét ở buổi họp tới.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await newForm(req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    // MARK: direct loans

    struct DirectForm: Content {
        var borrower: String?; var household: String?; var unit: String?; var program: String?; var amount: String?; var termMonths: String?
        var intervalMonths: String?; var purpose: String?; var collateral: String?; var date: String?; var beneficiaryGroup: String?
        var unitJobs: String?
        var student1School: String?; var student1Months: String?
        var student1Ends: String?; var studyGrace: String?; var studyRepayment: String?
        /// The orphan is the borrower.
        var study: StudyFields {
            StudyFields(
                rows: [(borrower, student1School, student1Months, student1Ends)], orphan: true,
                grace: studyGrace, repayment: studyRepayment)
        }
    }

    /// Hồ sơ vay trực tiếp: social housing, job creation for a production unit, an orphaned student.
    static func directForm(_ req: Request, form: DirectForm = DirectForm(), error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        var form = form
        if form.date == nil { form.date = req.world.today.iso }
        let programs = try await ProgramStore(database: req.db, world: req.world).catalogue(on: req.world.today)
            .filter { $0.program.channel != .entrusted && $0.program.openForNewLoans && $0.parameters != nil }
        struct Body: Encodable { let form: DirectForm; let programs: [Option]; let today: String; let groups: [Option] }
        return try await req.page("lending/application-direct", title: "Hồ sơ vay trực tiếp",
                                  crumbs: [Crumb(label: "Hồ sơ vay", href: "/applications"), Crumb(label: "Vay trực tiếp", href: "/applications/direct/new")],
                                  status: status, error: error,
                                  Body(form: form, programs: programs.map {
                                      Option(value: $0.program.code, label: "\($0.program.name) – \($0.rate.map { "\($0)" } ?? "")",
                                             selected: $0.program.code == (form.program ?? "social_housing"))
                                  }, today: req.world.today.iso, groups: Self.groupOptions(programs, selected: form.beneficiaryGroup)))
    }

    static func createDirect(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(DirectForm.self)
        do {
            guard let text = form.unit, let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(form.unit ?? "") }
            let study = try Self.studyPlan(form.study)
            guard let term = Int(form.termMonths ?? "") ?? (study == nil ? nil : 12), term > 0
            else {
                throw PlatformError.invalidInput(field: "termMonths", message: "Thời hạn vay phải là số tháng.")
            }
            let record = try await ApplicationStore(database: req.db, world: req.world).submitDirect(
                NewDirectApplication(borrowerName: form.borrower ?? "", householdID: (form.household ?? "").isEmpty ? nil : form.household, unitCode: code.value,
                                     programCode: form.program ?? "", amount: try Validate.money(form.amount, field: "amount", label: "Số tiền vay"),
                                     termMonths: term, intervalMonths: Int(form.intervalMonths ?? "") ?? min(12, term), purpose: form.purpose ?? "",
                                     collateral: form.collateral ?? "", submittedOn: try Validate.date(form.date ?? ""),
                                     beneficiaryGroup: Self.group(form.beneficiaryGroup),
                                     unitJobs: try Self.unitJobs(form.unitJobs), study: study),
                actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/applications/\(record.id)", success: "Đã nhận hồ sơ vay trực tiếp của \(record.borrowerName); chờ thẩm định.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await directForm(req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    // MARK: one application

    static func show(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let a = try await ApplicationStore(database: req.db, world: req.world).application(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        struct Step: Encodable { let label: String; let done: String }
        let steps = [Step(label: "Nộp giấy đề nghị (01/TD)", done: "\(a.submittedOn.vietnamese) · \(a.submittedBy)"),
                     Step(label: "Tổ bình xét (03/TD, 10C/TD)", done: a.votedOn.map { $0.vietnamese } ?? (a.channel == .direct ? "Không qua tổ" : "—")),
                     Step(label: "UBND xã xác nhận", done: a.certifiedOn.map { "\($0.vietnamese) · \(a.certifiedBy ?? "")" } ?? "—"),
                     Step(label: "Cán bộ tín dụng thẩm định", done: a.preparedOn.map { "\($0.vietnamese) · \(a.preparedBy ?? "")" } ?? "—"),
                     Step(label: "Phê duyệt hoặc từ chối (04/TD)", done: a.decidedOn.map { "\($0.vietnamese) · \(a.decidedBy ?? "")" } ?? "—")]
        let lender = LoanRoutes.lenders.allows(viewer.role)
        struct Body: Encodable {
            let a: Row; let id: String; let purpose: String; let collateral: String; let reason: String; let steps: [Step]; let loanID: String?
            let interval: Int; let canPrepare: Bool; let canDecide: Bool; let decideBlocked: String?; let canDisburse: Bool; let canWithdraw: Bool
            let canVote: Bool; let groupID: String?; let today: String; let key: String; let amountValue: String; let sources: [Option]
            let unitJobs: Int?; let study: StudyView?
        }
        let preparedBySelf = a.preparedBy == viewer.user.username
        // Giải ngân nhiều đợt (students per term): the rest of the approved amount stays payable.
        var left = a.amount
        if let loanID = a.loanID, let loan = try? await LoanStore(database: req.db, world: req.world).detail(id: loanID, scope: viewer.scope) {
            left = Money(dong: loan.approved.dong - loan.disbursed.dong)
        }
        return try await req.page("lending/application", title: "Hồ sơ vay của \(a.borrowerName)",
                                  crumbs: [Crumb(label: "Hồ sơ vay", href: "/applications"), Crumb(label: a.borrowerName, href: "/applications/\(a.id)")],
                                  status: status, error: error,
            Body(a: Self.row(a), id: a.id, purpose: a.purpose, collateral: a.collateral, reason: a.reason, steps: steps, loanID: a.loanID,
                 interval: a.intervalMonths, canPrepare: lender && a.state == .certified && a.preparedBy == nil,
                 canDecide: lender && a.state == .certified && a.preparedBy != nil && !preparedBySelf,
                 decideBlocked: lender && a.state == .certified && preparedBySelf ? "Bạn đã thẩm định hồ sơ này; một cán bộ khác phải phê duyệt." : nil,
                 canDisburse: lender && (a.state == .approved || (a.state == .disbursed && left.dong > 0)), canWithdraw: LoanRoutes.applicants.allows(viewer.role) && !a.state.next.isEmpty && a.state != .approved,
                 canVote: a.state == .submitted && a.groupID != nil && LoanRoutes.applicants.allows(viewer.role), groupID: a.groupID,
                 today: req.world.today.iso, key: req.world.newID(), amountValue: left.formatted(withSymbol: false),
                 sources: CapitalSource.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .central) },
                 unitJobs: a.unitJobs, study: a.study.map(StudyView.init)))
    }

    static func act(_ req: Request, _ action: (Viewer, String) async throws -> (String, String?)) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        do {
            let (message, to) = try await action(viewer, id)
            return Flash.redirect(req, to: to ?? "/applications/\(id)", success: message)
        } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden {
            return try await show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct StepForm: Content {
        var date: String?; var reason: String?; var decision: String?; var amount: String?; var method: String?; var source: String?; var key: String?
        var graceMonths: String?; var firstDueOn: String?; var schoolConfirmation: String?
        var jobs: String?; var waterWorks: String?; var sanitationWorks: String?
        var houses: String?
    }

    static func prepare(_ req: Request) async throws -> Response {
        try await act(req) { viewer, id in
            let f = try req.content.decode(StepForm.self)
            _ = try await ApplicationStore(database: req.db, world: req.world).prepare(id: id, on: try Validate.date(f.date, default: req.world.today),
                                                                                       actor: viewer.actor, scope: viewer.scope)
            return ("Đã thẩm định; chờ một cán bộ khác phê duyệt.", nil)
        }
    }

    static func decide(_ req: Request) async throws -> Response {
        try await act(req) { viewer, id in
            let f = try req.content.decode(StepForm.self)
            let approve = f.decision == "approve"
            _ = try await ApplicationStore(database: req.db, world: req.world).decide(id: id, approve: approve, on: try Validate.date(f.date, default: req.world.today),
                                                                                      reason: f.reason ?? "", actor: viewer.actor, scope: viewer.scope)
            return (approve ? "Đã phê duyệt (thông báo 04/TD)." : "Đã từ chối, lý do được ghi vào thông báo 04/TD.", nil)
        }
    }

    static func withdraw(_ req: Request) async throws -> Response {
        try await act(req) { viewer, id in
            let f = try req.content.decode(StepForm.self)
            _ = try await ApplicationStore(database: req.db, world: req.world).withdraw(id: id, reason: f.reason ?? "", actor: viewer.actor, scope: viewer.scope)
            return ("Đã ghi nhận rút hồ sơ.", nil)
        }
    }

    static func disburse(_ req: Request) async throws -> Response {
        try await act(req) { viewer, id in
            let f = try req.content.decode(StepForm.self)
            let (posting, _) = try await LoanStore(database: req.db, world: req.world).disburse(
                applicationID: id, DisbursementRequest(date: try Validate.date(f.date ?? ""), amount: try Validate.money(f.amount, field: "amount", label: "Số tiền giải ngân"),
                                                       method: try LoanRoutes.method(f.method), source: try LoanRoutes.source(f.source),
                                                       start: try LoanRoutes.scheduleStart(
                                                           graceText: f.graceMonths,
                                                           firstDueOn: f.firstDueOn),
                                                       schoolConfirmation: f.schoolConfirmation,
                                                       impact: try Self.impact(f)),
                key: f.key, actor: viewer.actor, scope: viewer.scope)
            return ("Đã giải ngân \(posting.principal) và hạch toán.", "/loans/\(posting.loan)")
        }
    }

    // MARK: group vetting and commune certification

    static func vettingForm(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let (group, _, unitName) = try await GroupStore(database: req.db, world: req.world).group(id: id, scope: viewer.scope)
        let pending = try await ApplicationStore(database: req.db, world: req.world).queue(states: [.submitted], groupID: id, scope: viewer.scope,
                                                                                        paging: Paging(limit: Paging.maxLimit))
        struct Line: Encodable { let id: String; let borrower: String; let program: String; let amount: String; let term: Int; let purpose: String }
        struct Body: Encodable { let groupID: String; let groupName: String; let unitName: String; let lines: [Line]; let today: String }
        return try await req.page("lending/vetting", title: "Họp bình xét cho vay – \(group.name)",
                                  crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups"), Crumb(label: group.name, href: "/groups/\(id)"),
                                           Crumb(label: "Bình xét cho vay", href: "/groups/\(id)/vetting")],
                                  status: status, error: error,
                                  Body(groupID: id, groupName: group.name, unitName: unitName,
                                       lines: pending.items.map { Line(id: $0.id, borrower: $0.borrowerName, program: $0.programName,
                                                                       amount: $0.amount.formatted(withSymbol: false), term: $0.termMonths, purpose: $0.purpose) },
                                       today: req.world.today.iso))
    }

    static func vet(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        struct F: Content { var date: String?; var attendees: String?; var minutes: String?; var lines: [String: LineForm]? }
        struct LineForm: Content { var decision: String?; var amount: String?; var term: String? }
        do {
            let f = try req.content.decode(F.self)
            let decisions = try (f.lines ?? [:]).sorted { $0.key < $1.key }.compactMap { appID, line -> VetDecision? in
                guard let decision = line.decision, !decision.isEmpty else { return nil }
                return VetDecision(applicationID: appID, agreed: decision == "agree",
                                   amount: (line.amount ?? "").isEmpty ? nil : try Validate.money(line.amount, field: "amount", label: "Số tiền tổ đồng ý"),
                                   termMonths: Int(line.term ?? ""))
            }
            guard let attendees = Int(f.attendees ?? ""), attendees > 0 else {
                throw PlatformError.invalidInput(field: "attendees", message: "Ghi số tổ viên dự họp.")
            }
            let records = try await ApplicationStore(database: req.db, world: req.world).vet(
                groupID: id, heldOn: try Validate.date(f.date ?? ""), attendees: attendees, minutes: f.minutes ?? "", decisions: decisions,
                actor: viewer.actor, scope: viewer.scope)
            let agreed = records.filter { $0.state == .voted }.count
            return Flash.redirect(req, to: "/groups/\(id)/vetting/\(records.first?.voteMeetingID ?? "")", success: "Đã ghi biên bản họp bình xét: \(agreed) hồ sơ được đề nghị vay, \(records.count - agreed) không.")
        } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden {
            return try await vettingForm(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    /// Danh sách tổ viên đề nghị vay vốn (03/TD) with the meeting's minutes (10C/TD), on A4.
    static func vettedList(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? "", meeting = req.parameters.get("meeting") ?? ""
        let (group, _, unitName) = try await GroupStore(database: req.db, world: req.world).group(id: id, scope: viewer.scope)
        let vetted = try await ApplicationStore(database: req.db, world: req.world).vetted(groupID: id, meetingID: meeting, scope: viewer.scope)
        struct Body: Encodable {
            let group: String; let unitName: String; let heldOn: String; let attendees: Int; let minutes: String; let rows: [Row]; let purposes: [String]
        }
        return try await req.page("lending/vetting-list", title: "Danh sách đề nghị vay vốn – \(group.name)",
                                  crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups"), Crumb(label: group.name, href: "/groups/\(id)"),
                                           Crumb(label: "Danh sách 03/TD", href: "/groups/\(id)/vetting/\(meeting)")],
            Body(group: group.name, unitName: unitName, heldOn: vetted.heldOn.vietnamese, attendees: vetted.attendees, minutes: vetted.minutes,
                 rows: vetted.applications.map(Self.row), purposes: vetted.applications.map(\.purpose)))
    }

    static func certifyForm(_ req: Request, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let voted = try await ApplicationStore(database: req.db, world: req.world).queue(states: [.voted], scope: viewer.scope, paging: Paging(limit: Paging.maxLimit))
        struct Body: Encodable { let rows: [Row]; let today: String }
        return try await req.page("lending/certify", title: "Xác nhận danh sách đề nghị vay vốn",
                                  crumbs: [Crumb(label: "Hồ sơ vay", href: "/applications"), Crumb(label: "Xã xác nhận", href: "/applications/certify")],
                                  status: status, error: error, Body(rows: voted.items.map(Self.row), today: req.world.today.iso))
    }

    static func certify(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct F: Content { var applications: [String]?; var date: String?; var decision: String?; var reason: String? }
        do {
            let f = try req.content.decode(F.self)
            let certified = f.decision != "refuse"
            let records = try await ApplicationStore(database: req.db, world: req.world).certify(
                applicationIDs: f.applications ?? [], on: try Validate.date(f.date, default: req.world.today), certified: certified, reason: f.reason ?? "",
                actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/applications?stage=voted",
                                  success: certified ? "UBND xã đã xác nhận \(records.count) hồ sơ; danh sách chuyển ngân hàng." : "Đã ghi \(records.count) hồ sơ không xác nhận.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await certifyForm(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    /// Giấy đề nghị vay vốn (01/TD) and the approval notice (04/TD), on A4.
    static func print(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let a = try await ApplicationStore(database: req.db, world: req.world).application(id: req.parameters.get("id") ?? "", scope: viewer.scope)
        struct Body: Encodable {
            let a: Row; let purpose: String; let interval: Int; let decided: Bool; let approved: Bool; let decidedOn: String; let reason: String
            let certifiedOn: String; let votedOn: String
        }
        return try await req.page("lending/application-print", title: "Giấy đề nghị vay vốn – \(a.borrowerName)", crumbs: [],
            Body(a: Self.row(a), purpose: a.purpose, interval: a.intervalMonths, decided: a.decidedOn != nil, approved: [.approved, .disbursed].contains(a.state),
                 decidedOn: a.decidedOn?.vietnamese ?? "", reason: a.reason, certifiedOn: a.certifiedOn?.vietnamese ?? "……/……/………",
                 votedOn: a.votedOn?.vietnamese ?? "……/……/………"))
    }
}
