import Foundation

/// Hồ sơ xử lý nợ: the request, its verification and the approval, kept with the measure.
public struct RiskFile: Sendable, Codable, Equatable {
    /// Nguyên nhân (objective cause) or, for a recall, the misuse found.
    public var cause: String
    public var requestedOn: BusinessDate
    /// Tổ, hội đoàn thể xác minh; UBND xã xác nhận.
    public var verification: String
    /// Cấp phê duyệt, số quyết định.
    public var approval: String
    public var documents: String

    public init(
        cause: String, requestedOn: BusinessDate, verification: String = "",
        approval: String = "", documents: String = ""
    ) {
        self.cause = cause
        self.requestedOn = requestedOn
        self.verification = verification
        self.approval = approval
        self.documents = documents
    }

    /// A measure without its cause is refused: the cause is what the file is for.
    public func check() throws(LendingError) {
        guard !cause.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .reasonRequired
        }
    }
}
