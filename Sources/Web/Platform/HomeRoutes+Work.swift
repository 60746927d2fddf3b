import Domain
import Store
import Vapor

extension HomeRoutes {
    /// Một phiên giao dịch of this week, linking to its page (where the collection sheets are).
    struct Sitting: Encodable {
        let day: String; let hours: String; let point: String; let href: String
    }

    /// What waits for this role today, first on the page: each count links to its list.
    static func work(_ role: Role, _ q: WorkQueue, pointsNeedingAction: Int) -> [Card] {
        let files = "/applications?stage="
        var cards: [Card] = []
        switch role {
        case .admin, .bank:
            cards = [
                Card(label: "Hồ sơ chờ thẩm định", value: q.toCheck, href: files + "certified"),
                Card(
                    label: "Hồ sơ đã thẩm định, chờ cán bộ thứ hai phê duyệt", value: q.toApprove,
                    href: files + "certified"),
                Card(label: "Hồ sơ chờ giải ngân", value: q.toDisburse, href: files + "approved"),
            ]
        case .commune:
            cards = [
                Card(
                    label: "Hồ sơ vay chờ xã xác nhận", value: q.toCertify,
                    href: "/applications/certify"),
                Card(
                    label: "Cuộc rà soát năm nay chưa có quyết định", value: q.openReviews,
                    href: "/reviews"),
            ]
        case .union:
            cards = [
                Card(label: "Hồ sơ chờ tổ bình xét", value: q.toVote, href: files + "submitted"),
                Card(label: "Tổ có nợ quá hạn", value: q.groupsOverdue, href: "/indicators"),
                Card(label: "Tổ có lãi tồn", value: q.groupsInArrears, href: "/indicators"),
                Card(
                    label: "Tổ không họp tháng trước", value: q.groupsWithoutSitting,
                    href: "/groups"),
            ]
        case .finance:
            cards = [
                Card(
                    label: "Kế hoạch vốn năm nay chưa cấp đủ", value: q.capitalPlansShort,
                    href: "/capital#ke-hoach"),
                Card(label: "Kế hoạch vốn năm nay", value: q.capitalPlans, href: "/capital"),
            ]
        case .construction:
            cards = [
                Card(
                    label: "Đăng ký nhu cầu vay nhà ở xã hội", value: q.housingRegistrations,
                    href: "/reports/housing-demand"),
                Card(
                    label: "Xã có nhu cầu nhà ở xã hội", value: q.housingCommunes,
                    href: "/reports/housing-demand"),
            ]
        case .inspector:
            cards = [
                Card(
                    label: "Điểm giao dịch có hạng mục cần xử lý", value: pointsNeedingAction,
                    href: "/points?needingAction=1"),
                Card(label: "Tổ có nợ quá hạn", value: q.groupsOverdue, href: "/indicators"),
                Card(
                    label: "Tổ không họp tháng trước", value: q.groupsWithoutSitting,
                    href: "/groups"),
            ]
        case .province, .leader:
            cards = []
        }
        return cards + oversight(role, q)
    }

    /// The week's sittings a bank officer or a union officer goes to.
    static func sittings(_ role: Role, _ q: WorkQueue) -> [Sitting] {
        guard [.admin, .bank, .union].contains(role) else { return [] }
        return q.sittings.map {
            Sitting(
                day: "\($0.day.weekdayLabel) \($0.day.vietnamese)", hours: $0.hours,
                point: $0.pointName, href: "/transaction-days/\($0.id)")
        }
    }

    /// Kiểm tra, giám sát on the home page of the roles that owe it.
    static func oversight(_ role: Role, _ q: WorkQueue) -> [Card] {
        var cards: [Card] = []
        if [.admin, .bank, .commune, .union, .inspector].contains(role) {
            cards.append(
                Card(
                    label: "Phát hiện quá hạn khắc phục", value: q.findingsOverdue,
                    href: "/findings?overdue=true"))
        }
        if [.admin, .bank, .union].contains(role) {
            cards.append(
                Card(
                    label: "Khoản vay mới chưa kiểm tra sử dụng vốn", value: q.loansUnchecked,
                    href: "/check-plans"))
        }
        if [.province, .finance, .construction, .inspector].contains(role) {
            cards.append(
                Card(
                    label: "Nhiệm vụ theo chỉ thị quá hạn báo cáo", value: q.directiveTasksOverdue,
                    href: "/directives"))
        }
        return cards
    }
}
