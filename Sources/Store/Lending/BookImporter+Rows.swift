import Domain
import SQLKit

/// Reading the old book's file: one row per loan, and the branch's control totals.
extension BookImporter {
    public static let requiredColumns = [
        "ma_khoan_vay", "ma_chuong_trinh", "ma_xa", "ma_ho", "ngay_giai_ngan", "so_tien_giai_ngan",
        "thoi_han_thang",
        "lich_tra", "du_no_trong_han", "du_no_qua_han", "du_no_khoanh", "lai_tra_den_ngay",
        "lai_chua_tra",
    ]
    public static let optionalColumns = [
        "ten_to", "khoanh_tu", "khoanh_den", "bo_tham_so", "nguon_von", "nhom_doi_tuong",
        "so_cccd", "ten_don_vi_vay", "cac_lan_giai_ngan", "so_lao_dong",
    ]
    public static let totalsColumns = [
        "ma_xa", "ma_chuong_trinh", "so_khoan_vay", "du_no", "du_no_qua_han", "du_no_khoanh",
    ]

    /// A row read: a loan, or its problems by column.
    enum Parsed {
        case loan(OpeningRow)
        case problems([ErrorDetail])
    }

    /// Per-file lookups, each read once per commune rather than once per row.
    struct Lookups {
        var units: [Int: UnitSummary?] = [:]
        var households: [String: [String: (id: String, head: String)]] = [:]
        var groups: [String: [String: (id: String, organisation: String)]] = [:]
        /// Each group's current members (household ids).
        var members: [String: Set<String>] = [:]
        /// Per commune, its open households' members by CCCD: read only for a file that uses it.
        var citizens: [String: [String: (id: String, head: String)]] = [:]
    }

    func commune(
        _ text: String, on date: BusinessDate, lookups: inout Lookups, scope: AccessScope,
        sql: any SQLDatabase
    ) async -> UnitSummary? {
        guard let code = try? UnitCode(text: text.trimmingCharacters(in: .whitespaces)) else {
            return nil
        }
        if lookups.units[code.value] == nil {
            let unit = try? await UnitStore(sql: sql).unit(
                level: .commune, code: code.value, asOf: date, scope: scope)
            lookups.units[code.value] = .some(unit)
        }
        return lookups.units[code.value] ?? nil
    }

    func load(unit: String, into lookups: inout Lookups, sql: any SQLDatabase) async throws {
        guard lookups.households[unit] == nil else { return }
        var households: [String: (id: String, head: String)] = [:]
        for r in try await sql.select().columns("id", "code", "head_name").from("households").where(
            "unit_id", .equal, unit
        )
        .where("closed_on", .is, SQLLiteral.null).all() {
            households[try r.decode(column: "code", as: String.self)] =
                (
                    try r.decode(column: "id", as: String.self),
                    try r.decode(column: "head_name", as: String.self)
                )
        }
        var groups: [String: (id: String, organisation: String)] = [:]
        for r in try await sql.select().columns("id", "folded_name", "organisation").from(
            "savings_groups"
        )
        .where("unit_id", .equal, unit).where("status", .equal, "active").all() {
            groups[try r.decode(column: "folded_name", as: String.self)] =
                (
                    try r.decode(column: "id", as: String.self),
                    try r.decode(column: "organisation", as: String.self)
                )
        }
        lookups.households[unit] = households
        lookups.groups[unit] = groups
        for r in try await sql.raw(
            """
            SELECT m.group_id AS g, m.household_id AS h FROM group_memberships m
            JOIN savings_groups s ON s.id = m.group_id WHERE s.unit_id = \(bind: unit) AND
              m.valid_to IS NULL
            """
        ).all() {
            lookups.members[try r.decode(column: "g", as: String.self), default: []]
                .insert(try r.decode(column: "h", as: String.self))
        }
    }

    /// The remaining instalments as the old book lists them: `dd/mm/yyyy:amount; …`.
    static func instalments(_ text: String) -> [Instalment]? {
        datedAmounts(text)?.map { Instalment(dueOn: $0.date, principal: $0.amount) }
    }

    /// The disbursements as the old book lists them, in the instalments' form; nil if unreadable.
    static func tranches(_ text: String) -> [OpeningTranche]? {
        datedAmounts(text, limit: 60)?.map { OpeningTranche(on: $0.date, amount: $0.amount) }
    }

    /// `dd/mm/yyyy:amount; …`, at most `limit` pairs; nil when empty or unreadable.
    static func datedAmounts(
        _ text: String, limit: Int = 600
    ) -> [(date: BusinessDate, amount: Money)]? {
        let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !parts.isEmpty, parts.count <= limit else { return nil }
        var result: [(date: BusinessDate, amount: Money)] = []
        for part in parts {
            let pair = part.split(separator: ":", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard pair.count == 2, let date = try? BusinessDate(vietnamese: pair[0]),
                let amount = try? Money(text: pair[1])
            else {
                return nil
            }
            result.append((date, amount))
        }
        return result
    }

    /// One row into a loan of the old book, or its problems by column.
    func parse(
        _ row: CSVTable.Row, cutOver: BusinessDate, sets: [ProgramParameters],
        anchors: [AnchorRate], lookups: inout Lookups,
        scope: AccessScope, sql: any SQLDatabase
    ) async throws -> Parsed {
        var problems: [ErrorDetail] = []
        func problem(_ column: String, _ message: String) {
            problems.append(
                ErrorDetail(
                    row: row.number, line: row.line, field: column, code: "invalid_row",
                    message: message))
        }
        func text(_ column: String) -> String {
            (row[column] ?? "").trimmingCharacters(in: .whitespaces)
        }
        func money(_ column: String) -> Money {
            do { return try Money(text: text(column).isEmpty ? "0" : text(column)) } catch {
                problem(
                    column, "Số tiền không hợp lệ: «\(text(column).prefix(40))» (đồng, chữ số).")
                return .zero
            }
        }
        func date(_ column: String) -> BusinessDate? {
            do { return try BusinessDate(vietnamese: text(column)) } catch {
                problem(column, "Ngày không hợp lệ: «\(text(column).prefix(40))» (dd/mm/yyyy).")
                return nil
            }
        }
        let reference = text("ma_khoan_vay")
        if reference.isEmpty || reference.count > 40 {
            problem("ma_khoan_vay", "Thiếu số khế ước (tối đa 40 ký tự).")
        }
        let program = text("ma_chuong_trinh")
        let (disbursed, current, overdue, frozen, unpaid) =
            (
                money("so_tien_giai_ngan"), money("du_no_trong_han"), money("du_no_qua_han"),
                money("du_no_khoanh"), money("lai_chua_tra")
            )
        let disbursedOn = date("ngay_giai_ngan"), paidTo = date("lai_tra_den_ngay")
        let term = Int(text("thoi_han_thang")).flatMap { $0 > 0 && $0 <= 600 ? $0 : nil }
        if term == nil { problem("thoi_han_thang", "Thời hạn vay phải là số tháng từ 1 đến 600.") }
        let remaining = Self.instalments(text("lich_tra"))
        if remaining == nil {
            problem(
                "lich_tra", "Lịch trả không đọc được: dạng «dd/mm/yyyy:số tiền; …», tối đa 600 kỳ.")
        }
        var freeze: FreezePeriod?
        if !text("khoanh_tu").isEmpty || !text("khoanh_den").isEmpty {
            if let from = date("khoanh_tu"), let through = date("khoanh_den") {
                freeze = FreezePeriod(from: from, through: through)
            }
        }
        let source =
            text("nguon_von").isEmpty
            ? CapitalSource.central : CapitalSource(rawValue: text("nguon_von"))
        if source == nil {
            problem(
                "nguon_von",
                "Nguồn vốn phải là một trong: "
                    + "\(CapitalSource.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        guard
            let unit = await commune(
                text("ma_xa"), on: cutOver, lookups: &lookups, scope: scope, sql: sql)
        else {
            problem(
                "ma_xa", "Xã «\(text("ma_xa").prefix(20))» không có hoặc ngoài phạm vi của bạn.")
            return .problems(problems)
        }
        try await load(unit: unit.id, into: &lookups, sql: sql)
        let borrower = try await borrower(
            row, unit: unit, lookups: &lookups, sql: sql, problem: problem)
        var tranches: [OpeningTranche] = []
        if !text("cac_lan_giai_ngan").isEmpty {
            if let listed = Self.tranches(text("cac_lan_giai_ngan")) {
                tranches = listed
            } else {
                problem(
                    "cac_lan_giai_ngan",
                    "Các lần giải ngân không đọc được: dạng «dd/mm/yyyy:số tiền; …», "
                        + "tối đa 60 lần.")
            }
        }
        var group: (id: String, organisation: String)?
        if !text("ten_to").isEmpty {
            group = lookups.groups[unit.id]?[TextFolding.fold(text("ten_to"))]
            if group == nil {
                problem(
                    "ten_to",
                    "Xã \(unit.name) không có tổ «\(text("ten_to").prefix(60))» đang hoạt động.")
            }
        }
        var parameters: ProgramParameters?
        if let disbursedOn {
            parameters =
                text("bo_tham_so").isEmpty
                ? ProgramParameters.inForce(program, on: disbursedOn, among: sets)
                : sets.first { $0.id == text("bo_tham_so") && $0.programCode == program }
            if parameters == nil {
                problem(
                    text("bo_tham_so").isEmpty ? "ma_chuong_trinh" : "bo_tham_so",
                    LendingError.noParametersInForce(program, disbursedOn).message)
            }
        }
        let beneficiary = text("nhom_doi_tuong").isEmpty ? nil : text("nhom_doi_tuong")
        var jobs: Int?
        if !text("so_lao_dong").isEmpty {
            jobs = Int(text("so_lao_dong")).flatMap { UnitCaps.jobsRange.contains($0) ? $0 : nil }
            if jobs == nil {
                problem(
                    "so_lao_dong",
                    "Số lao động phải là số nguyên từ \(UnitCaps.jobsRange.lowerBound) đến "
                        + "\(UnitCaps.jobsRange.upperBound).")
            }
        }
        if let parameters, let disbursedOn {
            do {
                _ = try LoanPricing.periods(
                    loanSet: parameters, group: beneficiary, disbursedOn: disbursedOn, sets: sets,
                    anchors: anchors)
            } catch {
                problem(beneficiary == nil ? "ngay_giai_ngan" : "nhom_doi_tuong", error.message)
            }
        }
        guard problems.isEmpty, let disbursedOn, let paidTo, let term, let remaining, let source,
            let borrower, let parameters
        else {
            return .problems(problems)
        }
        let loan = OpeningLoan(
            row: row.number, reference: reference, programCode: program, unitID: unit.id,
            groupID: group?.id,
            disbursedOn: disbursedOn, disbursed: disbursed, termMonths: term, remaining: remaining,
            current: current, overdue: overdue, frozen: frozen, freeze: freeze,
            interestPaidTo: paidTo,
            unpaidInterest: unpaid, source: source, tranches: tranches)
        let opening = OpeningRow(
            loan: loan, householdID: borrower.id, borrowerName: borrower.name,
            provinceCode: unit.provinceCode, organisation: group?.organisation,
            parameters: parameters, beneficiaryGroup: beneficiary, unitJobs: jobs)
        let found = OpeningBook.problems(opening, cutOver: cutOver)
        guard found.isEmpty else {
            return .problems(
                found.map {
                    ErrorDetail(
                        row: row.number, line: row.line, field: $0.column, code: "invalid_row",
                        message: $0.message)
                })
        }
        return .loan(opening)
    }
}
