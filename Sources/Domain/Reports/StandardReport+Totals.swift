import Foundation

extension StandardReport {
    /// Assembles a report from the rows' counts and amounts: each ratio cell is computed from
    /// its row's two columns, and the total row sums every count and money column (in 128
    /// bits, clamped, so no stored figure can trap) and recomputes each ratio from those sums.
    /// A row with the wrong number of values is refused: a report never mixes its columns.
    public init(
        kind: StandardReportKind, period: ReportPeriod, unitLabel: String,
        columns: [ReportColumn], rows: [(key: String, label: String, values: [Int64])],
        notes: [String] = []
    ) throws(ReportError) {
        for column in columns {
            guard case .ratio(let n, let d) = column.kind else { continue }
            guard columns.indices.contains(n), columns.indices.contains(d),
                columns[n].kind != column.kind, columns[d].kind != column.kind,
                !Self.isRatio(columns[n].kind), !Self.isRatio(columns[d].kind)
            else { throw .malformed("tỷ lệ \(column.label) trỏ tới cột không có") }
        }
        var built: [ReportRow] = []
        var sums = [Int128](repeating: 0, count: columns.count)
        for row in rows {
            guard row.values.count == columns.count else {
                throw .malformed(
                    "dòng \(row.label) có \(row.values.count) số, cần \(columns.count)")
            }
            for index in columns.indices { sums[index] += Int128(row.values[index]) }
            built.append(
                ReportRow(
                    key: row.key, label: row.label,
                    values: Self.withRatios(row.values.map { Int128($0) }, columns)))
        }
        self.init(
            kind: kind, period: period, unitLabel: unitLabel, columns: columns, rows: built,
            total: Self.withRatios(sums, columns), notes: notes)
    }

    public static func isRatio(_ kind: ReportColumnKind) -> Bool {
        if case .ratio = kind { return true }
        return false
    }

    /// The values of a row with each ratio column replaced by numerator / denominator in
    /// parts per million (0 where the denominator is not positive).
    static func withRatios(_ values: [Int128], _ columns: [ReportColumn]) -> [Int64] {
        columns.indices.map { index in
            guard case .ratio(let n, let d) = columns[index].kind else {
                return Int64(clamping: values[index])
            }
            guard values[d] > 0 else { return 0 }
            return Int64(clamping: values[n] * 1_000_000 / values[d])
        }
    }

    /// A cell as people read it: "1.234.567" for đồng and counts, "5,80 %" for a ratio; in
    /// millions ("6.262,9", rounded half away from zero) where the printed report says
    /// "Đơn vị tính: triệu đồng", as the bank's reports to the province do.
    public func text(_ value: Int64, column: Int, inMillions: Bool = false) -> String {
        guard columns.indices.contains(column) else { return "" }
        switch columns[column].kind {
        case .count: return Money(dong: value).formatted(withSymbol: false)
        case .money where !inMillions: return Money(dong: value).formatted(withSymbol: false)
        case .money: return Self.millions(value)
        case .ratio: return Ratio.percentText(basisPoints: value / 100)
        }
    }

    /// Đồng as millions with one decimal: 6 262 949 999 → "6.262,9"; -50 000 → "-0,1".
    public static func millions(_ dong: Int64) -> String {
        let tenths = (Int128(dong).magnitude + 50_000) / 100_000
        let whole = Money(dong: Int64(clamping: tenths / 10)).formatted(withSymbol: false)
        let sign = dong < 0 && tenths > 0 ? "-" : ""
        return "\(sign)\(whole),\(tenths % 10)"
    }
}

/// Errors of the reports context.
public enum ReportError: DomainError, Equatable {
    case malformed(String)
    case invalidPeriod(String)
    case unitNotFound

    public var code: String {
        switch self {
        case .malformed: "report_malformed"
        case .invalidPeriod: "invalid_report_period"
        case .unitNotFound: "report_unit_not_found"
        }
    }

    public var message: String {
        switch self {
        case .malformed(let why): "Báo cáo lập sai: \(why)."
        case .invalidPeriod(let why): "Kỳ báo cáo không hợp lệ: \(why)."
        case .unitNotFound: "Không tìm thấy đơn vị (hoặc ngoài phạm vi của bạn)."
        }
    }

    public var details: [ErrorDetail] {
        guard case .invalidPeriod(let why) = self else { return [] }
        return [ErrorDetail(field: "period", code: "invalid", message: why)]
    }

    public var kind: FailureKind {
        switch self {
        case .malformed: .ruleBroken
        case .invalidPeriod: .ruleBroken
        case .unitNotFound: .notFound
        }
    }
}
