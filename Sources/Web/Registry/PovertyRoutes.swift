import Domain
import Store
import Vapor

/// `POST /api/v1/poverty/classify` (fixed contract): classify survey answers under the
/// standard in force on a date (or the one named), with the reasons.
struct PovertyRoutes {
    struct ClassifyRequest: Content {
        let asOf: String
        let area: String
        /// Required unless `incomeScore` is given instead.
        let incomePerPersonMonthly: Int64?
        let incomeScore: ScoreRequest?
        let deprivations: [String]
        let standard: String?
    }

    /// Phiếu B1 answers: item code → option code, on the scorecard named or else the one that
    /// applies to the standard on `asOf`.
    struct ScoreRequest: Content {
        let scorecard: String?
        let answers: [String: String]
    }

    struct ClassifyResponse: Content {
        let classification: String
        let standard: String
        let reasons: [String]
        /// The Phiếu B1 total when the income was scored.
        let incomeScore: Int?
    }

    func register(_ app: Application) {
        app.on(.POST, ["api", "v1", "poverty", "classify"], access: .signedIn, kind: .api) { req -> ClassifyResponse in
            let body = try req.content.decode(ClassifyRequest.self)
            let date = try Validate.date(body.asOf)
            let standard = try await PovertyStandardStore(database: req.db, world: req.world).standard(code: body.standard, on: date)
            let income: IncomeEvidence
            switch (body.incomePerPersonMonthly, body.incomeScore) {
            case (let money?, nil):
                guard money >= 0 else { throw RegistryError.negativeIncome }
                income = .declared(try Validate.amount(money, field: "incomePerPersonMonthly"))
            case (nil, let score?):
                let scorecard = try await IncomeScorecardStore(database: req.db, world: req.world)
                    .scorecard(code: score.scorecard, standard: standard, on: date)
                income = .scored(try scorecard.score(score.answers), scorecard)
            default:
                throw PlatformError.invalidInput(field: "incomePerPersonMonthly",
                                                 message: "Gửi đúng một trong hai: thu nhập bình quân (incomePerPersonMonthly) hoặc điểm Phiếu B1 (incomeScore).")
            }
            let result = try PovertyClassifier.classify(
                SurveyAnswers(area: try Area(label: body.area), income: income, deprivations: Set(body.deprivations)), under: standard)
            let score: Int? = if case .scored(let total, _) = income { total } else { nil }
            return ClassifyResponse(classification: result.classification.rawValue, standard: result.standardCode, reasons: result.reasons,
                                    incomeScore: score)
        }
    }
}
