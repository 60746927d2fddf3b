import Domain

/// One page of a list: the items and the total the filter matches (API: `{"items": [...], "total": n}`).
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int

    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

/// `limit` (default 50, 1–500) and `offset` (0 or more; past the end is an empty page), as
/// every list takes them. The one place these bounds live: `init(input:)` checks what a
/// request sent; `init(limit:offset:)` clamps what the code asks for.
public struct Paging: Sendable, Equatable {
    public let limit: Int
    public let offset: Int

    public static let maxLimit = 500
    public static let defaultLimit = 50

    public init(limit: Int? = nil, offset: Int? = nil) {
        self.limit = min(max(limit ?? Paging.defaultLimit, 1), Paging.maxLimit)
        self.offset = max(offset ?? 0, 0)
    }

    /// What a request asked for: a `limit` outside 1–500 or a negative `offset` is refused.
    public init(input limit: Int?, offset: Int?) throws(InputError) {
        if let limit, !(1...Paging.maxLimit).contains(limit) {
            throw .outOfRange(field: "limit", min: 1, max: Int64(Paging.maxLimit))
        }
        if let offset, offset < 0 { throw .outOfRange(field: "offset", min: 0, max: Int64.max) }
        self.init(limit: limit, offset: offset)
    }

    /// The offset after this page, or nil when none can follow (it would pass `Int.max`).
    public var nextOffset: Int? {
        let (next, overflow) = offset.addingReportingOverflow(limit)
        return overflow ? nil : next
    }
}

/// Who is acting, for the audit log.
public struct Actor: Sendable, Equatable {
    public let userID: String?
    public let username: String

    public init(userID: String?, username: String) {
        self.userID = userID
        self.username = username
    }

    public static let system = Actor(userID: nil, username: "system")
}
