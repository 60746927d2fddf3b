/// Errors of the Platform context: sign-in, users, scope, reference data, input.
public enum PlatformError: DomainError, Equatable {
    case wrongCredentials
    case throttled(seconds: Int)
    case notSignedIn
    case sessionExpired
    case forbidden
    case outOfScope
    case notFound
    case invalidUsername
    case weakPassword
    case duplicateUsername(String)
    case invalidScope(String)
    case invalidRole(String)
    case csrfMismatch
    case invalidReferenceValue(String)
    case duplicateEffectiveDate(String)
    case unknownReferenceTable(String)
    case invalidInput(field: String, message: String)
    /// A well-formed value the data refuses (a disbursement dated before the approval, a month
    /// not yet over): 422, where `invalidInput` is the 400 of a value that is wrong in itself.
    case inputRefused(field: String, message: String)
    /// An administrator disabling, demoting or re-scoping their own account.
    case ownAccountChange
    /// An administrator resetting their own password instead of changing it.
    case ownPasswordReset
    /// An organisation or group link on an account whose role it does not narrow.
    case linkNotForRole(String)
    case invalidDate(String)
    case passwordMismatch
    case wrongCurrentPassword
    /// Another run of the same long job holds its lock (`RunLock`).
    case runInProgress(String)
    case passwordTooLong
    case commonPassword
    /// The account signs in with a second factor and none was given.
    case otpRequired
    case wrongOTP
    /// The role must use a second factor and the account has none yet.
    case twoFactorEnrolmentRequired

    public var code: String {
        switch self {
        case .wrongCredentials: "wrong_credentials"
        case .throttled: "too_many_attempts"
        case .notSignedIn: "not_signed_in"
        case .sessionExpired: "session_expired"
        case .forbidden: "forbidden"
        case .outOfScope: "out_of_scope"
        case .notFound: "not_found"
        case .invalidUsername: "invalid_username"
        case .weakPassword: "weak_password"
        case .duplicateUsername: "duplicate_username"
        case .invalidScope: "invalid_scope"
        case .invalidRole: "invalid_role"
        case .csrfMismatch: "csrf_mismatch"
        case .invalidReferenceValue: "invalid_reference_value"
        case .duplicateEffectiveDate: "duplicate_effective_date"
        case .unknownReferenceTable: "unknown_reference_table"
        case .invalidInput: "invalid_input"
        case .inputRefused: "input_refused"
        case .ownAccountChange: "own_account_change"
        case .ownPasswordReset: "own_password_reset"
        case .linkNotForRole: "link_not_for_role"
        case .invalidDate: "invalid_date"
        case .passwordMismatch: "password_mismatch"
        case .wrongCurrentPassword: "wrong_current_password"
        case .runInProgress: "run_in_progress"
        case .passwordTooLong: "password_too_long"
        case .commonPassword: "common_password"
        case .otpRequired: "otp_required"
        case .wrongOTP: "wrong_otp"
        case .twoFactorEnrolmentRequired: "two_factor_enrolment_required"
        }
    }

    public var message: String {
        switch self {
        case .wrongCredentials: "Tên đăng nhập hoặc mật khẩu không đúng."
        case .throttled(let seconds): "Đăng nhập sai nhiều lần. Vui lòng thử lại sau \(seconds) giây."
        case .notSignedIn: "Vui lòng đăng nhập."
        case .sessionExpired: "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."
        case .forbidden: "Bạn không có quyền thực hiện thao tác này."
        case .outOfScope: "Dữ liệu yêu cầu nằm ngoài phạm vi được giao của bạn."
        case .notFound: "Không tìm thấy dữ liệu yêu cầu."
        case .invalidUsername: "Tên đăng nhập phải dài 3–40 ký tự, chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới."
        case .weakPassword: "Mật khẩu phải có ít nhất \(Credentials.minPasswordLength) ký tự và khác tên đăng nhập."
        case .duplicateUsername(let name): "Tên đăng nhập «\(name)» đã được dùng."
        case .invalidScope: "Phạm vi dữ liệu không hợp lệ: hãy chọn một tỉnh, một phòng giao dịch hoặc một xã có thật."
        case .invalidRole(let role): "Vai trò không hợp lệ: «\(role)»."
        case .csrfMismatch: "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại."
        case .invalidReferenceValue(let text): "Giá trị không hợp lệ: «\(text)»."
        case .duplicateEffectiveDate(let date): "Đã có giá trị có hiệu lực từ ngày \(date); hãy chọn ngày khác."
        case .unknownReferenceTable(let key): "Không có bảng dữ liệu tham chiếu «\(key)»."
        case .invalidInput(_, let message), .inputRefused(_, let message): message
        case .ownAccountChange:
            "Không tự khóa, đổi vai trò hay phạm vi tài khoản của chính mình; hãy nhờ một quản trị viên khác."
        case .linkNotForRole(let role):
            "Chỉ cán bộ tổ chức hội, đoàn thể mới gắn với một tổ chức, chỉ tổ trưởng mới gắn với một tổ; «\(role)» thì không."
        case .ownPasswordReset: "Đổi mật khẩu của chính mình ở trang «Đổi mật khẩu» (cần mật khẩu hiện tại)."
        case .invalidDate(let text): "Ngày không hợp lệ: «\(text)» (dạng dd/mm/yyyy hoặc yyyy-mm-dd)."
        case .passwordMismatch: "Mật khẩu nhập lại không khớp."
        case .wrongCurrentPassword: "Mật khẩu hiện tại không đúng."
        case .runInProgress(let what):
            "Đang có một lần \(what) khác chạy trên cơ sở dữ liệu này; hãy đợi lần đó xong rồi chạy lại."
        case .passwordTooLong: "Mật khẩu dài quá \(Credentials.maxPasswordBytes) byte; hãy chọn mật khẩu ngắn hơn."
        case .commonPassword: "Mật khẩu quá phổ biến hoặc quá đơn giản (ví dụ 12345678, matkhau123); hãy chọn mật khẩu khác."
        case .otpRequired: "Tài khoản này đăng nhập hai lớp: hãy nhập mã 6 số từ ứng dụng xác thực (hoặc một mã dự phòng)."
        case .wrongOTP: "Mã xác thực không đúng hoặc đã hết hạn."
        case .twoFactorEnrolmentRequired:
            "Vai trò của bạn phải đăng nhập hai lớp: hãy bật xác thực hai lớp trên trang tài khoản trước khi tiếp tục."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .wrongCredentials, .notSignedIn, .sessionExpired, .otpRequired, .wrongOTP: .unauthenticated
        case .twoFactorEnrolmentRequired: .forbidden
        case .throttled: .tooManyRequests
        case .forbidden, .outOfScope, .csrfMismatch: .forbidden
        case .notFound, .unknownReferenceTable: .notFound
        case .duplicateUsername, .duplicateEffectiveDate, .runInProgress: .conflict
        case .invalidInput, .invalidDate: .malformed
        case .inputRefused, .ownAccountChange, .ownPasswordReset, .linkNotForRole, .invalidUsername, .weakPassword, .invalidScope, .invalidRole, .invalidReferenceValue, .passwordTooLong, .commonPassword,
             .passwordMismatch, .wrongCurrentPassword: .ruleBroken
        }
    }

    public var details: [ErrorDetail] {
        switch self {
        case .invalidInput(let field, let message), .inputRefused(let field, let message):
            [ErrorDetail(field: field, code: code, message: message)]
        default: []
        }
    }
}
