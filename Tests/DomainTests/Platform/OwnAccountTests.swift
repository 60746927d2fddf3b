import Domain
import Testing

@Suite("Own account and network links")
struct OwnAccountTests {
    static let scopes: [ScopeSpec] = {
        guard let province = try? UnitCode(33), let commune = try? UnitCode(11953) else {
            return [.everything]
        }
        return [.everything, .province(province), .commune(commune), .office("office-33-branch")]
    }()

    @Test("An administrator may not disable, demote or re-scope their own account; others may be")
    func ownAccount() {
        for beforeRole in Role.allCases {
            for afterRole in Role.allCases {
                for before in Self.scopes {
                    for after in Self.scopes {
                        for disabling in [false, true] {
                            let changes = disabling || before != after || beforeRole != afterRole
                            let own = OwnAccount.refusal(
                                actorID: "u1", userID: "u1", from: before, beforeRole,
                                to: after, afterRole, disabling: disabling)
                            #expect(own == (changes ? .ownAccountChange : nil))
                            let other = OwnAccount.refusal(
                                actorID: "u1", userID: "u2", from: before, beforeRole,
                                to: after, afterRole, disabling: disabling)
                            #expect(other == nil)
                            // The command line has no user: it is never "own".
                            #expect(
                                OwnAccount.refusal(
                                    actorID: nil, userID: "u1", from: before, beforeRole,
                                    to: after, afterRole, disabling: disabling) == nil)
                        }
                    }
                }
            }
        }
        #expect(OwnAccount.resetRefusal(actorID: "u1", userID: "u1") == .ownPasswordReset)
        #expect(OwnAccount.resetRefusal(actorID: "u1", userID: "u2") == nil)
        #expect(OwnAccount.resetRefusal(actorID: nil, userID: "u2") == nil)
    }

    @Test("Only an organisation officer is tied to an organisation, only a leader to a group")
    func links() {
        for role in Role.allCases {
            for organisation in [nil] + Organisation.allCases.map(Optional.some) {
                for group in [nil, "demo-group-1"] as [String?] {
                    let allowed =
                        (organisation == nil || role == .union) && (group == nil || role == .leader)
                    let refusal = NetworkLink.refusal(
                        role: role, organisation: organisation, groupID: group)
                    #expect(
                        (refusal == nil) == allowed,
                        "\(role) \(String(describing: organisation)) \(String(describing: group))")
                    #expect(
                        NetworkLink.organisation(organisation, role: role)
                            == (role == .union ? organisation : nil))
                    #expect(NetworkLink.group(group, role: role) == (role == .leader ? group : nil))
                }
            }
        }
    }
}
