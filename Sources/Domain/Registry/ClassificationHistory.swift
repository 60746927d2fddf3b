/// Thoát nghèo, thoát cận nghèo: what a household's classification history says about its
/// exits. Lending needs "left the poor or near-poor list within the last three years" (hộ mới
/// thoát nghèo, Decision 28/2015/QĐ-TTg).
public enum ClassificationHistory {
    public struct Period: Sendable, Equatable {
        public let classification: Classification
        public let validFrom: BusinessDate
        public let validTo: BusinessDate?

        public init(classification: Classification, validFrom: BusinessDate, validTo: BusinessDate?) {
            self.classification = classification
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    public struct Exit: Sendable, Equatable {
        public enum Kind: String, Sendable, Codable { case escapedPoverty = "escaped_poverty", escapedNearPoverty = "escaped_near_poverty" }
        public let kind: Kind
        /// The first day no longer on the list.
        public let on: BusinessDate

        public var label: String { kind == .escapedPoverty ? "Thoát nghèo" : "Thoát cận nghèo" }
    }

    /// Each day the household moved off a list: poor → anything not poor is escaping poverty;
    /// near-poor → neither poor nor near-poor is escaping near-poverty. A period that ends with
    /// no successor is not an exit (the household may simply not have been reviewed yet).
    public static func exits(_ periods: [Period]) -> [Exit] {
        let ordered = periods.sorted { $0.validFrom < $1.validFrom }
        var exits: [Exit] = []
        for (previous, next) in zip(ordered, ordered.dropFirst()) {
            if previous.classification == .poor, next.classification != .poor {
                exits.append(Exit(kind: .escapedPoverty, on: next.validFrom))
            } else if previous.classification == .nearPoor, next.classification != .poor, next.classification != .nearPoor {
                exits.append(Exit(kind: .escapedNearPoverty, on: next.validFrom))
            }
        }
        return exits
    }

    /// Hộ mới thoát nghèo on `date`: left the poor or near-poor list within `years` years before
    /// it and is not back on a list on `date`.
    public static func isNewlyEscaped(_ periods: [Period], on date: BusinessDate, withinYears years: Int = 3) -> Bool {
        let current = periods.first { $0.validFrom <= date && ($0.validTo.map { date <= $0 } ?? true) }
        if let current, current.classification == .poor || current.classification == .nearPoor { return false }
        guard let limit = try? BusinessDate(year: date.year - years, month: date.month, day: min(date.day, 28)) else { return false }
        return exits(periods).contains { $0.on <= date && $0.on > limit }
    }
}
