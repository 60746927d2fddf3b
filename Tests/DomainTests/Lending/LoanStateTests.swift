import Domain
import Foundation
import Testing

@Suite("Lending: state transitions and their document")
struct LoanStateTests {
    /// The `from | to` rows of the table under `heading` in docs/loan-states.md.
    static func table(_ heading: String) throws -> [String: Set<String>] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/loan-states.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## ").first { $0.hasPrefix(heading) })
        var result: [String: Set<String>] = [:]
        for line in section.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| from") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            result[cells[1]] = Set(cells[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        return result
    }

    @Test("docs/loan-states.md lists exactly the transitions the code allows")
    func documentMatchesCode() throws {
        let applications = try Self.table("Application")
        #expect(Set(applications.keys) == Set(ApplicationState.allCases.map(\.rawValue)))
        for state in ApplicationState.allCases { #expect(applications[state.rawValue] == Set(state.next.map(\.rawValue)), "\(state)") }
        let loans = try Self.table("Loan")
        #expect(Set(loans.keys) == Set(LoanState.allCases.map(\.rawValue)))
        for state in LoanState.allCases { #expect(loans[state.rawValue] == Set(state.next.map(\.rawValue)), "\(state)") }
    }

    @Test("Every pair: allowed moves pass, the rest are refused in Vietnamese; ends are final; a loan can always end")
    func everyPair() {
        for from in ApplicationState.allCases {
            for to in ApplicationState.allCases {
                if from.next.contains(to) {
                    #expect(throws: Never.self) { try Transitions.check(application: from, to: to) }
                } else {
                    #expect(throws: LendingError.illegalTransition(from: from.label, to: to.label)) { try Transitions.check(application: from, to: to) }
                }
            }
        }
        for from in LoanState.allCases {
            for to in LoanState.allCases where !from.next.contains(to) {
                #expect(throws: LendingError.self) { try Transitions.check(loan: from, to: to) }
            }
            // Every open loan can be repaid; written-off and repaid are final.
            #expect(from.next.isEmpty == [.writtenOff, .repaid].contains(from))
            if !from.next.isEmpty { #expect(from.next.contains(.repaid)) }
        }
        #expect(!LoanState.frozen.next.contains(.termAdjusted))
    }
}
