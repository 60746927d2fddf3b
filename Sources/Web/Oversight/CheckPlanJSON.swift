import Domain
import Store
import Vapor

struct SampleRulesJSON: Content {
    let sharePerMille: Int; let amountAbove: Int64?; let groupsWithFindings: Bool
    init(_ r: SampleRules) {
        sharePerMille = r.sharePerMille
        amountAbove = r.amountAbove?.dong
        groupsWithFindings = r.groupsWithFindings
    }
}

struct CheckPlanJSON: Content {
    let id: String; let province: Int; let title: String; let units: [String]
    let disbursedFrom: String; let disbursedTo: String; let rules: SampleRulesJSON
    let seed: String; let createdOn: String; let sampled: Int; let checked: Int
    init(_ p: CheckPlanRecord) {
        id = p.id
        province = p.provinceCode
        title = p.title
        units = p.unitIDs.map(DashboardRoutes.communeCode)
        disbursedFrom = p.disbursedFrom.iso
        disbursedTo = p.disbursedTo.iso
        rules = SampleRulesJSON(p.rules)
        seed = String(p.seed)
        createdOn = p.createdOn.iso
        sampled = p.sampled
        checked = p.checked
    }
}

struct CheckPlanListJSON: Content { let items: [CheckPlanJSON]; let total: Int }

struct CheckPlanLoanJSON: Content {
    let loan: String; let borrower: String; let unitName: String; let amount: Int64
    let reason: String; let status: String; let checkedOn: String?; let result: String?
    init(_ l: CheckPlanLoan) {
        loan = l.loanID
        borrower = l.borrower
        unitName = l.unitName
        amount = l.amount.dong
        reason = l.reason.rawValue
        status = l.checkedOn == nil ? "selected" : "checked"
        checkedOn = l.checkedOn?.iso
        result = l.result?.rawValue
    }
}

struct CheckPlanDetailJSON: Content { let plan: CheckPlanJSON; let loans: [CheckPlanLoanJSON] }

struct UncheckedLoanJSON: Content {
    let loan: String; let borrower: String; let unitName: String; let organisation: String?
    let disbursedOn: String; let amount: Int64; let daysLate: Int
    init(_ l: UncheckedLoan) {
        loan = l.loanID
        borrower = l.borrower
        unitName = l.unitName
        organisation = l.organisation
        disbursedOn = l.disbursedOn.iso
        amount = l.amount.dong
        daysLate = l.daysLate
    }
}

struct UncheckedListJSON: Content { let items: [UncheckedLoanJSON]; let total: Int }

/// A plan as sent: the communes by code (none: every commune in scope), the window, the rules
/// (absent: the dated defaults) and the seed (absent: drawn now, and kept).
struct CheckPlanInput: Content {
    let title: String; let units: [String]?; let disbursedFrom: String; let disbursedTo: String
    let sharePerMille: Int?; let amountAbove: Int64?; let groupsWithFindings: Bool?
    let seed: String?

    func plan(defaults: SampleRules, randomSeed: UInt64) throws -> NewCheckPlan {
        let codes = try (units ?? []).map { text in
            guard let code = try? UnitCode(text: text) else {
                throw PlacesError.invalidUnitCode(text)
            }
            return code.value
        }
        let drawn: UInt64
        if let text = self.seed, !text.isEmpty {
            guard text.utf8.count <= 20, let value = UInt64(text) else {
                throw PlatformError.invalidInput(
                    field: "seed", message: "Hạt giống là số nguyên không âm (tối đa 20 chữ số).")
            }
            drawn = value
        } else {
            drawn = randomSeed
        }
        return NewCheckPlan(
            title: title, unitCodes: codes, disbursedFrom: try Validate.date(disbursedFrom),
            disbursedTo: try Validate.date(disbursedTo),
            rules: SampleRules(
                sharePerMille: sharePerMille ?? defaults.sharePerMille,
                amountAbove: amountAbove.map { Money(dong: $0) } ?? defaults.amountAbove,
                groupsWithFindings: groupsWithFindings ?? defaults.groupsWithFindings),
            seed: drawn)
    }
}
