import Domain
import SQLKit

/// The loan book against the journal, for `policy-credit verify`: each loan's sub-ledger equals its
/// balance on the loan accounts; its interest paid equals its income less the interest still receivable; its schedule covers
/// what it was approved and what was paid; and each group's, commune's and program's outstanding equals
/// the journal's balance of its lines. Set-based: one query per check, whatever the number of loans.
public enum LoanBookCheck {
    static let outstanding = "(l.disbursed - l.principal_repaid - l.principal_written_off)"

    /// Everything `verify` checks: the journal, then the loan book against it.
    public static func verify(sql: any SQLDatabase, world: World) async throws -> [String] {
        try await LedgerStore(sql: sql, world: world).verify() + problems(sql: sql)
            + SummaryTablesCheck.problems(sql: sql, today: world.today)
    }

    public static func problems(sql: any SQLDatabase) async throws -> [String] {
        var problems: [String] = []
        let principal = ChartOfAccounts.principal.map(\.code)
        let capital = ChartOfAccounts.capital.map(\.code)
        // Interest paid = income less what is still receivable: both read credit − debit.
        let interest = [ChartOfAccounts.interestIncome, ChartOfAccounts.interestReceivable]
            .map(\.code)
        let perLoan = try await sql.raw("""
            SELECT l.id AS id, CAST(\(unsafeRaw: outstanding) AS BIGINT) AS book, CAST(COALESCE(j.principal, 0) AS BIGINT) AS journal,
                   l.interest_paid AS interest, CAST(COALESCE(j.interest, 0) AS BIGINT) AS income,
                   l.disbursed AS disbursed, CAST(COALESCE(j.capital, 0) AS BIGINT) AS capital
            FROM loans l LEFT JOIN (
                SELECT loan_id,
                       SUM(CASE WHEN account IN (\(binds: principal)) THEN debit - credit
                                ELSE 0 END) AS principal,
                       SUM(CASE WHEN account IN (\(binds: interest)) THEN credit - debit ELSE 0 END)
                           AS interest,
                       SUM(CASE WHEN account IN (\(binds: capital)) THEN credit - debit ELSE 0 END)
                           AS capital
                FROM journal_lines WHERE loan_id IS NOT NULL GROUP BY loan_id) j ON j.loan_id = l.id
            WHERE \(unsafeRaw: outstanding) <> COALESCE(j.principal, 0) OR l.interest_paid <> COALESCE(j.interest, 0)
               OR l.disbursed <> COALESCE(j.capital, 0)
            ORDER BY l.id
            """).all()
        for row in perLoan {
            let id = try row.decode(column: "id", as: String.self)
            func money(_ column: String) throws -> Money { Money(dong: try row.decode(column: column, as: Int64.self)) }
            if try money("book") != money("journal") {
                problems.append("Khoản vay \(id): dư nợ theo sổ chi tiết \(try money("book")), theo tài khoản cho vay \(try money("journal")).")
            }
            if try money("interest") != money("income") {
                problems.append("Khoản vay \(id): lãi đã thu theo sổ chi tiết \(try money("interest")), theo tài khoản thu lãi \(try money("income")).")
            }
            if try money("disbursed") != money("capital") {
                problems.append("Khoản vay \(id): đã giải ngân \(try money("disbursed")), theo tài khoản nguồn vốn \(try money("capital")).")
            }
        }
        let orphans = try await sql.raw("""
            SELECT DISTINCT j.loan_id AS id FROM journal_lines j LEFT JOIN loans l ON l.id = j.loan_id WHERE j.loan_id IS NOT NULL AND l.id IS NULL ORDER BY j.loan_id
            """).all(decodingColumn: "id", as: String.self)
        problems += orphans.map { "Bút toán ghi cho khoản vay \($0) không có trong sổ cho vay." }
        // A loan always carries a rate (CHANGES 2026-12-01 item 6): never zero interest by default.
        let unpriced = try await sql.raw("""
            SELECT l.id AS id FROM loans l LEFT JOIN program_parameters p ON p.id = l.parameter_set_id
            WHERE p.id IS NULL ORDER BY l.id
            """).all(decodingColumn: "id", as: String.self)
        problems += unpriced.map { LendingError.loanWithoutParameterSet($0).message }
        problems += try await refundProblems(sql: sql)
        problems += try await RateAdjustmentStore.unreadable(sql: sql).map {
            "Điều chỉnh lãi suất \($0): dữ liệu không đọc được, không được áp dụng."
        }
        let schedules = try await sql.raw("""
            SELECT l.id AS id, l.approved AS approved, CAST(SUM(i.principal) AS BIGINT) AS scheduled, CAST(SUM(i.paid) AS BIGINT) AS paid,
                   CAST(l.principal_repaid + l.principal_written_off AS BIGINT) AS reduced
            FROM loans l JOIN loan_instalments i ON i.loan_id = l.id GROUP BY l.id, l.approved, l.principal_repaid, l.principal_written_off
            HAVING SUM(i.principal) <> l.approved OR SUM(i.paid) <> l.principal_repaid + l.principal_written_off ORDER BY l.id
            """).all()
        for row in schedules {
            let id = try row.decode(column: "id", as: String.self)
            problems.append("Khoản vay \(id): lịch trả nợ \(Money(dong: try row.decode(column: "scheduled", as: Int64.self))) (duyệt \(Money(dong: try row.decode(column: "approved", as: Int64.self)))), đã trả theo kỳ \(Money(dong: try row.decode(column: "paid", as: Int64.self))) (đã trả và xóa \(Money(dong: try row.decode(column: "reduced", as: Int64.self)))).")
        }
        for (column, label) in [("group_id", "Tổ"), ("unit_id", "Xã"), ("program_code", "Chương trình")] {
            let rows = try await sql.raw("""
                SELECT k, CAST(SUM(book) AS BIGINT) AS book, CAST(SUM(journal) AS BIGINT) AS journal FROM (
                  SELECT l.\(unsafeRaw: column) AS k, \(unsafeRaw: outstanding) AS book, 0 AS journal FROM loans l WHERE l.\(unsafeRaw: column) IS NOT NULL
                  UNION ALL
                  SELECT \(unsafeRaw: column) AS k, 0 AS book, debit - credit AS journal FROM journal_lines
                  WHERE account IN (\(binds: principal)) AND \(unsafeRaw: column) IS NOT NULL) t
                GROUP BY k HAVING SUM(book) <> SUM(journal) ORDER BY k
                """).all()
            for row in rows {
                problems.append("\(label) \(try row.decode(column: "k", as: String.self)): tổng dư nợ các khoản vay \(Money(dong: try row.decode(column: "book", as: Int64.self))), theo sổ cái \(Money(dong: try row.decode(column: "journal", as: Int64.self))).")
            }
        }
        return problems
    }

    /// Each loan's payable to its borrower (4592) equals the refunds listed and not yet paid.
    static func refundProblems(sql: any SQLDatabase) async throws -> [String] {
        let account = ChartOfAccounts.interestRefundPayable.code
        return try await sql.raw("""
            SELECT k, CAST(SUM(listed) AS BIGINT) AS listed, CAST(SUM(journal) AS BIGINT) AS journal FROM (
              SELECT loan_id AS k, owed AS listed, 0 AS journal FROM interest_refunds WHERE paid_on IS NULL
              UNION ALL
              SELECT loan_id AS k, 0 AS listed, credit - debit AS journal FROM journal_lines
              WHERE account = \(bind: account) AND loan_id IS NOT NULL) t
            GROUP BY k HAVING SUM(listed) <> SUM(journal) ORDER BY k
            """).all().map { row in
            "Khoản vay \(try row.decode(column: "k", as: String.self)): lãi hoàn còn phải chi theo danh sách "
                + "\(Money(dong: try row.decode(column: "listed", as: Int64.self))), theo tài khoản \(account) "
                + "\(Money(dong: try row.decode(column: "journal", as: Int64.self)))."
        }
    }
}
