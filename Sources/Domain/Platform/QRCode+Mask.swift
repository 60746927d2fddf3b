/// Data masks (mặt nạ dữ liệu) and their penalty (ISO/IEC 18004 §7.8). A mask breaks up
/// runs, blocks and finder-like patterns that would confuse a reader; the one with the
/// lowest penalty is kept, the lowest-numbered on a tie.
///
/// Scoring follows the step order of §7.1: masks are scored before format and version
/// information are written, with those areas (and the dark module) still light. Encoders
/// that score with the format bits drawn (ZXing, Nayuki's) can pick another mask for the
/// same data; any mask decodes, this only decides which one we draw.
extension QRGrid {
    /// Whether mask `mask` flips the module at column `x`, row `y` (Table 10, with i the row
    /// and j the column).
    static func maskHolds(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (y / 2 + x / 3) % 2 == 0
        case 5: (x * y) % 2 + (x * y) % 3 == 0
        case 6: ((x * y) % 2 + (x * y) % 3) % 2 == 0
        case 7: ((x + y) % 2 + (x * y) % 3) % 2 == 0
        default: false
        }
    }

    /// The mask 0–7 whose result scores lowest.
    func lowestPenaltyMask() -> Int {
        var best = (mask: 0, penalty: Int.max)
        for mask in 0..<8 {
            var candidate = self
            candidate.applyMask(mask)
            let penalty = candidate.penalty()
            if penalty < best.penalty { best = (mask, penalty) }
        }
        return best.mask
    }

    /// The total of the four penalty rules of Table 11 (N1 = 3, N2 = 3, N3 = 40, N4 = 10).
    func penalty() -> Int {
        var total = 0
        for index in 0..<size {
            let row = (0..<size).map { isDark(x: $0, y: index) }
            let column = (0..<size).map { isDark(x: index, y: $0) }
            total += QRGrid.runPenalty(row) + QRGrid.runPenalty(column)
            total += QRGrid.finderPenalty(row) + QRGrid.finderPenalty(column)
        }
        return total + blockPenalty() + balancePenalty()
    }

    /// N1: each run of five or more modules of one colour scores 3, plus 1 per module past 5.
    static func runPenalty(_ line: [Bool]) -> Int {
        var total = 0
        var runLength = 0
        var previous: Bool?
        for module in line {
            if module == previous {
                runLength += 1
            } else {
                if runLength >= 5 { total += runLength - 2 }
                runLength = 1
                previous = module
            }
        }
        if runLength >= 5 { total += runLength - 2 }
        return total
    }

    /// N2: 3 for every 2×2 block of one colour, overlapping blocks counted each; a larger
    /// block of m × n modules so scores 3 × (m − 1) × (n − 1).
    func blockPenalty() -> Int {
        var total = 0
        for y in 1..<size {
            for x in 1..<size {
                let colour = isDark(x: x, y: y)
                if isDark(x: x - 1, y: y) == colour, isDark(x: x, y: y - 1) == colour,
                   isDark(x: x - 1, y: y - 1) == colour {
                    total += 3
                }
            }
        }
        return total
    }

    /// N3: 40 for each dark-light-dark-dark-dark-light-dark run (1:1:3:1:1) with four light
    /// modules before or after it; the edge of the symbol counts as light, since the quiet
    /// zone lies beyond it. A pattern that scores is not reused for an overlapping one.
    static func finderPenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        var total = 0
        var start = 0
        while start + pattern.count <= line.count {
            guard line[start..<(start + pattern.count)].elementsEqual(pattern) else {
                start += 1
                continue
            }
            let before = line[max(start - 4, 0)..<start]
            let after = line[(start + 7)..<min(start + 11, line.count)]
            if !before.contains(true) || !after.contains(true) {
                total += 40
                start += 7
            } else {
                start += 4
            }
        }
        return total
    }

    /// N4: 10 for each full 5 % by which the share of dark modules strays from 50 %. In
    /// integers: ⌊|20 · dark − 10 · total| / total⌋ steps.
    func balancePenalty() -> Int {
        let total = size * size
        let dark = modules.reduce(0) { $0 + ($1 ? 1 : 0) }
        return abs(20 * dark - 10 * total) / total * 10
    }
}
