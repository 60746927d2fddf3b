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

    @Test("Group size: full at the maximum, a formed group keeps the minimum, a split keeps it on both sides")
    func groupSize() {
        let limits = GroupSizeLimits(min: 5, max: 60)
        for current in 0...60 {
            for change in 1...10 {
                let adding = Result { () throws(NetworkError) in try limits.checkAdding(change, to: current) }
                #expect(((try? adding.get()) != nil) == (current + change <= 60))
                let removing = Result { () throws(NetworkError) in try limits.checkRemoving(change, from: current) }
                #expect(((try? removing.get()) != nil) == (current < 5 || current - change >= 5), "\(current) − \(change)")
                let splitting = Result { () throws(NetworkError) in try limits.checkSplitting(change, from: current) }
                #expect(((try? splitting.get()) != nil) == (change >= 5 && current - change >= 5))
            }
            #expect(limits.admitsFounding(current) == (current >= 5))
        }
        #expect(throws: NetworkError.groupFull(max: 60)) { try limits.checkAdding(1, to: 60) }
    }

    @Test("A renewal starts after the contract it replaces; any other overlap is refused")
    func contractReplacing() throws {
        let day = { (iso: String) in try! BusinessDate(iso: iso) }
        let old = EntrustmentContract(id: .init("a"), organisationUnitID: .init("o"), number: "01", signedOn: day("2021-01-01"),
                                      validFrom: day("2021-01-01"), validTo: nil, scope: "x", tasks: EntrustedTask.allCases, replaces: nil)
        let renewal = EntrustmentContract(id: .init("b"), organisationUnitID: .init("o"), number: "02", signedOn: day("2025-07-01"),
                                      validFrom: day("2025-07-01"), validTo: nil, scope: "x", tasks: EntrustedTask.allCases, replaces: old.id)
        #expect(try renewal.replacing(among: [old]) == old)
        var overlapping = renewal
        overlapping.replaces = nil
        #expect(throws: NetworkError.contractOverlaps("01")) { try overlapping.replacing(among: [old]) }
        var early = renewal
        early.validFrom = day("2020-12-31")
        #expect(throws: NetworkError.self) { try early.replacing(among: [old]) }
        var stranger = renewal
        stranger.replaces = .init("zzz")
        #expect(throws: NetworkError.self) { try stranger.replacing(among: [old]) }
    }
}
