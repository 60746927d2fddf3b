import Domain
import Store
import Vapor

/// What the dashboard template reads: figures as cards that link to their lists, the poverty
/// chart, and the month's book by program, organisation and commune.
struct DashboardPage: Encodable {
    struct Card: Encodable { let label: String, value: String, note: String, href: String }
    struct Cell: Encodable { let label: String, value: String, href: String? }
    struct Table: Encodable {
        let headers: [String], rows: [[Cell]]
    }
    let province: Int, date: String, dateText: String, hasMonth: Bool, monthText: String
    let cards: [Card]
    let chart: String, byProgram: Table, byOrganisation: Table, byCommune: Table
    let byOffice: Table, years: Table
    /// Xã có phát hiện quá hạn hoặc tin báo tín dụng đen.
    let oversight: Table
    /// Tháng hiện hành đến hôm nay, by program with its total; nil for a past date.
    let current: Table?, currentText: String
    let exportQuery: String

    static let headers = ["Số khoản vay", "Dư nợ", "Nợ quá hạn", "Tỷ lệ quá hạn", "Nợ khoanh"]

    static func table(
        _ first: String, _ lines: [IndicatorLine], href: (IndicatorLine) -> String? = { _ in nil },
        overdue: (IndicatorLine) -> String? = { _ in nil }
    ) -> Table {
        Table(
            headers: [first] + headers,
            rows: lines.map { l in
                let values = [
                    String(l.loans), l.outstanding.formatted(), l.overdue.formatted(),
                    Ratio.percentText(basisPoints: Ratio.basisPoints(l.overdue, of: l.outstanding)),
                    l.frozen.formatted(),
                ]
                return [Cell(label: first, value: l.label, href: href(l))]
                    + zip(headers, values).enumerated().map { index, cell in
                        // Nợ quá hạn leads to the overdue loans behind it.
                        let link = index == 2 && l.overdue.dong > 0 ? overdue(l) : nil
                        return Cell(label: cell.0, value: cell.1, href: link)
                    }
            })
    }

    static func percent(_ fraction: Double) -> String {
        String(format: "%.2f", fraction * 100).replacingOccurrences(of: ".", with: ",") + " %"
    }

    init(_ d: ProvinceDashboard, chart: String, query q: DashboardRoutes.Query) {
        province = d.provinceCode
        date = d.date.iso
        dateText = d.date.vietnamese
        hasMonth = d.month != nil
        monthText = d.month.map { String($0.suffix(2)) + "/" + String($0.prefix(4)) } ?? ""
        let p = d.poverty
        let asOf = "asOf=\(d.date.iso)"
        let overdueText = Ratio.percentText(
            basisPoints: Ratio.basisPoints(d.overdue, of: d.outstanding))
        cards = [
            Card(
                label: "Tỷ lệ hộ nghèo", value: Self.percent(p.poorFraction),
                note: "mục tiêu 0 % năm 2030", href: "/poverty?\(asOf)"),
            Card(
                label: "Tỷ lệ hộ cận nghèo", value: Self.percent(p.nearPoorFraction),
                note: "\(p.nearPoor) hộ", href: "/poverty?\(asOf)"),
            Card(
                label: "Hộ đã rà soát / tổng số hộ", value: "\(p.reviewed) / \(p.households)",
                note: Self.percent(p.reviewedFraction), href: "/reviews"),
            Card(
                label: "Tỷ trọng vốn ngân sách địa phương", value: d.capital.percentText,
                note:
                    "mục tiêu "
                    + Ratio.percentText(basisPoints: d.capitalTargetBasisPoints) + " năm 2030",
                href: "/capital?date=\(d.date.iso)"),
            Card(
                label: "Dư nợ", value: d.outstanding.formatted(), note: "theo xã bên dưới",
                href: "#theo-xa"),
            Card(
                label: "Nợ quá hạn", value: d.overdue.formatted(), note: "tỷ lệ \(overdueText)",
                href: "#theo-xa"),
            Card(label: "Nợ khoanh", value: d.frozen.formatted(), note: "", href: "#theo-xa"),
            Card(
                label: "Người vay còn dư nợ", value: String(d.borrowers), note: "hiện tại",
                href: "/loans"),
            Card(
                label: "Phiên giao dịch đã tổ chức trong tháng",
                value: "\(d.sittingsHeld) / \(d.sittingsScheduled)",
                note: "đã tổ chức / theo lịch", href: "/offices"),
            Card(
                label: "Tổ TK&VV", value: String(d.indicators?.groups ?? 0),
                note: Self.grades(d.indicators?.groupsByGrade ?? [:]), href: "/groups"),
            Card(
                label: "Nhu cầu vay nhà ở xã hội", value: d.housingDemand.formatted(),
                note: "vốn nhà ở xã hội đã nhận \(d.housingCapital.formatted())",
                href: "/reports/housing-demand"),
        ] + Self.oversightCards(d.oversight, year: d.date.year)
        self.chart = chart
        let lines = d.indicators
        byProgram = Self.table("Chương trình", lines?.byProgram ?? [])
        byOrganisation = Self.table("Tổ chức nhận ủy thác", lines?.byOrganisation ?? [])
        byCommune = Self.table(
            "Xã", lines?.byCommune ?? [],
            href: { "/groups?unit=\(DashboardRoutes.communeCode($0.key))" },
            overdue: { "/loans?unit=\(DashboardRoutes.communeCode($0.key))&status=overdue" })
        byOffice = Self.table("Phòng giao dịch", d.byOffice, href: { "/offices/\($0.key)" })
        years = Self.years(d.trend)
        oversight = Self.oversightTable(d.oversight)
        current = d.current.map(Self.current)
        currentText = d.current.map {
            "Tháng \($0.month.suffix(2))/\($0.month.prefix(4)) đến hết ngày hôm nay"
        } ?? ""
        exportQuery = QueryString.encode(["province": String(d.provinceCode), "date": q.date ?? ""])
    }

    /// Năm | tỷ lệ hộ nghèo | tỷ lệ hộ cận nghèo | hộ đã rà soát / tổng số hộ, on 1 January.
    static func years(_ trend: [(year: Int, rate: PovertyRate)]) -> Table {
        let headers = ["Ngày 01/01", "Tỷ lệ hộ nghèo", "Tỷ lệ hộ cận nghèo", "Hộ đã rà soát / số hộ"]
        return Table(
            headers: headers,
            rows: trend.map { y in
                let values = [
                    "01/01/\(y.year)", percent(y.rate.poorFraction),
                    percent(y.rate.nearPoorFraction), "\(y.rate.reviewed) / \(y.rate.households)",
                ]
                return zip(headers, values).map { Cell(label: $0, value: $1, href: nil) }
            })
    }

    static let currentHeaders = [
        "Khoản vay còn dư nợ", "Dư nợ hiện tại", "Cho vay trong tháng", "Thu nợ gốc trong tháng",
        "Thu lãi trong tháng",
    ]

    static func current(_ c: CurrentMonth) -> Table {
        Table(
            headers: ["Chương trình"] + currentHeaders,
            rows: (c.byProgram + [c.total]).map { l in
                let values = [
                    String(l.loans), l.outstanding.formatted(), l.disbursed.formatted(),
                    l.principalRepaid.formatted(), l.interestCollected.formatted(),
                ]
                return [Cell(label: "Chương trình", value: l.label, href: nil)]
                    + zip(currentHeaders, values).map { Cell(label: $0, value: $1, href: nil) }
            })
    }

    /// Tổ theo xếp loại, best first: "Tốt: 3, Khá: 1".
    static func grades(_ grades: [String: Int]) -> String {
        GroupGrade.allCases.compactMap { g in grades[g.rawValue].map { "\(g.label): \($0)" } }
            .joined(separator: ", ")
    }
}

extension DashboardPage {
    /// Kiểm tra, giám sát: findings late, black credit, models, contributions, directive tasks.
    static func oversightCards(_ o: OversightFigures, year: Int) -> [Card] {
        [
            Card(
                label: "Phát hiện quá hạn khắc phục", value: String(o.overdueFindings),
                note: "\(o.pendingFindings) phát hiện đang theo dõi",
                href: "/findings?overdue=true"),
            Card(
                label: "Tin báo tín dụng đen", value: String(o.blackCreditCases),
                note: "\(o.byCommune.filter { $0.blackCredit > 0 }.count) xã có tin báo",
                href: "/black-credit"),
            Card(
                label: "Mô hình tiêu biểu đã công khai", value: String(o.publishedModels),
                note: "trang công khai", href: "/models"),
            Card(
                label: "Đóng góp năm \(year)", value: o.contributions.amount.formatted(),
                note: "\(o.contributions.count) lượt đóng góp", href: "/oversight/contributions"),
            Card(
                label: "Nhiệm vụ theo chỉ thị quá hạn báo cáo",
                value: String(o.overdueDirectiveTasks), note: "theo cơ quan được giao",
                href: "/directives"),
        ]
    }

    /// Xã | phát hiện đang theo dõi | quá hạn | tín dụng đen, each linking to its list.
    static func oversightTable(_ o: OversightFigures) -> Table {
        let headers = ["Xã", "Phát hiện đang theo dõi", "Quá hạn khắc phục", "Tin báo tín dụng đen"]
        return Table(
            headers: headers,
            rows: o.byCommune.map { c in
                let code = DashboardRoutes.communeCode(c.unitID)
                return [
                    Cell(label: headers[0], value: c.unitName, href: nil),
                    Cell(
                        label: headers[1], value: String(c.pending),
                        href: "/findings?unit=\(code)"),
                    Cell(
                        label: headers[2], value: String(c.overdue),
                        href: "/findings?unit=\(code)&overdue=true"),
                    Cell(
                        label: headers[3], value: String(c.blackCredit),
                        href: "/findings?unit=\(code)&source=black_credit"),
                ]
            })
    }
}
