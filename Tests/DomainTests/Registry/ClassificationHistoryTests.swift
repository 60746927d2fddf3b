import Domain
import Testing

@Suite("Classification history: exits and newly escaped households")
struct ClassificationHistoryTests {
    func period(_ c: Classification, _ from: String, _ to: String?) throws -> ClassificationHistory.Period {
        ClassificationHistory.Period(classification: c, validFrom: try BusinessDate(iso: from), validTo: try to.map { try BusinessDate(iso: $0) })
    }

    @Test("Poor → near-poor is escaping poverty; near-poor → average is escaping near-poverty; poor → poor is nothing")
    func exits() throws {
        let history = [try period(.poor, "2023-01-01", "2023-12-31"), try period(.poor, "2024-01-01", "2024-12-31"),
                       try period(.nearPoor, "2025-01-01", "2025-12-31"), try period(.average, "2026-01-01", nil)]
        let found = ClassificationHistory.exits(history.shuffled())
        #expect(found.map(\.kind) == [.escapedPoverty, .escapedNearPoverty])
        #expect(found.map(\.on.iso) == ["2025-01-01", "2026-01-01"])
    }

    @Test("Newly escaped within three years, not after, and not while back on a list")
    func newlyEscaped() throws {
        let history = [try period(.poor, "2022-01-01", "2022-12-31"), try period(.none, "2023-01-01", nil)]
        #expect(ClassificationHistory.isNewlyEscaped(history, on: try BusinessDate(iso: "2023-01-01")))
        #expect(ClassificationHistory.isNewlyEscaped(history, on: try BusinessDate(iso: "2025-12-31")))
        #expect(!ClassificationHistory.isNewlyEscaped(history, on: try BusinessDate(iso: "2026-01-02")))
        #expect(!ClassificationHistory.isNewlyEscaped(history, on: try BusinessDate(iso: "2022-06-01")))
        let back = history.dropLast() + [try period(.none, "2023-01-01", "2023-12-31"), try period(.nearPoor, "2024-01-01", nil)]
        #expect(!ClassificationHistory.isNewlyEscaped(Array(back), on: try BusinessDate(iso: "2024-06-01")))
        #expect(!ClassificationHistory.isNewlyEscaped([try period(.none, "2020-01-01", nil)], on: try BusinessDate(iso: "2024-06-01")))
    }
}
