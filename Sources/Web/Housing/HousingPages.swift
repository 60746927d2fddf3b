import Domain
import Store
import Vapor

/// The registration page (list, filter, form) and the summary by commune and purpose, on
/// screen, A4, .xlsx and CSV.
extension HousingRoutes {
    func registerPages(_ app: Application) {
        app.on(.GET, ["housing-demand"], access: .signedIn, kind: .page) { req in
            try await Self.listPage(req)
        }
        app.on(.POST, ["housing-demand"], access: Self.registrars, kind: .page) { req in
            try await Self.registerForm(req)
        }
        app.on(.GET, ["reports", "housing-demand"], access: .signedIn, kind: .page) { req in
            try await Self.reportPage(req)
        }
    }

    /// The form as typed, given back with a refusal.
    struct Typed: Encodable {
        let unit: String, applicant: String, monthlyIncome: String, ownsHouse: Bool
        let areaPerPerson: String, households: String, amount: String, surveyedOn: String
        init(_ f: [String: String], today: String) {
            func v(_ k: String, _ n: Int, _ d: String = "") -> String {
                String((f[k] ?? d).prefix(n))
            }
            unit = v("unit", 5)
            applicant = v("applicant", 200)
            monthlyIncome = v("monthlyIncome", 18)
            ownsHouse = f["ownsHouse"] == "on"
            areaPerPerson = v("areaPerPerson", 5)
            households = v("households", 5, "1")
            amount = v("amount", 18)
            surveyedOn = v("surveyedOn", 10, today)
        }
    }

    struct Option: Encodable { let value: String, label: String, selected: Bool }

    static func options<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, selected: String?, label: (T) -> String
    ) -> [Option] where T.RawValue == String {
        T.allCases.map {
            Option(value: $0.rawValue, label: label($0), selected: $0.rawValue == selected)
        }
    }

    static func listPage(
        _ req: Request, error: String? = nil, status: HTTPStatus = .ok,
        typed: [String: String] = [:]
    ) async throws -> Response {
        let viewer = try req.requireViewer()
        let q = (try? req.query.decode(ListQuery.self)) ?? ListQuery()
        let unit = String((q.unit ?? "").prefix(5))
        let items = try await store(req).list(
            unitIDs: try await UnitFilter.communeUnits(unit, req: req), purpose: nil,
            scope: viewer.scope, limit: 200)
        struct Row: Encodable {
            let unit: String, applicant: String, group: String, purpose: String, households: Int
            let amount: String, surveyed: String, source: String, result: String
            let applyHref: String?
        }
        let available = try await Self.capitalAvailable(req, scope: viewer.scope)
        let lends = LoanRoutes.lenders.allows(viewer.role)
        struct Body: Encodable {
            let rows: [Row], unit: String, canRegister: Bool, typed: Typed
            let beneficiaries: [Option], maritals: [Option], purposes: [Option], today: String
        }
        return try await req.page(
            "housing/demands", title: "Nhu cầu vay nhà ở xã hội",
            crumbs: [Crumb(label: "Nhu cầu vay nhà ở xã hội", href: "/housing-demand")],
            status: status, error: error,
            Body(
                rows: items.map {
                    Row(
                        unit: "\($0.unitName) (\($0.unitCode))", applicant: $0.applicant,
                        group: $0.person.beneficiary.label, purpose: $0.purpose.label,
                        households: $0.households, amount: $0.amount.description,
                        surveyed: $0.surveyedOn.vietnamese, source: $0.source.label,
                        result: $0.assessment.summary,
                        applyHref: lends
                            && HousingDemandConversion.mayApply(
                                $0.assessment, amount: $0.amount, available: available)
                            ? Self.applicationLink($0) : nil)
                }, unit: unit, canRegister: registrars.allows(viewer.role),
                typed: Typed(typed, today: req.world.today.iso),
                beneficiaries: options(
                    HousingBeneficiary.self, selected: typed["beneficiary"], label: \.label),
                maritals: options(HousingMarital.self, selected: typed["marital"], label: \.label),
                purposes: options(HousingPurpose.self, selected: typed["purpose"], label: \.label),
                today: req.world.today.iso))
    }

    static func registerForm(_ req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = (try? req.content.decode([String: String].self)) ?? [:]
        do {
            func number(_ key: String, _ label: String) throws -> Int64 {
                let t = (f[key] ?? "").replacingOccurrences(of: ".", with: "")
                    .trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return 0 }
                guard t.utf8.count <= 18, let v = Int64(t), v >= 0 else {
                    throw PlatformError.invalidInput(field: key, message: "\(label) phải là số.")
                }
                return v
            }
            let input = HousingDemandInput(
                unit: f["unit"] ?? "", applicant: f["applicant"] ?? "",
                person: HousingApplicantJSON(
                    beneficiary: f["beneficiary"] ?? "", marital: f["marital"] ?? "",
                    monthlyIncome: try number("monthlyIncome", "Thu nhập"),
                    ownsHouse: f["ownsHouse"] == "on",
                    areaPerPerson: Int(try number("areaPerPerson", "Diện tích"))),
                purpose: f["purpose"] ?? "", households: Int(try number("households", "Số hộ")),
                amount: try number("amount", "Số tiền"), surveyedOn: f["surveyedOn"],
                source: f["source"])
            let record = try await store(req).register(
                try demand(input, today: req.world.today), actor: viewer.actor,
                scope: viewer.scope)
            return Flash.redirect(
                req, to: "/housing-demand", success: "Đã ghi nhu cầu của \(record.applicant).")
        } catch let error as any DomainError where error.kind != .forbidden {
            return try await listPage(
                req, error: error.message, status: ErrorResponder.status(of: error.kind),
                typed: f)
        }
    }
}
