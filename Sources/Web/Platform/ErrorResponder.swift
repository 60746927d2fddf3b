import Domain
import Store
import SQLKit
import Vapor

/// The one place errors become answers: a stable code and a Vietnamese message, as JSON under
/// `/api/` and as a page elsewhere, with the status the failure kind calls for. Details of
/// unexpected errors go to the log, never to the user.
struct ErrorResponder: AsyncMiddleware {
    struct Body: Content {
        struct Payload: Content {
            let code: String
            let message: String
            let details: [ErrorDetail]?
        }
        let error: Payload
    }

    struct ErrorPage: Encodable {
        let status: Int
        let heading: String
        let message: String
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch is MustChangePassword {
            if req.isAPI { return try json(req, .forbidden, "password_change_required", "Bạn phải đổi mật khẩu trước khi tiếp tục.", []) }
            return req.redirect(to: "/account/password")
        } catch is MustEnrolTwoFactor {
            let error = PlatformError.twoFactorEnrolmentRequired
            if req.isAPI { return try json(req, .forbidden, error.code, error.message, []) }
            return req.redirect(to: "/account/two-factor")
        } catch let error as PlatformError where error == .notSignedIn && !req.isAPI {
            let next = req.url.path + (req.url.query.map { "?" + $0 } ?? "")
            let target = req.method == .GET ? "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/") : "/login"
            return req.redirect(to: target)
        } catch let error as any AbortError where error.status == .notFound && req.route == nil
                    && !(APIContract.shared?.allowedMethods(path: req.url.path).isEmpty ?? true) {
            // A documented path asked with a method it does not take: 405 and what it does take.
            let allowed = APIContract.shared?.allowedMethods(path: req.url.path) ?? []
            let response = try json(req, .methodNotAllowed, "method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này.", [])
            response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
            return response
        } catch {
            let (status, code, message, details) = Self.describe(error, logger: req.logger)
            if status == .forbidden, let identity = req.identity {
                await SignIn.log(req, .refused, username: identity.user.username, userID: identity.user.id, detail: code)
            }
            if req.isAPI { return try Self.retryable(json(req, status, code, message, details)) }
            let heading = switch status.code {
            case 403: "Không có quyền truy cập"
            case 404: "Không tìm thấy"
            case 401: "Chưa đăng nhập"
            case 503: "Máy chủ đang bận"
            case 500...: "Lỗi hệ thống"
            default: "Yêu cầu không hợp lệ"
            }
            return Self.retryable(try await req.page(
                "error", title: heading, status: status,
                ErrorPage(status: Int(status.code), heading: heading, message: message)))
        }
    }

    /// Seconds a client waits before it sends a refused-for-load request again. Money commands
    /// carry an Idempotency-Key, so sending one again never posts it twice.
    static let retryAfterSeconds = 2

    /// A 503 tells the client when to come back.
    static func retryable(_ response: Response) -> Response {
        if response.status == .serviceUnavailable {
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfterSeconds))
        }
        return response
    }

    func json(_ req: Request, _ status: HTTPStatus, _ code: String, _ message: String, _ details: [ErrorDetail]) throws -> Response {
        let response = Response(status: status)
        try response.content.encode(Body(error: .init(code: code, message: message, details: details.isEmpty ? nil : details)))
        if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
        return response
    }

    static func status(of kind: FailureKind) -> HTTPStatus {
        switch kind {
        case .malformed: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .ruleBroken: .unprocessableEntity
        case .tooManyRequests: .tooManyRequests
        }
    }

    static func describe(_ error: any Error, logger: Logger) -> (HTTPStatus, String, String, [ErrorDetail]) {
        switch error {
        case let error as any DomainError:
            return (status(of: error.kind), error.code, error.message, error.details)
        case is ConnectionPoolTimeoutError:
            // Every pooled connection stayed busy for the pool's whole wait (many commands queued
            // on the same rows, or a slow disk): the server is overloaded, not broken.
            logger.warning("database connection pool: request timed out")
            return (.serviceUnavailable, "server_busy",
                    "Máy chủ đang bận, vui lòng thử lại sau ít giây.", [])
        case let error as DecodingError:
            let (field, reason) = Self.field(of: error)
            return (.badRequest, "malformed_body", "Dữ liệu gửi lên không đúng định dạng: \(reason).",
                    [ErrorDetail(field: field, code: "malformed", message: reason)])
        case let error as any AbortError:
            let status = error.status
            let (code, message): (String, String) = switch status.code {
            case 400: ("bad_request", "Yêu cầu không hợp lệ.")
            case 404: ("not_found", "Không tìm thấy trang hoặc dữ liệu yêu cầu.")
            case 405: ("method_not_allowed", "Phương thức không được hỗ trợ cho địa chỉ này.")
            case 413: ("payload_too_large", "Dữ liệu gửi lên quá lớn.")
            case 415: ("unsupported_media_type", "Kiểu dữ liệu gửi lên không được hỗ trợ (dùng JSON hoặc biểu mẫu).")
            case 422: ("unprocessable", "Dữ liệu không hợp lệ.")
            default: ("http_\(status.code)", status.reasonPhrase)
            }
            if status.code >= 500 { logger.report(error: error) }
            return (status, code, message, [])
        default:
            logger.report(error: error)
            return (.internalServerError, "internal_error", "Đã xảy ra lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên.", [])
        }
    }

    static func field(of error: DecodingError) -> (String?, String) {
        func path(_ context: DecodingError.Context) -> String { context.codingPath.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context):
            let full = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return (full, "thiếu trường «\(full)»")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return (path(context), "trường «\(path(context))» sai kiểu")
        case .dataCorrupted(let context):
            return (path(context).isEmpty ? nil : path(context), "nội dung không đọc được")
        @unknown default:
            return (nil, "nội dung không đọc được")
        }
    }
}
