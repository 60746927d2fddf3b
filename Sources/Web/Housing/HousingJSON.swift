import Domain
import Store
import Vapor

/// What a person or household declares, as the API carries it.
struct HousingApplicantJSON: Content {
    let beneficiary: String
    let marital: String
    let monthlyIncome: Int64
    let ownsHouse: Bool
    let areaPerPerson: Int?

    func applicant() throws -> HousingApplicant {
        guard let b = HousingBeneficiary(rawValue: beneficiary) else {
            throw PlatformError.invalidInput(
                field: "beneficiary", message: "Nhóm đối tượng không có.")
        }
        guard let m = HousingMarital(rawValue: marital) else {
            throw PlatformError.invalidInput(
                field: "marital", message: "Tình trạng phải là single, married hoặc single_parent.")
        }
        return HousingApplicant(
            beneficiary: b, marital: m, monthlyIncome: try Money(input: monthlyIncome),
            ownsHouse: ownsHouse, areaPerPerson: areaPerPerson ?? 0)
    }

    init(
        beneficiary: String, marital: String, monthlyIncome: Int64, ownsHouse: Bool,
        areaPerPerson: Int?
    ) {
        self.beneficiary = beneficiary
        self.marital = marital
        self.monthlyIncome = monthlyIncome
        self.ownsHouse = ownsHouse
        self.areaPerPerson = areaPerPerson
    }

    init(_ a: HousingApplicant) {
        beneficiary = a.beneficiary.rawValue
        marital = a.marital.rawValue
        monthlyIncome = a.monthlyIncome.dong
        ownsHouse = a.ownsHouse
        areaPerPerson = a.areaPerPerson
    }
}

struct HousingDemandInput: Content {
    let unit: String
    let applicant: String
    let person: HousingApplicantJSON
    let purpose: String
    let households: Int?
    let amount: Int64
    let surveyedOn: String?
    let source: String?
}

struct HousingAssessmentInput: Content {
    let person: HousingApplicantJSON
    let date: String?
}

struct HousingConditionJSON: Content {
    let condition: String, met: Bool, message: String
}

struct HousingAssessmentJSON: Content {
    let met: Bool, withinIncomeCeiling: Bool?, summary: String, findings: [HousingConditionJSON]
    init(_ a: HousingAssessment) {
        met = a.met
        withinIncomeCeiling = a.withinIncomeCeiling
        summary = a.summary
        findings = a.findings.map {
            HousingConditionJSON(condition: $0.condition, met: $0.met, message: $0.message)
        }
    }
}

struct HousingDemandJSON: Content {
    let id: String, unit: Int, unitName: String, applicant: String
    let person: HousingApplicantJSON, purpose: String, households: Int, amount: Int64
    let surveyedOn: String, source: String, assessment: HousingAssessmentJSON, createdBy: String
    init(_ r: HousingDemandRecord) {
        id = r.id
        unit = r.unitCode
        unitName = r.unitName
        applicant = r.applicant
        person = HousingApplicantJSON(r.person)
        purpose = r.purpose.rawValue
        households = r.households
        amount = r.amount.dong
        surveyedOn = r.surveyedOn.iso
        source = r.source.rawValue
        assessment = HousingAssessmentJSON(r.assessment)
        createdBy = r.createdBy
    }
}

struct HousingDemandListJSON: Content { let items: [HousingDemandJSON]; let total: Int }

struct HousingDemandLineJSON: Content {
    let unit: Int, unitName: String, purpose: String, registrations: Int, households: Int
    let amount: Int64
    init(_ l: HousingDemandLine) {
        unit = l.unitCode
        unitName = l.unitName
        purpose = l.purpose.rawValue
        registrations = l.registrations
        households = l.households
        amount = l.amount.dong
    }
}

struct HousingOutstandingJSON: Content { let unit: Int; let outstanding: Int64 }

struct HousingDemandReportJSON: Content {
    let lines: [HousingDemandLineJSON], outstanding: [HousingOutstandingJSON]
    let households: Int, amount: Int64
    init(_ s: HousingDemandSummary) {
        lines = s.lines.map(HousingDemandLineJSON.init)
        outstanding = s.outstanding.sorted { $0.key < $1.key }.map {
            HousingOutstandingJSON(unit: $0.key, outstanding: $0.value.dong)
        }
        households = s.households
        amount = s.amount.dong
    }
}
