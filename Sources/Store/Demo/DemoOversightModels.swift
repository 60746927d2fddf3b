import Domain
import FluentKit
import Foundation
import SQLKit

/// Mô hình tiêu biểu và đóng góp in the demo: one published model in the home commune with a
/// photo, and two contributions, all through the same stores as an officer's.
extension DemoProvince {
    /// A 1×1 PNG, the demo model's photo.
    static let demoPhoto: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    /// Seeds the demo's oversight records once: nothing when a model or a contribution is
    /// already stored in the home commune, or when the commune has no loan to name.
    static func seedDemoModels(database: any Database, world: World) async throws {
        let sql = try database.sqlDatabase()
        let unit = try await UnitStore(sql: sql).unit(
            level: .commune, code: communeCode, asOf: world.today, scope: .everything)
        let existing = try await sql.raw(
            """
            SELECT id FROM exemplary_models WHERE unit_id = \(bind: unit.id)
            UNION ALL SELECT id FROM contributions WHERE unit_id = \(bind: unit.id)
            """
        ).first()
        guard existing == nil else { return }
        let loans = try await sql.raw(
            """
            SELECT id FROM loans WHERE unit_id = \(bind: unit.id) ORDER BY disbursed_on, id LIMIT 1
            """
        ).all(decodingColumn: "id", as: String.self)
        guard !loans.isEmpty else { return }
        let store = ModelStore(database: database, world: world)
        let today = world.today
        let model = try await store.create(
            ExemplaryModelDraft(
                ownerName: "Nguyễn Thị Hoa", householdID: nil, unitCode: communeCode,
                village: "Tổ dân phố An Vũ", loanIDs: loans,
                title: "Nuôi gà thả vườn kết hợp trồng nhãn",
                description: "Từ vốn vay hộ nghèo, hộ mở rộng đàn gà lên 500 con, trồng thêm"
                    + " 40 gốc nhãn lồng; đã thoát nghèo và hướng dẫn 5 hộ khác cùng làm.",
                activity: "Cho vay hộ nghèo", incomeBeforePerYear: Money(dong: 36_000_000),
                incomeAfterPerYear: Money(dong: 120_000_000), jobsCreated: 3,
                recognisedOn: today.adding(days: -60), recognisedBy: "UBND phường Phố Hiến"),
            actor: communeActor, scope: .everything)
        _ = try await store.addPhoto(
            modelID: model.id, bytes: demoPhoto, caption: "Đàn gà của mô hình",
            actor: communeActor, scope: .everything)
        _ = try await store.setPublication(
            id: model.id, published: true, consent: [.village, .photos, .loans],
            actor: communeActor, scope: .everything)
        let contributions = ContributionStore(database: database, world: world)
        // A day inside the latest peak month already begun (17/10–18/11).
        let thisYear = PeakMonth.window(year: today.year).lowerBound
        let received =
            (thisYear < today ? thisYear : PeakMonth.window(year: today.year - 1).lowerBound)
            .adding(days: 1)
        let gifts: [(String, ContributorKind, Int64, ContributionPurpose, BusinessDate)] = [
            ("Công ty TNHH May Phố Hiến", .business, 50_000_000, .forThePoorFund, received),
            (
                "Hội LHPN phường Phố Hiến", .organisation, 200_000_000, .policyCreditCapital,
                today.adding(days: -200)
            ),
        ]
        for (name, kind, amount, purpose, on) in gifts {
            _ = try await contributions.record(
                ContributionDraft(
                    contributor: name, kind: kind, unitCode: communeCode,
                    amount: Money(dong: amount), purpose: purpose, receivedOn: on,
                    note: "Ủng hộ Tháng cao điểm Vì người nghèo"),
                actor: communeActor, scope: .everything)
        }
    }
}
