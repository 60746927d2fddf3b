/// What every context's error tells the outside world: a stable code for clients, a message in
/// Vietnamese for people, and the kind of failure, which the web layer turns into a status in
/// one place (`Web/Platform/ErrorResponse.swift`).
public protocol DomainError: Error, Sendable {
    var code: String { get }
    var message: String { get }
    var kind: FailureKind { get }
    var details: [ErrorDetail] { get }
}

extension DomainError {
    public var details: [ErrorDetail] { [] }
}

public enum FailureKind: Sendable, Equatable {
    case malformed      // 400
    case unauthenticated // 401
    case forbidden      // 403
    case notFound       // 404
    case conflict       // 409
    case ruleBroken     // 422
    case tooManyRequests // 429
}

/// Where in the input a problem sits: a CSV row and column, a form field.
public struct ErrorDetail: Sendable, Equatable, Codable {
    public var row: Int?
    public var line: Int?
    public var field: String?
    public var code: String
    public var message: String

    public init(row: Int? = nil, line: Int? = nil, field: String? = nil, code: String, message: String) {
        self.row = row
        self.line = line
        self.field = field
        self.code = code
        self.message = message
    }
}
