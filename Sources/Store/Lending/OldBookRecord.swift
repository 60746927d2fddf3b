import Domain

extension OldBookRecord {
    /// The record on a loan's events: its first disbursement's, when the loan came from an old
    /// book (only the importer writes `importID` there).
    static func of(_ events: [LoanEvent]) throws -> OldBookRecord? {
        guard let opening = events.first(where: { $0.kind == .disbursement }),
            opening.details.contains("\"importID\"")
        else { return nil }
        return try StoredJSON.value(OldBookRecord.self, from: opening.details)
    }
}
