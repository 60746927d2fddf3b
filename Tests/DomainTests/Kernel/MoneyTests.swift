import Foundation
import Domain
import Testing

@Suite("Money")
struct MoneyTests {
    @Test("Formats with dots and đ", arguments: [
        (0, "0 đ"), (5, "5 đ"), (999, "999 đ"), (1_000, "1.000 đ"), (1_234_567, "1.234.567 đ"),
        (100_000_000, "100.000.000 đ"), (-1_500, "-1.500 đ"), (Int64.max, "9.223.372.036.854.775.807 đ"),
    ] as [(Int64, String)])
    func formats(dong: Int64, expected: String) {
        #expect(Money(dong: dong).description == expected)
    }

    @Test("Reads amounts as people type them", arguments: [
        ("1.500.000", 1_500_000), ("1500000", 1_500_000), ("1 500 000 đ", 1_500_000), ("2.000.000đ", 2_000_000), ("0", 0),
    ] as [(String, Int64)])
    func reads(text: String, dong: Int64) throws {
        #expect(try Money(text: text) == Money(dong: dong))
    }

    @Test("Refuses what is not a whole, non-negative amount", arguments: ["", "-5", "1,5", "abc", "1.5e6", "١٢٣", "１２３"])
    func refuses(text: String) {
        #expect(throws: MoneyError.malformed(text)) { try Money(text: text) }
    }

    @Test("Addition reports overflow instead of wrapping")
    func overflow() {
        #expect(throws: MoneyError.overflow) { try Money(dong: .max).adding(Money(dong: 1)) }
        #expect(throws: MoneyError.overflow) { try Money(dong: .min).subtracting(Money(dong: 1)) }
        #expect(throws: MoneyError.overflow) { try Money(dong: .max / 2 + 1).multiplied(by: 2) }
    }

    @Test("Sums agree with integer arithmetic on random amounts; order does not matter")
    func sumIsExact() throws {
        var random = SplitMix(seed: 42)
        for _ in 0..<500 {
            let amounts = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                Money(dong: Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random))
            }
            let expected = amounts.reduce(Int64(0)) { $0 + $1.dong }
            #expect(try amounts.sum().dong == expected)
            #expect(try amounts.shuffled(using: &random).sum() == amounts.sum())
        }
    }

    @Test("Formatting never loses digits: removing the dots gives the number back")
    func formattingRoundTrips() {
        var random = SplitMix(seed: 7)
        for _ in 0..<2_000 {
            let value = Int64.random(in: -999_999_999_999...999_999_999_999, using: &random)
            let digits = Money(dong: value).formatted(withSymbol: false).replacingOccurrences(of: ".", with: "")
            #expect(Int64(digits) == value)
        }
    }
}
