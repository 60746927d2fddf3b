import Domain
import Testing

@Suite("Network: board rules, organisations, grades")
struct BoardRulesTests {
    /// The kinship of two household members by their relations to the head, written out pair by pair.
    static let expected: [Set<Relation>: Kinship] = [
        [.head, .spouse]: .spouse, [.parent]: .spouse,
        [.head, .child]: .parentChild, [.head, .parent]: .parentChild, [.spouse, .child]: .parentChild, [.parent, .sibling]: .parentChild,
        [.head, .sibling]: .siblings, [.child]: .siblings, [.sibling]: .siblings,
    ]

    @Test("Every pair of relations: close kin only where the register tells, and symmetric")
    func kinshipTable() {
        for a in Relation.allCases {
            for b in Relation.allCases {
                let pair: Set<Relation> = [a, b]
                // Two heads cannot share a household; any answer is fine there.
                if a == .head, b == .head { continue }
                #expect(BoardRules.kinship(a, b) == Self.expected[pair], "\(a) – \(b)")
                #expect(BoardRules.kinship(a, b) == BoardRules.kinship(b, a))
            }
        }
    }

    static func person(_ id: String, household: String, _ relation: Relation) -> BoardRules.Candidate {
        .init(memberID: id, householdID: household, relation: relation, name: "Người \(id)")
    }

    @Test("A spouse as deputy is refused from the register; a declared sibling in another household too")
    func problems() {
        let leader = Self.person("1", household: "h1", .head)
        let wife = Self.person("2", household: "h1", .spouse)
        let neighbour = Self.person("3", household: "h2", .head)
        let grandchild = Self.person("4", household: "h1", .grandchild)
        #expect(BoardRules.problems(leader: leader, deputy: wife, declaredKinship: nil, leaderLeadsOtherBankGroup: false)
            == [.closeKinOnBoard(leader: "Người 1", deputy: "Người 2", kinship: .spouse, fromRegister: true)])
        // Another household: the register says nothing, the declaration decides.
        #expect(BoardRules.problems(leader: leader, deputy: neighbour, declaredKinship: nil, leaderLeadsOtherBankGroup: false).isEmpty)
        #expect(BoardRules.problems(leader: leader, deputy: neighbour, declaredKinship: .siblings, leaderLeadsOtherBankGroup: false)
            == [.closeKinOnBoard(leader: "Người 1", deputy: "Người 3", kinship: .siblings, fromRegister: false)])
        // In one household the register wins over what was declared.
        #expect(BoardRules.problems(leader: leader, deputy: wife, declaredKinship: .siblings, leaderLeadsOtherBankGroup: false)
            == [.closeKinOnBoard(leader: "Người 1", deputy: "Người 2", kinship: .spouse, fromRegister: true)])
        #expect(BoardRules.problems(leader: leader, deputy: grandchild, declaredKinship: nil, leaderLeadsOtherBankGroup: false).isEmpty)
        #expect(BoardRules.problems(leader: leader, deputy: leader, declaredKinship: nil, leaderLeadsOtherBankGroup: false)
            == [.leaderIsDeputy("Người 1")])
        #expect(BoardRules.problems(leader: leader, deputy: nil, declaredKinship: nil, leaderLeadsOtherBankGroup: true)
            == [.leaderOfOtherBankGroup("Người 1")])
        let message = NetworkError.closeKinOnBoard(leader: "A", deputy: "B", kinship: .spouse, fromRegister: true).message
        #expect(message.contains("vợ/chồng") && message.contains("không được là vợ chồng"))
    }

    @Test("Organisations and grades read from codes and Vietnamese, with or without diacritics")
    func vocabulary() throws {
        #expect(try Organisation(text: "womens_union") == .womensUnion)
        #expect(try Organisation(text: "Hội Liên hiệp Phụ nữ") == .womensUnion)
        #expect(try Organisation(text: "hoi nong dan") == .farmersUnion)
        #expect(try Organisation(text: "Hội CCB") == .veteransAssociation)
        #expect(try Organisation(text: "Đoàn Thanh niên") == .youthUnion)
        #expect(throws: NetworkError.unknownOrganisation("Hội Sinh viên")) { try Organisation(text: "Hội Sinh viên") }
        #expect(try GroupGrade(text: "Trung bình") == .average)
        #expect(try GroupGrade(text: "tot") == .good)
        #expect(try GroupGrade(text: "weak") == .weak)
        #expect(GroupGrade.allCases.sorted() == [.good, .fair, .average, .weak])
        #expect(throws: NetworkError.self) { try GroupGrade(text: "Xuất sắc") }
    }

    @Test("A contract needs a number, dates in order and its tasks")
    func contracts() throws {
        let day = { (iso: String) in try! BusinessDate(iso: iso) }
        var contract = EntrustmentContract(id: .init("c"), organisationUnitID: .init("o"), number: "01/HĐUT", signedOn: day("2025-07-01"),
                                           validFrom: day("2025-07-01"), validTo: day("2030-06-30"), scope: "Các chương trình",
                                           tasks: EntrustedTask.allCases, replaces: nil)
        try contract.validate()
        #expect(contract.isInForce(on: day("2026-01-01")) && !contract.isInForce(on: day("2030-07-01")))
        contract.validTo = day("2025-06-30")
        #expect(throws: NetworkError.invalidContract("ngày hết hạn trước ngày hiệu lực")) { try contract.validate() }
        contract.validTo = nil
        contract.tasks = []
        #expect(throws: NetworkError.invalidContract("chưa chọn công đoạn ủy thác nào")) { try contract.validate() }
        contract.tasks = [.vetting, .vetting]
        #expect(throws: NetworkError.invalidContract("công đoạn ủy thác bị trùng")) { try contract.validate() }
        #expect(EntrustedTask.allCases.count == 6)
    }
}
