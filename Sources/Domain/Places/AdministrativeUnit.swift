/// Đơn vị hành chính, one version of it: a unit as it stood between two changes of the map.
public struct AdministrativeUnit: Hashable, Sendable, Codable {
    public typealias ID = Identifier<AdministrativeUnit>

    public let level: UnitLevel
    public let code: UnitCode
    public var name: String
    public var type: UnitType
    public let provinceCode: UnitCode
    /// The legacy district of a commune before 1 July 2025; nil afterwards.
    public var districtCode: UnitCode?
    /// In force from this date; nil means "since before the records begin".
    public var validFrom: BusinessDate?
    /// Last day in force; nil means in force today.
    public var validTo: BusinessDate?

    public init(level: UnitLevel, code: UnitCode, name: String, type: UnitType, provinceCode: UnitCode,
                districtCode: UnitCode? = nil, validFrom: BusinessDate? = nil, validTo: BusinessDate? = nil) {
        self.level = level
        self.code = code
        self.name = name
        self.type = type
        self.provinceCode = provinceCode
        self.districtCode = districtCode
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// `c11953@2025-07-01`: level, code and first day, since codes are reused across versions.
    public var id: ID { Self.id(level: level, code: code, validFrom: validFrom) }

    public static func id(level: UnitLevel, code: UnitCode, validFrom: BusinessDate?) -> ID {
        let prefix = switch level { case .province: "p"; case .district: "d"; case .commune: "c" }
        return ID("\(prefix)\(code.value)" + (validFrom.map { "@\($0.iso)" } ?? ""))
    }

    public func isInForce(on date: BusinessDate) -> Bool {
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }

    public var foldedName: String { TextFolding.fold(name) }
}
