/// Quan hệ gần: the kinships that bar a leader and deputy from serving together (network.md §3:
/// not spouse, parent, child or sibling of each other).
public enum Kinship: String, Sendable, Codable, CaseIterable {
    case spouse
    case parentChild = "parent_child"
    case siblings

    public var label: String {
        switch self {
        case .spouse: "vợ/chồng"
        case .parentChild: "cha/mẹ và con"
        case .siblings: "anh/chị/em ruột"
        }
    }
}

/// The conflict rules of a group's board.
public enum BoardRules {
    /// The kinship of two members of the same household, read from their relations to its head;
    /// nil where the register does not tell (grandchild and child: which child's?).
    public static func kinship(_ a: Relation, _ b: Relation) -> Kinship? {
        switch (a, b) {
        case (.head, .spouse), (.spouse, .head), (.parent, .parent): .spouse
        case (.head, .child), (.child, .head), (.head, .parent), (.parent, .head),
             (.spouse, .child), (.child, .spouse), (.parent, .sibling), (.sibling, .parent): .parentChild
        case (.head, .sibling), (.sibling, .head), (.child, .child), (.sibling, .sibling): .siblings
        default: nil
        }
    }

    /// One side of a board: the person, their household and relation to its head, and what they
    /// declared on the form.
    public struct Candidate: Sendable {
        public var memberID: String
        public var householdID: String
        public var relation: Relation
        public var name: String
        public init(memberID: String, householdID: String, relation: Relation, name: String) {
            self.memberID = memberID
            self.householdID = householdID
            self.relation = relation
            self.name = name
        }
    }

    /// Why `leader` and `deputy` may not serve together, if they may not: the same person, close
    /// kin by the register (same household) or by what was declared (different households), or
    /// a leader who leads another bank's borrowing group.
    public static func problems(leader: Candidate, deputy: Candidate?, declaredKinship: Kinship?,
                                leaderLeadsOtherBankGroup: Bool) -> [NetworkError] {
        var problems: [NetworkError] = []
        if leaderLeadsOtherBankGroup { problems.append(.leaderOfOtherBankGroup(leader.name)) }
        guard let deputy else { return problems }
        if deputy.memberID == leader.memberID {
            problems.append(.leaderIsDeputy(leader.name))
            return problems
        }
        let registered = deputy.householdID == leader.householdID ? kinship(leader.relation, deputy.relation) : nil
        if let kin = registered ?? declaredKinship {
            problems.append(.closeKinOnBoard(leader: leader.name, deputy: deputy.name, kinship: kin, fromRegister: registered != nil))
        }
        return problems
    }
}
