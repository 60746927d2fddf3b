/// One page of a list: the items and the total the filter matches (API: `{"items": [...], "total": n}`).
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int

    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}

/// `limit` (default 50, at most 500) and `offset`, as every list of the API takes them.
public struct Paging: Sendable, Equatable {
    public let limit: Int
    public let offset: Int

    public static let maxLimit = 500

    public init(limit: Int? = nil, offset: Int? = nil) {
        self.limit = min(max(limit ?? 50, 1), Paging.maxLimit)
        self.offset = max(offset ?? 0, 0)
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
