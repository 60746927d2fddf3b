import Foundation

/// Biện pháp xóa nợ: of the interest only, or of principal and interest.
public enum WriteOffMeasure: String, Sendable, Codable, CaseIterable {
    case interest
    case principal

    public var label: String {
        switch self {
        case .interest: "Xóa nợ lãi"
        case .principal: "Xóa nợ gốc và lãi"
        }
    }
}

/// Điều kiện xóa nợ (Quyết định 50/2010/QĐ-TTg, Điều 5, sửa đổi bởi Quyết định 08/2021/QĐ-TTg):
/// one line of the checklist a write-off file must meet, with the document that proves it.
/// The conditions are dated data (`lending.md` §10 does not verify them): a new version of a
/// code supersedes the old from its date, and a version with `retired` ends the condition.
public struct WriteOffCondition: Sendable, Codable, Equatable {
    /// Mã điều kiện: stable across versions.
    public var code: String
    /// The measures it applies to; empty is never stored.
    public var measures: Set<WriteOffMeasure>
    /// Conditions that share a group are alternatives (the causes): one of them suffices.
    public var group: String
    public var label: String
    /// Giấy tờ chứng minh.
    public var document: String
    public var from: BusinessDate
    public var retired: Bool
    public var source: String
    /// Whether the text was checked against the act itself.
    public var confirmed: Bool

    public init(
        code: String, measures: Set<WriteOffMeasure>, group: String = "", label: String,
        document: String, from: BusinessDate, retired: Bool = false, source: String,
        confirmed: Bool = false
    ) {
        self.code = code
        self.measures = measures
        self.group = group
        self.label = label
        self.document = document
        self.from = from
        self.retired = retired
        self.source = source
        self.confirmed = confirmed
    }

    /// A version typed by an officer: a code of lower-case letters, digits and `_`, a label, a
    /// document and a source, at least one measure.
    public func check() throws(LendingError) {
        func bad(_ why: String) -> LendingError { .invalidWriteOffCondition(why) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        guard (1...40).contains(code.count), code.allSatisfy(allowed.contains) else {
            throw bad("mã gồm 1 đến 40 chữ thường không dấu, chữ số hoặc «_»")
        }
        guard group.count <= 40, group.allSatisfy(allowed.contains) else {
            throw bad("nhóm gồm tối đa 40 chữ thường không dấu, chữ số hoặc «_»")
        }
        guard !measures.isEmpty else { throw bad("chọn biện pháp áp dụng") }
        for (text, name) in [(label, "nội dung"), (document, "giấy tờ"), (source, "căn cứ")] {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.isEmpty, t.count <= 500 else { throw bad("ghi \(name) (tối đa 500 ký tự)") }
        }
    }
}

/// The dated list of conditions, as the store reads it.
public struct WriteOffConditions: Sendable, Equatable {
    public var versions: [WriteOffCondition]

    public init(_ versions: [WriteOffCondition]) { self.versions = versions }

    /// The conditions in force on the date for the measure: each code's latest version from
    /// on or before the date, unless that version retires it; in code order.
    public func inForce(
        on date: BusinessDate, for measure: WriteOffMeasure
    )
        -> [WriteOffCondition]
    {
        var latest: [String: WriteOffCondition] = [:]
        for v in versions where v.from <= date {
            if let held = latest[v.code], held.from > v.from { continue }
            latest[v.code] = v
        }
        return latest.values.filter { !$0.retired && $0.measures.contains(measure) }
            .sorted { ($0.group, $0.code) < ($1.group, $1.code) }
    }
}
