import Foundation

/// Báo cáo định kỳ: the periodic reports the directive's recipients send upward.
public enum StandardReportKind: String, Sendable, CaseIterable, Codable {
    /// Báo cáo kết quả tín dụng chính sách tháng
    case monthly
    /// Báo cáo kết quả tín dụng chính sách năm
    case yearly
    /// Dư nợ theo chương trình và đơn vị
    case lending
    /// Nguồn vốn ngân sách địa phương ủy thác
    case localCapital = "local-capital"
    /// Kết quả rà soát hộ nghèo, hộ cận nghèo
    case povertyReview = "poverty-review"

    /// The report's name in a list: "… tháng", "… năm".
    public var title: String {
        switch self {
        case .monthly: "Báo cáo kết quả hoạt động tín dụng chính sách xã hội tháng"
        case .yearly: "Báo cáo kết quả hoạt động tín dụng chính sách xã hội năm"
        case .lending: "Báo cáo dư nợ theo chương trình và đơn vị"
        case .localCapital: "Báo cáo nguồn vốn ngân sách địa phương ủy thác"
        case .povertyReview: "Báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo"
        }
    }

    /// The heading of one report: "Kết quả hoạt động … tháng 10/2026".
    public func heading(_ period: ReportPeriod) -> String {
        let subject =
            switch self {
            case .monthly, .yearly: "Kết quả hoạt động tín dụng chính sách xã hội"
            case .lending: "Dư nợ theo chương trình và đơn vị"
            case .localCapital: "Nguồn vốn ngân sách địa phương ủy thác qua NHCSXH"
            case .povertyReview: "Kết quả rà soát hộ nghèo, hộ cận nghèo"
            }
        return "\(subject) \(period.label)"
    }

    /// Whether the report covers a month (the others cover a calendar year).
    public var isMonthly: Bool { self == .monthly || self == .lending }
}

/// Kỳ báo cáo: a calendar month or a calendar year.
public enum ReportPeriod: Sendable, Equatable, Hashable {
    case month(year: Int, month: Int)
    case year(Int)

    /// "yyyy-mm" for a month, "yyyy" for a year.
    public var key: String {
        switch self {
        case .month(let year, let month): String(format: "%04d-%02d", year, month)
        case .year(let year): String(format: "%04d", year)
        }
    }

    public var label: String {
        switch self {
        case .month(let year, let month): "tháng \(month)/\(year)"
        case .year(let year): "năm \(year)"
        }
    }

    public var firstDay: String {
        switch self {
        case .month: key + "-01"
        case .year: key + "-01-01"
        }
    }

    /// The period's last day, "yyyy-mm-dd".
    public var lastDay: String {
        switch self {
        case .month(let year, let month):
            key + String(format: "-%02d", BusinessDate.daysIn(month: month, year: year))
        case .year: key + "-12-31"
        }
    }
}

/// What a column of a report holds. A ratio is computed from two other columns of its row,
/// so the total row's ratio is the ratio of the totals, never a sum of ratios.
public enum ReportColumnKind: Sendable, Equatable {
    case count
    case money
    /// Parts per million of column `numerator` over column `denominator`.
    case ratio(numerator: Int, denominator: Int)
}

public struct ReportColumn: Sendable, Equatable {
    public var label: String
    public var kind: ReportColumnKind

    public init(_ label: String, _ kind: ReportColumnKind) {
        self.label = label
        self.kind = kind
    }
}

public struct ReportRow: Sendable, Equatable {
    public var key: String
    public var label: String
    /// One value per column: a count, đồng, or parts per million for a ratio column.
    public var values: [Int64]
}

/// Một báo cáo: its columns, its rows and the total row ("Cộng"), assembled by one rule.
public struct StandardReport: Sendable, Equatable {
    public var kind: StandardReportKind
    public var period: ReportPeriod
    public var unitLabel: String
    public var columns: [ReportColumn]
    public var rows: [ReportRow]
    public var total: [Int64]
    /// Lines printed under the table (what the figures are read from, a share, a caveat).
    public var notes: [String]
}

extension ReportPeriod {
    /// The years a report may cover: the bank's book starts in 2003; nothing is planned past 2100.
    public static let years = 2003...2100

    /// "yyyy-mm" for a monthly report, "yyyy" for a yearly one; anything else is refused with
    /// the form it should have.
    public init(parsing text: String, monthly: Bool) throws(ReportError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let digits = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        if monthly {
            guard parts.count == 2, digits, parts[0].count == 4, parts[1].count == 2,
                let year = Int(parts[0]), let month = Int(parts[1]), Self.years.contains(year),
                (1...12).contains(month)
            else { throw .invalidPeriod("tháng báo cáo có dạng yyyy-mm, ví dụ 2026-10") }
            self = .month(year: year, month: month)
        } else {
            guard parts.count == 1, digits, parts[0].count == 4, let year = Int(parts[0]),
                Self.years.contains(year)
            else { throw .invalidPeriod("năm báo cáo có dạng yyyy, từ 2003 đến 2100") }
            self = .year(year)
        }
    }
}
