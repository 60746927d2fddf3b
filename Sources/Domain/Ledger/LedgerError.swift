import Foundation

/// Errors of the ledger, each with a stable code and a Vietnamese message.
public enum LedgerError: DomainError, Equatable {
    case unbalanced(debit: Money, credit: Money)
    case unknownAccount(String)
    case badLine(String)
    case periodClosed(String)
    case entryNotFound(String)
    case alreadyReversed(EntryID)
    case idempotencyKeyMissing
    case idempotencyKeyReused

    public var code: String {
        switch self {
        case .unbalanced: "unbalanced_entry"
        case .unknownAccount: "unknown_account"
        case .badLine: "bad_journal_line"
        case .periodClosed: "period_closed"
        case .entryNotFound: "entry_not_found"
        case .alreadyReversed: "already_reversed"
        case .idempotencyKeyMissing: "idempotency_key_missing"
        case .idempotencyKeyReused: "idempotency_key_reused"
        }
    }

    public var message: String {
        switch self {
        case .unbalanced(let debit, let credit): "Bút toán không cân: Nợ \(debit), Có \(credit)."
        case .unknownAccount(let code): "Không có tài khoản \(code) trong hệ thống tài khoản."
        case .badLine(let code):
            "Dòng bút toán tài khoản \(code) phải ghi đúng một bên Nợ hoặc Có, số dương."
        case .periodClosed(let month):
            "Tháng \(month) đã khóa sổ; không hạch toán được vào ngày trong tháng này."
        case .entryNotFound(let id): "Không tìm thấy bút toán \(id)."
        case .alreadyReversed(let id): "Bút toán \(id) đã được đảo."
        case .idempotencyKeyMissing:
            "Thiếu khóa chống trùng (Idempotency-Key) cho lệnh chuyển tiền."
        case .idempotencyKeyReused: "Khóa chống trùng đã dùng cho một lệnh khác nội dung."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .unbalanced, .unknownAccount, .badLine, .periodClosed, .alreadyReversed: .ruleBroken
        case .entryNotFound: .notFound
        case .idempotencyKeyMissing: .malformed
        case .idempotencyKeyReused: .conflict
        }
    }
}
