import Domain
import Store

/// The dashboard's tables, each exported as it stands on the page (`format=xlsx|csv&table=`),
/// amounts in đồng.
enum DashboardTable: String, CaseIterable {
    case current, programs, organisations, offices, communes

    func export(_ d: ProvinceDashboard) -> Exporter.Table {
        switch self {
        case .current:
            let c = d.current.map { $0.byProgram + [$0.total] } ?? []
            return Exporter.Table(
                sheetName: "Tháng hiện hành",
                headers: ["Chương trình"] + DashboardPage.currentHeaders,
                rows: c.map {
                    [
                        .text($0.label), .number(Int64($0.loans)), .number($0.outstanding.dong),
                        .number($0.disbursed.dong), .number($0.principalRepaid.dong),
                        .number($0.interestCollected.dong),
                    ]
                })
        case .programs:
            return Self.lines("Theo chương trình", "Chương trình", d.indicators?.byProgram)
        case .organisations:
            return Self.lines(
                "Theo tổ chức", "Tổ chức nhận ủy thác", d.indicators?.byOrganisation)
        case .offices:
            return Self.lines("Theo phòng giao dịch", "Phòng giao dịch", d.byOffice)
        case .communes:
            return Self.lines("Dư nợ theo xã", "Xã", d.indicators?.byCommune)
        }
    }

    static func lines(_ sheet: String, _ first: String, _ lines: [IndicatorLine]?)
        -> Exporter.Table
    {
        Exporter.Table(
            sheetName: sheet,
            headers: [first, "Số khoản vay", "Dư nợ", "Nợ quá hạn", "Nợ khoanh"],
            rows: (lines ?? []).map {
                [
                    .text($0.label), .number(Int64($0.loans)), .number($0.outstanding.dong),
                    .number($0.overdue.dong), .number($0.frozen.dong),
                ]
            })
    }
}
