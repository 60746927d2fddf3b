import Domain
import FluentKit
import Foundation

/// Nguồn vốn of the demo province: the central capital and the mobilised capital the branch
/// received, the province's and two communes' budgets entrusted year by year, a transfer
/// between programs and this year's plans, each through the same commands as an officer's.
extension DemoProvince {
    /// A second commune of the demo that entrusts its own budget.
    static let otherCommuneCode = 11977

    func capitalSources() async throws {
        let store = CapitalStore(database: database, world: world)
        let bank = Actor(userID: nil, username: "bank")
        let finance = Actor(userID: nil, username: "finance")
        let year = businessDate.year
        let rows: [(Int, CapitalSource, CapitalLevel, Int, String, Int64, String)] = [
            (
                year - 3, .central, .province, Self.provinceCode, "poor_household", 2_400_000,
                "QĐ 45/QĐ-HĐQT"
            ),
            (
                year - 3, .central, .province, Self.provinceCode, "job_creation", 1_200_000,
                "QĐ 45/QĐ-HĐQT"
            ),
            (
                year - 3, .mobilised, .province, Self.provinceCode, "clean_water_sanitation",
                400_000, "CV 112/NHCS-KHNV"
            ),
            (
                year - 3, .province, .province, Self.provinceCode, "job_creation", 180_000,
                "NQ 20/NQ-HĐND"
            ),
            (
                year - 2, .central, .province, Self.provinceCode, "near_poor_household", 900_000,
                "QĐ 30/QĐ-HĐQT"
            ),
            (year - 2, .central, .province, Self.provinceCode, "student", 300_000, "QĐ 30/QĐ-HĐQT"),
            (
                year - 2, .province, .province, Self.provinceCode, "job_creation", 150_000,
                "NQ 31/NQ-HĐND"
            ),
            (
                year - 1, .central, .province, Self.provinceCode, "social_housing", 500_000,
                "QĐ 12/QĐ-HĐQT"
            ),
            (
                year - 1, .province, .province, Self.provinceCode, "poor_household", 200_000,
                "NQ 45/NQ-HĐND"
            ),
            (
                year - 1, .commune, .commune, Self.communeCode, "job_creation", 5_000,
                "NQ 08/NQ-HĐND xã"
            ),
            (
                year, .central, .province, Self.provinceCode, "poor_household", 600_000,
                "QĐ 03/QĐ-HĐQT"
            ),
            (
                year, .province, .province, Self.provinceCode, "social_housing", 120_000,
                "NQ 15/NQ-HĐND"
            ),
            (
                year, .commune, .commune, Self.communeCode, "poor_household", 3_000,
                "NQ 02/NQ-HĐND xã"
            ),
            (
                year, .commune, .commune, Self.otherCommuneCode, "job_creation", 2_000,
                "NQ 04/NQ-HĐND xã"
            ),
        ]
        for (n, r) in rows.enumerated() {
            let on = min(businessDate, try BusinessDate(year: r.0, month: 3, day: 15))
            let local = r.1.isLocalBudget
            _ = try await store.allocate(
                CapitalUnitRef(level: r.2, code: r.3),
                { unit in
                    CapitalAllocation(
                        source: r.1, level: r.2, unitID: unit, programCode: r.4,
                        amount: Money(dong: r.5 * 1_000_000), receivedOn: on,
                        decision: CapitalDecision(number: r.6, date: on.adding(days: -20)))
                }, key: "demo-capital-\(n)", actor: local ? finance : bank,
                role: local ? .finance : .bank, scope: .everything)
        }
        let moved = min(businessDate, try BusinessDate(year: year, month: 6, day: 30))
        _ = try await store.transfer(
            CapitalUnitRef(level: .province, code: Self.provinceCode),
            { unit in
                CapitalTransfer(
                    source: .province, unitID: unit, fromProgram: "job_creation",
                    toProgram: "social_housing", amount: Money(dong: 30_000_000_000), on: moved,
                    decision: CapitalDecision(number: "QĐ 1020/QĐ-UBND", date: moved))
            }, key: "demo-capital-transfer", actor: finance, role: .finance, scope: .everything)
        let plans: [(CapitalLevel, Int, CapitalSource, Int64)] = [
            (.province, Self.provinceCode, .province, 250_000),
            (.commune, Self.communeCode, .commune, 5_000),
            (.commune, Self.otherCommuneCode, .commune, 4_000),
        ]
        for (level, code, source, amount) in plans {
            _ = try await store.setPlan(
                CapitalUnitRef(level: level, code: code),
                { unit in
                    CapitalYearPlan(
                        year: year, source: source, level: level, unitID: unit,
                        amount: Money(dong: amount * 1_000_000),
                        decisionNumber: "NQ dự toán \(year)")
                }, actor: finance, role: .finance, scope: .everything)
        }
    }
}
