import Domain
import Testing

@Suite("Poverty rate arithmetic")
struct PovertyRateArithmeticTests {
    @Test("Percent text rounds the exact ratio half up; the target path falls evenly to 0 in 2030")
    func arithmetic() {
        #expect(PovertyRate.percentText(1, 3) == "33,33 %")
        #expect(PovertyRate.percentText(2, 3) == "66,67 %")
        #expect(PovertyRate.percentText(1, 200) == "0,50 %")
        #expect(PovertyRate.percentText(0, 7) == "0,00 %")
        #expect(PovertyRate.percentText(5, 0) == "—")
        let path = PovertyRate.targetPath(startYear: 2026, startFraction: 0.02)
        #expect(path.map(\.year) == Array(2026...2030))
        #expect(path.first?.fraction == 0.02 && path.last?.fraction == 0)
        #expect(abs(path[2].fraction - 0.01) < 1e-12)
    }
}
