import Domain
import Store
import Vapor

extension HousingRoutes {
    /// Social-housing capital the bank may still lend in the reader's province: what the
    /// program received less the program's outstanding (0 where no single province is in view).
    static func capitalAvailable(_ req: Request, scope: AccessScope) async throws -> Money {
        guard let province = try? await CapitalRoutes.province(nil, req: req, scope: scope) else {
            return .zero
        }
        let capital = try await CapitalStore(database: req.db, world: req.world).balances(
            provinceCode: province, on: req.world.today, scope: scope
        ).total(program: "social_housing")
        let outstanding = try await HousingDemandStore(database: req.db, world: req.world)
            .summary(unitIDs: nil, scope: scope).outstanding.values
            .reduce(Int128(0)) { $0 + Int128($1.dong) }
        return HousingDemandConversion.available(
            capital: capital, outstanding: Money(dong: Int64(clamping: outstanding)))
    }

    /// The direct-lending form, filled in from the demand: the bank completes and submits it.
    static func applicationLink(_ d: HousingDemandRecord) -> String {
        "/applications/direct/new?"
            + QueryString.encode([
                "program": "social_housing", "borrower": d.applicant, "unit": String(d.unitCode),
                "amount": String(d.amount.dong),
                "purpose": "\(d.purpose.label) (nhu cầu đăng ký ngày \(d.surveyedOn.vietnamese))",
            ])
    }
}
