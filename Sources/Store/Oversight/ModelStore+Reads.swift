import Domain
import FluentKit
import Foundation
import SQLKit

/// A search of models: text without diacritics, only published ones.
public struct ModelQuery: Sendable, Equatable {
    public var text: String?
    public var publishedOnly: Bool

    public init(text: String? = nil, publishedOnly: Bool = false) {
        self.text = text
        self.publishedOnly = publishedOnly
    }
}

extension ModelStore {
    /// The models in scope matching `query`, newest first, with their loans and photos.
    public func list(
        _ query: ModelQuery, scope: AccessScope, limit: Int = 500
    ) async throws
        -> [ExemplaryModel]
    {
        var filter = scope.condition("m.unit_id")
        if query.publishedOnly { filter = filter + " AND m.published = 1" }
        if let text = query.text.map(TextFolding.fold), !text.isEmpty {
            filter =
                filter
                + " AND m.folded LIKE \(bind: likePattern(containing: text)) ESCAPE '\\'"
        }
        return try await models(where: filter, limit: limit)
    }

    /// One model in scope; `notFound` outside it (the same answer as for none).
    public func model(id: String, scope: AccessScope) async throws -> ExemplaryModel {
        let filter = scope.condition("m.unit_id") + " AND m.id = \(bind: id)"
        guard let model = try await models(where: filter, limit: 1).first else {
            throw OversightError.notFound("mô hình")
        }
        return model
    }

    /// Mô hình công khai: the published models of every province, each cut to what its owner
    /// consented to show (`publicView(consent:)`), newest first.
    public func published(limit: Int = 200) async throws -> [PublicExemplaryModel] {
        try await models(where: "m.published = 1", limit: limit).map { $0.consentedView }
    }

    /// The rows, then their loans and photos in one query each.
    func models(where filter: SQLQueryString, limit: Int) async throws -> [ExemplaryModel] {
        let sql = try self.sql
        let rows = try await sql.raw(
            """
            SELECT m.*, u.code AS unit_code, u.name AS unit_name FROM exemplary_models m
            JOIN units u ON u.id = m.unit_id WHERE \(filter)
            ORDER BY m.created_at DESC, m.id LIMIT \(literal: limit)
            """
        ).all()
        var models = try rows.map(Self.model)
        guard !models.isEmpty else { return [] }
        let ids = models.map(\.id)
        var loans: [String: [ModelLoan]] = [:]
        let programs = try await LoanStore.programNames(sql: sql)
        for r in try await sql.raw(
            """
            SELECT ml.model_id AS model_id, l.id AS id, l.program_code AS program_code,
            l.approved AS approved FROM exemplary_model_loans ml JOIN loans l ON l.id = ml.loan_id
            WHERE ml.model_id IN (\(binds: ids)) ORDER BY ml.model_id, l.id
            """
        ).all() {
            let program = try r.decode(column: "program_code", as: String.self)
            loans[try r.decode(column: "model_id", as: String.self), default: []].append(
                ModelLoan(
                    id: try r.decode(column: "id", as: String.self), programCode: program,
                    amount: Money(dong: try r.decode(column: "approved", as: Int64.self)),
                    programName: programs[program] ?? program))
        }
        var photos: [String: [ModelPhoto]] = [:]
        for r in try await sql.raw(
            """
            SELECT model_id, id, caption, content_type, byte_count FROM exemplary_model_photos
            WHERE model_id IN (\(binds: ids)) ORDER BY model_id, position, id
            """
        ).all() {
            photos[try r.decode(column: "model_id", as: String.self), default: []].append(
                ModelPhoto(
                    id: try r.decode(column: "id", as: String.self),
                    caption: try r.decode(column: "caption", as: String.self),
                    contentType: try r.decode(column: "content_type", as: String.self),
                    byteCount: try r.decode(column: "byte_count", as: Int.self)))
        }
        for index in models.indices {
            models[index].loans = loans[models[index].id] ?? []
            models[index].photos = photos[models[index].id] ?? []
        }
        return models
    }

    static func model(_ r: any SQLRow) throws -> ExemplaryModel {
        let recognised = try r.decode(column: "recognised_on", as: String?.self)
        return ExemplaryModel(
            id: try r.decode(column: "id", as: String.self),
            unitCode: try r.decode(column: "unit_code", as: Int.self),
            unitName: try r.decode(column: "unit_name", as: String.self),
            ownerName: try r.decode(column: "owner_name", as: String.self),
            householdID: try r.decode(column: "household_id", as: String?.self),
            village: try r.decode(column: "village", as: String.self), loans: [],
            title: try r.decode(column: "title", as: String.self),
            description: try r.decode(column: "description", as: String.self),
            activity: try r.decode(column: "activity", as: String.self),
            incomeBeforePerYear: Money(dong: try r.decode(column: "income_before", as: Int64.self)),
            incomeAfterPerYear: Money(dong: try r.decode(column: "income_after", as: Int64.self)),
            jobsCreated: try r.decode(column: "jobs_created", as: Int.self),
            recognisedOn: try recognised.map { try BusinessDate(iso: $0) },
            recognisedBy: try r.decode(column: "recognised_by", as: String.self), photos: [],
            consent: ModelConsentField.set(try r.decode(column: "consent", as: String.self)),
            published: try r.decode(column: "published", as: Int.self) != 0,
            createdBy: try r.decode(column: "created_by", as: String.self))
    }
}
