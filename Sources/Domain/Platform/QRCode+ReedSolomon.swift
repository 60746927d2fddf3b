/// Reed–Solomon error correction (mã sửa lỗi Reed–Solomon) over GF(256) and the block
/// interleaving of ISO/IEC 18004 §7.5–7.6. Interleaving spreads each block over the whole
/// symbol, so a smudge in one place costs every block a little instead of one block all.
extension QRCode {
    /// The final codeword sequence: data split into blocks (short blocks first, long ones one
    /// codeword longer), each followed by its error-correction codewords, then read out
    /// column by column across the blocks, data first and error correction after.
    static func errorCorrectedCodewords(
        _ data: [UInt8], version: Int, correction: Correction
    ) -> [UInt8] {
        let blockCount = QRTables.blockCount(version: version, correction: correction)
        let eccCount = QRTables.eccCodewordsPerBlock(version: version, correction: correction)
        let total = QRTables.totalCodewordCount(version: version)
        let longBlocks = total % blockCount
        let shortDataCount = total / blockCount - eccCount
        let divisor = ReedSolomon.generator(degree: eccCount)

        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let count = shortDataCount + (index >= blockCount - longBlocks ? 1 : 0)
            let end = min(start + count, data.count)
            let block = Array(data[start..<end])
            dataBlocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(of: block, divisor: divisor))
            start = end
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for column in 0...shortDataCount {
            for block in dataBlocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<eccCount {
            for block in eccBlocks { result.append(block[column]) }
        }
        return result
    }
}

/// Arithmetic in GF(256) with the QR code's field polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D).
enum ReedSolomon {
    /// Product of two field elements, by shift and add: 8 steps, no tables to get wrong.
    static func multiply(_ left: UInt8, _ right: UInt8) -> UInt8 {
        var product: UInt16 = 0
        var multiplicand = UInt16(left)
        var multiplier = right
        while multiplier != 0 {
            if multiplier & 1 == 1 { product ^= multiplicand }
            multiplicand <<= 1
            if multiplicand & 0x100 != 0 { multiplicand ^= 0x11D }
            multiplier >>= 1
        }
        return UInt8(truncatingIfNeeded: product)
    }

    /// Coefficients of ∏ (x − αⁱ) for i in 0..<degree, highest power first, leading 1 dropped
    /// (ISO/IEC 18004 Annex A).
    static func generator(degree: Int) -> [UInt8] {
        guard degree > 0 else { return [] }
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return coefficients
    }

    /// The remainder of data · x^degree divided by the generator: the error-correction
    /// codewords of one block.
    static func remainder(of data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var remainder = [UInt8](repeating: 0, count: divisor.count)
        guard !divisor.isEmpty else { return remainder }
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in remainder.indices {
                remainder[index] ^= multiply(divisor[index], factor)
            }
        }
        return remainder
    }
}
