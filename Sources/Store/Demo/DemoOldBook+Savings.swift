import Domain
import Foundation

/// The old book's members' savings (tiền gửi của tổ viên): most members of the other communes'
/// groups hold some, as in any branch, brought in with the loans and reconciled with them.
extension DemoProvince {
    /// The savings file (`ma_xa, ten_to, ma_ho, so_du`) and each commune's count and balance.
    func oldBookSavings(
        _ borrowers: [Int: [OldBookBorrower]]
    ) -> (csv: String, totals: [Int: (accounts: Int, balance: Int64)]) {
        // Its own sequence, so the loans of the old book stay as they were.
        var random = SeededGenerator(seed: seed &+ 0x5A71_465)
        var lines = [BookImporter.savingsColumns.joined(separator: ",")]
        var totals: [Int: (accounts: Int, balance: Int64)] = [:], seen: Set<String> = []
        for (code, members) in borrowers.sorted(by: { $0.key < $1.key }) {
            for member in members where Int.random(in: 0..<10, using: &random) < 6 {
                // One account a household: a member of two groups saves in the first.
                guard seen.insert("\(code)|\(member.householdCode)").inserted else { continue }
                let balance = Int64.random(in: 5...300, using: &random) * 10_000
                let group = member.groupName.replacingOccurrences(of: "\"", with: "\"\"")
                lines.append("\(code),\"\(group)\",\(member.householdCode),\(balance)")
                let sum = totals[code] ?? (0, 0)
                totals[code] = (sum.accounts + 1, sum.balance + balance)
            }
        }
        return (lines.joined(separator: "\n") + "\n", totals)
    }

    /// The control lines of the savings: one per commune, as the branch's system reports them.
    static func savingsControl(_ totals: [Int: (accounts: Int, balance: Int64)]) -> String {
        totals.sorted { $0.key < $1.key }.map { code, t in
            "\(code),\(OpeningBook.savingsKey),\(t.accounts),\(t.balance),0,0\n"
        }.joined()
    }
}
