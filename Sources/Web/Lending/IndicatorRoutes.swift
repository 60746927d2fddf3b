import Domain
import Store
import Vapor

/// Chỉ tiêu tháng: the month's indicators (network.md §6) from the summary tables month-end
/// wrote, in the reader's scope: an organisation officer sees her organisation's, a leader his
/// group's. Page (printable, exportable) and `GET /api/v1/indicators?month=yyyy-mm`.
struct IndicatorRoutes {
    func register(_ app: Application) {
        app.on(.GET, ["indicators"], access: .signedIn, kind: .page) { req in try await Self.page(req) }
        app.on(.GET, ["api", "v1", "indicators"], access: .signedIn, kind: .api) { req -> IndicatorsJSON in
            IndicatorsJSON(try await Self.indicators(req))
        }
    }

    /// The month asked for, or the last month that has ended.
    static func month(_ req: Request) throws -> BusinessDate {
        struct Q: Content { var month: String? }
        return try Validate.month(try req.query.decode(Q.self).month,
                                  default: req.world.today.firstOfMonth.adding(days: -1).firstOfMonth)
    }

    static func indicators(_ req: Request) async throws -> MonthIndicators {
        let viewer = try req.requireViewer()
        return try await MonthIndicatorStore(database: req.db, world: req.world)
            .indicators(month: String(try month(req).iso.prefix(7)), scope: viewer.scope)
    }

    static func percent(_ basisPoints: Int64) -> String { Ratio.percentText(basisPoints: basisPoints) }

    static func page(_ req: Request) async throws -> Response {
        let month = try month(req)
        let figures = try await indicators(req)
        struct F: Content { var format: String? }
        struct Line: Encodable {
            let label: String; let loans: Int; let outstanding: String; let overdue: String; let overdueRatio: String; let frozen: String
            let frozenRatio: String; let interestDue: String; let collected: String; let collectionRate: String; let arrearsLoans: Int; let disbursed: String
        }
        func line(_ l: IndicatorLine) -> Line {
            Line(label: l.label, loans: l.loans, outstanding: l.outstanding.description, overdue: l.overdue.description, overdueRatio: percent(l.overdueBasisPoints),
                 frozen: l.frozen.description, frozenRatio: percent(l.frozenBasisPoints), interestDue: l.interestDue.description,
                 collected: l.interestCollected.description, collectionRate: percent(l.collectionBasisPoints), arrearsLoans: l.arrearsLoans,
                 disbursed: l.disbursed.description)
        }
        if let format = Exporter.format(try req.query.decode(F.self).format) {
            let rows = (figures.byCommune + [figures.total]).map { l -> [Exporter.Cell] in
                [.text(l.label), .number(Int64(l.loans)), .number(l.outstanding.dong), .number(l.overdue.dong), .text(percent(l.overdueBasisPoints)),
                 .number(l.frozen.dong), .number(l.interestDue.dong), .number(l.interestCollected.dong), .text(percent(l.collectionBasisPoints)),
                 .number(Int64(l.arrearsLoans)), .number(l.disbursed.dong)]
            }
            return try Exporter.response(Exporter.Table(sheetName: "Chỉ tiêu \(figures.month)",
                                                        headers: ["Xã/phường", "Số khoản vay", "Dư nợ", "Nợ quá hạn", "Tỷ lệ quá hạn", "Nợ khoanh", "Lãi phải thu trong tháng",
                                                                  "Lãi đã thu", "Tỷ lệ thu lãi", "Khoản vay lãi tồn ≥ 3 tháng", "Giải ngân trong tháng"],
                                                        rows: rows), format: format, fileName: "chi-tieu-\(figures.month)")
        }
        struct Grade: Encodable { let label: String; let count: Int }
        struct Arrears: Encodable { let id: String; let borrower: String; let unit: String; let group: String; let outstanding: String; let arrears: String }
        struct Body: Encodable {
            let month: String; let monthLabel: String; let closed: Bool; let total: Line; let byProgram: [Line]; let byOrganisation: [Line]; let byCommune: [Line]
            let groups: Int; let grades: [Grade]; let members: Int; let membersSaving: Int; let savingRate: String; let savings: String; let savingsPrevious: String
            let fees: String; let arrears: [Arrears]; let arrearsCount: Int; let exportQuery: String
        }
        let body = Body(
            month: figures.month, monthLabel: "\(month.month)/\(month.year)", closed: figures.closed, total: line(figures.total),
            byProgram: figures.byProgram.map(line), byOrganisation: figures.byOrganisation.map(line), byCommune: figures.byCommune.map(line),
            groups: figures.groups, grades: GroupGrade.allCases.map { Grade(label: $0.label, count: figures.groupsByGrade[$0.rawValue] ?? 0) },
            members: figures.members, membersSaving: figures.membersSaving,
            savingRate: PovertyRate.percentText(figures.membersSaving, figures.members), savings: figures.savings.description,
            savingsPrevious: figures.savingsPrevious.description, fees: figures.fees.description,
            arrears: figures.arrears.map { Arrears(id: $0.loanID, borrower: $0.borrower, unit: $0.unitName, group: $0.groupName ?? "Cho vay trực tiếp",
                                                   outstanding: $0.outstanding.description, arrears: $0.interestArrears.description) },
            arrearsCount: figures.total.arrearsLoans, exportQuery: "month=\(figures.month)")
        return try await req.page("lending/indicators", title: "Chỉ tiêu tháng \(month.month)/\(month.year)",
                                  crumbs: [Crumb(label: "Khoản vay", href: "/loans"), Crumb(label: "Chỉ tiêu tháng", href: "/indicators")], body)
    }
}
