import Foundation

/// Folds Vietnamese text for search without diacritics: "Nguyễn Đức" → "nguyen duc".
/// Lower-cases, strips combining marks after canonical decomposition, maps đ/Đ to d (they are
/// separate letters, not a d with a mark, so decomposition keeps them) and collapses spaces.
public enum TextFolding {
    public static func fold(_ text: String) -> String {
        var result = ""
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value) { continue }
            let mapped: Character
            switch scalar {
            case "đ", "Đ": mapped = "d"
            default: mapped = Character(scalar)
            }
            if mapped.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(contentsOf: mapped.lowercased())
                lastWasSpace = false
            }
        }
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}
