import Domain
import FluentKit
import Foundation
import SQLKit

/// The home commune's loan book, built through the same commands officers use (form 01/TD, the
/// group's vote, the commune's certification, the check and approval by two officers,
/// disbursement, collections), never by inserting rows: three years of loans across programs,
/// interest collected through the groups, principal on its due dates, some borrowers falling
/// behind, an adjustment, an extension, a freeze, a write-off through a batch, loan-use checks, a
/// student contract, and direct housing and
/// job-creation loans. The other communes' books come in through the book importer.
extension DemoProvince {
    static let leaderActor = Actor(userID: nil, username: "leader")
    static let communeActor = Actor(userID: nil, username: "commune")
    static let bankActor = Actor(userID: nil, username: "bank")
    static let approverActor = Actor(userID: nil, username: "approver")

    /// The home commune gets a full book through the commands; the others an old book, imported.
    func loadLoanBook(leaderGroup: String?, progress: @Sendable (String) -> Void) async throws {
        let sql = try database.sqlDatabase()
        var random = SeededGenerator(seed: seed &+ 0x10A45)
        let first = try BusinessDate(year: businessDate.year - 2, month: 1, day: 10)
        let last = businessDate.adding(days: -45)
        guard first < last else { return }
        // Households on the poor and near-poor lists borrow first, as the policy intends.
        let rows = try await sql.raw("""
            SELECT u.code AS code, m.household_id AS household, m.group_id AS grp,
                   CASE WHEN EXISTS (SELECT 1 FROM household_classifications c WHERE c.household_id = m.household_id
                                     AND c.class IN ('poor', 'near_poor')) THEN 1 ELSE 0 END AS listed
            FROM group_memberships m
            JOIN savings_groups g ON g.id = m.group_id JOIN units u ON u.id = g.unit_id
            WHERE g.province_code = \(bind: Self.provinceCode) AND g.status = 'active' AND m.valid_to IS NULL
            ORDER BY u.code, m.group_id, m.household_id
            """).all()
        var byCommune: [Int: [(household: String, group: String, listed: Bool)]] = [:]
        for row in rows {
            byCommune[try row.decode(column: "code", as: Int.self), default: []].append(
                (try row.decode(column: "household", as: String.self), try row.decode(column: "grp", as: String.self),
                 try row.decode(column: "listed", as: Int.self) == 1))
        }
        let apps = ApplicationStore(database: database, world: world)
        let programs = ProgramStore(database: database, world: world)
        let households = HouseholdStore(database: database, world: world)
        var made: [(loan: String, behaviour: Int, home: Bool)] = []
        var count = 0
        for (code, listedHere) in byCommune.sorted(by: { $0.key < $1.key }) {
            var candidates = listedHere
            candidates.shuffle(using: &random)
            // Half of the listed households borrow first; the others are left for new applications (and the tests).
            let listed = candidates.filter(\.listed)
            candidates = Array(listed.prefix(listed.count / 2)) + candidates.filter { !$0.listed } + Array(listed.dropFirst(listed.count / 2))
            // The `leader` user's group has borrowers, so his phone view shows what each owes.
            candidates = candidates.filter { $0.group == leaderGroup } + candidates.filter { $0.group != leaderGroup }
            // The other communes' loans come in through the book importer (DemoOldBook.swift).
            guard code == Self.communeCode else { continue }
            let wanted = 24
            var taken = 0
            for (household, group, _) in candidates where taken < wanted {
                let submitted = first.adding(days: Int.random(in: 0...(first.days(until: last)), using: &random))
                let (found, _) = try await households.household(id: household, scope: .everything)
                guard let member = found.members.first(where: { $0.relation == .head && $0.birthDate.fullYears(until: submitted) >= 18 })
                        ?? found.members.first(where: { $0.birthDate.fullYears(until: submitted) >= 18 }) else { continue }
                let amount = Money(dong: Int64.random(in: 10...60, using: &random) * 1_000_000)
                let term = [24, 36, 60].randomElement(using: &random) ?? 36
                var chosen: String?
                for program in ["poor_household", "near_poor_household", "escaped_poverty_household", "job_creation", "clean_water_sanitation"] {
                    let (_, refusals) = try await programs.eligibility(householdID: household, programCode: program,
                                                                      request: LoanRequest(amount: amount, termMonths: term), on: submitted, scope: .everything)
                    if refusals.isEmpty { chosen = program; break }
                }
                guard let program = chosen else { continue }
                let application = try await apps.submit(
                    NewApplication(householdID: household, representativeID: member.id.rawValue, programCode: program, amount: amount, termMonths: term,
                                   intervalMonths: 12, purpose: ["Chăn nuôi bò sinh sản", "Trồng rau màu", "Mua máy cày nhỏ", "Nuôi lợn thịt",
                                                                 "Sửa chữa công trình nước sạch", "Mở cửa hàng tạp hóa"].randomElement(using: &random) ?? "Chăn nuôi",
                                   submittedOn: submitted), actor: Self.leaderActor, scope: .everything)
                let present = try await GroupStore(database: database, world: world).members(groupID: group, on: submitted.adding(days: 3)).count
                _ = try await apps.vet(groupID: group, heldOn: submitted.adding(days: 3), attendees: present, minutes: "Tổ họp bình xét công khai, thống nhất đề nghị vay.",
                                       decisions: [VetDecision(applicationID: application.id, agreed: true)], actor: Self.leaderActor, scope: .everything)
                guard let loanID = try await approveAndDisburse(application.id, on: submitted.adding(days: 5), amount: amount,
                                                                source: count % 7 == 0 ? .province : .central) else { continue }
                // 0–7 pay as agreed, 8 stops paying after a while, 9 pays interest only.
                made.append((loanID, Int.random(in: 0...9, using: &random), code == Self.communeCode))
                taken += 1
                count += 1
                if count % 25 == 0 { progress("  … \(count) khoản vay") }
            }
        }
        progress("Thu lãi, thu nợ gốc đến ngày \(businessDate.vietnamese)…")
        let loans = LoanStore(database: database, world: world)
        for (index, loan) in made.enumerated() {
            try await collect(loanID: loan.loan, behaviour: loan.behaviour, loans: loans)
            if index % 50 == 49 { progress("  … \(index + 1)/\(made.count) khoản vay") }
        }
        try await riskCases(made: made.filter(\.home).map(\.loan), loans: loans)
        try await useChecks(made: made.filter(\.home).map(\.loan), loans: loans)
        try await directLoans()
        try await studentContract()
        try await housingDemand()
        try await capitalSources()
        progress("Nhập sổ cho vay cũ của các xã khác qua chức năng nhập sổ…")
        try await loadOldBook(progress: progress)
    }

    /// The commune certifies, one officer checks, another approves, the bank disburses at the point.
    /// Nil when the commune cannot certify (the household left the list between the form and the list).
    func approveAndDisburse(_ id: String, on date: BusinessDate, amount: Money, source: CapitalSource) async throws -> String? {
        let apps = ApplicationStore(database: database, world: world)
        do {
            _ = try await apps.certify(applicationIDs: [id], on: date, certified: true, reason: "", actor: Self.communeActor, scope: .everything)
        } catch let refusal as LendingError {
            _ = try await apps.certify(applicationIDs: [id], on: date, certified: false, reason: refusal.message, actor: Self.communeActor, scope: .everything)
            return nil
        }
        _ = try await apps.prepare(id: id, on: date.adding(days: 1), actor: Self.bankActor, scope: .everything)
        _ = try await apps.decide(id: id, approve: true, on: date.adding(days: 2), reason: "", actor: Self.approverActor, scope: .everything)
        return try await LoanStore(database: database, world: world).disburse(
            applicationID: id, DisbursementRequest(date: date.adding(days: 5), amount: amount, method: .cash, source: source),
            key: "demo-disburse-\(id)", actor: Self.bankActor, scope: .everything).result.loan
    }

    /// Interest every three months through the group; principal on each due date.
    func collect(loanID: String, behaviour: Int, loans: LoanStore) async throws {
        var detail = try await loans.detail(id: loanID, on: businessDate, scope: .everything)
        let start = detail.summary.disbursedOn
        let stopsAfter = behaviour == 8 ? 9 : Int.max
        var months = 3
        var n = 0
        while true {
            let date = RepaymentSchedule.adding(months: months, to: start)
            guard date <= businessDate, months <= stopsAfter else { break }
            detail = try await loans.detail(id: loanID, on: date, scope: .everything)
            guard detail.standing.status != .repaid else { break }
            let principal = behaviour == 9 ? .zero
                : Money(dong: detail.schedule.filter { $0.dueOn <= date }.reduce(0) { $0 + $1.unpaid.dong })
            let interest = detail.standing.interestDue
            if interest.dong + principal.dong > 0 {
                n += 1
                _ = try await loans.repay(loanID: loanID, RepaymentRequest(date: date, interest: interest, principal: principal),
                                          key: "demo-collect-\(loanID)-\(n)", actor: Self.bankActor, scope: .everything)
            }
            months += 3
        }
    }

    /// In the home commune: a term adjusted, a loan extended, a freeze after a flood, a write-off after a death.
    func riskCases(made: [String], loans: LoanStore) async throws {
        var adjusted = false, extended = false, frozen = false, written = false
        for id in made {
            let detail = try await loans.detail(id: id, on: businessDate, scope: .everything)
            let status = detail.standing.status
            let next = detail.schedule.first { $0.unpaid.dong > 0 && $0.dueOn > businessDate }
            if !adjusted, status == .current, let next, next.dueOn != detail.summary.maturity {
                _ = try await loans.adjustTerm(loanID: id, instalmentDue: next.dueOn, to: next.dueOn.adding(days: 90), on: businessDate.adding(days: -3),
                                               file: RiskFile(cause: "Chủ hộ ốm phải điều trị dài ngày", requestedOn: businessDate.adding(days: -10),
                                                              verification: "Tổ trưởng, Hội LHPN xác minh", approval: "Giám đốc phòng giao dịch"),
                                               actor: Self.approverActor, scope: .everything)
                adjusted = true
            } else if !extended, status == .overdue {
                _ = try await loans.extend(loanID: id, to: RepaymentSchedule.adding(months: 6, to: detail.summary.maturity), on: businessDate.adding(days: -5),
                                           file: RiskFile(cause: "Dịch bệnh gia súc, mất thu nhập", requestedOn: businessDate.adding(days: -12),
                                                          verification: "Tổ, hội xác minh; UBND xã xác nhận", approval: "Giám đốc phòng giao dịch"),
                                           actor: Self.approverActor, scope: .everything)
                extended = true
            } else if !frozen, status == .overdue || status == .current, detail.standing.outstanding.dong > 0 {
                _ = try await loans.freeze(loanID: id, on: businessDate.adding(days: -20), lossPercent: 60, months: 24,
                                           file: RiskFile(cause: "Bão lũ làm sập chuồng trại, mất đàn vật nuôi", requestedOn: businessDate.adding(days: -40),
                                                          verification: "Tổ, Hội LHPN xác minh; UBND xã xác nhận thiệt hại 60 %",
                                                          approval: "Giám đốc chi nhánh", documents: "Biên bản xác minh, xác nhận của UBND xã"),
                                           key: "demo-freeze-\(id)", actor: Self.approverActor, scope: .everything)
                frozen = true
            } else if !written, status == .overdue {
                try await writeOffBatch(loanID: id)
                written = true
            }
        }
    }

    /// Cho vay trực tiếp: social housing to a worker's family, job creation to a cooperative.
    func directLoans() async throws {
        let apps = ApplicationStore(database: database, world: world)
        let start = businessDate.adding(days: -200)
        let housing = try await apps.submitDirect(
            NewDirectApplication(borrowerName: "Trần Văn Hùng (công nhân KCN Phố Nối)", householdID: nil, unitCode: Self.communeCode,
                                 programCode: "social_housing", amount: Money(dong: 500_000_000), termMonths: 240, intervalMonths: 12,
                                 purpose: "Mua nhà ở xã hội tại dự án Phố Hiến", collateral: "Thế chấp căn hộ hình thành trong tương lai",
                                 submittedOn: start), actor: Self.bankActor, scope: .everything)
        _ = try await ApplicationStore(database: database, world: world).prepare(id: housing.id, on: start.adding(days: 1), actor: Self.bankActor, scope: .everything)
        _ = try await apps.decide(id: housing.id, approve: true, on: start.adding(days: 3), reason: "", actor: Self.approverActor, scope: .everything)
        _ = try await LoanStore(database: database, world: world).disburse(
            applicationID: housing.id, DisbursementRequest(date: start.adding(days: 10), amount: Money(dong: 500_000_000), method: .transfer, source: .province),
            key: "demo-disburse-\(housing.id)", actor: Self.bankActor, scope: .everything)
        let job = try await apps.submitDirect(
            NewDirectApplication(borrowerName: "Hợp tác xã may Hồng Châu", householdID: nil, unitCode: Self.communeCode, programCode: "job_creation",
                                 amount: Money(dong: 180_000_000), termMonths: 60, intervalMonths: 12, purpose: "Mở rộng xưởng may, tạo việc làm cho 20 lao động",
                                 collateral: "Thế chấp quyền sử dụng đất và nhà xưởng",
                                 submittedOn: start.adding(days: 20), unitJobs: 20),
            actor: Self.bankActor, scope: .everything)
        _ = try await apps.prepare(id: job.id, on: start.adding(days: 21), actor: Self.bankActor, scope: .everything)
        _ = try await apps.decide(id: job.id, approve: true, on: start.adding(days: 23), reason: "", actor: Self.approverActor, scope: .everything)
        _ = try await LoanStore(database: database, world: world).disburse(
            applicationID: job.id, DisbursementRequest(date: start.adding(days: 30), amount: Money(dong: 180_000_000), method: .transfer, source: .central),
            key: "demo-disburse-\(job.id)", actor: Self.bankActor, scope: .everything)
    }
}
