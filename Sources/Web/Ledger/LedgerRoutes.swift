import Domain
import Store
import Vapor

/// Sổ cái: the trial balance (page and fixed API contract).
struct LedgerRoutes {
    static let readers = Access.roles([.admin, .bank, .province, .inspector])

    struct AccountJSON: Content { let account: String; let name: String; let kind: String; let debit: Int64; let credit: Int64; let balance: Int64 }
    struct TrialBalanceJSON: Content { let date: String; let debit: Int64; let credit: Int64; let accounts: [AccountJSON] }

    func register(_ app: Application) {
        app.on(.GET, ["api", "v1", "ledger", "trial-balance"], access: Self.readers, kind: .api) { req -> TrialBalanceJSON in
            try await Self.trialBalance(req)
        }
        app.on(.GET, ["ledger"], access: Self.readers, kind: .page) { req in
            struct Row: Encodable { let account: String; let name: String; let kind: String; let debit: String; let credit: String; let balance: String }
            struct Body: Encodable { let date: String; let rows: [Row]; let debit: String; let credit: String; let balanced: Bool }
            let tb = try await Self.trialBalance(req)
            let body = Body(date: tb.date, rows: tb.accounts.map {
                Row(account: $0.account, name: $0.name, kind: AccountKind(rawValue: $0.kind)?.label ?? $0.kind, debit: Money(dong: $0.debit).description,
                    credit: Money(dong: $0.credit).description, balance: Money(dong: $0.balance).description)
            }, debit: Money(dong: tb.debit).description, credit: Money(dong: tb.credit).description, balanced: tb.debit == tb.credit)
            return try await req.page("lending/trial-balance", title: "Bảng cân đối tài khoản", crumbs: [Crumb(label: "Sổ cái", href: "/ledger")], body)
        }
    }

    static func trialBalance(_ req: Request) async throws -> TrialBalanceJSON {
        let date = try Validate.date(req.query[String.self, at: "date"], default: req.world.today)
        let lines = try await LedgerStore(sql: req.sql, world: req.world).trialBalance(on: date, scope: try req.requireViewer().scope)
        return TrialBalanceJSON(date: date.iso, debit: lines.reduce(0) { $0 + $1.debit.dong }, credit: lines.reduce(0) { $0 + $1.credit.dong },
                                accounts: lines.map { AccountJSON(account: $0.account, name: $0.name, kind: $0.kind.rawValue, debit: $0.debit.dong,
                                                                  credit: $0.credit.dong, balance: $0.balance.dong) })
    }
}
