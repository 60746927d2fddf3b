import Foundation

/// Tỷ lệ: a part of a whole in hundredths of a percent (basis points), rounded down, exact for any
/// amounts; nothing of nothing is 0. Written the Vietnamese way: "5,80 %".
public enum Ratio {
    public static func basisPoints(_ part: Money, of whole: Money) -> Int64 {
        whole.dong <= 0 ? 0 : Int64(Int128(part.dong) * 10_000 / Int128(whole.dong))
    }

    public static func percentText(basisPoints: Int64) -> String {
        "\(basisPoints / 100),\(String(format: "%02d", abs(basisPoints % 100))) %"
    }
}
