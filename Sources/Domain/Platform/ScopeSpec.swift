/// Phạm vi dữ liệu: where a user may read and write. Stored on the user; resolved by the store
/// into the set of units it covers (with their predecessors on the old map), so that every query
/// can be narrowed to it.
public enum ScopeSpec: Hashable, Sendable, Codable {
    /// Everything (system administrators).
    case everything
    /// One province (a 2025 province code).
    case province(UnitCode)
    /// The communes a VBSP office serves.
    case office(Office.ID)
    /// One commune, ward or special zone.
    case commune(UnitCode)

    public var kind: String {
        switch self {
        case .everything: "everything"
        case .province: "province"
        case .office: "office"
        case .commune: "commune"
        }
    }

    public var reference: String? {
        switch self {
        case .everything: nil
        case .province(let code), .commune(let code): String(code.value)
        case .office(let id): id.rawValue
        }
    }

    public init(kind: String, reference: String?) throws(PlatformError) {
        switch (kind, reference) {
        case ("everything", _): self = .everything
        case ("province", let ref?):
            guard let code = try? UnitCode(text: ref) else { throw .invalidScope(kind) }
            self = .province(code)
        case ("commune", let ref?):
            guard let code = try? UnitCode(text: ref) else { throw .invalidScope(kind) }
            self = .commune(code)
        case ("office", let ref?) where !ref.isEmpty: self = .office(Office.ID(ref))
        default: throw .invalidScope(kind)
        }
    }
}

/// A scope resolved against the map: the unit versions (ids) whose records the user reaches,
/// and the provinces they lie in. `everything` reaches all.
public struct AccessScope: Sendable, Equatable {
    public let isEverything: Bool
    public let unitIDs: Set<AdministrativeUnit.ID>
    public let provinceCodes: Set<Int>
    /// Provinces (by the units' own province code) every unit of which is in scope: a query on
    /// units can test the province instead of listing hundreds of ids.
    public var wholeProvinces: Set<Int> = []
    /// The units in scope that lie outside `wholeProvinces`.
    public var unitsOutsideWholeProvinces: Set<AdministrativeUnit.ID> = []
    /// Optional narrowing to one entrusted organisation or one group (filled in by later contexts).
    public var organisationID: String?
    public var groupID: String?

    public static let everything = AccessScope(isEverything: true, unitIDs: [], provinceCodes: [])

    public init(isEverything: Bool, unitIDs: Set<AdministrativeUnit.ID>, provinceCodes: Set<Int>,
                organisationID: String? = nil, groupID: String? = nil) {
        self.isEverything = isEverything
        self.unitIDs = unitIDs
        self.provinceCodes = provinceCodes
        self.organisationID = organisationID
        self.groupID = groupID
    }

    public func contains(_ unit: AdministrativeUnit.ID) -> Bool { isEverything || unitIDs.contains(unit) }

    /// How a list filter meets the scope: a filter wider than the scope is narrowed to it, a
    /// filter wholly outside is refused (403), per the access rules of issue #3.
    public func admits(filterUnits: Set<AdministrativeUnit.ID>) -> Bool {
        isEverything || !unitIDs.isDisjoint(with: filterUnits)
    }

    public func admits(province: Int) -> Bool { isEverything || provinceCodes.contains(province) }
}
