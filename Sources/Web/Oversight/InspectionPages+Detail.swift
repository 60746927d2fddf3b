import Domain
import Store
import Vapor

/// Biên bản kiểm tra: the inspection, the group record, its findings and the form for one more
/// (the group's or the inspection's loans offered as boxes to tick).
extension InspectionRoutes {
    static func detailPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let (i, findings) = try await detail(req)
        struct Loan: Encodable { let id: String, label: String }
        var loans: [Loan] = []
        if i.subject == .group || i.subject == .loans {
            let query = LoanQuery(groupID: i.subject == .group ? i.subjectID : nil)
            let page = try await LoanStore(database: req.db, world: req.world).list(
                query, scope: viewer.scope, on: req.world.today, paging: Paging(limit: 200))
            let wanted = Set(i.loanIDs)
            loans = page.items.filter { i.subject == .group || wanted.contains($0.id) }.map {
                Loan(id: $0.id, label: "\($0.borrowerName) · \($0.programName) · \($0.outstanding)")
            }
        }
        struct Record: Encodable {
            let group: String, members: Int, borrowers: Int, outstanding: String, overdue: String
            let ratio: String, arrears: String, deposits: String, rating: String
        }
        struct Body: Encodable {
            let id: String, date: String, unit: String, body: String, subject: String
            let team: String, conclusion: String, record: Record?, findings: [FindingRoutes.Row]
            let canInspect: Bool, loans: [Loan], categories: [Option], priorities: [Option]
            let today: String, groupID: String?
        }
        return try await req.page(
            "oversight/inspection", title: "Cuộc kiểm tra \(i.subjectName)",
            crumbs: [
                Crumb(label: "Kiểm tra, giám sát", href: "/inspections"),
                Crumb(label: i.subjectName, href: "/inspections/\(i.id)"),
            ], status: status, error: error,
            Body(
                id: i.id, date: i.inspectedOn.vietnamese, unit: i.unitName, body: i.body.label,
                subject: "\(i.subject.label): \(i.subjectName)", team: i.team,
                conclusion: i.conclusion,
                record: i.groupRecord.map {
                    Record(
                        group: $0.groupName, members: $0.members, borrowers: $0.borrowers,
                        outstanding: $0.outstanding.description, overdue: $0.overdue.description,
                        ratio: $0.overdueRatioText, arrears: $0.interestArrears.description,
                        deposits: $0.depositBalance.description, rating: $0.latestRating ?? "—")
                },
                findings: findings.map { FindingRoutes.Row($0, today: req.world.today) },
                canInspect: inspectors.allows(viewer.role), loans: loans,
                categories: options(FindingCategory.self, \.label),
                priorities: options(CasePriority.self, \.label), today: req.world.today.iso,
                groupID: i.subject == .group ? i.subjectID : nil))
    }

    static func findingForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        struct F: Content {
            var category: String?; var description: String?; var action: String?
            var responsible: String?; var dueOn: String?; var priority: String?
            var loans: [String]?; var otherLoans: String?; var group: String?; var date: String?
        }
        let f = try req.content.decode(F.self)
        do {
            let input = FindingInput(
                category: f.category ?? "", description: f.description ?? "", action: f.action,
                responsible: f.responsible ?? "", dueOn: f.dueOn, priority: f.priority,
                loans: (f.loans ?? []) + ids(f.otherLoans),
                groups: f.group.flatMap { $0.isEmpty ? nil : [$0] }, date: f.date)
            _ = try await FindingStore(database: req.db, world: req.world).open(
                try input.finding(), inspectionID: id,
                foundOn: try f.date.flatMap { $0.isEmpty ? nil : $0 }.map { try Validate.date($0) },
                actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/inspections/\(id)", success: "Đã ghi phát hiện.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await detailPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }
}
