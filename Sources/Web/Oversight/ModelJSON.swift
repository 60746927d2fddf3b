import Domain
import Store
import Vapor

/// A model as the API receives it.
struct ModelInput: Content {
    let ownerName: String
    let household: String?
    let unit: String
    let village: String?
    let loans: [String]
    let title: String
    let description: String?
    let activity: String?
    let incomeBeforePerYear: Int64?
    let incomeAfterPerYear: Int64?
    let jobsCreated: Int?
    let recognisedOn: String?
    let recognisedBy: String?

    func draft() throws -> ExemplaryModelDraft {
        guard let code = try? UnitCode(text: unit) else { throw PlacesError.invalidUnitCode(unit) }
        var recognised: BusinessDate?
        if let text = recognisedOn, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            recognised = try Validate.date(text)
        }
        let household = household?.trimmingCharacters(in: .whitespaces) ?? ""
        return ExemplaryModelDraft(
            ownerName: ownerName, householdID: household.isEmpty ? nil : household,
            unitCode: code.value, village: village ?? "", loanIDs: loans, title: title,
            description: description ?? "", activity: activity ?? "",
            incomeBeforePerYear: try Validate.amount(
                incomeBeforePerYear, field: "incomeBeforePerYear"),
            incomeAfterPerYear: try Validate.amount(
                incomeAfterPerYear, field: "incomeAfterPerYear"),
            jobsCreated: jobsCreated ?? 0, recognisedOn: recognised,
            recognisedBy: recognisedBy ?? "")
    }
}

struct ModelLoanJSON: Content {
    let id: String, program: String, amount: Int64
    init(_ l: ModelLoan) {
        id = l.id
        program = l.programCode
        amount = l.amount.dong
    }
}

struct ModelPhotoJSON: Content {
    let id: String, caption: String, contentType: String, byteCount: Int
    init(_ p: ModelPhoto) {
        id = p.id
        caption = p.caption
        contentType = p.contentType
        byteCount = p.byteCount
    }
}

/// A model as a signed-in officer reads it: every field, with the consent and publication.
struct ModelJSON: Content {
    let id: String, unit: Int, unitName: String, ownerName: String, household: String?
    let village: String, loans: [ModelLoanJSON], title: String, description: String
    let activity: String, incomeBeforePerYear: Int64, incomeAfterPerYear: Int64
    let jobsCreated: Int, recognisedOn: String?, recognisedBy: String
    let photos: [ModelPhotoJSON], consent: [String], published: Bool, createdBy: String

    init(_ m: ExemplaryModel) {
        id = m.id
        unit = m.unitCode
        unitName = m.unitName
        ownerName = m.ownerName
        household = m.householdID
        village = m.village
        loans = m.loans.map(ModelLoanJSON.init)
        title = m.title
        description = m.description
        activity = m.activity
        incomeBeforePerYear = m.incomeBeforePerYear.dong
        incomeAfterPerYear = m.incomeAfterPerYear.dong
        jobsCreated = m.jobsCreated
        recognisedOn = m.recognisedOn?.iso
        recognisedBy = m.recognisedBy
        photos = m.photos.map(ModelPhotoJSON.init)
        consent = m.consent.sorted().map(\.rawValue)
        published = m.published
        createdBy = m.createdBy
    }
}

struct ModelListJSON: Content { let items: [ModelJSON]; let total: Int }
