import Domain
import FluentKit
import Foundation
import SQLKit

/// Mô hình sản xuất kinh doanh tiêu biểu: recorded in a commune in scope with loans of that
/// commune, given photos, published with the owner's consent; every write audited.
public struct ModelStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// Ghi mô hình: the commune in scope, each loan of that commune and in scope, the household
    /// (when named) of that commune; saved unpublished with no consent, audited.
    public func create(
        _ d: ExemplaryModelDraft, actor: Actor, scope: AccessScope
    ) async throws -> ExemplaryModel {
        try ExemplaryModelRules.check(d, asOf: world.today)
        let sql = try self.sql
        let unit = try await UnitStore(sql: sql).unit(
            level: .commune, code: d.unitCode, asOf: world.today, scope: scope)
        let loans = try await Self.loans(d.loanIDs, unitID: unit.id, scope: scope, sql: sql)
        guard loans.count == d.loanIDs.count else {
            throw OversightError.invalid(
                field: "loans",
                why: "có khoản vay không thuộc \(unit.name) hoặc ngoài phạm vi của bạn")
        }
        let household = d.householdID?.trimmingCharacters(in: .whitespaces)
            .nilIfEmpty
        if let household {
            let found = try await sql.raw(
                """
                SELECT id FROM households
                WHERE id = \(bind: household) AND unit_id = \(bind: unit.id)
                """
            ).first()
            guard found != nil else {
                throw OversightError.invalid(
                    field: "household", why: "không có hộ \(household) trong \(unit.name)")
            }
        }
        let id = world.newID()
        let world = world
        let model = ExemplaryModel(
            id: id, unitCode: unit.code, unitName: unit.name,
            ownerName: Self.trimmed(d.ownerName), householdID: household,
            village: Self.trimmed(d.village), loans: loans, title: Self.trimmed(d.title),
            description: Self.trimmed(d.description), activity: Self.trimmed(d.activity),
            incomeBeforePerYear: d.incomeBeforePerYear, incomeAfterPerYear: d.incomeAfterPerYear,
            jobsCreated: d.jobsCreated, recognisedOn: d.recognisedOn,
            recognisedBy: Self.trimmed(d.recognisedBy), photos: [], consent: [],
            published: false, createdBy: actor.username)
        let folded = TextFolding.fold(
            [model.title, model.ownerName, model.village, model.activity].joined(separator: " "))
        try await WriteTransaction.run(database) { sql in
            try await sql.insertBatches(
                into: "exemplary_models", columns: Self.columns,
                rows: [
                    [
                        id, unit.id, unit.provinceCode, model.ownerName, model.householdID,
                        model.village, model.title, model.description, model.activity,
                        model.incomeBeforePerYear.dong, model.incomeAfterPerYear.dong,
                        model.jobsCreated, model.recognisedOn?.iso, model.recognisedBy, "", 0,
                        folded, actor.username, world.nowMillis, world.nowMillis,
                    ]
                ])
            try await sql.insertBatches(
                into: "exemplary_model_loans", columns: ["model_id", "loan_id", "province_code"],
                rows: loans.map { loan -> [any Encodable & Sendable] in
                    [id, loan.id, unit.provinceCode]
                })
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "exemplary_model.create", recordType: "exemplary_model",
                recordID: id, provinceCode: unit.provinceCode, before: nil as String?,
                after: model, unitID: unit.id)
        }
        return model
    }

    /// Công khai hoặc thôi công khai, with the fields the owner consented to. Publishing needs a
    /// title and a description; consent may change while unpublished too.
    public func setPublication(
        id: String, published: Bool, consent: Set<ModelConsentField>, actor: Actor,
        scope: AccessScope
    ) async throws -> ExemplaryModel {
        let before = try await model(id: id, scope: scope)
        var after = before
        after.published = published
        after.consent = consent
        if published { try ExemplaryModelRules.checkPublishable(after) }
        let world = world
        let location = try await Self.location(of: id, sql: try self.sql)
        let result = after
        try await WriteTransaction.run(database) { sql in
            try await sql.raw(
                """
                UPDATE exemplary_models SET published = \(bind: published ? 1 : 0),
                consent = \(bind: ModelConsentField.text(consent)),
                updated_at = \(bind: world.nowMillis)
                WHERE id = \(bind: id)
                """
            ).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor,
                action: published ? "exemplary_model.publish" : "exemplary_model.unpublish",
                recordType: "exemplary_model", recordID: id, provinceCode: location.provinceCode,
                before: before, after: result, unitID: location.unitID)
        }
        return after
    }

    /// The loans named, of `unitID` and in scope, in the order named.
    static func loans(
        _ ids: [String], unitID: String, scope: AccessScope, sql: any SQLDatabase
    ) async throws -> [ModelLoan] {
        guard !ids.isEmpty else { return [] }
        let rows = try await sql.raw(
            """
            SELECT l.id AS id, l.program_code AS program_code, l.approved AS approved FROM loans l
            WHERE l.unit_id = \(bind: unitID) AND \(scope.condition("l.unit_id"))
            AND l.id IN (\(binds: ids))
            """
        ).all()
        var found: [String: ModelLoan] = [:]
        for r in rows {
            let loan = ModelLoan(
                id: try r.decode(column: "id", as: String.self),
                programCode: try r.decode(column: "program_code", as: String.self),
                amount: Money(dong: try r.decode(column: "approved", as: Int64.self)))
            found[loan.id] = loan
        }
        return ids.compactMap { found[$0] }
    }

    /// A model's commune and province, for the audit log.
    static func location(
        of id: String, sql: any SQLDatabase
    ) async throws
        -> (unitID: String, provinceCode: Int)
    {
        guard
            let row = try await sql.raw(
                "SELECT unit_id, province_code FROM exemplary_models WHERE id = \(bind: id)"
            ).first()
        else { throw OversightError.notFound("mô hình \(id)") }
        return (
            try row.decode(column: "unit_id", as: String.self),
            try row.decode(column: "province_code", as: Int.self)
        )
    }

    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let columns = [
        "id", "unit_id", "province_code", "owner_name", "household_id", "village", "title",
        "description", "activity", "income_before", "income_after", "jobs_created",
        "recognised_on", "recognised_by", "consent", "published", "folded", "created_by",
        "created_at", "updated_at",
    ]
}

extension String {
    /// Nil for an empty string, for optional fields a form sends empty.
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
