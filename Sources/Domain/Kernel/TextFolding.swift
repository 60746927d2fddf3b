import Foundation

/// Folds Vietnamese text for search without diacritics: "Nguyễn Đức" → "nguyen duc".
/// Lower-cases, strips combining marks after canonical decomposition, maps đ/Đ to d (they are
/// separate letters, not a d with a mark, so decomposition keeps them) and collapses spaces.
/// Latin letters with marks (the blocks Vietnamese uses) go through a table built once, since
/// Foundation's decomposition costs microseconds per string and imports fold millions of them.
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            if scalar.isASCII {
                let lower = ("A"..."Z").contains(scalar) ? Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value + 32)) : scalar
                result.append(lower)
            } else if let folded = table[scalar.value] {
                result.append(contentsOf: folded.unicodeScalars)
            } else if (0x0300...0x036F).contains(scalar.value) {
                continue
            } else {
                result.append(contentsOf: slowFold(scalar).unicodeScalars)
            }
        }
        var folded = String(result)
        if folded.hasSuffix(" ") { folded.removeLast() }
        return folded
    }

    /// Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional (where ạ, ầ, ữ… live).
    static let table: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for value in range {
                guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
                table[UInt32(value)] = slowFold(scalar)
            }
        }
        return table
    }()

    static func slowFold(_ scalar: Unicode.Scalar) -> String {
        if scalar == "đ" || scalar == "Đ" { return "d" }
        var out = ""
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars where !(0x0300...0x036F).contains(part.value) {
            out.unicodeScalars.append(part)
        }
        return out.lowercased()
    }
}
