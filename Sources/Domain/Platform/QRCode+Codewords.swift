/// The data bit stream of ISO/IEC 18004 §7.4: for text beyond ASCII an ECI header naming
/// UTF-8, then mode indicator, character count, the bytes, terminator, bit padding to a
/// whole codeword, and the alternating pad codewords.
extension QRCode {
    /// ECI 000026, UTF-8 (§7.4.2): mode indicator 0111 and the 8-bit assignment number 26.
    /// Without it byte mode means ISO/IEC 8859-1, and readers do guess: zbar reads the UTF-8
    /// of "Xin chào" as "Xin chÃ o". ASCII needs no header, so an `otpauth://` URI, always
    /// percent-encoded, carries none and scans in readers that know no ECI at all.
    static let utf8Header = (bits: 0b0111_0001_1010, bitCount: 12)

    /// Bits the header and byte segment take, before terminator and padding.
    static func segmentBits(_ bytes: [UInt8], version: Int) -> Int {
        let header = bytes.contains { $0 >= 0x80 } ? utf8Header.bitCount : 0
        return header + 4 + characterCountBits(version: version) + bytes.count * 8
    }

    /// Width of the byte-mode character count (Table 3): 8 bits up to version 9, then 16.
    static func characterCountBits(version: Int) -> Int {
        version <= 9 ? 8 : 16
    }

    /// The data codewords for `bytes`, exactly as many as the version and level hold.
    /// The caller has checked that the bytes fit, so every count here is small.
    static func dataCodewords(
        _ bytes: [UInt8], version: Int, correction: Correction
    ) -> [UInt8] {
        let capacity = QRTables.dataCodewordCount(version: version, correction: correction)
        var stream = BitStream()
        if bytes.contains(where: { $0 >= 0x80 }) {
            stream.append(utf8Header.bits, bitCount: utf8Header.bitCount)
        }
        stream.append(0b0100, bitCount: 4)  // byte mode
        stream.append(bytes.count, bitCount: characterCountBits(version: version))
        for byte in bytes { stream.append(Int(byte), bitCount: 8) }
        // Up to four zero bits of terminator, fewer when the symbol is full (§7.4.9).
        stream.append(0, bitCount: min(4, max(0, capacity * 8 - stream.bitCount)))
        stream.append(0, bitCount: (8 - stream.bitCount % 8) % 8)
        var codewords = stream.bytes
        // The pad codewords 11101100 and 00010001 alternate (§7.4.10).
        var pad: UInt8 = 0xEC
        while codewords.count < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }
}

/// Bits appended most significant first and packed into bytes as they come.
struct BitStream {
    private(set) var bytes: [UInt8] = []
    private(set) var bitCount = 0

    /// Appends the low `bitCount` bits of `value`, highest first.
    mutating func append(_ value: Int, bitCount count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            let bit = (value >> shift) & 1
            if bitCount % 8 == 0 { bytes.append(0) }
            if bit == 1, let last = bytes.indices.last {
                bytes[last] |= UInt8(0x80 >> (bitCount % 8))
            }
            bitCount += 1
        }
    }
}
