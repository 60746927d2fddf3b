import Domain
import FluentKit
import Foundation
import SQLKit

/// Sổ tiết kiệm của tổ viên: closing a member's account (tất toán) with the half-year's interest
/// to the day, the balance paid out. The store reads the account under the group's lock, asks
/// `SavingsCommands.close` for the plan and writes it.
public struct SavingsStore: Sendable {
    let database: any Database
    let world: World

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// What a closing did, as the page and the API show it.
    public struct Closing: Codable, Sendable, Equatable {
        public var household: String
        public var group: String
        public var closedOn: BusinessDate
        public var interest: Money
        public var payout: Money
        public var method: PaymentMethod
        public var entry: String?
    }

    struct Request: Encodable {
        var group: String, household: String, date: String, method: String
    }

    public func close(
        groupID: String, householdID: String, on date: BusinessDate, method: PaymentMethod,
        key: String?, actor: Actor, scope: AccessScope
    ) async throws -> (result: Closing, replayed: Bool) {
        // The group in the officer's scope, or not found.
        _ = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        let reference = ReferenceDataStore(database: database, world: world)
        // The closing month counts at the rate in force on the closing day.
        let rates = try await reference.savingsRates(through: date).merging(
            [date.lastOfMonth: try await reference.savingsRate(on: date)]
        ) { $1 }
        let world = world
        return try await IdempotentCommand.run(
            database: database, world: world, actor: actor, key: key,
            request: Request(
                group: groupID, household: householdID, date: date.iso, method: method.rawValue),
            locking: [.group(groupID)]
        ) { sql in
            let (account, province) = try await Self.standing(
                groupID: groupID, householdID: householdID, on: date, sql: sql)
            let plan = try SavingsCommands.close(
                account, on: date, today: world.today, method: method, rates: rates,
                entryID: EntryID(world.newID()))
            try await Self.write(
                plan, account: account, on: date, actor: actor, sql: sql, world: world)
            let closing = Closing(
                household: householdID, group: groupID, closedOn: date, interest: plan.interest,
                payout: plan.payout, method: method, entry: plan.entry?.id.rawValue)
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "savings.close", recordType: "savings_account",
                recordID: account.accountID, provinceCode: province,
                before: ["balance": String(try plan.payout.subtracting(plan.interest).dong)],
                after: closing)
            return closing
        }
    }

    /// The day the household's account in the group was closed (nil: open, or no account),
    /// for a group in the reader's scope.
    public func closedOn(
        groupID: String, householdID: String, scope: AccessScope
    ) async throws -> BusinessDate? {
        _ = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        let row = try await database.sqlDatabase().select().column("closed_on")
            .from("savings_accounts").where("group_id", .equal, groupID)
            .where("household_id", .equal, householdID).first()
        return try row?.decode(column: "closed_on", as: String?.self).map {
            try BusinessDate(iso: $0)
        }
    }

    /// The account of the household in the group, on the half-year holding `date`.
    static func standing(
        groupID: String, householdID: String, on date: BusinessDate, sql: any SQLDatabase
    ) async throws -> (SavingsAccountStanding, province: Int) {
        guard
            let row = try await sql.select().columns("id", "unit_id", "province_code", "closed_on")
                .from("savings_accounts").where("group_id", .equal, groupID)
                .where("household_id", .equal, householdID).first()
        else { throw SavingsError.accountNotFound }
        let id = try row.decode(column: "id", as: String.self)
        let start = SavingsInterest.halfStart(of: date)
        var opening = Money.zero, paid = Money.zero, last: BusinessDate?
        var moves: [SavingsInterest.Movement] = []
        for m in try await sql.select().columns("on_date", "amount", "kind")
            .from("savings_movements").where("account_id", .equal, id).orderBy("on_date").all()
        {
            let on = try BusinessDate(iso: try m.decode(column: "on_date", as: String.self))
            let amount = Money(dong: try m.decode(column: "amount", as: Int64.self))
            last = max(last ?? on, on)
            guard on >= start else {
                opening = try opening.adding(amount)
                continue
            }
            moves.append(.init(on: on, amount: amount))
            if try m.decode(column: "kind", as: String.self) == "interest" {
                paid = try paid.adding(amount)
            }
        }
        let closed = try row.decode(column: "closed_on", as: String?.self).map {
            try BusinessDate(iso: $0)
        }
        return (
            SavingsAccountStanding(
                accountID: id, householdID: householdID, groupID: groupID,
                unitID: try row.decode(column: "unit_id", as: String.self), openingOfHalf: opening,
                movements: moves, paidInHalf: paid, lastMovement: last, closedOn: closed),
            try row.decode(column: "province_code", as: Int.self)
        )
    }

    /// The plan's entry, the interest credited and the payout as movements, the account closed.
    static func write(
        _ plan: SavingsClosePlan, account: SavingsAccountStanding, on date: BusinessDate,
        actor: Actor, sql: any SQLDatabase, world: World
    ) async throws {
        if let entry = plan.entry {
            try await LedgerStore(sql: sql, world: world).post([entry], actor: actor)
        }
        let now = world.nowMillis, entryID = plan.entry?.id
        let movements: [(kind: String, amount: Money)] = [
            ("interest", plan.interest), ("closing", Money(dong: -plan.payout.dong)),
        ]
        try await sql.insertBatches(
            into: "savings_movements",
            columns: [
                "id", "account_id", "on_date", "amount", "kind", "batch_id", "entry_id", "actor",
                "created_at",
            ],
            rows: movements.filter { $0.amount.dong != 0 }.map {
                [
                    world.newID(), account.accountID, date.iso, $0.amount.dong, $0.kind,
                    nil as String?, entryID, actor.username, now,
                ]
            })
        try await sql.update("savings_accounts").set("balance", to: Int64(0))
            .set("closed_on", to: date.iso).set("updated_at", to: now)
            .where("id", .equal, account.accountID).run()
    }
}

extension ReferenceDataStore {
    /// Lãi suất tiền gửi của tổ viên (basis points a year) in force on a day; zero when none is.
    func savingsRate(on date: BusinessDate) async throws -> Int64 {
        try await value(key: "savings_interest_bp_year", on: date).flatMap { Int64($0.value) } ?? 0
    }

    /// The rate in force at each month-end of the half-year up to `date`.
    func savingsRates(through date: BusinessDate) async throws -> [BusinessDate: Int64] {
        var rates: [BusinessDate: Int64] = [:]
        var monthEnd = SavingsInterest.halfStart(of: date).lastOfMonth
        while monthEnd <= date {
            rates[monthEnd] = try await savingsRate(on: monthEnd)
            monthEnd = monthEnd.adding(days: 1).lastOfMonth
        }
        return rates
    }
}
