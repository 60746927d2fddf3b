import Domain
import SQLKit

/// Một lần nhập sổ cũ: when, from which file, how many loans, and its reconciliation report.
public struct BookImportRecord: Sendable, Equatable {
    public var id: String
    public var importedOn: BusinessDate
    public var source: String
    public var loans: Int
    public var acceptedDifferences: Int
    public var actor: String
    /// The report's lines in the reader's scope only.
    public var report: [ReconciliationLine]
}

extension BookImporter {
    /// The latest imports whose report names a commune in the reader's scope, newest first.
    public func imports(scope: AccessScope, limit: Int = 50) async throws -> [BookImportRecord] {
        let rows = try await sql.raw(
            """
            SELECT * FROM book_imports ORDER BY created_at DESC, id DESC LIMIT
              \(unsafeRaw: String(max(1, min(limit, 500))))
            """
        ).all()
        return try rows.compactMap { row in
            let record = try Self.record(row, scope: scope)
            return record.report.isEmpty ? nil : record
        }
    }

    /// One import's report, failing closed: an import with no commune in the scope is not found.
    public func record(id: String, scope: AccessScope) async throws -> BookImportRecord {
        guard
            let row = try await sql.raw("SELECT * FROM book_imports WHERE id = \(bind: id)").first()
        else {
            throw PlatformError.notFound
        }
        let record = try Self.record(row, scope: scope)
        guard !record.report.isEmpty else { throw PlatformError.notFound }
        return record
    }

    static func record(_ row: any SQLRow, scope: AccessScope) throws -> BookImportRecord {
        let report = try StoredJSON.value(
            [ReconciliationLine].self, from: try row.decode(column: "report", as: String.self))
        return BookImportRecord(
            id: try row.decode(column: "id", as: String.self),
            importedOn: try BusinessDate(
                iso: try row.decode(column: "imported_on", as: String.self)),
            source: try row.decode(column: "source", as: String.self),
            loans: try row.decode(column: "loans", as: Int.self),
            acceptedDifferences: try row.decode(column: "accepted_differences", as: Int.self),
            actor: try row.decode(column: "actor", as: String.self),
            report: report.filter { scope.contains(AdministrativeUnit.ID($0.key.unitID)) })
    }
}
