import Domain
import Store
import SQLKit
import Vapor

/// What the layout shell needs on every page: the user, navigation for their role, breadcrumbs,
/// the flash message and the CSRF token for the forms on the page.
struct Layout: Encodable {
    struct User: Encodable { let displayName: String; let username: String; let roleLabel: String }
    struct Link: Encodable { let href: String; let label: String; let current: Bool }
    struct Flash: Encodable { let kind: String; let message: String }

    let title: String
    let user: User?
    let nav: [Link]
    let crumbs: [Link]
    let flash: Flash?
    let csrf: String?
}

struct PageContext<Body: Encodable>: Encodable {
    let layout: Layout
    let page: Body
}

struct Crumb { let label: String; let href: String }

enum Flash {
    static let cookie = "pc_flash"

    /// Redirect after a successful form (post/redirect/get), carrying a one-time message.
    static func redirect(_ req: Request, to path: String, success message: String) -> Response {
        let response = req.redirect(to: path)
        let value = "success|" + message
        response.cookies[cookie] = HTTPCookies.Value(
            string: value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "", maxAge: 60,
            path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }
}

extension Request {
    /// Renders a page inside the layout shell.
    func page<Body: Encodable>(_ template: String, title: String, crumbs: [Crumb] = [], status: HTTPStatus = .ok,
                               error: String? = nil, _ body: Body) async throws -> Response {
        var flash: Layout.Flash? = error.map { Layout.Flash(kind: "error", message: $0) }
        var clearFlash = false
        if flash == nil, let raw = cookies[Flash.cookie]?.string.removingPercentEncoding, let bar = raw.firstIndex(of: "|") {
            flash = Layout.Flash(kind: String(raw[..<bar]), message: String(raw[raw.index(after: bar)...]))
            clearFlash = true
        }
        let identity = self.identity
        let layout = Layout(
            title: title,
            user: identity.map { Layout.User(displayName: $0.user.displayName, username: $0.user.username, roleLabel: $0.user.role.label) },
            nav: identity.map { Navigation.links(for: $0.user.role, path: url.path) } ?? [],
            crumbs: ([Crumb(label: "Trang chủ", href: "/")] + crumbs).map { Layout.Link(href: $0.href, label: $0.label, current: false) },
            flash: flash,
            csrf: identity?.csrfToken)
        let view = try await self.view.render(template, PageContext(layout: layout, page: body))
        let response = try await view.encodeResponse(status: status, for: self)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        if clearFlash { response.cookies[Flash.cookie] = .expired }
        return response
    }
}

/// The menu: what each role works with.
enum Navigation {
    static func links(for role: Role, path: String) -> [Layout.Link] {
        var items: [(String, String)] = [("/", "Trang chủ"), ("/dashboard", "Bảng điều hành"),
                                         ("/units", "Đơn vị hành chính"), ("/offices", "Phòng giao dịch"),
                                         ("/points", "Điểm giao dịch xã"), ("/households", "Hộ gia đình"), ("/reviews", "Rà soát"), ("/poverty", "Tỷ lệ hộ nghèo"),
                                         ("/organisations", "Tổ chức nhận ủy thác"), ("/groups", "Tổ TK&VV"), ("/applications", "Hồ sơ vay"), ("/loans", "Khoản vay"),
                                         ("/indicators", "Chỉ tiêu tháng"), ("/programs", "Chương trình cho vay"),
                                         ("/reference-data", "Dữ liệu tham chiếu")]
        if role == .leader { items.insert(("/my-group", "Tổ của tôi"), at: 1) }
        if role != .leader { items.append(("/reports", "Báo cáo")) }
        items.append(("/oversight", "Kiểm tra, giám sát"))
        if [.admin, .province, .bank, .commune, .construction].contains(role) {
            items.append(("/housing-demand", "Nhà ở xã hội"))
        }
        if [.admin, .province, .bank, .finance, .inspector].contains(role) {
            items.append(("/capital", "Nguồn vốn"))
        }
        if [.admin, .bank, .province, .inspector].contains(role) { items.append(("/ledger", "Sổ cái")) }
        if role == .admin || role == .inspector { items.append(("/audit", "Nhật ký")) }
        if role.administersUsers { items.append(("/admin/users", "Người dùng")) }
        if role == .admin { items.append(("/admin/security", "Nhật ký an toàn")) }
        return items.map { href, label in
            Layout.Link(href: href, label: label, current: href == "/" ? path == "/" : path.hasPrefix(href))
        }
    }
}

/// Query parameters shared by lists.
struct ListQuery: Content {
    var q: String?
    var limit: Int?
    var offset: Int?
    var asOf: String?
    var format: String?

    var paging: Paging { Paging(limit: limit, offset: offset) }

    func asOfDate(default today: BusinessDate) throws -> BusinessDate {
        try Validate.date(asOf, default: today)
    }
}

/// Previous/next links for a paged list.
struct Pager: Encodable {
    let total: Int
    let from: Int
    let to: Int
    let previous: String?
    let next: String?

    init(total: Int, paging: Paging, path: String, query: [String: String]) {
        self.total = total
        // An offset past the end shows an empty page "0 of n"; nothing here can overflow.
        let end = paging.nextOffset ?? Int.max
        from = total == 0 || paging.offset >= total ? 0 : paging.offset + 1
        to = from == 0 ? 0 : min(end, total)
        func link(_ offset: Int) -> String {
            let rest = QueryString.encode(query)
            return path + "?" + (rest.isEmpty ? "" : rest + "&") + "offset=\(offset)&limit=\(paging.limit)"
        }
        previous = paging.offset > 0 ? link(max(0, min(paging.offset, total) - paging.limit)) : nil
        next = end < total ? link(end) : nil
    }
}
