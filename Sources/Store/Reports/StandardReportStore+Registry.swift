import Domain
import FluentKit
import Foundation
import SQLKit

extension StandardReportStore {
    /// Nguồn vốn ngân sách địa phương: for each unit that plans or entrusts local-budget
    /// capital, the year's plan, what it allocated in the year and what it has entrusted to
    /// the year's end; the share of the total at the year's end under the table.
    func localCapital(
        _ request: Request, place: Place, scope: AccessScope
    ) async throws
        -> StandardReport
    {
        guard case .year(let year) = request.period else {
            throw ReportError.invalidPeriod("báo cáo nguồn vốn lập theo năm")
        }
        let end = try BusinessDate(iso: request.period.lastDay)
        var visible = CapitalStore.visible("m", scope: scope)
        if let unitID = place.unitID { visible = visible + " AND m.unit_id = \(bind: unitID)" }
        let moved = try await sql.raw(
            """
            SELECT m.unit_id AS unit_id, u.name AS name, m.source AS source,
            CAST(SUM(CASE WHEN m.on_date >= \(bind: request.period.firstDay) THEN m.amount
            ELSE 0 END) AS BIGINT) AS in_year, CAST(SUM(m.amount) AS BIGINT) AS to_date
            FROM capital_movements m JOIN units u ON u.id = m.unit_id
            WHERE m.kind = 'allocation' AND m.source IN ('province', 'commune')
            AND m.province_code = \(bind: request.provinceCode) AND m.on_date <= \(bind: end.iso)
            AND \(visible) GROUP BY m.unit_id, u.name, m.source
            """
        ).all()
        struct Line {
            var name: String; var plan: Int64 = 0; var year: Int64 = 0; var end: Int64 = 0
        }
        var lines: [String: Line] = [:]
        for r in moved {
            let key =
                "\(try r.decode(column: "unit_id", as: String.self))/"
                + (try r.decode(column: "source", as: String.self))
            lines[key] = Line(
                name: try r.decode(column: "name", as: String.self),
                year: try r.decode(column: "in_year", as: Int64.self),
                end: try r.decode(column: "to_date", as: Int64.self))
        }
        let capital = CapitalStore(database: database, world: world)
        for progress in try await capital.plans(
            provinceCode: request.provinceCode, year: year, scope: scope)
        where progress.plan.source.isLocalBudget
            && (place.unitID == nil || progress.plan.unitID == place.unitID)
        {
            let key = "\(progress.plan.unitID)/\(progress.plan.source.rawValue)"
            lines[key, default: Line(name: progress.unitName)].plan = progress.plan.amount.dong
        }
        let share = try await capital.share(
            provinceCode: request.provinceCode, on: end, scope: scope)
        let target = try await capital.assumptions(on: end).target
        let rows = lines.sorted { ($0.value.name, $0.key) < ($1.value.name, $1.key) }.map {
            let source = CapitalSource(rawValue: String($0.key.split(separator: "/").last ?? ""))
            return (
                key: $0.key, label: "\($0.value.name) – \(source?.label ?? "")",
                values: [$0.value.plan, $0.value.year, 0, $0.value.end]
            )
        }
        return try StandardReport(
            kind: request.kind, period: request.period, unitLabel: place.label,
            columns: [
                ReportColumn("Kế hoạch năm", .money),
                ReportColumn("Đã ủy thác trong năm", .money),
                ReportColumn("Tỷ lệ thực hiện kế hoạch", .ratio(numerator: 1, denominator: 0)),
                ReportColumn("Lũy kế đến cuối năm", .money),
            ],
            rows: rows,
            notes: [
                "Tỷ trọng vốn ngân sách địa phương trên tổng nguồn vốn tín dụng chính sách ngày "
                    + "\(end.vietnamese): \(share.percentText)"
                    + " (\(share.local.formatted()) / \(share.total.formatted())); mục tiêu "
                    + "\(Ratio.percentText(basisPoints: target)) vào năm 2030."
            ])
    }

    /// Kết quả rà soát: for each commune, households, those reviewed, the poor and the
    /// near-poor by the classifications in force at the period's end (or today, if sooner).
    func povertyReview(
        _ request: Request, place: Place, scope: AccessScope
    ) async throws
        -> StandardReport
    {
        let end = min(try BusinessDate(iso: request.period.lastDay), world.today)
        let rates = try await PovertyRateStore(sql: try sql).byCommune(
            asOf: end, provinceCode: request.provinceCode, scope: scope)
        let rows = rates.filter { place.unitID == nil || $0.unitID == place.unitID }.map {
            let r = $0.rate
            return (
                key: $0.unitID, label: $0.unitName,
                values: [
                    Int64(r.households), Int64(r.reviewed), 0, Int64(r.poor), 0,
                    Int64(r.nearPoor), 0,
                ]
            )
        }
        return try StandardReport(
            kind: request.kind, period: request.period, unitLabel: place.label,
            columns: [
                ReportColumn("Số hộ dân cư", .count),
                ReportColumn("Số hộ đã rà soát", .count),
                ReportColumn("Tỷ lệ đã rà soát", .ratio(numerator: 1, denominator: 0)),
                ReportColumn("Hộ nghèo", .count),
                ReportColumn("Tỷ lệ hộ nghèo", .ratio(numerator: 3, denominator: 0)),
                ReportColumn("Hộ cận nghèo", .count),
                ReportColumn("Tỷ lệ hộ cận nghèo", .ratio(numerator: 5, denominator: 0)),
            ],
            rows: rows,
            notes: [
                "Phân loại có hiệu lực ngày \(end.vietnamese); mục tiêu năm 2030: không còn hộ "
                    + "nghèo."
            ])
    }
}
