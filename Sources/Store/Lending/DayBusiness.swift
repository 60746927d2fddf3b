import Domain
import FluentKit
import Foundation
import SQLKit

/// Công việc của một phiên giao dịch: what was done at a commune's transaction point on a day and
/// by whom, read from the records each command already wrote (nothing is entered twice): the
/// groups' collection batches, disbursements, the files taken in and decided, the risk files.
public struct DayBusiness: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// What it is (`collection`, `disbursement`, `application`, `decision`, or a risk event's kind).
        public var kind: String
        public var label: String
        /// The borrower, the group or the applicant.
        public var subject: String
        /// The loan, application or group it concerns (for a link).
        public var reference: String
        public var amount: Money
        public var detail: String
        /// The user who did it.
        public var actor: String
    }

    public var collections: [Item] = []
    public var disbursements: [Item] = []
    public var applications: [Item] = []
    public var decisions: [Item] = []
    public var riskFiles: [Item] = []

    public var isEmpty: Bool { collections.isEmpty && disbursements.isEmpty && applications.isEmpty && decisions.isEmpty && riskFiles.isEmpty }
}

extension LoanStore {
    /// The business of a commune's point on a day (the caller has checked the scope of the point),
    /// narrowed to an organisation officer's organisation or a group leader's group.
    public func business(unitID: String, on date: BusinessDate, scope: AccessScope) async throws -> DayBusiness {
        var business = DayBusiness()
        business.collections = try await sql.raw("""
            SELECT b.id AS id, b.group_id AS group_id, g.name AS group_name, b.cash_counted AS cash, b.interest AS interest, b.principal AS principal,
                   b.deposits AS deposits, b.withdrawals AS withdrawals, b.at_sitting AS at_sitting, b.actor AS actor
            FROM collection_batches b JOIN savings_groups g ON g.id = b.group_id
            WHERE b.unit_id = \(bind: unitID) AND b.on_date = \(bind: date.iso) AND \(scope.networkCondition(organisation: "g.organisation", group: "b.group_id"))
            ORDER BY g.name, b.created_at
            """).all().map { r in
                let interest = Money(dong: try r.decode(column: "interest", as: Int64.self)), principal = Money(dong: try r.decode(column: "principal", as: Int64.self))
                let deposits = Money(dong: try r.decode(column: "deposits", as: Int64.self)), withdrawals = Money(dong: try r.decode(column: "withdrawals", as: Int64.self))
                return DayBusiness.Item(kind: "collection", label: "Thu lãi, thu nợ, tiết kiệm của tổ", subject: try r.decode(column: "group_name", as: String.self),
                                        reference: try r.decode(column: "group_id", as: String.self), amount: Money(dong: try r.decode(column: "cash", as: Int64.self)),
                                        detail: "Lãi \(interest), gốc \(principal), gửi \(deposits), rút \(withdrawals)"
                                            + (try r.decode(column: "at_sitting", as: Bool.self) ? "" : " (ngoài phiên)"),
                                        actor: try r.decode(column: "actor", as: String.self))
            }
        let names = try await Self.programNames(sql: sql)
        let risk = [LoanEventKind.termAdjustment, .extension, .freeze, .freezeEnd, .interestWriteOff, .writeOff, .recall].map(\.rawValue)
        for r in try await sql.raw("""
            SELECT e.loan_id AS loan_id, e.kind AS kind, e.principal AS principal, e.interest AS interest, e.method AS method, e.actor AS actor,
                   l.borrower_name AS borrower, l.program_code AS program_code
            FROM loan_events e JOIN loans l ON l.id = e.loan_id
            WHERE l.unit_id = \(bind: unitID) AND e.on_date = \(bind: date.iso) AND e.kind IN (\(binds: ["disbursement"] + risk))
              AND \(scope.networkCondition("l"))
            ORDER BY e.kind, l.borrower_name, e.created_at
            """).all() {
            let kind = LoanEventKind(rawValue: try r.decode(column: "kind", as: String.self)) ?? .disbursement
            let program = names[try r.decode(column: "program_code", as: String.self)] ?? ""
            let principal = Money(dong: try r.decode(column: "principal", as: Int64.self)), interest = Money(dong: try r.decode(column: "interest", as: Int64.self))
            let item = DayBusiness.Item(kind: kind.rawValue, label: kind.label, subject: try r.decode(column: "borrower", as: String.self),
                                        reference: try r.decode(column: "loan_id", as: String.self),
                                        amount: Money(dong: abs(principal.dong) + abs(interest.dong)),
                                        detail: kind == .disbursement
                                            ? "\(program), \((try r.decode(column: "method", as: String?.self)).flatMap(PaymentMethod.init(rawValue:))?.label ?? "")"
                                            : program,
                                        actor: try r.decode(column: "actor", as: String.self))
            if kind == .disbursement { business.disbursements.append(item) } else { business.riskFiles.append(item) }
        }
        func applications(_ dateColumn: String, _ actorColumn: String) async throws -> [any SQLRow] {
            try await sql.raw("""
                SELECT id, borrower_name, program_code, amount, state, \(unsafeRaw: actorColumn) AS actor FROM loan_applications a
                WHERE unit_id = \(bind: unitID) AND \(unsafeRaw: dateColumn) = \(bind: date.iso) AND \(scope.networkCondition("a"))
                ORDER BY borrower_name, id
                """).all()
        }
        business.applications = try await applications("submitted_on", "submitted_by").map { r in
            DayBusiness.Item(kind: "application", label: "Nhận hồ sơ đề nghị vay vốn", subject: try r.decode(column: "borrower_name", as: String.self),
                             reference: try r.decode(column: "id", as: String.self), amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                             detail: names[try r.decode(column: "program_code", as: String.self)] ?? "", actor: try r.decode(column: "actor", as: String.self))
        }
        business.decisions = try await applications("decided_on", "decided_by").map { r in
            let state = try r.decode(column: "state", as: String.self)
            return DayBusiness.Item(kind: "decision", label: state == "rejected" ? "Từ chối cho vay (04/TD)" : "Phê duyệt cho vay (04/TD)",
                                    subject: try r.decode(column: "borrower_name", as: String.self), reference: try r.decode(column: "id", as: String.self),
                                    amount: Money(dong: try r.decode(column: "amount", as: Int64.self)),
                                    detail: names[try r.decode(column: "program_code", as: String.self)] ?? "", actor: try r.decode(column: "actor", as: String?.self) ?? "")
        }
        return business
    }
}
