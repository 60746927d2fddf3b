import Domain
import FluentKit
import Foundation
import SQLKit

/// A photo's bytes as served, with the type found from its first bytes.
public struct StoredPhoto: Sendable, Equatable {
    public var contentType: String
    public var bytes: Data
}

extension ModelStore {
    /// Thêm ảnh: a JPEG, PNG or WebP of at most 2 MiB (by its bytes), at most six per model, the
    /// model in scope; audited without the bytes.
    public func addPhoto(
        modelID: String, bytes: [UInt8], caption: String, actor: Actor, scope: AccessScope
    ) async throws -> ModelPhoto {
        let model = try await model(id: modelID, scope: scope)
        let type = try ImageFile.check(bytes)
        let text = caption.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 500,
            !text.unicodeScalars.contains(where: {
                $0.value < 32 || (0x7F...0x9F).contains($0.value)
            })
        else {
            throw OversightError.invalid(field: "caption", why: "chú thích ảnh tối đa 500 ký tự")
        }
        guard model.photos.count < ImageFile.maxPerModel else {
            throw OversightError.unsupportedFile(
                "mỗi mô hình có tối đa \(ImageFile.maxPerModel) ảnh")
        }
        let location = try await Self.location(of: modelID, sql: try self.sql)
        let photo = ModelPhoto(
            id: world.newID(), caption: text, contentType: type.contentType,
            byteCount: bytes.count)
        let data = Data(bytes)
        let world = world
        try await WriteTransaction.run(database) { sql in
            // Counted again under the write lock: two uploads at once cannot make a seventh.
            let count =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM exemplary_model_photos
                    WHERE model_id = \(bind: modelID)
                    """
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            guard count < ImageFile.maxPerModel else {
                throw OversightError.unsupportedFile(
                    "mỗi mô hình có tối đa \(ImageFile.maxPerModel) ảnh")
            }
            try await sql.insertBatches(
                into: "exemplary_model_photos",
                columns: [
                    "id", "model_id", "province_code", "position", "caption", "content_type",
                    "byte_count", "bytes", "created_by", "created_at",
                ],
                rows: [
                    [
                        photo.id, modelID, location.provinceCode, count + 1, photo.caption,
                        photo.contentType, photo.byteCount, data, actor.username,
                        world.nowMillis,
                    ]
                ])
            try await sql.raw(
                """
                UPDATE exemplary_models SET updated_at = \(bind: world.nowMillis)
                WHERE id = \(bind: modelID)
                """
            ).run()
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "exemplary_model.photo_add",
                recordType: "exemplary_model", recordID: modelID,
                provinceCode: location.provinceCode, before: nil as String?, after: photo,
                unitID: location.unitID)
        }
        return photo
    }

    /// Ảnh công khai: the bytes only when the model is published and its owner consented to
    /// photos; otherwise `notFound`, the same as for no such photo.
    public func publicPhoto(modelID: String, photoID: String) async throws -> StoredPhoto {
        guard
            let row = try await self.sql.raw(
                """
                SELECT p.content_type AS content_type, p.bytes AS bytes, m.published AS published,
                m.consent AS consent FROM exemplary_model_photos p
                JOIN exemplary_models m ON m.id = p.model_id
                WHERE p.id = \(bind: photoID) AND p.model_id = \(bind: modelID)
                """
            ).first()
        else { throw OversightError.notFound("ảnh") }
        let published = try row.decode(column: "published", as: Int.self) != 0
        let consent = ModelConsentField.set(try row.decode(column: "consent", as: String.self))
        guard published, consent.contains(.photos) else { throw OversightError.notFound("ảnh") }
        let bytes = try row.decode(column: "bytes", as: Data.self)
        // Checked again on the way out: only what is still an image of ours is served.
        guard let type = ImageFile.sniff([UInt8](bytes)) else {
            throw OversightError.notFound("ảnh")
        }
        return StoredPhoto(contentType: type.contentType, bytes: bytes)
    }
}
