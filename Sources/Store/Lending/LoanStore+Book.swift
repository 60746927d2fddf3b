import Domain
import FluentKit
import Foundation
import SQLKit

/// A loan with where it stands on a date, and the organisation it runs through.
public struct LoanOnDate: Sendable {
    public var summary: LoanSummary
    public var organisation: String?
    public var standing: LoanStanding
    /// The loan's rate on the date (its re-pricing applied; a freeze not).
    public var rate: Rate?
    /// What the standing was computed from, for other figures of the same date (interest of a month).
    public var facts: LoanFacts
    public var approved: Money
}

/// Chất lượng tín dụng: by program, organisation, group or commune.
public enum QualityDimension: String, Sendable, CaseIterable {
    case program, organisation, group, commune

    public var label: String {
        switch self {
        case .program: "Chương trình"
        case .organisation: "Tổ chức hội"
        case .group: "Tổ TK&VV"
        case .commune: "Xã/phường"
        }
    }
}

public struct QualityLine: Sendable, Equatable {
    public var key: String
    public var label: String
    public var loans: Int
    public var outstanding: Money
    public var overdue: Money
    public var frozen: Money
    public var interestArrears: Money

    public init(key: String, label: String, loans: Int, outstanding: Money, overdue: Money, frozen: Money, interestArrears: Money) {
        self.key = key
        self.label = label
        self.loans = loans
        self.outstanding = outstanding
        self.overdue = overdue
        self.frozen = frozen
        self.interestArrears = interestArrears
    }

    /// Tỷ lệ nợ quá hạn and (nợ quá hạn + nợ khoanh), in hundredths of a percent.
    public var overdueBasisPoints: Int64 { Ratio.basisPoints(overdue, of: outstanding) }
    public var overdueAndFrozenBasisPoints: Int64 { Ratio.basisPoints(parts: [overdue, frozen], of: outstanding) }

    public var overdueRatio: String { Ratio.percentText(basisPoints: overdueBasisPoints) }
    public var overdueAndFrozenRatio: String { Ratio.percentText(basisPoints: overdueAndFrozenBasisPoints) }
}

/// Một kỳ trả nợ đến hạn trong tháng.
public struct DueInstalment: Sendable, Equatable {
    public var loan: LoanSummary
    public var dueOn: BusinessDate
    public var unpaid: Money
}

extension LoanStore {
    /// Every loan the query matches with its standing on `date`, read in a few set-based queries
    /// (loans, then their instalments and events in chunks), never one query per loan.
    public func standings(_ query: LoanQuery, on date: BusinessDate, scope: AccessScope) async throws -> [LoanOnDate] {
        let rows = try await sql.raw("""
            \(Self.selectLoans(on: date))
            WHERE \(condition(query, scope: scope, on: date)) AND l.disbursed_on <= \(bind: date.iso) ORDER BY l.id
            """).all()
        return try await Self.standings(rows: rows, on: date, sql: sql)
    }

    /// These loans (within the scope) as they stand on the date, read on the given connection: a
    /// command's transaction reads here, a few queries for any number of loans.
    static func standings(ids: [String], on date: BusinessDate, scope: AccessScope, sql: any SQLDatabase) async throws -> [LoanOnDate] {
        var rows: [any SQLRow] = []
        for slice in ids.chunked(500) {
            rows += try await sql.raw("""
                \(selectLoans(on: date)) WHERE l.id IN (\(binds: Array(slice))) AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
                """).all()
        }
        return try await standings(rows: rows, on: date, sql: sql)
    }

    static func standings(rows: [any SQLRow], on date: BusinessDate, sql: any SQLDatabase) async throws -> [LoanOnDate] {
        guard !rows.isEmpty else { return [] }
        let names = try await programNames(sql: sql)
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        var schedules: [String: [InstalmentRow]] = [:]
        var events: [String: [LoanEvent]] = [:]
        for slice in ids.chunked(500) {
            let chunk = Array(slice)
            for r in try await sql.raw("""
                SELECT loan_id, seq, due_on, original_due_on, principal, paid FROM loan_instalments WHERE loan_id IN (\(binds: chunk)) ORDER BY loan_id, due_on, seq
                """).all() {
                schedules[try r.decode(column: "loan_id", as: String.self), default: []].append(
                    InstalmentRow(seq: try r.decode(column: "seq", as: Int.self), dueOn: try BusinessDate(iso: try r.decode(column: "due_on", as: String.self)),
                                  originalDueOn: try BusinessDate(iso: try r.decode(column: "original_due_on", as: String.self)),
                                  principal: Money(dong: try r.decode(column: "principal", as: Int64.self)), paid: Money(dong: try r.decode(column: "paid", as: Int64.self))))
            }
            for r in try await sql.raw("""
                SELECT e.*, CASE WHEN EXISTS (SELECT 1 FROM loan_events r WHERE r.reverses = e.id) THEN 1 ELSE 0 END AS is_reversed
                FROM loan_events e WHERE e.loan_id IN (\(binds: chunk)) ORDER BY e.loan_id, e.on_date, e.created_at, e.id
                """).all() {
                events[try r.decode(column: "loan_id", as: String.self), default: []].append(try event(r))
            }
        }
        let sets = try StoredJSON.definitions(ProgramParameters.self, try await sql.select().column("definition").from("program_parameters").all())
        let anchors = try await anchorHistory(sql: sql)
        let adjustments = try await RateAdjustmentStore.all(sql: sql).map(\.adjustment)
        let dueDates = try await interestDueDates(
            unitIDs: Set(try rows.map { try $0.decode(column: "unit_id", as: String.self) }), through: date, sql: sql)
        return try rows.map { row in
            let id = try row.decode(column: "id", as: String.self)
            let program = try row.decode(column: "program_code", as: String.self)
            var facts = try Self.facts(row: row, schedule: schedules[id] ?? [], events: events[id] ?? [],
                                       sets: sets.filter { $0.programCode == program }, anchors: anchors,
                                       adjustments: adjustments)
            facts.interestDueDates = dueDates[try row.decode(column: "unit_id", as: String.self)] ?? []
            return LoanOnDate(summary: try summary(row, names: names), organisation: try row.decode(column: "organisation", as: String?.self),
                              standing: try LoanAccount.standing(facts, on: date), rate: facts.rates.last { $0.from <= date }?.rate, facts: facts,
                              approved: Money(dong: try row.decode(column: "approved", as: Int64.self)))
        }
    }

    /// Chất lượng tín dụng on a date: outstanding, overdue, frozen and interest arrears by dimension.
    public func quality(by dimension: QualityDimension, query: LoanQuery, on date: BusinessDate, scope: AccessScope) async throws -> [QualityLine] {
        var lines: [String: QualityLine] = [:]
        for loan in try await standings(query, on: date, scope: scope) where loan.standing.status != .writtenOff {
            let (key, label): (String, String) = switch dimension {
            case .program: (loan.summary.programCode, loan.summary.programName)
            case .organisation: (loan.organisation ?? "direct", loan.organisation.flatMap(Organisation.init(rawValue:))?.label ?? "Cho vay trực tiếp")
            case .group: (loan.summary.groupID ?? "direct", loan.summary.groupName ?? "Cho vay trực tiếp")
            case .commune: (loan.summary.unitID, loan.summary.unitName)
            }
            var line = lines[key] ?? QualityLine(key: key, label: label, loans: 0, outstanding: .zero, overdue: .zero, frozen: .zero, interestArrears: .zero)
            line.loans += 1
            line.outstanding = try line.outstanding.adding(loan.standing.outstanding)
            line.overdue = try line.overdue.adding(loan.standing.overdue)
            line.frozen = try line.frozen.adding(loan.standing.frozen)
            line.interestArrears = try line.interestArrears.adding(loan.standing.interestArrears)
            lines[key] = line
        }
        return lines.values.sorted { $0.label < $1.label }
    }

    /// Các kỳ trả nợ gốc đến hạn trong tháng của `date`, per commune: what each borrower must bring.
    public func dueInstalments(unitIDs: Set<String>?, in date: BusinessDate, scope: AccessScope) async throws -> [DueInstalment] {
        let first = date.firstOfMonth, last = date.firstOfMonth.adding(days: date.daysInMonth - 1)
        var condition = condition(LoanQuery(unitIDs: unitIDs), scope: scope, on: date)
        condition = condition + " AND l.state NOT IN ('written_off', 'repaid')"
        let rows = try await sql.raw("""
            SELECT l.*, \(Self.statusExpression(on: date)) AS status, u.name AS unit_name, g.name AS group_name, h.code AS household_code,
                   i.due_on AS instalment_due, i.principal - i.paid AS unpaid
            FROM loan_instalments i JOIN loans l ON l.id = i.loan_id JOIN units u ON u.id = l.unit_id
            LEFT JOIN savings_groups g ON g.id = l.group_id LEFT JOIN households h ON h.id = l.household_id
            WHERE i.due_on >= \(bind: first.iso) AND i.due_on <= \(bind: last.iso) AND i.paid < i.principal AND \(condition)
            ORDER BY u.name, g.name, i.due_on, l.borrower_name
            """).all()
        let names = try await Self.programNames(sql: sql)
        return try rows.map { row in
            DueInstalment(loan: try Self.summary(row, names: names), dueOn: try BusinessDate(iso: try row.decode(column: "instalment_due", as: String.self)),
                          unpaid: Money(dong: try row.decode(column: "unpaid", as: Int64.self)))
        }
    }
}

/// Tổ viên phải trả trong tháng: interest to the sitting, principal falling due this month, overdue.
public struct MemberDues: Sendable, Equatable {
    public var loans: Int = 0
    public var interest: Money = .zero
    public var principalThisMonth: Money = .zero
    public var overdue: Money = .zero
    /// Shown on the group's page; a total past the books' range (never a real one) clamps.
    public var total: Money { Money(dong: (try? [interest, principalThisMonth, overdue].sum())?.dong ?? .max) }
}

extension LoanStore {
    /// What each member household of a group owes this month: interest due through `collectOn`
    /// (the group's sitting, or the month's end), principal of instalments due from today to the
    /// month's end, and overdue principal. Read in a few queries for the whole group.
    public func duesThisMonth(groupID: String, today: BusinessDate, collectOn: BusinessDate, scope: AccessScope) async throws -> [String: MemberDues] {
        let monthEnd = today.firstOfMonth.adding(days: today.daysInMonth - 1)
        let on = min(max(collectOn, today), monthEnd)
        var dues: [String: MemberDues] = [:]
        for loan in try await standings(LoanQuery(groupID: groupID), on: on, scope: scope) where ![.writtenOff, .repaid].contains(loan.standing.status) {
            guard let household = loan.summary.householdID else { continue }
            var d = dues[household] ?? MemberDues()
            d.loans += 1
            d.interest = try d.interest.adding(loan.standing.status == .frozen ? .zero : loan.standing.interestDue)
            d.overdue = try d.overdue.adding(loan.standing.overdue)
            dues[household] = d
        }
        let rows = try await sql.raw("""
            SELECT l.household_id AS household, CAST(SUM(i.principal - i.paid) AS BIGINT) AS due FROM loan_instalments i JOIN loans l ON l.id = i.loan_id
            WHERE l.group_id = \(bind: groupID) AND l.state NOT IN ('written_off', 'repaid', 'frozen') AND i.paid < i.principal
              AND i.due_on >= \(bind: today.iso) AND i.due_on <= \(bind: monthEnd.iso) AND \(ApplicationStore.scopeCondition(scope, alias: "l"))
            GROUP BY l.household_id
            """).all()
        for row in rows {
            guard let household = try row.decode(column: "household", as: String?.self) else { continue }
            dues[household, default: MemberDues()].principalThisMonth = Money(dong: try row.decode(column: "due", as: Int64.self))
        }
        return dues
    }
}
