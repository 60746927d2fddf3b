import Foundation

/// Mã hộ: the household's code within its commune, as the commune's register writes it.
public struct HouseholdCode: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let value: String

    public init(_ text: String) throws(RegistryError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let allowed = trimmed.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
        guard (1...30).contains(trimmed.count), allowed else { throw .invalidHouseholdCode(text) }
        value = trimmed.uppercased()
    }

    public var description: String { value }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

/// Hộ gia đình: keyed by commune and household code.
public struct Household: Hashable, Sendable, Codable {
    public typealias ID = Identifier<Household>

    public let id: ID
    public var unitID: AdministrativeUnit.ID
    public var code: HouseholdCode
    /// Thôn / tổ dân phố
    public var village: String
    public var area: Area
    public var address: String
    public var phone: String
    public var members: [Member]

    public init(id: ID, unitID: AdministrativeUnit.ID, code: HouseholdCode, village: String, area: Area, address: String = "",
                phone: String = "", members: [Member]) {
        self.id = id
        self.unitID = unitID
        self.code = code
        self.village = village
        self.area = area
        self.address = address
        self.phone = phone
        self.members = members
    }

    public var head: Member? { members.first { $0.relation == .head } }
}

/// The rules a household must keep, checked before it is stored.
public enum HouseholdRules {
    /// One head; each member named, born on or before `asOf`; a citizen ID from age 14;
    /// no citizen ID twice within the household. Returns every problem, member by member.
    public static func problems(of household: Household, asOf: BusinessDate) -> [RegistryError] {
        var problems: [RegistryError] = []
        let heads = household.members.filter { $0.relation == .head }.count
        if household.members.isEmpty { problems.append(.noMembers) }
        else if heads != 1 { problems.append(.headCount(heads)) }
        if household.village.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.missingVillage) }
        var seen: Set<String> = []
        for member in household.members {
            if member.fullName.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(.missingName) }
            if member.birthDate > asOf { problems.append(.bornInFuture(member.fullName)) }
            if member.citizenID == nil, member.age(on: asOf) >= Member.citizenIDRequiredFromAge {
                problems.append(.citizenIDRequired(member.fullName))
            }
            if let id = member.citizenID?.digits, !seen.insert(id).inserted { problems.append(.duplicateCitizenID(id, otherHousehold: nil)) }
        }
        return problems
    }
}
