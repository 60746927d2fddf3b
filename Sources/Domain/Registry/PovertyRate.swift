/// Tỷ lệ hộ nghèo: poor households ÷ households of the unit, with the near-poor beside it and the
/// share of households reviewed, so a low rate from an incomplete review is visible as such.
public struct PovertyRate: Sendable, Equatable, Codable {
    public let households: Int
    public let poor: Int
    public let nearPoor: Int
    public let reviewed: Int

    public init(households: Int, poor: Int, nearPoor: Int, reviewed: Int) {
        self.households = households
        self.poor = poor
        self.nearPoor = nearPoor
        self.reviewed = reviewed
    }

    public static func + (a: PovertyRate, b: PovertyRate) -> PovertyRate {
        PovertyRate(households: a.households + b.households, poor: a.poor + b.poor, nearPoor: a.nearPoor + b.nearPoor,
                    reviewed: a.reviewed + b.reviewed)
    }

    /// Fractions (0.0123 for 1,23 %), as the API gives ratios; 0 for a unit without households.
    public var poorFraction: Double { Self.fraction(poor, households) }
    public var nearPoorFraction: Double { Self.fraction(nearPoor, households) }
    public var reviewedFraction: Double { Self.fraction(reviewed, households) }

    static func fraction(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// "1,23 %": two decimals, rounded half up on the exact integer ratio (no floating error).
    public static func percentText(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "—" }
        let hundredths = (Int64(part) * 20_000 + Int64(whole)) / (2 * Int64(whole))
        let decimals = hundredths % 100
        return "\(hundredths / 100),\(decimals < 10 ? "0" : "")\(decimals) %"
    }

    /// The straight path from the rate of `startYear` to the province's target of 0 % in
    /// `targetYear` (seed letter item 7): the rate each year should not exceed.
    public static func targetPath(startYear: Int, startFraction: Double, targetYear: Int = 2030) -> [(year: Int, fraction: Double)] {
        guard targetYear > startYear else { return [(startYear, 0)] }
        return (startYear...targetYear).map { year in
            (year, startFraction * Double(targetYear - year) / Double(targetYear - startYear))
        }
    }
}
