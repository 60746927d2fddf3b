import Domain
import Store
import Vapor

/// Một điều kiện đã đáp ứng, as the API carries it.
struct EvidenceJSON: Content {
    let condition: String
    let document: String
    var evidence: WriteOffEvidence { WriteOffEvidence(condition: condition, document: document) }
    init(_ e: WriteOffEvidence) {
        condition = e.condition
        document = e.document
    }
}

struct WriteOffInput: Content {
    let date: String
    let principal: Bool
    let file: RiskFileJSON
    let checklist: [EvidenceJSON]
}

struct BatchInput: Content {
    let title: String
    let province: Int?
}

struct BatchFileInput: Content {
    let loan: String
    let measure: String
    let file: RiskFileJSON
    let checklist: [EvidenceJSON]
}

struct WriteOffDecisionInput: Content {
    let approved: Bool
    let number: String
    let date: String
    let level: String
    let note: String?
    let setAside: [String]?
}

struct ConditionInput: Content {
    let code: String
    let measures: [String]
    let group: String?
    let label: String
    let document: String
    let from: String
    let retired: Bool?
    let source: String
    let confirmed: Bool?
}

struct DecisionJSON: Content {
    let approved: Bool, number: String, date: String, level: String, note: String
    init(_ d: WriteOffDecision) {
        approved = d.approved
        number = d.number
        date = d.date.iso
        level = d.level.rawValue
        note = d.note
    }
}

struct BatchJSON: Content {
    let id: String, province: Int, title: String, openedOn: String, status: String
    let requiredLevel: String, submittedOn: String?, decision: DecisionJSON?, fileCount: Int
    let interest: Int64, principal: Int64, createdBy: String
    init(_ b: WriteOffBatchRecord) {
        id = b.id
        province = b.provinceCode
        title = b.title
        openedOn = b.openedOn.iso
        status = b.status.rawValue
        requiredLevel = b.requiredLevel.rawValue
        submittedOn = b.submittedOn?.iso
        decision = b.decision.map(DecisionJSON.init)
        fileCount = b.files
        interest = b.interest.dong
        principal = b.principal.dong
        createdBy = b.createdBy
    }
}

struct BatchListJSON: Content { let items: [BatchJSON]; let total: Int }

struct BatchFileJSON: Content {
    let id: String, loan: String, borrower: String, program: String, measure: String
    let interest: Int64, principal: Int64, level: String, status: String, cause: String
    let evidence: [EvidenceJSON], entry: String?
    init(_ f: WriteOffFileRecord) {
        id = f.id
        loan = f.loanID
        borrower = f.borrowerName
        program = f.programName
        measure = f.figures.measure.rawValue
        interest = f.figures.interest.dong
        principal = f.figures.principal.dong
        level = f.level.rawValue
        status = f.status.rawValue
        cause = f.file.cause
        evidence = f.evidence.map(EvidenceJSON.init)
        entry = f.entryID
    }
}

struct BatchDetailJSON: Content { let batch: BatchJSON; let files: [BatchFileJSON] }

struct ConditionJSON: Content {
    let id: String, code: String, measures: [String], group: String, label: String
    let document: String, from: String, retired: Bool, source: String, confirmed: Bool
    let inForce: Bool
    init(_ r: WriteOffStore.ConditionRecord, inForce: Bool) {
        let c = r.condition
        id = r.id
        code = c.code
        measures = WriteOffMeasure.allCases.filter(c.measures.contains).map(\.rawValue)
        group = c.group
        label = c.label
        document = c.document
        from = c.from.iso
        retired = c.retired
        source = c.source
        confirmed = c.confirmed
        self.inForce = inForce
    }
}

struct ConditionListJSON: Content { let items: [ConditionJSON]; let total: Int }
