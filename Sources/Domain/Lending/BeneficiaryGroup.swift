/// Nhóm đối tượng ưu tiên: a group of borrowers inside a program whose parameter set gives it its
/// own rate (job creation from 2026: poor ethnic-minority workers, disabled workers and the units
/// that employ many of them borrow at the anchor; before 2026 such workers borrowed at 50 % of the
/// program's rate). The group is chosen on the application, checked against the set in force, and
/// kept on the loan, so each re-pricing act prices it by the group's rate in the governing set.
public struct BeneficiaryGroup: Sendable, Codable, Hashable {
    /// Stable code, lower case with underscores (`priority`).
    public var code: String
    public var name: String
    public var rate: ProgramRate

    public init(code: String, name: String, rate: ProgramRate) {
        self.code = code
        self.name = name
        self.rate = rate
    }

    /// A code is 1–40 characters of `a`–`z`, digits and `_`.
    public static func isValidCode(_ code: String) -> Bool {
        (1...40).contains(code.count)
            && code.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            }
    }
}

extension ProgramParameters {
    /// The groups of this set (none for most sets).
    public var groups: [BeneficiaryGroup] { beneficiaryGroups ?? [] }

    /// The rate a borrower of `group` pays under this set: the group's rate where the set names
    /// the group, the set's own otherwise (a later set that dropped the group prices it as any).
    public func rate(for group: String?) -> ProgramRate {
        guard let group, let found = groups.first(where: { $0.code == group }) else { return rate }
        return found.rate
    }

    /// A group named on an application must be one of the set in force.
    public func checkGroup(_ group: String?) throws(LendingError) {
        guard let group else { return }
        guard groups.contains(where: { $0.code == group }) else {
            throw .unknownBeneficiaryGroup(programCode, group)
        }
    }

    func validateGroups() throws(LendingError) {
        let codes = groups.map(\.code)
        guard codes.allSatisfy(BeneficiaryGroup.isValidCode), Set(codes).count == codes.count else {
            throw .invalidParameters(
                "mã nhóm đối tượng phải gồm chữ thường, số, dấu gạch dưới và không trùng")
        }
        guard groups.allSatisfy({ !$0.name.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw .invalidParameters("cần ghi tên nhóm đối tượng")
        }
    }
}
