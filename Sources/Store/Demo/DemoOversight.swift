import Domain
import FluentKit
import Foundation
import SQLKit

/// Kiểm tra, giám sát in the demo, through the same stores as an officer's: the Board's plan
/// for the year, an inspection of the `leader` user's group with two findings (one on two of
/// its loans, already overdue), a black-credit report taken at the home commune's point, and
/// a loan-use check plan drawn from the commune's loans of the year.
extension DemoProvince {
    static let inspectorActor = Actor(userID: nil, username: "inspector")

    func loadOversight(leaderGroup: String?) async throws {
        guard let leaderGroup else { return }
        let today = world.today
        let inspections = InspectionStore(database: database, world: world)
        let plan = try await inspections.createPlan(
            NewInspectionPlan(
                year: today.year, body: .board,
                title: "Kế hoạch kiểm tra, giám sát năm \(today.year) của Ban đại diện HĐQT tỉnh",
                plannedInspections: 24),
            provinceCode: Self.provinceCode, actor: Self.inspectorActor, scope: .everything)
        let day = today.adding(days: -20)
        let inspection = try await inspections.record(
            NewInspection(
                planID: plan.year == day.year ? plan.id : nil, body: .board, subject: .group,
                unitCode: Self.communeCode, subjectID: leaderGroup, loanIDs: [], inspectedOn: day,
                team: "Ban đại diện HĐQT tỉnh; Hội LHPN phường",
                conclusion: "Tổ họp định kỳ, sổ sách đủ; còn hộ chậm trả lãi."),
            actor: Self.inspectorActor, scope: .everything)
        let loans = try await database.sqlDatabase().select().column("id").from("loans")
            .where("group_id", .equal, leaderGroup).orderBy("id").limit(2)
            .all(decodingColumn: "id", as: String.self)
        let findings = FindingStore(database: database, world: world)
        _ = try await findings.open(
            NewFinding(
                category: .overdueDebt, description: "Hai hộ chậm trả lãi ba kỳ liên tiếp.",
                requiredAction: "Tổ trưởng đôn đốc hộ vay trả lãi tồn đọng",
                responsible: "Tổ trưởng tổ TK&VV", dueOn: today.adding(days: -5),
                priority: .high, subjects: loans.map { FindingSubject(kind: .loan, id: $0) }),
            inspectionID: inspection.id, foundOn: day, actor: Self.inspectorActor,
            scope: .everything)
        _ = try await findings.open(
            NewFinding(
                category: .groupOperations, description: "Biên bản họp tổ thiếu chữ ký tổ viên.",
                requiredAction: "Bổ sung biên bản", responsible: "Hội LHPN phường",
                dueOn: today.adding(days: 30), priority: .normal,
                subjects: [FindingSubject(kind: .group, id: leaderGroup)]),
            inspectionID: inspection.id, foundOn: day, actor: Self.inspectorActor,
            scope: .everything)
        _ = try await BlackCreditStore(database: database, world: world).report(
            NewBlackCreditReport(
                unitCode: Self.communeCode, raisedAt: .transactionPoint,
                pointID: "point-\(Self.communeCode)-1",
                lender: "Cho vay qua ứng dụng điện thoại, lãi 5.000 đồng/triệu/ngày",
                description: "Hộ vay phản ánh bị nhắn tin đòi nợ, đe dọa.", households: 3,
                reportedOn: today.adding(days: -3), reporterName: "Người báo tin mẫu",
                reporterContact: "0900 000 000", handler: "bank", priority: .high),
            actor: Self.bankActor, scope: .everything)
        let plans = CheckPlanStore(database: database, world: world)
        _ = try await plans.create(
            NewCheckPlan(
                title: "Kiểm tra sử dụng vốn quý IV/\(today.year), phường Phố Hiến",
                unitCodes: [Self.communeCode], disbursedFrom: today.adding(days: -365),
                disbursedTo: today, rules: try await plans.defaultRules(on: today),
                seed: 20_261_125),
            actor: Self.inspectorActor, scope: .everything)
    }
}
