import Domain
import FluentKit
import Foundation
import SQLKit

/// Nguồn số liệu nhu cầu: the Department of Construction's survey, the bank's office, or the
/// commune.
public enum HousingSource: String, Sendable, Codable, CaseIterable {
    case department, vbsp, commune

    public var label: String {
        switch self {
        case .department: "Sở Xây dựng"
        case .vbsp: "NHCSXH"
        case .commune: "UBND xã"
        }
    }
}

/// A registration as typed: who, where, for what, how much, when surveyed.
public struct NewHousingDemand: Sendable, Equatable {
    public var unitCode: Int
    public var applicant: String
    public var person: HousingApplicant
    public var purpose: HousingPurpose
    public var households: Int
    public var amount: Money
    public var surveyedOn: BusinessDate
    public var source: HousingSource

    public init(
        unitCode: Int, applicant: String, person: HousingApplicant, purpose: HousingPurpose,
        households: Int, amount: Money, surveyedOn: BusinessDate, source: HousingSource
    ) {
        self.unitCode = unitCode
        self.applicant = applicant
        self.person = person
        self.purpose = purpose
        self.households = households
        self.amount = amount
        self.surveyedOn = surveyedOn
        self.source = source
    }
}

/// A stored registration with its commune and the assessment it passed.
public struct HousingDemandRecord: Sendable, Codable, Equatable {
    public var id: String
    public var unitCode: Int
    public var unitName: String
    public var applicant: String
    public var person: HousingApplicant
    public var purpose: HousingPurpose
    public var households: Int
    public var amount: Money
    public var surveyedOn: BusinessDate
    public var source: HousingSource
    public var assessment: HousingAssessment
    public var createdBy: String
}

/// Nhu cầu vay nhà ở xã hội: registered in a commune in scope after the conditions are
/// checked, listed, and aggregated by commune and purpose beside the social-housing book.
public struct HousingDemandStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The ceilings and the housing floor in force on the date (reference tables).
    public func rules(on date: BusinessDate) async throws -> HousingRules {
        let reference = ReferenceDataStore(database: database, world: world)
        func value(_ key: String) async throws -> ReferenceValue? {
            try await reference.value(key: key, on: date)
        }
        guard let single = try await value("housing_income_single"),
            let married = try await value("housing_income_married"),
            let s = Int64(single.value), let m = Int64(married.value)
        else { throw HousingError.noRules(date) }
        let parent = try await value("housing_income_single_parent").flatMap { Int64($0.value) }
        let area = try await value("housing_min_area_per_person").flatMap { Int($0.value) } ?? 0
        return HousingRules(
            single: Money(dong: s), married: Money(dong: m),
            singleParent: parent.map { Money(dong: $0) },
            minAreaPerPerson: area, source: single.legalSource)
    }

    /// Ghi nhu cầu: the commune must be in scope; a declaration that fails a condition is
    /// refused with the findings and nothing is saved; audited.
    public func register(
        _ d: NewHousingDemand, actor: Actor, scope: AccessScope
    ) async throws
        -> HousingDemandRecord
    {
        let name = d.applicant.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(name.count) else {
            throw HousingError.invalid("ghi tên người hoặc hộ đăng ký (tối đa 200 ký tự)")
        }
        guard (1...10_000).contains(d.households) else {
            throw HousingError.invalid("số hộ từ 1 đến 10.000")
        }
        guard d.amount.dong > 0, d.amount <= Money.inputMaximum else {
            throw HousingError.invalid("số tiền cần vay phải lớn hơn 0")
        }
        guard d.surveyedOn <= world.today else { throw HousingError.invalid("ngày ở tương lai") }
        try HousingConditions.check(d.person)
        let unit = try await UnitStore(sql: try sql).unit(
            level: .commune, code: d.unitCode, asOf: d.surveyedOn, scope: scope)
        let assessment = HousingConditions.assess(
            d.person, rules: try await rules(on: d.surveyedOn))
        guard assessment.met else { throw HousingError.conditionsNotMet(assessment) }
        let id = world.newID()
        let world = world
        let record = HousingDemandRecord(
            id: id, unitCode: unit.code, unitName: unit.name, applicant: name, person: d.person,
            purpose: d.purpose, households: d.households, amount: d.amount,
            surveyedOn: d.surveyedOn, source: d.source, assessment: assessment,
            createdBy: actor.username)
        try await WriteTransaction.run(database) { sql in
            try await sql.insertBatches(
                into: "housing_demands", columns: Self.columns,
                rows: [
                    [
                        id, unit.id, unit.provinceCode, name, d.person.beneficiary.rawValue,
                        d.person.marital.rawValue, d.person.monthlyIncome.dong,
                        d.person.ownsHouse ? 1 : 0, d.person.areaPerPerson, d.purpose.rawValue,
                        d.households, d.amount.dong, d.surveyedOn.iso, d.source.rawValue,
                        try StoredJSON.text(assessment), actor.username, world.nowMillis,
                    ]
                ])
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "housing_demand.register", recordType: "housing_demand",
                recordID: id, provinceCode: unit.provinceCode, before: nil as String?,
                after: record, unitID: unit.id)
        }
        return record
    }

    static let columns = [
        "id", "unit_id", "province_code", "applicant", "beneficiary", "marital",
        "monthly_income", "owns_house", "area_per_person", "purpose", "households", "amount",
        "surveyed_on", "source", "assessment", "created_by", "created_at",
    ]
}
