import Foundation

/// Why a text cannot become a QR code (mã QR).
public enum QRCodeError: Error, Equatable, Sendable {
    /// The text's UTF-8 bytes do not fit the largest symbol (version 40) at the chosen
    /// correction level: 2 953 bytes at `.low`, 1 273 at `.high`.
    case tooLong(bytes: Int)
}

/// A QR code symbol (mã QR) as ISO/IEC 18004:2015 defines it, in byte mode.
///
/// We draw the symbol ourselves, rather than send the text to an image service, because it
/// carries the secret key for two-factor sign-in (xác thực hai lớp): the key must go only
/// from our server to the user's screen. Byte mode (UTF-8, with an ECI header when the text
/// is not ASCII) is the one mode kept: an `otpauth://` URI is plain ASCII, and a single mode
/// keeps the encoder short enough to read.
///
/// Steps, each in its own file: bit stream and pad codewords (`+Codewords`), Reed–Solomon
/// error correction and block interleaving (`+ReedSolomon`), function patterns and codeword
/// placement (`+Placement`), data masks and their penalty (`+Mask`), the SVG (`+SVG`).
public struct QRCode: Sendable, Equatable {
    /// Error-correction level (mức sửa lỗi): the share of the symbol that may be damaged and
    /// still read back: about 7 % (L), 15 % (M), 25 % (Q) and 30 % (H).
    public enum Correction: Sendable {
        case low, medium, quartile, high
    }

    /// Symbol version 1–40; each step adds four modules per side.
    public let version: Int
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// The data mask 0–7 the symbol was drawn with; kept so tests can compare with other
    /// encoders.
    let mask: Int
    /// Row-major, `true` for a dark module.
    let modules: [Bool]

    /// Whether the module at column `x`, row `y` (origin top left) is dark. Anything outside
    /// the symbol is light, so callers may draw the quiet zone by asking past the edges.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Encodes `text` as UTF-8 bytes in the smallest version that holds it at `correction`,
    /// with the data mask of lowest penalty.
    public static func encode(
        _ text: String, correction: Correction = .medium
    ) throws(QRCodeError) -> QRCode {
        try encode(text, correction: correction, version: nil, mask: nil)
    }

    /// As `encode(_:correction:)`, but tests may force the version and the mask so the matrix
    /// can be compared module for module with an independent encoder. A forced version that
    /// is out of 1–40 or too small throws `tooLong`; a mask outside 0–7 is chosen as usual.
    static func encode(
        _ text: String, correction: Correction, version forcedVersion: Int?, mask forcedMask: Int?
    ) throws(QRCodeError) -> QRCode {
        // Refuse a huge text before copying its bytes.
        let byteCount = text.utf8.count
        let largest = QRTables.dataCodewordCount(version: 40, correction: correction)
        guard byteCount <= largest else { throw .tooLong(bytes: byteCount) }
        let bytes = Array(text.utf8)
        let version = try chooseVersion(bytes, correction: correction, forced: forcedVersion)
        let data = dataCodewords(bytes, version: version, correction: correction)
        let codewords = errorCorrectedCodewords(data, version: version, correction: correction)
        var grid = QRGrid(version: version)
        grid.drawFunctionPatterns()
        grid.placeCodewords(codewords)
        let mask: Int
        if let forcedMask, (0..<8).contains(forcedMask) {
            mask = forcedMask
        } else {
            mask = grid.lowestPenaltyMask()
        }
        grid.applyMask(mask)
        grid.drawFormatInformation(correction: correction, mask: mask)
        grid.drawVersionInformation()
        return QRCode(version: version, size: grid.size, mask: mask, modules: grid.modules)
    }

    /// The smallest version whose data capacity holds the segment: header, byte count and
    /// bytes. The count is checked against the largest capacity first, so no later
    /// arithmetic on it can overflow.
    static func chooseVersion(
        _ bytes: [UInt8], correction: Correction, forced: Int?
    ) throws(QRCodeError) -> Int {
        let byteCount = bytes.count
        let largest = QRTables.dataCodewordCount(version: 40, correction: correction)
        guard byteCount <= largest else { throw .tooLong(bytes: byteCount) }
        let candidates = forced.map { $0...$0 } ?? 1...40
        for version in candidates where (1...40).contains(version) {
            let capacity = QRTables.dataCodewordCount(version: version, correction: correction)
            if segmentBits(bytes, version: version) <= capacity * 8 { return version }
        }
        throw .tooLong(bytes: byteCount)
    }
}
