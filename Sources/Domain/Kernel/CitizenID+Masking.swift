import Foundation

extension CitizenID {
    /// Che số CCCD trong một bản ghi JSON (the audit log's before and after): every run of twelve
    /// ASCII digits under a key that names a citizen ID (`citizenID`, `citizen_id`, `cccd`, …)
    /// becomes `033******234`, at any depth. Text that is not JSON is masked wherever twelve digits
    /// stand alone, which over-masks rather than leaks.
    public static func maskedJSON(_ text: String) -> String {
        guard let data = text.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return maskRuns(text)
        }
        let masked = mask(value, underCitizenKey: false)
        guard let out = try? JSONSerialization.data(withJSONObject: masked, options: [.sortedKeys, .fragmentsAllowed,
                                                                                     .withoutEscapingSlashes]) else {
            return maskRuns(text)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isCitizenKey(_ key: String) -> Bool {
        let folded = key.lowercased().replacingOccurrences(of: "_", with: "")
        return folded.contains("citizen") || folded.contains("cccd") || folded.contains("cmnd")
    }

    static func mask(_ value: Any, underCitizenKey: Bool) -> Any {
        switch value {
        case let text as String: return underCitizenKey ? maskRuns(text) : text
        case let object as [String: Any]:
            return object.reduce(into: [String: Any]()) { result, pair in
                result[pair.key] = mask(pair.value, underCitizenKey: underCitizenKey || isCitizenKey(pair.key))
            }
        case let array as [Any]: return array.map { mask($0, underCitizenKey: underCitizenKey) }
        default: return value
        }
    }

    /// Each run of exactly twelve ASCII digits, masked as a citizen ID is on a list.
    static func maskRuns(_ text: String) -> String {
        var out = ""
        var run = ""
        func flush() {
            out += run.count == 12 ? CitizenID(trusted: run).masked : run
            run = ""
        }
        for character in text {
            if character.isASCIIDigit { run.append(character) } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }
}
