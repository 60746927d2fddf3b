import Domain
import FluentKit
import Foundation
import SQLKit

/// A program with the parameter set in force on a date and the rate that gives.
public struct ProgramOnDate: Sendable, Equatable {
    public let program: LoanProgram
    public let parameters: ProgramParameters?
    public let rate: Rate?
    public let overdueRate: Rate?
}

/// Loan programs and their dated parameter sets; the rate of a program on a date; the eligibility
/// of a household of the register for a program.
public struct ProgramStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    static func insert(_ program: LoanProgram, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "loan_programs").columns("code", "definition").values(program.code, try StoredJSON.text(program)).run()
    }

    static func insert(_ set: ProgramParameters, sql: any SQLDatabase) async throws {
        try await sql.insert(into: "program_parameters").columns("id", "program_code", "valid_from", "definition")
            .values("\(set.programCode)@\(set.validFrom.iso)", set.programCode, set.validFrom.iso, try StoredJSON.text(set)).run()
    }

    public func programs() async throws -> [LoanProgram] {
        try StoredJSON.definitions(LoanProgram.self, try await sql.select().column("definition").from("loan_programs").orderBy("code").all())
    }

    public func parameters(programCode: String? = nil) async throws -> [ProgramParameters] {
        var query = try sql.select().column("definition").from("program_parameters")
        if let programCode { query = query.where("program_code", .equal, programCode) }
        return try StoredJSON.definitions(ProgramParameters.self, try await query.orderBy("program_code").orderBy("valid_from").all())
    }

    /// Lãi suất cho vay hộ nghèo (the anchor) on a date, from the dated reference table.
    public func anchor(on date: BusinessDate) async throws -> Rate? {
        try await ReferenceDataStore(database: database, world: world).value(key: "anchor_rate", on: date)
            .flatMap { Int64($0.value) }.map { Rate(billionthsPerMonth: $0) }
    }

    /// Every program with its set and rate on `date`.
    public func catalogue(on date: BusinessDate) async throws -> [ProgramOnDate] {
        let sets = try await parameters()
        let anchor = try await anchor(on: date)
        return try await programs().map { program in
            let set = ProgramParameters.inForce(program.code, on: date, among: sets)
            let rate = set.flatMap { s in anchor.map { s.rate.resolve(anchor: $0) } }
            return ProgramOnDate(program: program, parameters: set, rate: rate, overdueRate: rate.map { $0.scaled(byPercent: set?.overduePercent ?? 130) })
        }
    }

    public func program(code: String, on date: BusinessDate) async throws -> ProgramOnDate {
        guard let found = try await catalogue(on: date).first(where: { $0.program.code == code }) else { throw LendingError.unknownProgram(code) }
        return found
    }

    /// A new parameter set for a program (administrators): a new rate, cap or term from a date.
    public func add(_ set: ProgramParameters, actor: Actor) async throws {
        try set.validate()
        guard try await programs().contains(where: { $0.code == set.programCode }) else { throw LendingError.unknownProgram(set.programCode) }
        if try await parameters(programCode: set.programCode).contains(where: { $0.validFrom == set.validFrom }) {
            throw LendingError.invalidParameters("chương trình đã có bộ tham số từ ngày \(set.validFrom.vietnamese)")
        }
        if set.repricing == .existingLoans {
            try LoanPricing.checkNotIntoClosedMonth(
                from: set.validFrom, closedMonths: try await LedgerStore(sql: try sql, world: world).closedMonths())
        }
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert(set, sql: sql)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "program_parameters.create", recordType: "loan_program",
                                                               recordID: set.programCode, provinceCode: nil, before: nil as String?, after: set)
        }
    }

    /// Điều kiện vay of a household on a date: its classification and exits from the register, its
    /// group membership, and the program's set in force; the reasons a loan cannot be made.
    public func eligibility(householdID: String, programCode: String, request: LoanRequest, on date: BusinessDate,
                            scope: AccessScope) async throws -> (program: ProgramOnDate, refusals: [LendingError]) {
        let found = try await HouseholdStore(database: database, world: world).household(id: householdID, scope: scope)
        let program = try await program(code: programCode, on: date)
        guard let parameters = program.parameters else { throw LendingError.noParametersInForce(programCode, date) }
        let classifications = ClassificationStore(database: database, world: world)
        let status = try await classifications.status(householdID: householdID, on: date)
        let exits = try await classifications.exits(householdID: householdID, on: date)
        let inGroup = try await sql.raw("""
            SELECT 1 AS x FROM group_memberships m JOIN savings_groups g ON g.id = m.group_id
            WHERE m.household_id = \(bind: householdID) AND g.status = 'active' AND m.valid_from <= \(bind: date.iso)
              AND (m.valid_to IS NULL OR m.valid_to >= \(bind: date.iso))
            """).first() != nil
        // Dư nợ hiện có của hộ theo chương trình: the household cap counts what it already owes.
        let owed = try await sql.raw("""
            SELECT program_code, CAST(SUM(disbursed - principal_repaid - principal_written_off) AS BIGINT) AS owed FROM loans
            WHERE household_id = \(bind: householdID) AND state NOT IN ('repaid', 'written_off') GROUP BY program_code
            """).all()
        let facts = BorrowerFacts(classification: status?.classification, newlyEscaped: exits.newlyEscaped, area: found.household.area,
                                  inActiveGroup: inGroup,
                                  outstandingByProgram: Dictionary(uniqueKeysWithValues: try owed.map {
                                      (try $0.decode(column: "program_code", as: String.self), Money(dong: try $0.decode(column: "owed", as: Int64.self)))
                                  }))
        return (program, Eligibility.refusals(program: program.program, parameters: parameters, borrower: facts, request: request))
    }
}
