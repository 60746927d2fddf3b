import Domain
import Store
import Vapor

/// `POST /api/v1/poverty/classify` (fixed contract): classify survey answers under the
/// standard in force on a date (or the one named), with the reasons.
struct PovertyRoutes {
    struct ClassifyRequest: Content {
        let asOf: String
        let area: String
        let incomePerPersonMonthly: Int64
        let deprivations: [String]
        let standard: String?
    }

    struct ClassifyResponse: Content {
        let classification: String
        let standard: String
        let reasons: [String]
    }

    func register(_ app: Application) {
        app.on(.POST, ["api", "v1", "poverty", "classify"], access: .signedIn, kind: .api) { req -> ClassifyResponse in
            let body = try req.content.decode(ClassifyRequest.self)
            let date: BusinessDate
            do { date = try BusinessDate(iso: body.asOf) } catch { throw PlatformError.invalidDate(body.asOf) }
            guard body.incomePerPersonMonthly >= 0 else { throw RegistryError.negativeIncome }
            let standard = try await PovertyStandardStore(database: req.db, world: req.world).standard(code: body.standard, on: date)
            let result = try PovertyClassifier.classify(
                SurveyAnswers(area: try Area(label: body.area), incomePerPersonMonthly: Money(dong: body.incomePerPersonMonthly),
                              deprivations: Set(body.deprivations)), under: standard)
            return ClassifyResponse(classification: result.classification.rawValue, standard: result.standardCode, reasons: result.reasons)
        }
    }
}
