import Testing

@testable import Domain

/// Báo cáo định kỳ: the total row is the sum of the rows for every count and amount, each ratio
/// is recomputed from its columns (never summed), a malformed report is refused, and a period
/// is read in exactly one form.
@Suite("Reports: totals, ratios and periods")
struct StandardReportTests {
    static let columns = [
        ReportColumn("Dư nợ", .money), ReportColumn("Nợ quá hạn", .money),
        ReportColumn("Tỷ lệ", .ratio(numerator: 1, denominator: 0)),
        ReportColumn("Số khoản vay", .count),
    ]

    @Test("Property: totals are the rows' sums; ratios are the totals' ratio, in 128 bits")
    func property() throws {
        var rng = SplitMix(seed: 30_2020)
        for round in 0..<2_000 {
            let count = Int.random(in: 0...40, using: &rng)
            let huge = round % 50 == 0
            let rows = (0..<count).map { i -> (key: String, label: String, values: [Int64]) in
                let whole =
                    huge
                    ? Int64.random(in: Int64.max / 4...Int64.max, using: &rng)
                    : Int64.random(in: 0...1_000_000_000_000, using: &rng)
                let part = Int64.random(in: 0...whole, using: &rng)
                return (
                    "k\(i)", "Dòng \(i)", [whole, part, -7, Int64.random(in: 0...500, using: &rng)]
                )
            }
            let report = try StandardReport(
                kind: .monthly, period: .month(year: 2026, month: 10), unitLabel: "Tỉnh",
                columns: Self.columns, rows: rows)
            let whole = rows.reduce(Int128(0)) { $0 + Int128($1.values[0]) }
            let part = rows.reduce(Int128(0)) { $0 + Int128($1.values[1]) }
            #expect(report.total[0] == Int64(clamping: whole))
            #expect(report.total[1] == Int64(clamping: part))
            #expect(report.total[3] == rows.reduce(0) { $0 + $1.values[3] })
            #expect(report.total[2] == (whole > 0 ? Int64(part * 1_000_000 / whole) : 0))
            for (built, given) in zip(report.rows, rows) {
                #expect(built.values[0] == given.values[0] && built.values[3] == given.values[3])
                let ratio =
                    given.values[0] > 0
                    ? Int64(Int128(given.values[1]) * 1_000_000 / Int128(given.values[0])) : 0
                #expect(built.values[2] == ratio && (0...1_000_000).contains(ratio))
            }
        }
    }

    @Test("A row of the wrong width, or a ratio over a missing or ratio column, is refused")
    func malformed() {
        #expect(throws: ReportError.self) {
            try StandardReport(
                kind: .yearly, period: .year(2026), unitLabel: "", columns: Self.columns,
                rows: [("a", "A", [1, 2, 3])])
        }
        for kind in [
            ReportColumnKind.ratio(numerator: 0, denominator: 5),
            .ratio(numerator: -1, denominator: 0), .ratio(numerator: 1, denominator: 1),
        ] {
            let columns = [ReportColumn("A", .money), ReportColumn("B", kind)]
            #expect(throws: ReportError.self) {
                try StandardReport(
                    kind: .yearly, period: .year(2026), unitLabel: "", columns: columns, rows: [])
            }
        }
    }

    @Test("Cells read the Vietnamese way")
    func text() throws {
        let report = try StandardReport(
            kind: .lending, period: .month(year: 2026, month: 2), unitLabel: "",
            columns: Self.columns, rows: [("a", "A", [1_234_567, 71_605, 0, 3])])
        #expect(report.text(report.rows[0].values[0], column: 0) == "1.234.567")
        #expect(report.text(report.rows[0].values[2], column: 2) == "5,80 %")
        #expect(report.text(1, column: 9) == "")
        #expect(report.text(6_262_949_999, column: 0, inMillions: true) == "6.262,9")
        #expect(report.text(6_262_950_000, column: 3, inMillions: true) == "6.262.950.000")
        #expect(StandardReport.millions(6_262_950_000) == "6.263,0")
        #expect(
            StandardReport.millions(-50_000) == "-0,1" && StandardReport.millions(-49_999) == "0,0")
        #expect(StandardReport.millions(.min) == "-9.223.372.036.854,8")
        #expect(StandardReport.millions(.max) == "9.223.372.036.854,8")
        #expect(report.period.lastDay == "2026-02-28" && report.period.label == "tháng 2/2026")
        #expect(ReportPeriod.month(year: 2024, month: 2).lastDay == "2024-02-29")
        #expect(ReportPeriod.year(2026).lastDay == "2026-12-31")
    }

    @Test("Periods: every month of every year reads back; every other form is refused")
    func periods() throws {
        for year in ReportPeriod.years {
            #expect(try ReportPeriod(parsing: String(year), monthly: false) == .year(year))
            for month in 1...12 {
                let period = ReportPeriod.month(year: year, month: month)
                #expect(try ReportPeriod(parsing: period.key, monthly: true) == period)
            }
        }
        let monthlyBad = [
            "2026", "2026-13", "2026-00", "2026-1", "02026-01", "2002-12", "2101-01",
            "2026-01-01", "２０２６-01", "2026--1", " 2026-01", "", "-2026-01", "+202-01",
        ]
        for text in monthlyBad {
            #expect(throws: ReportError.self, "\(text)") {
                try ReportPeriod(parsing: text, monthly: true)
            }
        }
        for text in ["2026-10", "26", "2002", "2101", "abcd", "", "+202", "٢٠٢٦"] {
            #expect(throws: ReportError.self, "\(text)") {
                try ReportPeriod(parsing: text, monthly: false)
            }
        }
    }
}
