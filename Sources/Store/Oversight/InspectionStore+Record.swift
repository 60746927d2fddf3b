import Domain
import FluentKit
import Foundation
import SQLKit

extension InspectionStore {
    /// What an inspection is of, as resolved in the commune.
    struct Subject {
        var id: String?
        var name: String
        var organisation: String?
        var groupID: String?
        var record: GroupInspectionRecord?
    }

    /// Ghi cuộc kiểm tra: the commune and the subject found in scope, the plan of the same
    /// province and year, the group record drawn for a group; one transaction, audited.
    public func record(
        _ input: NewInspection, actor: Actor, scope: AccessScope
    ) async throws -> InspectionRecord {
        let i = try input.checked(today: world.today)
        let unit = try await UnitStore(sql: try sql).unit(
            level: .commune, code: i.unitCode, asOf: i.inspectedOn, scope: scope)
        if let planID = i.planID {
            let plan = try await plans(year: nil, scope: scope).first { $0.id == planID }
            guard let plan else { throw OversightError.notFound("kế hoạch kiểm tra") }
            guard plan.provinceCode == unit.provinceCode, plan.year == i.inspectedOn.year else {
                throw OversightError.invalid(
                    field: "plan", why: "kế hoạch của tỉnh khác hoặc năm khác ngày kiểm tra")
            }
        }
        let subject = try await resolve(i, unit: unit, scope: scope)
        let id = world.newID()
        let record = InspectionRecord(
            id: id, provinceCode: unit.provinceCode, unitID: unit.id, unitCode: unit.code,
            unitName: unit.name, planID: i.planID, body: i.body, subject: i.subject,
            subjectID: subject.id, subjectName: subject.name, inspectedOn: i.inspectedOn,
            team: i.team, conclusion: i.conclusion, groupRecord: subject.record,
            loanIDs: i.loanIDs, createdBy: actor.username)
        let world = world
        let folded = TextFolding.fold([subject.name, unit.name, i.team].joined(separator: " "))
        try await WriteTransaction.run(database) { sql in
            try await sql.insertBatches(
                into: "inspections", columns: Self.columns,
                rows: [
                    [
                        id, unit.provinceCode, unit.id, i.planID, i.body.rawValue,
                        i.subject.rawValue, subject.id, subject.name, i.inspectedOn.iso, i.team,
                        i.conclusion, try subject.record.map { try StoredJSON.text($0) },
                        subject.organisation, subject.groupID, folded, actor.username,
                        world.nowMillis,
                    ]
                ])
            if !i.loanIDs.isEmpty {
                try await sql.insertBatches(
                    into: "inspection_loans", columns: ["inspection_id", "loan_id"],
                    rows: i.loanIDs.map { [id, $0] })
            }
            try await AuditStore(sql: sql, world: world).record(
                actor: actor, action: "inspection.record", recordType: "inspection",
                recordID: id, provinceCode: unit.provinceCode, before: nil as String?,
                after: record, unitID: unit.id)
        }
        return record
    }

    static let columns = [
        "id", "province_code", "unit_id", "plan_id", "body", "subject", "subject_id",
        "subject_name", "inspected_on", "team", "conclusion", "group_record", "organisation",
        "group_id", "folded", "created_by", "created_at",
    ]

    func resolve(
        _ i: NewInspection, unit: UnitSummary, scope: AccessScope
    ) async throws -> Subject {
        let sql = try sql
        switch i.subject {
        case .commune:
            return Subject(name: unit.name, organisation: scope.organisationID)
        case .group:
            let id = i.subjectID ?? ""
            let detail = try await GroupStore(database: database, world: world).detail(
                id: id, scope: scope)
            guard detail.group.unitID.rawValue == unit.id else {
                throw OversightError.invalid(field: "subjectId", why: "tổ không thuộc xã này")
            }
            return Subject(
                id: id, name: detail.group.name, organisation: detail.group.organisation.rawValue,
                groupID: id,
                record: try await groupRecord(detail, on: i.inspectedOn, scope: scope))
        case .organisation:
            guard let o = Organisation(rawValue: i.subjectID ?? ""),
                scope.organisationID.map({ $0 == o.rawValue }) ?? true
            else { throw OversightError.notFound("tổ chức hội \(i.subjectID ?? "")") }
            return Subject(
                id: o.rawValue, name: "\(o.label) \(unit.name)", organisation: o.rawValue)
        case .point:
            let name = try await sql.select().column("name").from("transaction_points")
                .where("id", .equal, i.subjectID ?? "").where("unit_id", .equal, unit.id)
                .first(decodingColumn: "name", as: String.self)
            guard let name else { throw OversightError.notFound("điểm giao dịch") }
            return Subject(id: i.subjectID, name: name, organisation: scope.organisationID)
        case .loans:
            let placement = try await FindingStore.place(
                i.loanIDs.map { FindingSubject(kind: .loan, id: $0) }, unitID: unit.id,
                scope: scope, sql: sql)
            return Subject(
                name: "\(i.loanIDs.count) khoản vay", organisation: placement.organisation,
                groupID: placement.groupID)
        }
    }

    /// Biên bản kiểm tra hoạt động của Tổ: the totals of the group's collection sheet on the
    /// day and its latest grade.
    func groupRecord(
        _ detail: GroupDetail, on date: BusinessDate, scope: AccessScope
    ) async throws -> GroupInspectionRecord {
        let lines = try await CollectionStore(database: database, world: world).sheet(
            groupID: detail.group.id.rawValue, on: date, scope: scope)
        func sum(_ value: (CollectionSheetLine) -> Money) -> Money {
            lines.reduce(Money.zero) { (try? $0.adding(value($1))) ?? Money(dong: .max) }
        }
        let rating = detail.ratings.filter { $0.month <= date.iso }.max { $0.month < $1.month }
        return GroupInspectionRecord(
            groupName: detail.group.name, members: Set(detail.members.map(\.householdID)).count,
            borrowers: Set(lines.filter { $0.loanID != nil }.map(\.householdID)).count,
            outstanding: sum(\.outstanding), overdue: sum(\.overdue),
            interestArrears: sum(\.interestDue), depositBalance: sum(\.savings),
            latestRating: rating.map { "\($0.grade.label) (\($0.month))" })
    }
}
