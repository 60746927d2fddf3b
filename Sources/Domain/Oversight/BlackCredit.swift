import Foundation

/// Nơi phát hiện, tiếp nhận tin báo tín dụng đen.
public enum BlackCreditRaisedAt: String, Sendable, Codable, CaseIterable {
    case transactionPoint = "transaction_point"
    case organisation
    case commune
    case bank

    public var label: String {
        switch self {
        case .transactionPoint: "Tại điểm giao dịch xã"
        case .organisation: "Tổ chức hội, đoàn thể"
        case .commune: "UBND xã"
        case .bank: "NHCSXH"
        }
    }
}

/// Tin báo tín dụng đen (seed letter item 4): where, what, how many households, who reported
/// it (seen only by the officers who handle the case) and the referral to the police.
public struct NewBlackCreditReport: Sendable, Equatable {
    public var unitCode: Int
    public var raisedAt: BlackCreditRaisedAt
    public var pointID: String?
    /// Người, tổ chức cho vay và hình thức (lãi suất, cách đòi nợ).
    public var lender: String
    public var description: String
    public var households: Int
    public var reportedOn: BusinessDate
    public var reporterName: String
    public var reporterContact: String
    /// Cán bộ được giao xử lý (tên đăng nhập); the recorder when blank.
    public var handler: String
    public var priority: CasePriority

    public init(
        unitCode: Int, raisedAt: BlackCreditRaisedAt, pointID: String?, lender: String,
        description: String, households: Int, reportedOn: BusinessDate, reporterName: String,
        reporterContact: String, handler: String, priority: CasePriority
    ) {
        self.unitCode = unitCode
        self.raisedAt = raisedAt
        self.pointID = pointID
        self.lender = lender
        self.description = description
        self.households = households
        self.reportedOn = reportedOn
        self.reporterName = reporterName
        self.reporterContact = reporterContact
        self.handler = handler
        self.priority = priority
    }

    public func checked(today: BusinessDate) throws(OversightError) -> NewBlackCreditReport {
        func trim(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        var r = self
        r.lender = trim(lender)
        r.description = trim(description)
        r.reporterName = trim(reporterName)
        r.reporterContact = trim(reporterContact)
        r.handler = trim(handler)
        r.pointID = pointID.map(trim).flatMap { $0.isEmpty ? nil : $0 }
        guard reportedOn <= today else { throw .invalid(field: "date", why: "ngày ở tương lai") }
        guard (1...2_000).contains(r.description.count) else {
            throw .invalid(field: "description", why: "ghi nội dung sự việc (tối đa 2.000 ký tự)")
        }
        guard r.lender.count <= 500 else {
            throw .invalid(field: "lender", why: "người cho vay, hình thức tối đa 500 ký tự")
        }
        guard (0...100_000).contains(households) else {
            throw .invalid(field: "households", why: "số hộ bị ảnh hưởng từ 0 đến 100.000")
        }
        guard r.reporterName.count <= 200, r.reporterContact.count <= 200,
            r.handler.count <= 100
        else {
            throw .invalid(field: "reporter", why: "người báo tin, liên hệ tối đa 200 ký tự")
        }
        if raisedAt == .transactionPoint, r.pointID == nil {
            throw .invalid(field: "point", why: "chọn điểm giao dịch nơi tiếp nhận tin báo")
        }
        return r
    }
}
