import Domain
import FluentKit
import Foundation
import SQLKit

/// Hồ sơ vay from the form 01/TD to the bank's decision: the group's vetting list (03/TD, minutes
/// 10C/TD), the commune's certification, the credit officer's check, the approval (04/TD) by
/// another officer. Each step is a state change checked by `Transitions` and audited.
public struct ApplicationStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    /// The scope's condition on `loan_applications a` (or `loans a`): units, organisation, group.
    static func scopeCondition(_ scope: AccessScope, alias: String = "a") -> SQLQueryString {
        var condition = scope.condition("\(alias).unit_id")
        if let organisation = scope.organisationID { condition = condition + " AND \(unsafeRaw: alias).organisation = \(bind: organisation)" }
        if let group = scope.groupID { condition = condition + " AND \(unsafeRaw: alias).group_id = \(bind: group)" }
        return condition
    }

    // MARK: reads

    static let selectApplications: SQLQueryString = """
        SELECT a.*, u.name AS unit_name, g.name AS group_name, h.code AS household_code FROM loan_applications a
        JOIN units u ON u.id = a.unit_id LEFT JOIN savings_groups g ON g.id = a.group_id LEFT JOIN households h ON h.id = a.household_id
        """

    public func application(id: String, scope: AccessScope) async throws -> LoanApplicationRecord {
        guard let row = try await sql.raw("\(Self.selectApplications) WHERE a.id = \(bind: id) AND \(Self.scopeCondition(scope))").first() else {
            throw LendingError.applicationNotFound
        }
        return try await Self.records([row], sql: sql)[0]
    }

    /// The applications one vetting meeting decided (its list 03/TD), with the meeting.
    public func vetted(groupID: String, meetingID: String, scope: AccessScope) async throws
        -> (heldOn: BusinessDate, attendees: Int, minutes: String, applications: [LoanApplicationRecord]) {
        _ = try await GroupStore(database: database, world: world).group(id: groupID, scope: scope)
        guard let meeting = try await sql.select().columns("held_on", "attendees", "minutes").from("group_meetings").where("id", .equal, meetingID)
            .where("group_id", .equal, groupID).where("kind", .equal, MeetingKind.vetting.rawValue).first() else { throw LendingError.applicationNotFound }
        let rows = try await sql.raw("\(Self.selectApplications) WHERE a.vote_meeting_id = \(bind: meetingID) ORDER BY a.borrower_name").all()
        return (try BusinessDate(iso: try meeting.decode(column: "held_on", as: String.self)), try meeting.decode(column: "attendees", as: Int.self),
                try meeting.decode(column: "minutes", as: String.self), try await Self.records(rows, sql: sql))
    }

    /// Hàng đợi hồ sơ: by stage, newest first.
    public func queue(states: [ApplicationState], unitIDs: Set<String>? = nil, groupID: String? = nil, scope: AccessScope,
                      paging: Paging) async throws -> Page<LoanApplicationRecord> {
        var condition = Self.scopeCondition(scope)
        if !states.isEmpty { condition = condition + " AND a.state IN (\(binds: states.map(\.rawValue)))" }
        if let unitIDs { condition = condition + (unitIDs.isEmpty ? " AND 1 = 0" : " AND a.unit_id IN (\(binds: Array(unitIDs)))") }
        if let groupID { condition = condition + " AND a.group_id = \(bind: groupID)" }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM loan_applications a WHERE \(condition)").first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            \(Self.selectApplications) WHERE \(condition) ORDER BY a.submitted_on DESC, a.id LIMIT \(unsafeRaw: String(paging.limit)) OFFSET \(unsafeRaw: String(paging.offset))
            """).all()
        return Page(items: try await Self.records(rows, sql: sql), total: total)
    }

    static func records(_ rows: [any SQLRow], sql: any SQLDatabase) async throws -> [LoanApplicationRecord] {
        let names = try await LoanStore.programNames(sql: sql)
        return try rows.map { row in
            func date(_ column: String) throws -> BusinessDate? { try row.decode(column: column, as: String?.self).flatMap { try? BusinessDate(iso: $0) } }
            let program = try row.decode(column: "program_code", as: String.self)
            return LoanApplicationRecord(
                id: try row.decode(column: "id", as: String.self), programCode: program, programName: names[program] ?? program,
                channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .entrusted,
                householdID: try row.decode(column: "household_id", as: String?.self), householdCode: try row.decode(column: "household_code", as: String?.self),
                representativeID: try row.decode(column: "representative_id", as: String?.self),
                borrowerName: try row.decode(column: "borrower_name", as: String.self), groupID: try row.decode(column: "group_id", as: String?.self),
                groupName: try row.decode(column: "group_name", as: String?.self), organisation: try row.decode(column: "organisation", as: String?.self),
                unitID: try row.decode(column: "unit_id", as: String.self), unitName: try row.decode(column: "unit_name", as: String.self),
                amount: Money(dong: try row.decode(column: "amount", as: Int64.self)), termMonths: try row.decode(column: "term_months", as: Int.self),
                intervalMonths: try row.decode(column: "interval_months", as: Int.self), purpose: try row.decode(column: "purpose", as: String.self),
                collateral: try row.decode(column: "collateral", as: String.self),
                state: ApplicationState(rawValue: try row.decode(column: "state", as: String.self)) ?? .submitted,
                submittedOn: try date("submitted_on") ?? BusinessDate(dayNumber: 0), submittedBy: try row.decode(column: "submitted_by", as: String.self),
                votedOn: try date("voted_on"), voteMeetingID: try row.decode(column: "vote_meeting_id", as: String?.self),
                certifiedOn: try date("certified_on"), certifiedBy: try row.decode(column: "certified_by", as: String?.self),
                preparedOn: try date("prepared_on"), preparedBy: try row.decode(column: "prepared_by", as: String?.self),
                decidedOn: try date("decided_on"), decidedBy: try row.decode(column: "decided_by", as: String?.self),
                reason: try row.decode(column: "reason", as: String.self), loanID: try row.decode(column: "loan_id", as: String?.self),
                beneficiaryGroup: try row.decode(column: "beneficiary_group", as: String?.self),
                unitJobs: try row.decode(column: "unit_jobs", as: Int?.self),
                study: try row.decode(column: "study", as: String?.self).map {
                    try StoredJSON.value(StudyPlan.self, from: $0)
                })
        }
    }

    // MARK: form 01/TD

    /// Nộp hồ sơ: the household of the register borrows through its group; a named adult member acts.
    public func submit(_ new: NewApplication, actor: Actor, scope: AccessScope) async throws -> LoanApplicationRecord {
        guard new.submittedOn <= world.today else { throw LendingError.futureDate(new.submittedOn) }
        let purpose = new.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !purpose.isEmpty else { throw PlatformError.invalidInput(field: "purpose", message: "Cần ghi mục đích sử dụng vốn vay.") }
        let (household, summary) = try await HouseholdStore(database: database, world: world).household(id: new.householdID, scope: scope)
        guard let representative = household.members.first(where: { $0.id.rawValue == new.representativeID }),
              representative.birthDate.fullYears(until: new.submittedOn) >= 18 else { throw LendingError.borrowerNotAdult }
        let study = try await studyTerms(
            programCode: new.programCode, study: new.study, amount: new.amount,
            intervalMonths: new.intervalMonths, on: new.submittedOn, direct: false)
        let termMonths = study?.termMonths ?? new.termMonths
        let (program, refusals) = try await ProgramStore(database: database, world: world)
            .eligibility(householdID: new.householdID, programCode: new.programCode,
                         request: LoanRequest(amount: new.amount, termMonths: termMonths),
                         on: new.submittedOn, scope: scope)
        try Self.refuse(refusals)
        try program.parameters?.checkGroup(new.beneficiaryGroup)
        _ = try RepaymentSchedule.make(
            amount: new.amount, disbursedOn: new.submittedOn, termMonths: termMonths,
            intervalMonths: new.intervalMonths,
            start: study.map { .firstDue($0.duesFrom) } ?? .standard)
        var groupID: String?, organisation: String?
        if program.program.channel != .direct {
            guard let row = try await sql.raw("""
                SELECT g.id AS id, g.organisation AS organisation FROM group_memberships m JOIN savings_groups g ON g.id = m.group_id
                WHERE m.household_id = \(bind: new.householdID) AND g.status = 'active' AND m.valid_from <= \(bind: new.submittedOn.iso)
                  AND (m.valid_to IS NULL OR m.valid_to >= \(bind: new.submittedOn.iso))
                """).first() else { throw LendingError.borrowerNotInGroup }
            groupID = try row.decode(column: "id", as: String.self)
            organisation = try row.decode(column: "organisation", as: String.self)
            if let own = scope.groupID, own != groupID { throw LendingError.borrowerNotInGroup }
            if let own = scope.organisationID, own != organisation { throw NetworkError.organisationOutOfScope }
        }
        let id = world.newID()
        let province = try await provinceCode(unitID: summary.unitID)
        let (group, organisationCode) = (groupID, organisation)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert(id: id, programCode: new.programCode, channel: program.program.channel == .direct ? .direct : .entrusted,
                                  householdID: new.householdID, representativeID: new.representativeID, borrowerName: representative.fullName,
                                  groupID: group, organisation: organisationCode, unitID: summary.unitID, provinceCode: province, amount: new.amount,
                                  termMonths: termMonths, intervalMonths: new.intervalMonths,
                                  purpose: purpose, collateral: "",
                                  submittedOn: new.submittedOn, beneficiaryGroup: new.beneficiaryGroup, actor: actor, now: world.nowMillis,
                                  sql: sql)
            try await Self.storeStudy(new.study, id: id, sql: sql)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "application.submit", recordType: "loan_application",
                                                               recordID: id, provinceCode: province, before: nil as String?, after: new)
        }
        return try await application(id: id, scope: .everything)
    }

    /// Hồ sơ vay trực tiếp (social housing, job creation for a production unit, orphaned students):
    /// no group; the bank officer enters it for a commune of their scope.
    public func submitDirect(_ new: NewDirectApplication, actor: Actor, scope: AccessScope) async throws -> LoanApplicationRecord {
        guard new.submittedOn <= world.today else { throw LendingError.futureDate(new.submittedOn) }
        let name = new.borrowerName.trimmingCharacters(in: .whitespaces), purpose = new.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw PlatformError.invalidInput(field: "borrowerName", message: "Cần ghi tên khách hàng vay.") }
        guard !purpose.isEmpty else { throw PlatformError.invalidInput(field: "purpose", message: "Cần ghi mục đích sử dụng vốn vay.") }
        let unit = try await UnitStore(sql: sql).unit(level: .commune, code: new.unitCode, asOf: new.submittedOn, scope: scope)
        let programs = ProgramStore(database: database, world: world)
        let program = try await programs.program(code: new.programCode, on: new.submittedOn)
        guard program.program.channel != .entrusted else {
            throw LendingError.notEligible("chương trình «\(program.program.name)» chỉ cho vay ủy thác qua tổ TK&VV")
        }
        guard let parameters = program.parameters else { throw LendingError.noParametersInForce(new.programCode, new.submittedOn) }
        try parameters.checkGroup(new.beneficiaryGroup)
        let study = try await studyTerms(
            programCode: new.programCode, study: new.study, amount: new.amount,
            intervalMonths: new.intervalMonths, on: new.submittedOn, direct: true)
        let termMonths = study?.termMonths ?? new.termMonths
        let facts = BorrowerFacts(classification: nil, newlyEscaped: false, area: .urban, inActiveGroup: true)
        // Direct borrowers are judged on documents: the register's status rules do not apply here.
        var documentsOnly = parameters
        documentsOnly.borrowers = .documents
        try Self.refuse(Eligibility.refusals(program: program.program, parameters: documentsOnly, borrower: facts,
                                             request: LoanRequest(
                                                amount: new.amount, termMonths: termMonths,
                                                unitJobs: new.unitJobs)))
        if let threshold = parameters.collateralFrom, new.amount >= threshold, new.collateral.trimmingCharacters(in: .whitespaces).isEmpty {
            throw PlatformError.inputRefused(field: "collateral", message: "Khoản vay từ \(threshold) phải có tài sản bảo đảm.")
        }
        _ = try RepaymentSchedule.make(
            amount: new.amount, disbursedOn: new.submittedOn, termMonths: termMonths,
            intervalMonths: new.intervalMonths,
            start: study.map { .firstDue($0.duesFrom) } ?? .standard)
        if let household = new.householdID { _ = try await HouseholdStore(database: database, world: world).household(id: household, scope: scope) }
        let id = world.newID()
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await Self.insert(id: id, programCode: new.programCode, channel: .direct, householdID: new.householdID, representativeID: nil,
                                  borrowerName: name, groupID: nil, organisation: nil, unitID: unit.id, provinceCode: unit.provinceCode,
                                  amount: new.amount, termMonths: termMonths,
                                  intervalMonths: new.intervalMonths, purpose: purpose,
                                  collateral: new.collateral.trimmingCharacters(in: .whitespacesAndNewlines), submittedOn: new.submittedOn,
                                  beneficiaryGroup: new.beneficiaryGroup, unitJobs: new.unitJobs,
                                  actor: actor, now: world.nowMillis, sql: sql)
            try await Self.storeStudy(new.study, id: id, sql: sql)
            // A direct file has no group vote nor commune list: it goes straight to the credit officer.
            try await sql.update("loan_applications").set("state", to: ApplicationState.certified.rawValue)
                .set("certified_on", to: new.submittedOn.iso).set("certified_by", to: actor.username).where("id", .equal, id).run()
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "application.submit_direct", recordType: "loan_application",
                                                               recordID: id, provinceCode: unit.provinceCode, before: nil as String?, after: new)
        }
        return try await application(id: id, scope: .everything)
    }

    static func refuse(_ refusals: [LendingError]) throws {
        if refusals.count == 1 { throw refusals[0] }
        if refusals.count > 1 { throw LendingError.notEligible(refusals.map { $0.message.trimmingCharacters(in: CharacterSet(charactersIn: ".")) }.joined(separator: "; ")) }
    }

    static func insert(id: String, programCode: String, channel: Channel, householdID: String?, representativeID: String?, borrowerName: String,
                       groupID: String?, organisation: String?, unitID: String, provinceCode: Int, amount: Money, termMonths: Int,
                       intervalMonths: Int, purpose: String, collateral: String, submittedOn: BusinessDate, beneficiaryGroup: String?,
                       unitJobs: Int? = nil, actor: Actor, now: Int64,
                       sql: any SQLDatabase) async throws {
        try await sql.insert(into: "loan_applications").columns(
            "id", "program_code", "channel", "household_id", "representative_id", "borrower_name", "group_id", "organisation", "unit_id",
            "province_code", "amount", "term_months", "interval_months", "purpose", "collateral", "state", "submitted_on", "submitted_by",
            "reason", "updated_at", "beneficiary_group", "unit_jobs"
        ).values(id, programCode, channel.rawValue, householdID, representativeID, borrowerName, groupID, organisation, unitID, provinceCode,
                 amount.dong, termMonths, intervalMonths, purpose, collateral, ApplicationState.submitted.rawValue, submittedOn.iso,
                 actor.username, "", now, beneficiaryGroup, unitJobs).run()
    }

    func provinceCode(unitID: String) async throws -> Int {
        try await sql.select().column("province_code").from("units").where("id", .equal, unitID).first(decodingColumn: "province_code", as: Int.self) ?? 0
    }

    // MARK: the steps

    /// Họp bình xét (03/TD, biên bản 10C/TD): one meeting of the group decides each submitted
    /// application on its list: agreed (with the amount and term agreed) or not.
    public func vet(groupID: String, heldOn: BusinessDate, attendees: Int, minutes: String, decisions: [VetDecision], actor: Actor,
                    scope: AccessScope) async throws -> [LoanApplicationRecord] {
        guard !decisions.isEmpty else { throw PlatformError.invalidInput(field: "decisions", message: "Danh sách bình xét chưa có hồ sơ nào.") }
        let groups = GroupStore(database: database, world: world)
        let (_, province) = try await groups.writable(id: groupID, on: heldOn, scope: scope)
        let meeting = GroupMeeting(id: world.newID(), groupID: SavingsGroup.ID(groupID), heldOn: heldOn, kind: .vetting, attendees: attendees,
                                   minutes: minutes.trimmingCharacters(in: .whitespacesAndNewlines))
        try meeting.validate(membersOnDate: try await groups.members(groupID: groupID, on: heldOn).count)
        var updated: [(LoanApplicationRecord, LoanApplicationRecord)] = []
        for decision in decisions {
            let before = try await application(id: decision.applicationID, scope: scope)
            guard before.groupID == groupID else { throw LendingError.applicationNotFound }
            try Transitions.check(application: before.state, to: decision.agreed ? .voted : .notVoted)
            guard heldOn >= before.submittedOn else { throw LendingError.wrongStage("hồ sơ nộp sau ngày họp") }
            var after = before
            after.state = decision.agreed ? .voted : .notVoted
            after.votedOn = heldOn
            after.voteMeetingID = meeting.id
            if decision.agreed {
                after.amount = decision.amount ?? before.amount
                after.termMonths = decision.termMonths ?? before.termMonths
                guard after.amount.dong > 0, after.amount <= before.amount else {
                    throw PlatformError.inputRefused(field: "amount", message: "Số tiền tổ bình xét phải dương và không vượt số tiền đề nghị (\(before.amount)).")
                }
                guard after.termMonths > 0, after.termMonths <= before.termMonths else {
                    throw PlatformError.inputRefused(field: "termMonths", message: "Thời hạn tổ bình xét không vượt thời hạn đề nghị.")
                }
                after.intervalMonths = min(after.intervalMonths, after.termMonths)
            }
            updated.append((before, after))
        }
        let updates = updated
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insert(into: "group_meetings").columns("id", "group_id", "held_on", "kind", "attendees", "minutes")
                .values(meeting.id, groupID, heldOn.iso, MeetingKind.vetting.rawValue, attendees, meeting.minutes).run()
            for (before, after) in updates {
                try await sql.update("loan_applications").set("state", to: after.state.rawValue).set("voted_on", to: heldOn.iso)
                    .set("vote_meeting_id", to: meeting.id).set("amount", to: after.amount.dong).set("term_months", to: after.termMonths)
                    .set("interval_months", to: after.intervalMonths).set("updated_at", to: world.nowMillis).where("id", .equal, after.id).run()
                try await AuditStore(sql: sql, world: world).record(actor: actor, action: "application.vet", recordType: "loan_application",
                                                                   recordID: after.id, provinceCode: province, before: before, after: after)
            }
        }
        return try await decisions.asyncMap { try await application(id: $0.applicationID, scope: .everything) }
    }

    /// Xã xác nhận danh sách: residence and status on the date, for each voted application of the list.
    /// A household no longer eligible on that date cannot be certified; it is marked not certified with the reason.
    public func certify(applicationIDs: [String], on date: BusinessDate, certified: Bool, reason: String, actor: Actor,
                        scope: AccessScope) async throws -> [LoanApplicationRecord] {
        guard !applicationIDs.isEmpty else { throw PlatformError.invalidInput(field: "applications", message: "Chưa chọn hồ sơ nào.") }
        guard date <= world.today else { throw LendingError.futureDate(date) }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if !certified, why.isEmpty { throw LendingError.reasonRequired }
        var changes: [(LoanApplicationRecord, LoanApplicationRecord, Int)] = []
        for id in Set(applicationIDs) {
            let before = try await application(id: id, scope: scope)
            try Transitions.check(application: before.state, to: certified ? .certified : .notCertified)
            if certified, let household = before.householdID {
                let (_, refusals) = try await ProgramStore(database: database, world: world)
                    .eligibility(householdID: household, programCode: before.programCode,
                                 request: LoanRequest(amount: before.amount, termMonths: before.termMonths), on: date, scope: scope)
                if !refusals.isEmpty {
                    throw LendingError.notEligible("\(before.borrowerName): " + refusals.map { $0.message }.joined(separator: " "))
                }
            }
            var after = before
            after.state = certified ? .certified : .notCertified
            after.certifiedOn = date
            after.certifiedBy = actor.username
            if !certified { after.reason = why }
            changes.append((before, after, try await provinceCode(unitID: before.unitID)))
        }
        let planned = changes
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            for (before, after, province) in planned {
                try await sql.update("loan_applications").set("state", to: after.state.rawValue).set("certified_on", to: date.iso)
                    .set("certified_by", to: actor.username).set("reason", to: after.reason).set("updated_at", to: world.nowMillis)
                    .where("id", .equal, after.id).run()
                try await AuditStore(sql: sql, world: world).record(actor: actor, action: "application.certify", recordType: "loan_application",
                                                                   recordID: after.id, provinceCode: province, before: before, after: after)
            }
        }
        return try await applicationIDs.asyncMap { try await application(id: $0, scope: .everything) }
    }

    /// Thẩm định: the credit officer checks the file and proposes it for approval.
    public func prepare(id: String, on date: BusinessDate, actor: Actor, scope: AccessScope) async throws -> LoanApplicationRecord {
        let before = try await application(id: id, scope: scope)
        guard before.state == .certified else { throw LendingError.wrongStage(before.state.label) }
        guard date <= world.today else { throw LendingError.futureDate(date) }
        var after = before
        after.preparedOn = date
        after.preparedBy = actor.username
        try await write(before: before, after: after, action: "application.prepare", actor: actor) { sql in
            try await sql.update("loan_applications").set("prepared_on", to: date.iso).set("prepared_by", to: actor.username)
                .set("updated_at", to: world.nowMillis).where("id", .equal, id).run()
        }
        return after
    }

    /// Phê duyệt or từ chối (04/TD): by an officer other than the one who checked the file; a
    /// refusal carries its reason.
    public func decide(id: String, approve: Bool, on date: BusinessDate, reason: String, actor: Actor,
                       scope: AccessScope) async throws -> LoanApplicationRecord {
        let before = try await application(id: id, scope: scope)
        try Transitions.check(application: before.state, to: approve ? .approved : .rejected)
        guard date <= world.today else { throw LendingError.futureDate(date) }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if approve {
            guard let preparer = before.preparedBy else { throw LendingError.notPrepared }
            guard preparer != actor.username else { throw LendingError.approverIsPreparer }
        } else if why.isEmpty { throw LendingError.reasonRequired }
        var after = before
        after.state = approve ? .approved : .rejected
        after.decidedOn = date
        after.decidedBy = actor.username
        after.reason = why
        let state = after.state
        try await write(before: before, after: after, action: approve ? "application.approve" : "application.reject", actor: actor) { sql in
            try await sql.update("loan_applications").set("state", to: state.rawValue).set("decided_on", to: date.iso)
                .set("decided_by", to: actor.username).set("reason", to: why).set("updated_at", to: world.nowMillis).where("id", .equal, id).run()
        }
        return after
    }

    /// Rút hồ sơ, at any step before disbursement.
    public func withdraw(id: String, reason: String, actor: Actor, scope: AccessScope) async throws -> LoanApplicationRecord {
        let before = try await application(id: id, scope: scope)
        try Transitions.check(application: before.state, to: .withdrawn)
        var after = before
        after.state = .withdrawn
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        after.reason = why
        try await write(before: before, after: after, action: "application.withdraw", actor: actor) { sql in
            try await sql.update("loan_applications").set("state", to: ApplicationState.withdrawn.rawValue).set("reason", to: why)
                .set("updated_at", to: world.nowMillis).where("id", .equal, id).run()
        }
        return after
    }

    func write(before: LoanApplicationRecord, after: LoanApplicationRecord, action: String, actor: Actor,
               _ change: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let province = try await provinceCode(unitID: before.unitID)
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await change(sql)
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: action, recordType: "loan_application",
                                                               recordID: before.id, provinceCode: province, before: before, after: after)
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async throws -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
