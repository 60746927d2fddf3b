import Domain
import FluentKit
import Foundation
import SQLKit

/// A review with its households, as pages show it.
public struct ReviewView: Sendable {
    public struct Row: Sendable {
        public let entry: ReviewEntry
        public let code: String
        public let head: String
        public let village: String
        public let area: Area
    }

    public let campaign: ReviewCampaign
    public let unitName: String
    public let unitCode: Int
    public let rows: [Row]
}

/// Rà soát: campaigns and their entries, each stored as one JSON document beside the columns
/// queries use; every change audited; the decision writes every household's classification in
/// one transaction.
public struct ReviewStore: Sendable {
    let database: any Database
    let world: World
    var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }

    public init(database: any Database, world: World) {
        self.database = database
        self.world = world
    }

    static func json(_ value: some Encodable) throws -> String { try StoredJSON.text(value) }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try StoredJSON.value(T.self, from: text) }

    /// Opens a review of a commune; a periodic one starts with the households on the lists.
    public func create(unitCode: Int, year: Int, kind: ReviewCampaign.Kind, startedOn: BusinessDate, actor: Actor,
                       scope: AccessScope) async throws -> ReviewCampaign {
        let unit = try await UnitStore(sql: sql).unit(level: .commune, code: unitCode, asOf: startedOn, scope: scope)
        if kind == .periodic, try await sql.select().column("id").from("review_campaigns").where("unit_id", .equal, unit.id)
            .where("year", .equal, year).where("kind", .equal, kind.rawValue).first() != nil {
            throw RegistryError.reviewExists(year)
        }
        let chain = try await ReferenceDataStore(database: database, world: world).value(key: "review_approval_chain", on: startedOn)?.value ?? ""
        let campaign = ReviewCampaign(id: ReviewCampaign.ID(world.newID()), unitID: AdministrativeUnit.ID(unit.id), year: year, kind: kind,
                                      startedOn: startedOn, approvalChain: chain)
        var entries: [ReviewEntry] = []
        if kind == .periodic {
            let covering = try await UnitStore(sql: sql).covering(id: unit.id)
            let listed = try await sql.raw("""
                SELECT h.id AS id FROM households h JOIN household_classifications c ON c.household_id = h.id
                WHERE h.unit_id IN (\(binds: Array(covering))) AND h.closed_on IS NULL AND c.class IN ('poor', 'near_poor')
                  AND c.valid_from <= \(bind: startedOn.iso) AND (c.valid_to IS NULL OR c.valid_to >= \(bind: startedOn.iso))
                ORDER BY h.id
                """).all(decodingColumn: "id", as: String.self)
            entries = listed.map { ReviewEntry(householdID: Household.ID($0), reason: .onList) }
        }
        let all = entries
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.insert(into: "review_campaigns").columns("id", "province_code", "unit_id", "year", "kind", "definition", "created_at")
                .values(campaign.id.rawValue, unit.provinceCode, unit.id, year, kind.rawValue, try Self.json(campaign), world.nowMillis).run()
            try await sql.insertBatches(into: "review_entries", columns: ["campaign_id", "household_id", "province_code", "definition"],
                                        rows: try all.map { [campaign.id.rawValue, $0.householdID.rawValue, unit.provinceCode, try Self.json($0)] })
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "review.create", recordType: "review",
                                                               recordID: campaign.id.rawValue, provinceCode: unit.provinceCode,
                                                               before: nil as String?, after: campaign)
        }
        return campaign
    }

    public func list(scope: AccessScope) async throws -> [(campaign: ReviewCampaign, unitName: String, households: Int)] {
        let rows = try await sql.raw("""
            SELECT r.definition AS definition, u.name AS name,
                   (SELECT COUNT(*) FROM review_entries e WHERE e.campaign_id = r.id) AS n
            FROM review_campaigns r JOIN units u ON u.id = r.unit_id WHERE \(scope.condition("r.unit_id"))
            ORDER BY r.year DESC, u.name, r.created_at DESC
            """).all()
        return try rows.map { (try Self.decode(ReviewCampaign.self, try $0.decode(column: "definition", as: String.self)),
                               try $0.decode(column: "name", as: String.self), try $0.decode(column: "n", as: Int.self)) }
    }

    public func view(id: String, scope: AccessScope) async throws -> ReviewView {
        guard let row = try await sql.raw("""
            SELECT r.definition AS definition, u.name AS name, u.code AS code FROM review_campaigns r JOIN units u ON u.id = r.unit_id
            WHERE r.id = \(bind: id)
            """).first() else { throw RegistryError.reviewNotFound }
        let campaign = try Self.decode(ReviewCampaign.self, try row.decode(column: "definition", as: String.self))
        guard scope.contains(campaign.unitID) else { throw RegistryError.reviewNotFound }
        let entries = try await sql.raw("""
            SELECT e.definition AS definition, h.code AS code, h.head_name AS head, h.village AS village, h.area AS area
            FROM review_entries e JOIN households h ON h.id = e.household_id WHERE e.campaign_id = \(bind: id)
            ORDER BY h.village, h.code
            """).all()
        return ReviewView(campaign: campaign, unitName: try row.decode(column: "name", as: String.self),
                          unitCode: try row.decode(column: "code", as: Int.self),
                          rows: try entries.map { r in
                              ReviewView.Row(entry: try Self.decode(ReviewEntry.self, try r.decode(column: "definition", as: String.self)),
                                             code: try r.decode(column: "code", as: String.self), head: try r.decode(column: "head", as: String.self),
                                             village: try r.decode(column: "village", as: String.self),
                                             area: Area(rawValue: try r.decode(column: "area", as: String.self)) ?? .rural)
                          })
    }

    /// Adds a household (an applicant, one at risk) while households are being surveyed.
    public func add(reviewID: String, householdCode: String, reason: ReviewReason, actor: Actor, scope: AccessScope) async throws {
        let view = try await self.view(id: reviewID, scope: scope)
        guard view.campaign.step == .surveying else { throw RegistryError.reviewClosedForChanges }
        let code = try HouseholdCode(householdCode)
        let covering = try await UnitStore(sql: sql).covering(id: view.campaign.unitID.rawValue)
        guard let id = try await sql.select().column("id").from("households").where("unit_id", .in, Array(covering))
            .where("code", .equal, code.value).where("closed_on", .is, SQLLiteral.null).first(decodingColumn: "id", as: String.self) else {
            throw RegistryError.householdNotFound(code.value)
        }
        guard !view.rows.contains(where: { $0.entry.householdID.rawValue == id }) else { return }
        let entry = ReviewEntry(householdID: Household.ID(id), reason: reason)
        try await save(entry, in: view.campaign, action: "review.add_household", before: nil, actor: actor)
    }

    /// Phiếu A: screened out, or on to the survey.
    public func screen(reviewID: String, householdID: String, passed: Bool, actor: Actor, scope: AccessScope) async throws {
        let (campaign, before) = try await entry(reviewID: reviewID, householdID: householdID, scope: scope)
        guard campaign.step == .surveying else { throw RegistryError.reviewClosedForChanges }
        var entry = before
        entry.screening = passed ? .passed : .screenedOut
        try await save(entry, in: campaign, action: "review.screen", before: before, actor: actor)
    }

    /// Phiếu B: income and deprivations, classified under the standard in force when the results
    /// will hold. Also the re-check of a complaint during posting.
    public func survey(reviewID: String, householdID: String, income: IncomeAnswer, deprivations: Set<String>, actor: Actor,
                       scope: AccessScope) async throws -> ReviewEntry {
        let (campaign, before) = try await entry(reviewID: reviewID, householdID: householdID, scope: scope)
        guard campaign.step == .surveying || (campaign.step == .posting && !before.complaintResolved) else {
            throw RegistryError.reviewClosedForChanges
        }
        let household = try await HouseholdStore(database: database, world: world).household(id: householdID, scope: scope).household
        let effective = campaign.effectiveFrom(decidedOn: campaign.startedOn)
        let standard = try await PovertyStandardStore(database: database, world: world).standard(code: nil, on: effective)
        let evidence = try await IncomeScorecardStore(database: database, world: world)
            .evidence(income, standard: standard, on: effective, unitID: household.unitID.rawValue)
        let result = try PovertyClassifier.classify(SurveyAnswers(area: household.area, income: evidence, deprivations: deprivations),
                                                    under: standard)
        var entry = before
        entry.screening = .passed
        entry.record(evidence, answer: income)
        entry.deprivations = result.deprivedIndicators
        entry.proposed = result.classification
        entry.reasons = result.reasons
        entry.standardCode = result.standardCode
        if campaign.step == .posting { entry.complaintResolved = true }
        try await save(entry, in: campaign, action: "review.survey", before: before, actor: actor)
        return entry
    }

    /// Khiếu nại during posting: recorded, and must be resolved (re-survey or dismissed) before the decision.
    public func complain(reviewID: String, householdID: String, text: String, actor: Actor, scope: AccessScope) async throws {
        let (campaign, before) = try await entry(reviewID: reviewID, householdID: householdID, scope: scope)
        guard campaign.step == .posting else { throw RegistryError.reviewClosedForChanges }
        var entry = before
        entry.complaint = text.trimmingCharacters(in: .whitespacesAndNewlines)
        entry.complaintResolved = entry.complaint.isEmpty
        try await save(entry, in: campaign, action: "review.complaint", before: before, actor: actor)
    }

    /// The complaint was checked and the result stands.
    public func dismissComplaint(reviewID: String, householdID: String, actor: Actor, scope: AccessScope) async throws {
        let (campaign, before) = try await entry(reviewID: reviewID, householdID: householdID, scope: scope)
        guard campaign.step == .posting else { throw RegistryError.reviewClosedForChanges }
        var entry = before
        entry.complaintResolved = true
        try await save(entry, in: campaign, action: "review.complaint_dismissed", before: before, actor: actor)
    }

    /// Moves the review to its next step; the decision writes every household's classification,
    /// effective from 1 January next year (periodic) or the decision day (regular).
    public func advance(reviewID: String, to next: ReviewCampaign.Step, on date: BusinessDate, note: String, actor: Actor,
                        scope: AccessScope) async throws -> ReviewCampaign {
        let view = try await self.view(id: reviewID, scope: scope)
        if let problem = ReviewRules.problems(advancing: view.campaign, to: next, on: date, entries: view.rows.map(\.entry)).first {
            throw problem
        }
        var campaign = view.campaign
        campaign.step = next
        switch next {
        case .villageMeeting: campaign.meetingOn = date; campaign.meetingMinutes = note
        case .posting: campaign.postedFrom = date
        case .decided: campaign.decidedOn = date; campaign.decisionNumber = note
        case .surveying: break
        }
        let before = view.campaign
        let after = campaign
        let effective = campaign.effectiveFrom(decidedOn: date)
        let decision = "\(note.isEmpty ? "Quyết định" : note) ngày \(date.vietnamese) (\(campaign.kind.label.lowercased()) năm \(campaign.year))"
        let provinceCode = try await sql.select().column("province_code").from("review_campaigns").where("id", .equal, reviewID)
            .first(decodingColumn: "province_code", as: Int.self) ?? 0
        var changes: [ClassificationStore.Change] = []
        if next == .decided {
            let inForceBefore = try await ClassificationStore(database: database, world: world)
                .statuses(householdIDs: view.rows.map(\.entry.householdID.rawValue), on: effective.adding(days: -1))
            for row in view.rows {
                guard let outcome = row.entry.outcome, campaign.kind.recognises(outcome) else { continue }
                let id = row.entry.householdID.rawValue
                let reasons = row.entry.screening == .screenedOut ? ["Loại qua Phiếu A (nhận dạng nhanh)."] : row.entry.reasons
                let record = ClassificationRecord(id: world.newID(), householdID: id, standardCode: row.entry.standardCode,
                                                  classification: outcome, validFrom: effective, validTo: nil, decision: decision, reasons: reasons)
                changes.append(ClassificationStore.Change(record: record, provinceCode: provinceCode, deprivations: row.entry.deprivations,
                                                          previous: inForceBefore[id]))
            }
            // Decisions are never overwritten: a household already classified from that day on stops the decision.
            let ids = view.rows.map(\.entry.householdID.rawValue)
            for chunk in ids.chunked(400) where try await sql.select().column("id").from("household_classifications")
                .where("household_id", .in, Array(chunk)).where("valid_from", .greaterThanOrEqual, effective.iso).first() != nil {
                throw RegistryError.classificationNotAfterLast(effective)
            }
        }
        let allChanges = changes
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.update("review_campaigns").set("definition", to: try Self.json(after)).where("id", .equal, reviewID).run()
            if next == .decided { try await ClassificationStore.write(allChanges, sql: sql, world: world, actor: actor) }
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: "review.\(next.rawValue)", recordType: "review",
                                                               recordID: reviewID, provinceCode: provinceCode, before: before, after: after)
        }
        return campaign
    }

    func entry(reviewID: String, householdID: String, scope: AccessScope) async throws -> (ReviewCampaign, ReviewEntry) {
        let view = try await self.view(id: reviewID, scope: scope)
        guard let row = view.rows.first(where: { $0.entry.householdID.rawValue == householdID }) else { throw RegistryError.householdNotFound(householdID) }
        return (view.campaign, row.entry)
    }

    func save(_ entry: ReviewEntry, in campaign: ReviewCampaign, action: String, before: ReviewEntry?, actor: Actor) async throws {
        let provinceCode = try await sql.select().column("province_code").from("review_campaigns").where("id", .equal, campaign.id.rawValue)
            .first(decodingColumn: "province_code", as: Int.self) ?? 0
        try await database.transaction { db in
            let sql = try db.sqlDatabase()
            try await sql.delete(from: "review_entries").where("campaign_id", .equal, campaign.id.rawValue)
                .where("household_id", .equal, entry.householdID.rawValue).run()
            try await sql.insert(into: "review_entries").columns("campaign_id", "household_id", "province_code", "definition")
                .values(campaign.id.rawValue, entry.householdID.rawValue, provinceCode, try Self.json(entry)).run()
            try await AuditStore(sql: sql, world: world).record(actor: actor, action: action, recordType: "review_entry",
                                                               recordID: "\(campaign.id.rawValue)/\(entry.householdID.rawValue)",
                                                               provinceCode: provinceCode, before: before, after: entry)
        }
    }
}
