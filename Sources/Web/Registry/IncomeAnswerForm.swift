import Domain
import Store
import Vapor

/// The income part of both survey forms (a household's page and a review's household): the
/// surveyor scores Phiếu B1 (`method=score`, one `score[item]` per question) or, where no
/// scorecard is loaded or the household's income is known, enters it (`method=income`).
struct IncomeAnswerForm {
    var method: String?
    var income: String?
    var score: [String: String]?

    /// Without a method the form is read as a declared income, which is what clients that
    /// predate scoring send.
    func answer() throws -> IncomeAnswer {
        if method == "score" { return .scorecard((score ?? [:]).filter { !$0.value.isEmpty }) }
        return .declared(try Validate.money(income, field: "income", label: "Thu nhập bình quân đầu người"))
    }
}

/// A scorecard ready for a form: each question as a select with the points beside each option.
struct ScorecardForm: Encodable {
    struct Option: Encodable { let code: String; let label: String; let selected: Bool }
    struct Item: Encodable { let code: String; let question: String; let options: [Option] }
    let code: String
    let name: String
    let cutoffs: String
    let items: [Item]
    /// The method the form opens with: scoring unless the last answer was a declared income.
    let scoreChecked: Bool

    init(_ scorecard: IncomeScorecard, chosen: [String: String], declared: Bool) {
        code = scorecard.code
        name = scorecard.name
        cutoffs = Self.cutoffs(of: scorecard)
        items = scorecard.items.map { item in
            Item(code: item.code, question: item.question,
                 options: item.options.map { Option(code: $0.code, label: "\($0.label) (\($0.points) điểm)", selected: chosen[item.code] == $0.code) })
        }
        scoreChecked = !declared
    }

    /// "Nông thôn: nghèo ≤ 140, trung bình ≤ 175 điểm · Thành thị: …".
    static func cutoffs(of scorecard: IncomeScorecard) -> String {
        Area.allCases.compactMap { area in
            scorecard.cutoffs[area].map { cut in
                "\(area.label): nghèo ≤ \(cut.povertyLine)" + (cut.averageUpperBound.map { ", trung bình ≤ \($0)" } ?? "") + " điểm"
            }
        }.joined(separator: " · ")
    }
}
