import Domain
import Store
import Vapor

/// The household page: members, classification history with reasons and decisions, and the
/// forms a commune officer uses (add a member, move, record a survey).
enum HouseholdPage {
    struct MemberRow: Encodable { let id: String; let name: String; let relation: String; let relationCode: String; let birthISO: String
        let sexCode: String; let ethnicityCode: String; let citizenFull: String; let birth: String; let age: Int; let sex: String; let ethnicity: String; let citizenID: String; let flags: String }
    struct HistoryRow: Encodable { let classification: String; let standard: String; let from: String; let to: String; let decision: String; let reasons: [String] }
    struct Indicator: Encodable { let code: String; let name: String; let dimension: String; let checked: Bool }
    struct Option: Encodable { let value: String; let label: String }
    struct Body: Encodable {
        let household: HouseholdSummary
        let areaLabel: String
        let address: String
        let phone: String
        let members: [MemberRow]
        let history: [HistoryRow]
        let current: String
        let canWrite: Bool
        let standardName: String
        let standardCode: String
        let indicators: [Indicator]
        let relations: [Option]
        let ethnicGroups: [Option]
        let today: String
        let surveyResult: ClassificationResult?
        let scorecard: ScorecardForm?
        let incomeEntered: String
        let exits: [String]
        let newlyEscaped: Bool
        let loans: [LoanPages.Row]
    }

    static func show(_ req: Request, error: String? = nil, status: HTTPStatus = .ok, surveyResult: ClassificationResult? = nil,
                     checked: Set<String> = [], answered: IncomeAnswerForm? = nil) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        let today = req.world.today
        let found = try await HouseholdStore(database: req.db, world: req.world).household(id: id, scope: viewer.scope)
        let classifications = ClassificationStore(database: req.db, world: req.world)
        let history = try await classifications.history(householdID: id)
        let exits = try await classifications.exits(householdID: id, on: today)
        let ethnic = try await ReferenceReaders(sql: req.sql).ethnicGroups()
        let standard = try? await PovertyStandardStore(database: req.db, world: req.world).standard(code: nil, on: today)
        var scorecard: IncomeScorecard?
        if let standard {
            scorecard = try await IncomeScorecardStore(database: req.db, world: req.world)
                .applicable(standard: standard, on: today, unitID: found.household.unitID.rawValue)
        }
        let members = found.household.members.map { m in
            MemberRow(id: m.id.rawValue, name: m.fullName, relation: m.relation.label, relationCode: m.relation.rawValue,
                      birthISO: m.birthDate.iso, sexCode: m.sex.rawValue, ethnicityCode: m.ethnicityCode,
                      citizenFull: viewer.role.seesFullCitizenIDs ? (m.citizenID?.digits ?? "") : "", birth: m.birthDate.vietnamese, age: m.age(on: today), sex: m.sex.label,
                      ethnicity: ethnic.name(of: m.ethnicityCode) ?? m.ethnicityCode,
                      citizenID: m.citizenID.map { $0.shown(to: viewer.role) } ?? "—",
                      flags: m.flags.map(\.label).sorted().joined(separator: ", "))
        }
        let rows = history.map { r in
            HistoryRow(classification: r.classification.label, standard: r.standardCode, from: r.validFrom.vietnamese,
                       to: r.validTo?.vietnamese ?? "nay", decision: r.decision, reasons: r.reasons)
        }
        let current = history.first { $0.validFrom <= today && ($0.validTo.map { today <= $0 } ?? true) }
        let body = Body(
            household: found.summary, areaLabel: found.summary.area.label, address: found.household.address, phone: found.household.phone,
            members: members, history: rows, current: current?.classification.label ?? "Chưa phân loại",
            canWrite: HouseholdRoutes.writers.allows(viewer.role),
            standardName: standard?.name ?? "", standardCode: standard?.code ?? "",
            indicators: (standard?.indicators ?? []).map { Indicator(code: $0.code, name: $0.name, dimension: $0.dimension, checked: checked.contains($0.code)) },
            relations: Relation.allCases.filter { $0 != .head }.map { Option(value: $0.rawValue, label: $0.label) },
            ethnicGroups: ethnic.groups.map { Option(value: $0.code, label: $0.name) },
            today: today.iso, surveyResult: surveyResult,
            scorecard: scorecard.map { ScorecardForm($0, chosen: answered?.score ?? [:], declared: answered.map { $0.method != "score" } ?? false) },
            incomeEntered: answered?.income ?? "",
            exits: exits.exits.map { "\($0.label) từ ngày \($0.on.vietnamese)" }, newlyEscaped: exits.newlyEscaped,
            loans: try await LoanStore(database: req.db, world: req.world).list(LoanQuery(householdID: id), scope: viewer.scope, on: today,
                                                                                 paging: Paging(limit: 100)).items.map(LoanPages.row))
        return try await req.page("registry/household", title: "Hộ \(found.summary.code) – \(found.summary.headName)",
                                  crumbs: [Crumb(label: "Hộ gia đình", href: "/households"),
                                           Crumb(label: "Hộ \(found.summary.code)", href: "/households/\(id)")],
                                  status: status, error: error, body)
    }
}

/// The forms of the household pages.
enum HouseholdForms {
    struct SplitForm: Content { var members: [String]?; var newCode: String?; var newHead: String?; var village: String? }
    struct MergeForm: Content { var fromCode: String? }

    /// Sửa hoặc xóa một nhân khẩu (a person who died or moved away leaves the household; the
    /// audit log keeps them). `remove` set means remove.
    static func editMember(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(MemberForm.self)
        let id = req.parameters.get("id") ?? ""
        let memberID = req.parameters.get("member") ?? ""
        let store = HouseholdStore(database: req.db, world: req.world)
        var household = try await store.household(id: id, scope: viewer.scope).household
        guard let index = household.members.firstIndex(where: { $0.id.rawValue == memberID }) else {
            throw RegistryError.householdNotFound(memberID)
        }
        do {
            if form.remove != nil {
                household.members.remove(at: index)
            } else {
                let readers = ReferenceReaders(sql: try req.sql)
                let old = household.members[index]
                household.members[index] = try MemberInput.member(
                    MemberJSON(id: memberID, fullName: form.fullName ?? old.fullName, birthDate: form.birthDate ?? old.birthDate.iso,
                               sex: form.sex ?? old.sex.rawValue, ethnicityCode: form.ethnicity ?? old.ethnicityCode,
                               relation: form.relation ?? old.relation.rawValue, citizenId: form.citizenId, flags: old.flags.map(\.rawValue)),
                    index: index, ethnic: try await readers.ethnicGroups(), birthplaces: try await readers.birthplaces(),
                    keeping: household.members, newID: req.world.newID)
            }
            try await store.save(household, actor: viewer.actor, scope: viewer.scope)
        } catch let error as any DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await HouseholdPage.show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        return Flash.redirect(req, to: "/households/\(id)", success: form.remove != nil ? "Đã xóa nhân khẩu khỏi hộ." : "Đã sửa thông tin nhân khẩu.")
    }

    /// Tách hộ from the page: the checked members form a new household.
    static func split(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(SplitForm.self)
        let id = req.parameters.get("id") ?? ""
        do {
            let created = try await HouseholdStore(database: req.db, world: req.world).split(
                id: id, memberIDs: Set(form.members ?? []), newCode: form.newCode ?? "", newHeadID: form.newHead ?? "",
                village: form.village, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/households/\(created.id.rawValue)", success: "Đã tách hộ mới \(created.code).")
        } catch let error as any DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await HouseholdPage.show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    /// Nhập hộ from the page: the household with the given code in the same commune joins this one.
    static func merge(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(MergeForm.self)
        let id = req.parameters.get("id") ?? ""
        let store = HouseholdStore(database: req.db, world: req.world)
        do {
            let target = try await store.household(id: id, scope: viewer.scope)
            let code = try HouseholdCode(form.fromCode ?? "")
            guard let other = try await store.search(HouseholdQuery(unitIDs: [target.summary.unitID], asOf: req.world.today,
                                                                    paging: Paging(limit: Paging.maxLimit)), scope: viewer.scope)
                .items.first(where: { $0.code == code.value }) else { throw RegistryError.householdNotFound(code.value) }
            _ = try await store.merge(intoID: id, fromID: other.id, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/households/\(id)", success: "Đã nhập hộ \(code) vào hộ này.")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await HouseholdPage.show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct NewForm: Content {
        var unitCode: String?
        var code: String?
        var village: String?
        var area: String?
        var address: String?
        var phone: String?
        var fullName: String?
        var birthDate: String?
        var sex: String?
        var ethnicity: String?
        var citizenId: String?
    }
    struct NewPage: Encodable { let form: NewForm; let today: String }

    static func create(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(NewForm.self)
        do {
            guard let code = try? UnitCode(text: form.unitCode ?? "") else { throw PlacesError.invalidUnitCode(form.unitCode ?? "") }
            let unit = try await UnitStore(sql: req.sql).unit(level: .commune, code: code.value, asOf: req.world.today, scope: viewer.scope)
            let readers = ReferenceReaders(sql: try req.sql)
            let head = try MemberInput.member(
                MemberJSON(id: nil, fullName: form.fullName ?? "", birthDate: form.birthDate ?? "", sex: form.sex ?? "",
                           ethnicityCode: form.ethnicity ?? "", relation: "head", citizenId: form.citizenId, flags: nil),
                index: 0, ethnic: try await readers.ethnicGroups(), birthplaces: try await readers.birthplaces(), keeping: [],
                newID: req.world.newID)
            let household = Household(id: Household.ID(req.world.newID()), unitID: AdministrativeUnit.ID(unit.id),
                                      code: try HouseholdCode(form.code ?? ""), village: (form.village ?? "").trimmingCharacters(in: .whitespaces),
                                      area: try Area(label: form.area ?? ""), address: form.address ?? "", phone: form.phone ?? "", members: [head])
            try await HouseholdStore(database: req.db, world: req.world).save(household, actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/households/\(household.id.rawValue)", success: "Đã thêm hộ \(household.code).")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await req.page("registry/household-new", title: "Thêm hộ", crumbs: [Crumb(label: "Hộ gia đình", href: "/households")],
                                      status: ErrorResponder.status(of: error.kind), error: error.message,
                                      NewPage(form: form, today: req.world.today.iso))
        }
    }

    struct MemberForm: Content {
        var remove: String?
        var fullName: String?
        var birthDate: String?
        var sex: String?
        var ethnicity: String?
        var relation: String?
        var citizenId: String?
    }

    static func addMember(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(MemberForm.self)
        let store = HouseholdStore(database: req.db, world: req.world)
        var household = try await store.household(id: req.parameters.get("id") ?? "", scope: viewer.scope).household
        do {
            let readers = ReferenceReaders(sql: try req.sql)
            let member = try MemberInput.member(
                MemberJSON(id: nil, fullName: form.fullName ?? "", birthDate: form.birthDate ?? "", sex: form.sex ?? "",
                           ethnicityCode: form.ethnicity ?? "", relation: form.relation ?? "", citizenId: form.citizenId, flags: nil),
                index: household.members.count, ethnic: try await readers.ethnicGroups(), birthplaces: try await readers.birthplaces(),
                keeping: [], newID: req.world.newID)
            household.members.append(member)
            try await store.save(household, actor: viewer.actor, scope: viewer.scope)
        } catch let error as any DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await HouseholdPage.show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        return Flash.redirect(req, to: "/households/\(household.id.rawValue)", success: "Đã thêm nhân khẩu.")
    }

    struct MoveForm: Content { var unitCode: String?; var village: String?; var address: String? }

    static func move(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(MoveForm.self)
        let id = req.parameters.get("id") ?? ""
        do {
            guard let code = try? UnitCode(text: form.unitCode ?? "") else { throw PlacesError.invalidUnitCode(form.unitCode ?? "") }
            let unit = try await UnitStore(sql: req.sql).unit(level: .commune, code: code.value, asOf: req.world.today, scope: viewer.scope)
            _ = try await HouseholdStore(database: req.db, world: req.world).move(
                id: id, toUnitID: unit.id, village: form.village ?? "", address: form.address ?? "", actor: viewer.actor, scope: viewer.scope)
        } catch let error as any DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await HouseholdPage.show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
        return Flash.redirect(req, to: "/households/\(id)", success: "Đã chuyển địa chỉ của hộ.")
    }

    struct SurveyForm: Content {
        var method: String?
        var income: String?
        var score: [String: String]?
        var deprivations: [String]?
        var validFrom: String?
        var decision: String?
    }

    /// Phiếu khảo sát: classify from the answers under the standard in force, show why, record it.
    static func survey(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(SurveyForm.self)
        let id = req.parameters.get("id") ?? ""
        let checked = Set(form.deprivations ?? [])
        do {
            let found = try await HouseholdStore(database: req.db, world: req.world).household(id: id, scope: viewer.scope)
            let income = try IncomeAnswerForm(method: form.method, income: form.income, score: form.score).answer()
            let date = try Validate.date(form.validFrom ?? "")
            let standard = try await PovertyStandardStore(database: req.db, world: req.world).standard(code: nil, on: date)
            let evidence = try await IncomeScorecardStore(database: req.db, world: req.world)
                .evidence(income, standard: standard, on: date, unitID: found.household.unitID.rawValue)
            let result = try PovertyClassifier.classify(
                SurveyAnswers(area: found.household.area, income: evidence, deprivations: checked), under: standard)
            _ = try await ClassificationStore(database: req.db, world: req.world).record(
                householdID: id, result: result, validFrom: date, decision: form.decision ?? "", actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/households/\(id)",
                                  success: "Đã ghi phân loại: \(result.classification.label). " + result.reasons.joined(separator: " "))
        } catch let error as any DomainError where error.kind != .forbidden && error.kind != .notFound {
            return try await HouseholdPage.show(req, error: error.message, status: ErrorResponder.status(of: error.kind), checked: checked,
                                                answered: IncomeAnswerForm(method: form.method, income: form.income, score: form.score))
        }
    }
}
