import Foundation

/// Một điều kiện đã đáp ứng: the condition's code and the document that proves it (its number
/// and date, as written on the file).
public struct WriteOffEvidence: Sendable, Codable, Equatable {
    public var condition: String
    public var document: String

    public init(condition: String, document: String) {
        self.condition = condition
        self.document = document
    }
}

/// Danh mục điều kiện xóa nợ, checked: every condition in force for the measure is met by a
/// document, and of each group of alternatives (the causes) at least one.
public enum WriteOffChecklist {
    public static let maxDocumentLength = 300

    /// The evidence kept on the file, in the conditions' order, or a refusal that lists every
    /// condition not met.
    public static func check(
        _ evidence: [WriteOffEvidence], conditions: WriteOffConditions,
        measure: WriteOffMeasure, on date: BusinessDate
    ) throws(LendingError) -> [WriteOffEvidence] {
        let inForce = conditions.inForce(on: date, for: measure)
        guard !inForce.isEmpty else { throw .noWriteOffConditions(date) }
        var given: [String: String] = [:]
        var problems: [ErrorDetail] = []
        let known = Set(inForce.map(\.code))
        for (i, e) in evidence.enumerated() {
            let document = e.document.trimmingCharacters(in: .whitespacesAndNewlines)
            let field = "checklist[\(i)]"
            if !known.contains(e.condition) {
                problems.append(
                    ErrorDetail(
                        field: field, code: "unknown_condition",
                        message: "Không có điều kiện «\(e.condition)» cho biện pháp này"
                            + " vào ngày \(date.vietnamese)."))
            } else if document.count > maxDocumentLength {
                problems.append(
                    ErrorDetail(
                        field: field, code: "document_too_long",
                        message: "Giấy tờ ghi tối đa \(maxDocumentLength) ký tự."))
            } else if given[e.condition] != nil {
                problems.append(
                    ErrorDetail(
                        field: field, code: "duplicate_condition",
                        message: "Điều kiện «\(e.condition)» ghi hai lần."))
            } else if !document.isEmpty {
                given[e.condition] = document
            }
        }
        problems += missing(inForce, given: given)
        guard problems.isEmpty else { throw .writeOffConditions(problems) }
        return inForce.compactMap { c in
            given[c.code].map { WriteOffEvidence(condition: c.code, document: $0) }
        }
    }

    static func missing(
        _ inForce: [WriteOffCondition], given: [String: String]
    )
        -> [ErrorDetail]
    {
        var problems: [ErrorDetail] = []
        for c in inForce where c.group.isEmpty && given[c.code] == nil {
            problems.append(
                ErrorDetail(
                    field: "checklist", code: "condition_not_met",
                    message: "Chưa đáp ứng: \(c.label) (cần \(c.document))."))
        }
        let groups = Dictionary(grouping: inForce.filter { !$0.group.isEmpty }, by: \.group)
        for (_, alternatives) in groups.sorted(by: { $0.key < $1.key })
        where !alternatives.contains(where: { given[$0.code] != nil }) {
            let labels = alternatives.map(\.label).joined(separator: "; ")
            problems.append(
                ErrorDetail(
                    field: "checklist", code: "condition_not_met",
                    message: "Chưa đáp ứng một trong các trường hợp: \(labels)."))
        }
        return problems
    }
}
