import Domain
import Store
import Vapor

/// The impact report on screen, A4, .xlsx and CSV, and a loan's checks with the form.
extension ImpactRoutes {
    struct Line: Encodable {
        let label: String, loans: Int, jobs: Int, students: Int, water: Int, sanitation: Int
        let houses: Int, checked: Int, misused: Int, exited: Int
        init(_ l: ImpactLine) {
            label = l.label
            loans = l.loans
            jobs = l.impact.jobs
            students = l.impact.students
            water = l.impact.waterWorks
            sanitation = l.impact.sanitationWorks
            houses = l.impact.houses
            checked = l.checked
            misused = l.misused
            exited = l.exitedPoverty
        }
    }

    static func reportPage(_ req: Request) async throws -> Response {
        let (r, q) = try await report(req)
        if let format = Exporter.format(q.format) {
            return try Exporter.response(
                Exporter.Table(
                    sheetName: "Kết quả vốn vay",
                    headers: [
                        "Chương trình", "Số khoản vay", "Lao động có việc làm",
                        "Học sinh, sinh viên",
                        "Công trình nước sạch", "Công trình vệ sinh", "Nhà ở", "Đã kiểm tra",
                        "Sử dụng sai mục đích", "Hộ thoát nghèo, cận nghèo",
                    ],
                    rows: (r.lines + [r.total]).map { l in
                        [.text(l.label)]
                            + [
                                l.loans, l.impact.jobs, l.impact.students, l.impact.waterWorks,
                                l.impact.sanitationWorks, l.impact.houses, l.checked, l.misused,
                                l.exitedPoverty,
                            ].map { .number(Int64($0)) }
                    }),
                format: format, fileName: "ket-qua-von-vay-\(r.asOf.iso)")
        }
        struct Body: Encodable {
            let asOf: String, asOfIso: String, unit: String, lines: [Line], total: Line
            let query: String
        }
        let unit = q.unit ?? ""
        return try await req.page(
            "lending/impact", title: "Kết quả vốn vay",
            crumbs: [
                Crumb(label: "Khoản vay", href: "/loans"),
                Crumb(label: "Kết quả vốn vay", href: "/reports/impact"),
            ],
            Body(
                asOf: r.asOf.vietnamese, asOfIso: r.asOf.iso, unit: unit,
                lines: r.lines.map(Line.init), total: Line(r.total),
                query: "asOf=\(r.asOf.iso)" + (unit.isEmpty ? "" : "&unit=\(unit)")))
    }

    struct CheckForm: Content {
        var date: String?; var used: String?; var jobs: String?; var students: String?
        var waterWorks: String?; var sanitationWorks: String?; var houses: String?
        var note: String?
    }

    static func checksPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let store = LoanStore(database: req.db, world: req.world)
        let detail = try await store.detail(id: id, scope: viewer.scope)
        let checks = try await store.useChecks(loanID: id, scope: viewer.scope)
        struct Row: Encodable {
            let kind: String, date: String, used: String, impact: String, note: String, by: String
        }
        struct Body: Encodable {
            let id: String, borrower: String, program: String, rows: [Row], canCheck: Bool
            let today: String, current: ImpactJSON
        }
        func text(_ i: LoanImpact) -> String {
            [
                (i.jobs, "lao động"), (i.students, "học sinh, sinh viên"),
                (i.waterWorks, "công trình nước sạch"), (i.sanitationWorks, "công trình vệ sinh"),
                (i.houses, "nhà ở"),
            ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
        return try await req.page(
            "lending/use-checks", title: "Kiểm tra sử dụng vốn vay",
            crumbs: [
                Crumb(label: "Khoản vay", href: "/loans"),
                Crumb(label: detail.summary.borrowerName, href: "/loans/\(id)"),
                Crumb(label: "Kiểm tra sử dụng vốn", href: "/loans/\(id)/use-checks"),
            ], status: status, error: error,
            Body(
                id: id, borrower: detail.summary.borrowerName,
                program: detail.summary.programName,
                rows: checks.map {
                    Row(
                        kind: $0.check.kind == .disbursement ? "Khi giải ngân" : "Kiểm tra",
                        date: $0.check.checkedOn.vietnamese,
                        used: $0.check.kind == .disbursement ? "" : $0.check.result.label,
                        impact: text($0.check.impact), note: $0.check.note, by: $0.checkedBy)
                }, canCheck: checkers.allows(viewer.role), today: req.world.today.iso,
                current: ImpactJSON(checks.first?.check.impact ?? .zero)))
    }

    /// A count typed on a form (jobs, works, houses): blank is 0, else a whole number; the
    /// bounds are Domain's (`LoanImpact.check`).
    static func count(_ text: String?, field: String) throws -> Int {
        let t = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return 0 }
        guard t.utf8.count <= 6, let value = Int(t), value >= 0 else {
            throw PlatformError.invalidInput(
                field: field, message: "Số lượng phải là số nguyên không âm, ví dụ 2.")
        }
        return value
    }

    static func recordCheck(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let f = try req.content.decode(CheckForm.self)
        do {
            func count(_ s: String?, _ field: String) throws -> Int {
                try Self.count(s, field: field)
            }
            let check = LoanUseCheck(
                kind: .check, checkedOn: try Validate.date(f.date ?? ""),
                result: f.used == "no"
                    ? .wrongPurpose : f.used == "partly" ? .partly : .rightPurpose,
                impact: LoanImpact(
                    jobs: try count(f.jobs, "jobs"), students: try count(f.students, "students"),
                    waterWorks: try count(f.waterWorks, "waterWorks"),
                    sanitationWorks: try count(f.sanitationWorks, "sanitationWorks"),
                    houses: try count(f.houses, "houses")),
                note: (f.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            let record = try await LoanStore(database: req.db, world: req.world).checkUse(
                loanID: id, check, actor: viewer.actor, scope: viewer.scope)
            if let finding = record.findingID {
                return Flash.redirect(
                    req, to: "/findings/\(finding)",
                    success: "Đã ghi kết quả kiểm tra; đã mở phát hiện sử dụng vốn sai mục đích.")
            }
            return Flash.redirect(
                req, to: "/loans/\(id)/use-checks", success: "Đã ghi kết quả kiểm tra sử dụng vốn.")
        } catch let error as any DomainError
            where error.kind != .forbidden && error.kind != .notFound
        {
            return try await checksPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
