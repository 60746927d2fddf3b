/// Dân tộc: the 54 groups with the statistics office's codes (reference data), and a matcher
/// that reads the spellings documents use (Khơ-me, Khmer; HMông, Mông; "01").
public struct EthnicGroups: Sendable {
    public struct Group: Sendable, Equatable {
        public let code: String
        public let name: String
        public let synonyms: [String]

        public init(code: String, name: String, synonyms: [String]) {
            self.code = code
            self.name = name
            self.synonyms = synonyms
        }
    }

    public let groups: [Group]
    private let byKey: [String: String]

    public init(groups: [Group]) {
        self.groups = groups
        var keys: [String: String] = [:]
        for group in groups {
            for spelling in [group.name, group.code] + group.synonyms { keys[Self.key(spelling)] = group.code }
            if let number = Int(group.code) { keys[String(number)] = group.code }
        }
        byKey = keys
    }

    /// Folded, without hyphens, apostrophes or spaces: "Khơ-me" and "khome" meet.
    static func key(_ text: String) -> String {
        TextFolding.fold(text).filter { $0 != "-" && $0 != "'" && $0 != " " && $0 != "’" }
    }

    public func code(for text: String) -> String? { byKey[Self.key(text)] }

    public func name(of code: String) -> String? { groups.first { $0.code == code }?.name }
}
