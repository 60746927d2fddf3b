import Domain
import SQLKit
import Store
import Vapor

/// The pages of Savings & Loan Groups.
enum GroupPages {
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct Row: Encodable {
        let id: String; let name: String; let unitName: String; let village: String; let organisation: String; let leader: String
        let members: Int; let grade: String; let status: String
    }
    struct ListBody: Encodable {
        let filter: GroupRoutes.Filter
        let rows: [Row]
        let organisations: [Option]
        let pager: Pager
        let exportQuery: String
        let canWrite: Bool
    }

    static func list(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        var (query, filter) = try await GroupRoutes.query(req)
        let store = GroupStore(database: req.db, world: req.world)
        if let format = Exporter.format(filter.format) {
            var rows: [[Exporter.Cell]] = []
            var offset = 0
            while true {
                query.paging = Paging(limit: Paging.maxLimit, offset: offset)
                let page = try await store.list(query, scope: viewer.scope)
                rows += page.items.map { [.text($0.name), .number(Int64($0.unitCode)), .text($0.unitName), .text($0.village),
                                          .text($0.organisation.label), .text($0.leader ?? ""), .number(Int64($0.members)),
                                          .text($0.grade?.label ?? ""), .text($0.status.label)] }
                offset += Paging.maxLimit
                if offset >= page.total { break }
            }
            return try Exporter.response(Exporter.Table(sheetName: "Tổ TK&VV",
                                                        headers: ["Tên tổ", "Mã xã", "Xã/phường", "Thôn/tổ", "Tổ chức nhận ủy thác", "Tổ trưởng",
                                                                  "Số tổ viên", "Xếp loại", "Trạng thái"],
                                                        rows: rows), format: format, fileName: "to-tiet-kiem-vay-von")
        }
        let page = try await store.list(query, scope: viewer.scope)
        let params = ["unit": filter.unit ?? "", "province": filter.province ?? "", "organisation": filter.organisation ?? "",
                      "village": filter.village ?? "", "q": filter.q ?? "", "dissolved": filter.dissolved ?? ""]
        let rows = page.items.map {
            Row(id: $0.id, name: $0.name, unitName: $0.unitName, village: $0.village, organisation: $0.organisation.label,
                leader: $0.leader ?? "—", members: $0.members, grade: $0.grade?.label ?? "—", status: $0.status.label)
        }
        let organisations = Organisation.allCases.filter { viewer.scope.organisationID == nil || viewer.scope.organisationID == $0.rawValue }
        return try await req.page("network/groups", title: "Tổ tiết kiệm và vay vốn", crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups")],
            ListBody(filter: filter, rows: rows,
                     organisations: organisations.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == filter.organisation) },
                     pager: Pager(total: page.total, paging: query.paging, path: "/groups", query: params),
                     exportQuery: QueryString.encode(params), canWrite: GroupRoutes.writers.allows(viewer.role)))
    }

    struct NewForm: Content {
        var name: String?
        var organisation: String?
        var unitCode: String?
        var village: String?
        var foundedOn: String?
        var authorisationNumber: String?
        var authorisationDate: String?
        var foundingMinutes: String?
    }
    struct NewBody: Encodable { let form: NewForm; let organisations: [Option]; let villages: [String]; let today: String }

    static func newForm(_ req: Request, form: NewForm? = nil, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        var form = form ?? NewForm()
        if form.unitCode == nil, case .commune(let code) = viewer.user.scope { form.unitCode = String(code.value) }
        if form.foundedOn == nil { form.foundedOn = req.world.today.iso }
        var villages: [String] = []
        if let text = form.unitCode, let code = try? UnitCode(text: text) {
            let units = UnitStore(sql: try req.sql)
            if let unit = try? await units.unit(level: .commune, code: code.value, asOf: req.world.today, scope: viewer.scope) {
                villages = try await VillageStore(sql: req.sql).villages(of: try await units.covering(id: unit.id))
            }
        }
        let organisations = Organisation.allCases.filter { viewer.scope.organisationID == nil || viewer.scope.organisationID == $0.rawValue }
        return try await req.page("network/group-new", title: "Thành lập tổ", crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups"),
                                                                                       Crumb(label: "Thành lập tổ", href: "/groups/new")],
                                  status: status, error: error,
                                  NewBody(form: form, organisations: organisations.map { Option(value: $0.rawValue, label: $0.label,
                                                                                                 selected: $0.rawValue == form.organisation) },
                                          villages: villages, today: req.world.today.iso))
    }

    static func create(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let form = try req.content.decode(NewForm.self)
        do {
            guard let text = form.unitCode, let code = try? UnitCode(text: text) else { throw PlacesError.invalidUnitCode(form.unitCode ?? "") }
            let group = try await GroupStore(database: req.db, world: req.world).create(
                NewGroup(name: form.name ?? "", organisation: try Organisation(text: form.organisation ?? ""), unitCode: code.value,
                         village: form.village ?? "", foundedOn: try Validate.date(form.foundedOn ?? ""),
                         authorisationNumber: form.authorisationNumber ?? "",
                         authorisationDate: try (form.authorisationDate ?? "").isEmpty ? nil : Validate.date(form.authorisationDate ?? ""),
                         foundingMinutes: form.foundingMinutes ?? ""),
                actor: viewer.actor, scope: viewer.scope)
            return Flash.redirect(req, to: "/groups/\(group.id.rawValue)", success: "Đã thành lập \(group.name). Hãy kết nạp tổ viên và bầu ban quản lý tổ.")
        } catch let error as any DomainError where error.kind != .notFound {
            return try await newForm(req, form: form, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct MemberRow: Encodable {
        let householdID: String; let code: String; let head: String; let village: String; let people: Int; let since: String; let owes: String
    }
    struct BoardRow: Encodable { let post: String; let name: String; let from: String; let to: String }
    struct MeetingRow: Encodable { let date: String; let kind: String; let attendees: Int; let minutes: String }
    struct HistoryRow: Encodable { let code: String; let head: String; let from: String; let to: String; let reasonIn: String; let reasonOut: String }
    struct CandidateRow: Encodable { let code: String; let label: String }
    struct RatingRow: Encodable { let label: String; let reasons: [String] }
    struct Body: Encodable {
        let id: String; let name: String; let organisation: String; let unitName: String; let village: String; let founded: String
        let authorisation: String; let foundingMinutes: String; let status: String; let active: Bool; let memberCount: Int
        let limits: String; let belowMinimum: Bool
        let leader: String; let deputy: String; let grade: String
        let members: [MemberRow]; let board: [BoardRow]; let meetings: [MeetingRow]; let history: [HistoryRow]; let ratings: [RatingRow]
        let canWrite: Bool; let today: String; let commission: String; let nextSitting: String
        let candidates: [CandidateRow]; let adults: [Option]; let siblings: [Option]; let mergeTargets: [Option]
        let kinships: [Option]; let meetingKinds: [Option]; let canRate: Bool; let lastMonth: String
    }

    /// The group's page; `id` defaults to the route's (the leader's "my group" passes their own).
    static func show(_ req: Request, id: String? = nil, error: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = id ?? req.parameters.get("id") ?? ""
        let store = GroupStore(database: req.db, world: req.world)
        let detail = try await store.detail(id: id, scope: viewer.scope)
        let history = try await store.membershipHistory(groupID: id, scope: viewer.scope)
        let today = req.world.today
        let g = detail.group
        let canWrite = GroupRoutes.writers.allows(viewer.role) && g.status == .active
        let limits = try await store.limits(on: today)
        let siblings = canWrite ? try await store.siblings(of: id, scope: viewer.scope) : []
        let next = try await TransactionDayStore(database: req.db, world: req.world).next(unitID: g.unitID.rawValue, on: today)
        let lastMonth = String(today.firstOfMonth.adding(days: -1).iso.prefix(7))
        let commission = try await FeeStore(database: req.db, world: req.world).lines(month: lastMonth, scope: viewer.scope)
            .first { $0.groupID == id && $0.payee == .group }
            .map { "Tháng \(lastMonth): \($0.amount) – \($0.reason)" } ?? "Tháng \(lastMonth): chưa khóa sổ"

        let dues = try await LoanStore(database: req.db, world: req.world).duesThisMonth(groupID: id, today: today, collectOn: next?.day.date ?? today,
                                                                                       scope: viewer.scope)
        func owes(_ household: String) -> String {
            guard let d = dues[household], d.loans > 0 else { return "Không vay" }
            var parts = ["lãi \(d.interest)"]
            if d.principalThisMonth.dong > 0 { parts.append("gốc đến hạn \(d.principalThisMonth)") }
            if d.overdue.dong > 0 { parts.append("gốc quá hạn \(d.overdue)") }
            return "\(d.total): " + parts.joined(separator: ", ")
        }
        let body = Body(
            id: id, name: g.name, organisation: g.organisation.label, unitName: detail.unitName, village: g.village, founded: g.foundedOn.vietnamese,
            authorisation: g.authorisationNumber.isEmpty ? "Chưa ký" : g.authorisationNumber + (g.authorisationDate.map { " ngày \($0.vietnamese)" } ?? ""),
            foundingMinutes: g.foundingMinutes, status: g.status.label + (g.dissolvedOn.map { " từ \($0.vietnamese)" } ?? ""), active: g.status == .active,
            memberCount: detail.members.count, limits: limits.label, belowMinimum: g.status == .active && detail.members.count < limits.min,
            leader: detail.leader?.name ?? "Chưa bầu", deputy: detail.deputy?.name ?? "Chưa bầu",
            grade: detail.ratings.first.map { "\($0.grade.label) (tháng \($0.month), \($0.source.label.lowercased()))" } ?? "Chưa xếp loại",
            members: detail.members.map { MemberRow(householdID: $0.householdID, code: $0.code, head: $0.head, village: $0.village, people: $0.memberCount,
                                                    since: $0.since.vietnamese, owes: owes($0.householdID)) },
            board: detail.board.map { BoardRow(post: $0.post.label, name: $0.name, from: $0.from.vietnamese, to: $0.to?.vietnamese ?? "nay") },
            meetings: detail.meetings.map { MeetingRow(date: $0.heldOn.vietnamese, kind: $0.kind.label, attendees: $0.attendees, minutes: $0.minutes) },
            history: history.map { HistoryRow(code: $0.code, head: $0.head, from: $0.from.vietnamese, to: $0.to?.vietnamese ?? "nay",
                                              reasonIn: $0.reasonIn, reasonOut: $0.reasonOut ?? "") },
            ratings: detail.ratings.map {
                RatingRow(label: "Tháng \($0.month): \($0.grade.label)" + ($0.score.map { " (\($0) điểm)" } ?? "") + " – \($0.source.label)",
                          reasons: GroupRatingStore.reasons(of: $0))
            },
            canWrite: canWrite, today: today.iso, commission: commission,
            nextSitting: next.map { "\($0.day.date.weekdayLabel) \($0.day.date.vietnamese), \($0.day.hours) tại \($0.pointName) (\($0.address))" }
                ?? "Chưa có lịch",
            candidates: canWrite ? try await store.candidates(groupID: id, scope: viewer.scope).map {
                CandidateRow(code: $0.code, label: "\($0.code) – \($0.head) (\($0.village))")
            } : [],
            adults: canWrite ? try await store.boardCandidates(groupID: id, on: today, scope: viewer.scope).map {
                Option(value: $0.memberID, label: "\($0.name) – hộ \($0.householdCode), \($0.relation.label.lowercased())", selected: false)
            } : [],
            siblings: siblings.map { Option(value: $0.id, label: $0.name, selected: false) },
            mergeTargets: siblings.filter(\.sameOrganisation).map { Option(value: $0.id, label: $0.name, selected: false) },
            kinships: [Option(value: "none", label: "Không có quan hệ gần", selected: true)]
                + Kinship.allCases.map { Option(value: $0.rawValue, label: "Là \($0.label) của nhau", selected: false) },
            meetingKinds: MeetingKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == .regular) },
            canRate: GroupRatingRoutes.raters.allows(viewer.role) && g.status == .active,
            lastMonth: String(today.firstOfMonth.adding(days: -1).iso.prefix(7)))
        return try await req.page("network/group", title: g.name,
                                  crumbs: [Crumb(label: "Tổ TK&VV", href: "/groups"), Crumb(label: g.name, href: "/groups/\(id)")],
                                  status: status, error: error, body)
    }

    /// Runs one change on a group and comes back to its page, or shows the page with the refusal.
    static func act(_ req: Request, _ action: (GroupStore, Viewer, String) async throws -> String) async throws -> Response {
        let viewer = try req.requireViewer()
        let id = req.parameters.get("id") ?? ""
        do {
            let message = try await action(GroupStore(database: req.db, world: req.world), viewer, id)
            return Flash.redirect(req, to: "/groups/\(id)", success: message)
        } catch let error as any DomainError where error.kind != .notFound && error.kind != .forbidden {
            return try await show(req, error: error.message, status: ErrorResponder.status(of: error.kind))
        }
    }

    struct MembersForm: Content { var codes: [String]?; var more: String?; var date: String? }

    static func addMembers(_ req: Request) async throws -> Response {
        try await act(req) { store, viewer, id in
            let form = try req.content.decode(MembersForm.self)
            let typed = (form.more ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0.isNewline || $0 == " " }).map(String.init)
            let codes = (form.codes ?? []) + typed
            let members = try await store.addMembers(groupID: id, householdCodes: codes, on: try Validate.date(form.date ?? ""),
                                                     actor: viewer.actor, scope: viewer.scope)
            return "Đã kết nạp \(Set(codes).count) hộ; tổ có \(members.count) tổ viên."
        }
    }

    struct RemoveForm: Content { var date: String?; var reason: String?; var target: String? }

    static func removeMember(_ req: Request) async throws -> Response {
        try await act(req) { store, viewer, id in
            let form = try req.content.decode(RemoveForm.self)
            let target = (form.target ?? "").isEmpty ? nil : form.target
            try await store.removeMember(groupID: id, householdID: req.parameters.get("household") ?? "", on: try Validate.date(form.date ?? ""),
                                         reason: form.reason ?? "", movingTo: target, actor: viewer.actor, scope: viewer.scope)
            return target == nil ? "Đã ghi hộ ra khỏi tổ." : "Đã chuyển hộ sang tổ khác."
        }
    }

    struct BoardForm: Content { var leader: String?; var deputy: String?; var kinship: String?; var otherBank: String?; var date: String? }

    static func elect(_ req: Request) async throws -> Response {
        try await act(req) { store, viewer, id in
            let form = try req.content.decode(BoardForm.self)
            guard let leader = form.leader, !leader.isEmpty else {
                throw PlatformError.invalidInput(field: "leader", message: "Hãy chọn tổ trưởng.")
            }
            let board = try await store.elect(groupID: id, BoardElection(
                leaderMemberID: leader, deputyMemberID: (form.deputy ?? "").isEmpty ? nil : form.deputy,
                declaredKinship: try GroupRoutes.kinship(form.kinship), leaderLeadsOtherBankGroup: form.otherBank == "1",
                date: try Validate.date(form.date ?? "")), actor: viewer.actor, scope: viewer.scope)
            return "Đã ghi ban quản lý tổ: " + board.map { "\($0.post.label) \($0.name)" }.joined(separator: ", ") + "."
        }
    }

    struct MeetingForm: Content { var date: String?; var kind: String?; var attendees: String?; var minutes: String? }

    static func meeting(_ req: Request) async throws -> Response {
        try await act(req) { store, viewer, id in
            let form = try req.content.decode(MeetingForm.self)
            guard let kind = MeetingKind(rawValue: form.kind ?? "") else {
                throw PlatformError.invalidInput(field: "kind", message: "Hãy chọn loại cuộc họp.")
            }
            guard let attendees = Int(form.attendees ?? "") else {
                throw PlatformError.invalidInput(field: "attendees", message: "Số người dự họp phải là số.")
            }
            _ = try await store.recordMeeting(groupID: id, heldOn: try Validate.date(form.date ?? ""), kind: kind, attendees: attendees,
                                              minutes: form.minutes ?? "", actor: viewer.actor, scope: viewer.scope)
            return "Đã ghi biên bản họp tổ."
        }
    }

    struct DissolveForm: Content { var date: String?; var target: String?; var reason: String? }

    static func dissolve(_ req: Request) async throws -> Response {
        try await act(req) { store, viewer, id in
            let form = try req.content.decode(DissolveForm.self)
            let target = (form.target ?? "").isEmpty ? nil : form.target
            try await store.dissolve(groupID: id, on: try Validate.date(form.date ?? ""), into: target, reason: form.reason ?? "",
                                     actor: viewer.actor, scope: viewer.scope)
            return target == nil ? "Đã giải thể tổ." : "Đã nhập tổ vào tổ khác; các tổ viên đã chuyển sang."
        }
    }
}
