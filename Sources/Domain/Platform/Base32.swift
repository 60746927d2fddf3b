/// Base32 of RFC 4648 §6 (alphabet A–Z, 2–7): the form authenticator apps expect for the
/// shared secret of two-factor sign-in (xác thực hai lớp), chosen by them because it has no
/// look-alike 0/O or 1/l and survives being read aloud or typed by hand.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Five bits per character, most significant first, without `=` padding: the
    /// `otpauth://` key URI format asks for the secret unpadded.
    public static func encode(_ bytes: [UInt8]) -> String {
        var characters: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                characters.append(alphabet[Int((buffer >> UInt32(bitCount)) & 0x1F)])
            }
            buffer &= (1 << UInt32(bitCount)) - 1
        }
        if bitCount > 0 {
            characters.append(alphabet[Int((buffer << UInt32(5 - bitCount)) & 0x1F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// The bytes of `text`, or nil if it is not base32. Lenient where people are: lower
    /// case and spaces (as apps show the key in groups of four) are accepted, and so is
    /// trailing `=` padding, if it is the right amount. Anything else is refused: another
    /// character, `=` before the end, a length no byte string encodes to, or unused final
    /// bits that are not zero, so that each byte string has exactly one spelling.
    public static func decode(_ text: String) -> [UInt8]? {
        var symbols: [UInt8] = []
        var padding = 0
        for character in text.utf8 where character != UInt8(ascii: " ") {
            if character == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = value(of: character) else { return nil }
            symbols.append(value)
        }
        // 8 characters carry 5 bytes; a final group of 2, 4, 5 or 7 carries 1 to 4 of them.
        let tail = symbols.count % 8
        guard [0, 2, 4, 5, 7].contains(tail) else { return nil }
        guard padding == 0 || (tail != 0 && tail + padding == 8) else { return nil }

        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        for symbol in symbols {
            buffer = (buffer << 5) | UInt32(symbol)
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bitCount)))
                buffer &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard buffer == 0 else { return nil }
        return bytes
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
