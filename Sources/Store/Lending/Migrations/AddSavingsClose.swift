import FluentKit

/// Tất toán sổ tiết kiệm (CHANGES 2026-12-01 item 9): the day a member's account was closed,
/// its interest credited and its balance paid out; a later deposit opens it again.
struct AddSavingsClose: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("savings_accounts").field("closed_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("savings_accounts").deleteField("closed_on").update()
    }
}
