import Foundation

/// Tỷ lệ: a part of a whole in hundredths of a percent (basis points), rounded down, exact for any
/// amounts; nothing of nothing is 0. Written the Vietnamese way: "5,80 %".
public enum Ratio {
    public static func basisPoints(_ part: Money, of whole: Money) -> Int64 {
        basisPoints(parts: [part], of: whole)
    }

    /// The sum of `parts` over `whole`, summed in 128 bits so no total of stored amounts can
    /// overflow; a part larger than the whole by 10¹⁴ times clamps rather than traps.
    public static func basisPoints(parts: [Money], of whole: Money) -> Int64 {
        guard whole.dong > 0 else { return 0 }
        let part = parts.reduce(Int128(0)) { $0 + Int128($1.dong) }
        return Int64(clamping: part * 10_000 / Int128(whole.dong))
    }

    /// The part over the whole in millionths, rounded down, exact in 128 bits; nothing of
    /// nothing is 0.
    public static func partsPerMillion(_ part: Money, of whole: Money) -> Int64 {
        guard whole.dong > 0 else { return 0 }
        return Int64(clamping: Int128(part.dong) * 1_000_000 / Int128(whole.dong))
    }

    public static func percentText(basisPoints: Int64) -> String {
        "\(basisPoints / 100),\(String(format: "%02d", abs(basisPoints % 100))) %"
    }
}
