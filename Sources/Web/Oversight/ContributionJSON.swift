import Domain
import Store
import Vapor

struct ContributionInput: Content {
    let contributor: String
    let kind: String
    let unit: String
    let amount: Int64
    let purpose: String
    let receivedOn: String?
    let note: String?

    func draft(today: BusinessDate) throws -> ContributionDraft {
        guard let code = try? UnitCode(text: unit) else { throw PlacesError.invalidUnitCode(unit) }
        guard let kind = ContributorKind(rawValue: kind) else {
            throw PlatformError.invalidInput(
                field: "kind", message: "Người đóng góp phải là organisation, business hoặc person."
            )
        }
        return ContributionDraft(
            contributor: contributor, kind: kind, unitCode: code.value,
            amount: try Money(input: amount), purpose: try ContributionRoutes.purpose(purpose),
            receivedOn: try Validate.date(receivedOn, default: today), note: note ?? "")
    }
}

struct ContributionJSON: Content {
    let id: String, unit: Int, unitName: String, contributor: String, kind: String
    let amount: Int64, purpose: String, receivedOn: String, inPeakMonth: Bool, note: String
    let createdBy: String
    init(_ c: Contribution) {
        id = c.id
        unit = c.unitCode
        unitName = c.unitName
        contributor = c.contributor
        kind = c.kind.rawValue
        amount = c.amount.dong
        purpose = c.purpose.rawValue
        receivedOn = c.receivedOn.iso
        inPeakMonth = c.inPeakMonth
        note = c.note
        createdBy = c.createdBy
    }
}

struct ContributionListJSON: Content {
    let items: [ContributionJSON]; let total: Int; let sum: Int64
    init(_ p: ContributionPage) {
        items = p.items.map(ContributionJSON.init)
        total = p.total
        sum = p.sum.dong
    }
}
