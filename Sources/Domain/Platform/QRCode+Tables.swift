/// The capacity tables of ISO/IEC 18004:2015 for QR codes (mã QR): Table 9 (error-correction
/// characteristics) and Annex E (alignment pattern positions). Capacities are derived from the
/// symbol geometry rather than copied, so only the two per-block columns of Table 9 are data.
enum QRTables {
    /// Error-correction codewords in each block, by level, for versions 1–40 (index 0 unused).
    private static let eccPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Error-correction blocks, by level, for versions 1–40 (index 0 unused).
    private static let blocks: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12,
         12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18,
         20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25,
         27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30,
         32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    static func eccCodewordsPerBlock(version: Int, correction: QRCode.Correction) -> Int {
        eccPerBlock[correction.tableRow][version]
    }

    static func blockCount(version: Int, correction: QRCode.Correction) -> Int {
        blocks[correction.tableRow][version]
    }

    /// Modules left for codewords once every function pattern and the format and version
    /// areas are taken (ISO/IEC 18004 Table 1, "data modules except (C)" plus remainder bits).
    static func rawDataModuleCount(version: Int) -> Int {
        var count = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            count -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { count -= 36 }
        }
        return count
    }

    /// All codewords of the symbol, data and error correction together.
    static func totalCodewordCount(version: Int) -> Int {
        rawDataModuleCount(version: version) / 8
    }

    /// Data codewords at this level: the total less the error-correction codewords.
    static func dataCodewordCount(version: Int, correction: QRCode.Correction) -> Int {
        totalCodewordCount(version: version)
            - eccCodewordsPerBlock(version: version, correction: correction)
            * blockCount(version: version, correction: correction)
    }

    /// Centre coordinates of the alignment patterns on either axis (Annex E): the first is
    /// always 6, the last is `size - 7`, and the rest are spaced evenly by an even step,
    /// the remainder going to the first gap. This formula reproduces Table E.1, version 32
    /// included, so the table need not be copied.
    static func alignmentCentres(version: Int) -> [Int] {
        guard version >= 2 else { return [] }
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var centres = [6]
        var position = version * 4 + 17 - 7
        var tail: [Int] = []
        for _ in 0..<(count - 1) {
            tail.append(position)
            position -= step
        }
        centres.append(contentsOf: tail.reversed())
        return centres
    }
}

extension QRCode.Correction {
    /// Row in the tables above, in the order L, M, Q, H.
    var tableRow: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }

    /// The two bits the format information gives each level (Table 12): L 01, M 00, Q 11, H 10.
    var formatBits: Int {
        switch self {
        case .low: 1
        case .medium: 0
        case .quartile: 3
        case .high: 2
        }
    }
}
