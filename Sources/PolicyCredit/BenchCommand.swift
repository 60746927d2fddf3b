import ArgumentParser
import Domain
import Foundation

/// `policy-credit bench classify [--count 1000000]`: time of the domain classifier over many
/// surveyed households (random answers, fixed seed), against a loop that only reads the same
/// answers as the floor, in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Đo hiệu năng.",
        subcommands: [
        Classify.self, Disburse.self, Verify.self, Collections.self, MonthEnd.self, ImportBook.self,
        Dashboard.self,
    ])

    struct Classify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thời gian phân loại N hộ bằng hàm của Domain.")

        @ArgumentParser.Option(name: .long, help: "Số hộ.") var count: Int = 1_000_000

        func run() async throws {
            let standard = PovertyStandardCatalogue.decree07_2021
            let codes = standard.indicators.map(\.code)
            var state: UInt64 = 42
            func next() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
            var answers: [SurveyAnswers] = []
            answers.reserveCapacity(count)
            for _ in 0..<count {
                let income = Int64(next() % 4_000_000)
                var deprived = Set<String>()
                for code in codes where next() % 5 == 0 { deprived.insert(code) }
                answers.append(SurveyAnswers(area: next() % 3 == 0 ? .urban : .rural, incomePerPersonMonthly: Money(dong: income),
                                             deprivations: deprived))
            }
            let clock = ContinuousClock()
            var floorSum = 0
            let floor = clock.measure {
                for a in answers {
                    if case .declared(let money) = a.income { floorSum &+= a.deprivations.count &+ Int(money.dong & 1) }
                }
            }
            var tally: [Classification: Int] = [:]
            let elapsed = try clock.measure {
                for a in answers { tally[try PovertyClassifier.classify(a, under: standard).classification, default: 0] += 1 }
            }
            func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
            print("classify \(count) households (\(standard.code)): \(String(format: "%.0f", ms(elapsed))) ms, "
                  + "\(String(format: "%.0f", Double(count) / (ms(elapsed) / 1000))) households/s")
            print("floor (read the same answers): \(String(format: "%.1f", ms(floor))) ms (checksum \(floorSum % 97)); "
                  + "ratio \(String(format: "%.0f", ms(elapsed) / max(ms(floor), 0.001)))×")
            print(Classification.allCases.map { "\($0.rawValue): \(tally[$0, default: 0])" }.joined(separator: ", "))
        }
    }
}
