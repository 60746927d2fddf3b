/// Thay đổi địa giới hành chính: a dated event, never an edit. A merger joins units into one
/// (Hưng Yên and Thái Bình into Hưng Yên from 1 July 2025), a rename gives a unit a
/// new name, a split divides an old unit among several new ones (`share == .part`).
public struct MapChange: Hashable, Sendable, Codable {
    public typealias ID = Identifier<MapChange>

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case merger, rename, split

        public var label: String {
            switch self {
            case .merger: "Sáp nhập"
            case .rename: "Đổi tên"
            case .split: "Chia tách"
            }
        }
    }

    public let id: ID
    public let kind: Kind
    public let effectiveOn: BusinessDate
    public let legalSource: String
    public let links: [MapLink]

    public init(id: ID, kind: Kind, effectiveOn: BusinessDate, legalSource: String, links: [MapLink]) {
        self.id = id
        self.kind = kind
        self.effectiveOn = effectiveOn
        self.legalSource = legalSource
        self.links = links
    }
}

/// One arrow of a change: the old unit (or the part of it, `share == .part`) that went into the new one.
public struct MapLink: Hashable, Sendable, Codable {
    public enum Share: String, Sendable, Codable { case whole, part }

    public let from: AdministrativeUnit.ID
    public let to: AdministrativeUnit.ID
    public let share: Share

    public init(from: AdministrativeUnit.ID, to: AdministrativeUnit.ID, share: Share) {
        self.from = from
        self.to = to
        self.share = share
    }

    /// A merger-table row is a merger when several old units went wholly into one new unit, a
    /// split when the old unit was divided, and a rename when one old unit became one new unit.
    public static func kind(of links: [MapLink]) -> MapChange.Kind {
        if links.contains(where: { $0.share == .part }) { return .split }
        return links.count == 1 ? .rename : .merger
    }
}
