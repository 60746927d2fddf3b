/// Khu vực: nông thôn / thành thị. The poverty standard sets a different income line for each
/// (Decree 07/2021/NĐ-CP Art. 3; Decree 351/2025/NĐ-CP), so a household's area decides which
/// line it is measured against.
public enum Area: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case rural, urban

    public var label: String {
        switch self {
        case .rural: "Nông thôn"
        case .urban: "Thành thị"
        }
    }

    /// "Nông thôn", "nong thon", "THÀNH THỊ", "urban"… as commune spreadsheets write it,
    /// matched without case or diacritics.
    public init(label text: String) throws(RegistryError) {
        switch TextFolding.fold(text) {
        case "nong thon", "rural": self = .rural
        case "thanh thi", "urban": self = .urban
        default: throw .invalidArea(text)
        }
    }
}
