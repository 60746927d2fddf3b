import Testing
@testable import Domain

@Suite("Ratios in hundredths of a percent")
struct RatioTests {
    @Test("The largest whole number of basis points not above the exact ratio; nothing of nothing is 0; written with a comma")
    func properties() {
        var random = SplitMix(seed: 5)
        for _ in 0..<20_000 {
            let whole = Int64.random(in: 0...9_000_000_000_000_000, using: &random)
            let part = Int64.random(in: 0...max(0, whole), using: &random)
            let bp = Ratio.basisPoints(Money(dong: part), of: Money(dong: whole))
            if whole == 0 { #expect(bp == 0); continue }
            #expect(Int128(bp) * Int128(whole) <= Int128(part) * 10_000 && Int128(bp + 1) * Int128(whole) > Int128(part) * 10_000)
        }
        #expect(Ratio.percentText(basisPoints: 580) == "5,80 %" && Ratio.percentText(basisPoints: 10_000) == "100,00 %"
                && Ratio.percentText(basisPoints: 7) == "0,07 %")
    }
}
