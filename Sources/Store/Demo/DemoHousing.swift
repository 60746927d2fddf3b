import Domain
import FluentKit
import Foundation

/// Nhu cầu vay nhà ở xã hội in the demo: what the Department of Construction's survey and two
/// communes recorded, each through the same check of conditions as an officer's.
extension DemoProvince {
    func housingDemand() async throws {
        let store = HousingDemandStore(database: database, world: world)
        let surveyed = businessDate.adding(days: -40)
        let rows:
            [(
                Int, String, HousingBeneficiary, HousingMarital, Int64, HousingPurpose, Int,
                Int64, HousingSource
            )] = [
                (
                    11953, "Công nhân KCN Phố Nối A (danh sách 12 hộ)", .worker, .married,
                    32_000_000,
                    .buy, 12, 6_000_000_000, .department
                ),
                (
                    11953, "Lê Thị Thu", .civilServant, .singleParent, 21_000_000, .hirePurchase, 1,
                    350_000_000, .commune
                ),
                (
                    11953, "Phạm Văn Nam", .poorUrban, .married, 6_000_000, .renovate, 1,
                    80_000_000, .vbsp
                ),
                (
                    11977, "Người lao động thu nhập thấp (danh sách 8 hộ)", .lowIncomeUrban,
                    .single, 14_000_000, .buy, 8, 3_200_000_000, .department
                ),
                (11977, "Đỗ Văn Hải", .meritorious, .married, 0, .build, 1, 500_000_000, .commune),
            ]
        for r in rows {
            _ = try await store.register(
                NewHousingDemand(
                    unitCode: r.0, applicant: r.1,
                    person: HousingApplicant(
                        beneficiary: r.2, marital: r.3, monthlyIncome: Money(dong: r.4),
                        ownsHouse: false, areaPerPerson: 0),
                    purpose: r.5, households: r.6, amount: Money(dong: r.7), surveyedOn: surveyed,
                    source: r.8), actor: Self.communeActor, scope: .everything)
        }
    }
}
