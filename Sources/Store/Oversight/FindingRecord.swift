import Domain
import Foundation
import SQLKit

/// A finding or case as stored, with its commune and the loans or groups it concerns.
public struct FindingRecord: Sendable, Codable, Equatable {
    public var id: String
    public var provinceCode: Int
    public var unitID: String
    public var unitCode: Int
    public var unitName: String
    public var source: FindingSource
    public var inspectionID: String?
    public var category: FindingCategory
    public var description: String
    public var requiredAction: String
    public var responsible: String
    public var dueOn: BusinessDate?
    public var priority: CasePriority
    public var status: CaseStatus
    public var foundOn: BusinessDate
    public var lastStepOn: BusinessDate
    public var closedOn: BusinessDate?
    public var organisation: String?
    public var groupID: String?
    public var subjects: [FindingSubject]
    /// Each subject's name as read: the borrower of a loan, the name of a group.
    public var subjectNames: [String: String] = [:]
    public var createdBy: String

    public var standing: CaseStanding {
        CaseStanding(status: status, lastStepOn: lastStepOn, closedOn: closedOn)
    }

    public func isOverdue(on date: BusinessDate) -> Bool {
        CaseLifecycle.isOverdue(status: status, dueOn: dueOn, on: date)
    }
}

/// One step of follow-up as stored.
public struct FindingStepRecord: Sendable, Codable, Equatable {
    public var step: CaseStep
    public var by: String
    public var at: Int64
}

/// A finding's page: the record, its steps oldest first, the black-credit detail if any.
public struct FindingDetail: Sendable, Equatable {
    public var finding: FindingRecord
    public var steps: [FindingStepRecord]
    public var blackCredit: BlackCreditRecord?
}

/// What a list of findings asks for.
public struct FindingQuery: Sendable, Equatable {
    public var unitIDs: Set<String>?
    public var status: CaseStatus?
    public var overdue: Bool?
    public var source: FindingSource?
    public var inspectionID: String?
    public var text: String?

    public init(
        unitIDs: Set<String>? = nil, status: CaseStatus? = nil, overdue: Bool? = nil,
        source: FindingSource? = nil, inspectionID: String? = nil, text: String? = nil
    ) {
        self.unitIDs = unitIDs
        self.status = status
        self.overdue = overdue
        self.source = source
        self.inspectionID = inspectionID
        self.text = text
    }
}

extension FindingRecord {
    static func decode(_ r: any SQLRow, subjects: [FindingSubject]) throws -> FindingRecord {
        func date(_ c: String) throws -> BusinessDate? {
            try r.decodeNil(column: c)
                ? nil : try BusinessDate(iso: try r.decode(column: c, as: String.self))
        }
        func text(_ c: String) throws -> String { try r.decode(column: c, as: String.self) }
        func optional(_ c: String) throws -> String? {
            try r.decodeNil(column: c) ? nil : try text(c)
        }
        return FindingRecord(
            id: try text("id"), provinceCode: try r.decode(column: "province_code", as: Int.self),
            unitID: try text("unit_id"), unitCode: try r.decode(column: "unit_code", as: Int.self),
            unitName: try text("unit_name"),
            source: FindingSource(rawValue: try text("source")) ?? .inspection,
            inspectionID: try optional("inspection_id"),
            category: FindingCategory(rawValue: try text("category")) ?? .other,
            description: try text("description"), requiredAction: try text("required_action"),
            responsible: try text("responsible"), dueOn: try date("due_on"),
            priority: CasePriority(rawValue: try text("priority")) ?? .normal,
            status: CaseStatus(rawValue: try text("status")) ?? .open,
            foundOn: try BusinessDate(iso: try text("found_on")),
            lastStepOn: try BusinessDate(iso: try text("last_step_on")),
            closedOn: try date("closed_on"), organisation: try optional("organisation"),
            groupID: try optional("group_id"), subjects: subjects,
            createdBy: try text("created_by"))
    }
}
