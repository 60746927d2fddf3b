import Domain
import Store
import Vapor

/// Chương trình cho vay: every program with its parameters in force (page and API), their history,
/// new parameter sets (administrators), and the eligibility of a household for a program.
struct ProgramRoutes {
    struct ProgramJSON: Content {
        let code: String; let name: String; let channel: String; let openForNewLoans: Bool; let legalBasis: String
        let ratePerMonth: String?; let overdueRatePerMonth: String?; let parameters: ProgramParameters?
        init(_ p: ProgramOnDate) {
            code = p.program.code; name = p.program.name; channel = p.program.channel.rawValue; openForNewLoans = p.program.openForNewLoans
            legalBasis = p.program.legalBasis; ratePerMonth = p.rate?.fractionString; overdueRatePerMonth = p.overdueRate?.fractionString
            parameters = p.parameters
        }
    }
    struct ProgramList: Content { let asOf: String; let items: [ProgramJSON]; let total: Int }
    struct ProgramDetail: Content { let program: ProgramJSON; let history: [ProgramParameters] }
    struct EligibilityInput: Content { let household: String; let program: String; let amount: Int64; let termMonths: Int; let date: String? }
    struct EligibilityJSON: Content { let eligible: Bool; let program: String; let ratePerMonth: String?; let reasons: [ErrorDetail] }

    func register(_ app: Application) {
        app.on(.GET, ["programs"], access: .signedIn, kind: .page) { req in try await Self.page(req) }
        app.on(.GET, ["api", "v1", "programs"], access: .signedIn, kind: .api) { req -> ProgramList in
            let date = try Validate.date(req.query[String.self, at: "asOf"], default: req.world.today)
            let items = try await ProgramStore(database: req.db, world: req.world).catalogue(on: date).map(ProgramJSON.init)
            return ProgramList(asOf: date.iso, items: items, total: items.count)
        }
        app.on(.GET, ["api", "v1", "programs", ":code"], access: .signedIn, kind: .api) { req -> ProgramDetail in
            let date = try Validate.date(req.query[String.self, at: "asOf"], default: req.world.today)
            let store = ProgramStore(database: req.db, world: req.world)
            let code = req.parameters.get("code") ?? ""
            return ProgramDetail(program: ProgramJSON(try await store.program(code: code, on: date)), history: try await store.parameters(programCode: code))
        }
        app.on(.POST, ["api", "v1", "programs", ":code", "parameters"], access: .admin, kind: .api) { req -> Response in
            let set = try req.content.decode(ProgramParameters.self)
            guard set.programCode == req.parameters.get("code") else {
                throw PlatformError.inputRefused(field: "programCode", message: "Mã chương trình trong nội dung khác với đường dẫn.")
            }
            try await ProgramStore(database: req.db, world: req.world).add(set, actor: try req.requireViewer().actor)
            let response = Response(status: .created)
            try response.content.encode(set, as: .json)
            return response
        }
        app.on(.POST, ["api", "v1", "programs", "eligibility"], access: .signedIn, kind: .api) { req -> EligibilityJSON in
            let body = try req.content.decode(EligibilityInput.self)
            let date = try Validate.date(body.date, default: req.world.today)
            let (program, refusals) = try await ProgramStore(database: req.db, world: req.world).eligibility(
                householdID: body.household, programCode: body.program, request: LoanRequest(amount: try Validate.amount(body.amount, field: "amount"), termMonths: body.termMonths),
                on: date, scope: try req.requireViewer().scope)
            return EligibilityJSON(eligible: refusals.isEmpty, program: program.program.code, ratePerMonth: program.rate?.fractionString,
                                   reasons: refusals.map { ErrorDetail(code: $0.code, message: $0.message) })
        }
    }

    struct Row: Encodable {
        let code: String; let name: String; let channel: String; let rate: String; let overdue: String; let caps: String; let term: String
        let source: String; let note: String; let history: [String]
        let status: String; let groups: [String]
    }

    static func page(_ req: Request) async throws -> Response {
        let date = try Validate.date(req.query[String.self, at: "asOf"], default: req.world.today)
        let store = ProgramStore(database: req.db, world: req.world)
        let all = try await store.parameters()
        let rows = try await store.catalogue(on: date).map { p in
            Row(code: p.program.code, name: p.program.name, channel: p.program.channel.label,
                rate: p.rate.map { "\($0) (\(p.parameters?.rate.label ?? ""))" } ?? "Không có tham số hiệu lực",
                overdue: p.overdueRate.map { "\($0)" } ?? "—",
                caps: [p.parameters?.maxPerLoan.map { "≤ \($0)/khoản vay" }, p.parameters?.maxPerHousehold.map { "≤ \($0)/hộ" },
                       p.parameters?.unitCaps.map {
                           "đơn vị ≤ \($0.perProject)/dự án và ≤ \($0.perJob)/lao động"
                       },
                       p.parameters?.study.map {
                           "≤ \($0.amount)/\($0.perMonths) tháng học mỗi học sinh, sinh viên"
                       }]
                    .compactMap { $0 }.joined(separator: "; "),
                term: p.parameters.map { "\($0.maxTermMonths) tháng" } ?? "—", source: p.parameters?.legalSource ?? p.program.legalBasis,
                note: p.parameters?.note ?? "",
                history: all.filter { $0.programCode == p.program.code }.map(Self.historyLine),
                status: p.program.openForNewLoans ? "Đang cho vay" : "Đã dừng cho vay mới (còn dư nợ trên sổ)",
                groups: (p.parameters?.groups ?? []).map { "\($0.name): \($0.rate.label)" })
        }
        struct Body: Encodable { let asOf: String; let asOfLabel: String; let rows: [Row] }
        return try await req.page("lending/programs", title: "Chương trình cho vay", crumbs: [Crumb(label: "Chương trình cho vay", href: "/programs")],
                                  Body(asOf: date.iso, asOfLabel: date.vietnamese, rows: rows))
    }
}
