/// The module grid of a symbol under construction: function patterns (ISO/IEC 18004 §6.3),
/// codeword placement (§7.7), format (§7.9) and version information (§7.10). Coordinates are
/// `x` (column) and `y` (row) from the top-left corner, as in `QRCode.isDark(x:y:)`.
struct QRGrid {
    let version: Int
    let size: Int
    /// Row-major, `true` for dark.
    private(set) var modules: [Bool]
    /// Modules that belong to a function pattern or a reserved area: never data, never masked.
    private(set) var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    /// Draws the timing, finder (with separators) and alignment patterns, and reserves the
    /// format and version areas and the dark module as light function modules. They stay
    /// light while the masks are scored, as in the step order of §7.1, and get their bits
    /// after the mask is chosen.
    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index % 2 == 0)
            setFunction(x: index, y: 6, dark: index % 2 == 0)
        }
        drawFinder(centreX: 3, centreY: 3)
        drawFinder(centreX: size - 4, centreY: 3)
        drawFinder(centreX: 3, centreY: size - 4)
        let centres = QRTables.alignmentCentres(version: version)
        let last = centres.count - 1
        for (row, centreY) in centres.enumerated() {
            for (column, centreX) in centres.enumerated() {
                // The three corners next to finder patterns carry no alignment pattern.
                let nearFinder = (row == 0 && column == 0) || (row == 0 && column == last)
                    || (row == last && column == 0)
                if !nearFinder { drawAlignment(centreX: centreX, centreY: centreY) }
            }
        }
        for (x, y) in formatPositions() { setFunction(x: x, y: y, dark: false) }
        setFunction(x: 8, y: size - 8, dark: false)
        for (x, y) in versionPositions() { setFunction(x: x, y: y, dark: false) }
    }

    /// A 7×7 finder pattern and its one-module light separator, clipped at the edges.
    private mutating func drawFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centreX + dx
                let y = centreY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// A 5×5 alignment pattern: dark centre, light ring, dark ring.
    private mutating func drawAlignment(centreX: Int, centreY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(x: centreX + dx, y: centreY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// Places the codewords' bits, most significant first, in two-module columns from the
    /// bottom-right corner, going up and down in turn and skipping the vertical timing
    /// column (§7.7.3). Modules left over (remainder bits) stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let bitCount = codewords.count * 8
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let y = upward ? size - 1 - step : step
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    guard bitIndex < bitCount else { continue }
                    let byte = codewords[bitIndex >> 3]
                    modules[y * size + x] = (byte >> (7 - UInt8(bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// Flips every data module where the mask's condition holds (§7.8.2, Table 10).
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                if QRGrid.maskHolds(mask, x: x, y: y) { modules[y * size + x].toggle() }
            }
        }
    }

    /// Writes the 15 format bits twice and sets the dark module (§7.9).
    mutating func drawFormatInformation(correction: QRCode.Correction, mask: Int) {
        let bits = QRGrid.formatInformation(correction: correction, mask: mask)
        let positions = formatPositions()
        for (index, (x, y)) in positions.enumerated() {
            setFunction(x: x, y: y, dark: (bits >> (index % 15)) & 1 == 1)
        }
        setFunction(x: 8, y: size - 8, dark: true)
    }

    /// Writes the 18 version bits in the two 6×3 blocks, for versions 7 and up (§7.10).
    mutating func drawVersionInformation() {
        let bits = QRGrid.versionInformation(version: version)
        for (index, (x, y)) in versionPositions().enumerated() {
            setFunction(x: x, y: y, dark: (bits >> (index % 18)) & 1 == 1)
        }
    }

    /// Both copies of the format area, bit 0 first: around the top-left finder, then split
    /// between the top-right (bits 0–7) and bottom-left (bits 8–14) finders.
    private func formatPositions() -> [(Int, Int)] {
        var first: [(Int, Int)] = (0...5).map { (8, $0) }
        first += [(8, 7), (8, 8), (7, 8)]
        first += (9..<15).map { (14 - $0, 8) }
        var second: [(Int, Int)] = (0..<8).map { (size - 1 - $0, 8) }
        second += (8..<15).map { (8, size - 15 + $0) }
        return first + second
    }

    /// Both copies of the version area, bit 0 first; none below version 7.
    private func versionPositions() -> [(Int, Int)] {
        guard version >= 7 else { return [] }
        let bottomLeft = (0..<18).map { (index: Int) in (index / 3, size - 11 + index % 3) }
        let topRight = bottomLeft.map { ($0.1, $0.0) }
        return bottomLeft + topRight
    }

    /// Level and mask, BCH(15,5)-coded with generator 0x537, then XORed with 0x5412 so no
    /// format word is all light (Annex C).
    static func formatInformation(correction: QRCode.Correction, mask: Int) -> Int {
        let data = correction.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The version, BCH(18,6)-coded with generator 0x1F25 (Annex D).
    static func versionInformation(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }
}
