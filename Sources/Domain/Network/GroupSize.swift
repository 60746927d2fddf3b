/// Số tổ viên: the limits in force (reference data `group_members_min` / `group_members_max`,
/// 5–60 today) and the one rule every change of membership goes through.
public struct GroupSizeLimits: Sendable, Equatable {
    public let min: Int
    public let max: Int

    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    /// Taking `adding` households into a group of `current`.
    public func checkAdding(_ adding: Int, to current: Int) throws(NetworkError) {
        if current + adding > max { throw .groupFull(max: max) }
    }

    /// Letting `leaving` households go: a group that has reached the minimum may not fall below it
    /// (it merges or dissolves instead); a group still forming may shrink.
    public func checkRemoving(_ leaving: Int, from current: Int) throws(NetworkError) {
        if current >= min, current - leaving < min { throw .groupBelowMinimum(min: min) }
    }

    /// Tách tổ: both the new group and what is left keep the minimum.
    public func checkSplitting(_ moving: Int, from current: Int) throws(NetworkError) {
        guard moving >= min, current - moving >= min else { throw .groupBelowMinimum(min: min) }
    }

    /// A group founded whole (from a file) holds between the limits.
    public func admitsFounding(_ size: Int) -> Bool { (min...max).contains(size) }

    public var label: String { "\(min)–\(max)" }
}
