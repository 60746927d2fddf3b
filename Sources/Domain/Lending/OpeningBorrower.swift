/// Người vay của một khoản vay sổ cũ: a household by its code in the commune, a household by
/// the CCCD of one of its members, or a unit (hợp tác xã, tổ hợp tác, hộ kinh doanh) that borrows
/// directly at the bank, by its name. A row names exactly one.
public enum OpeningBorrower: Sendable, Equatable {
    /// Mã hộ in the commune's register.
    case household(code: String)
    /// Số CCCD of a member of the household (12 digits).
    case citizen(id: String)
    /// Tên đơn vị vay: a unit borrows in its own name, directly, never through a group.
    case unit(name: String)

    /// The columns a row names its borrower by, in the order they are read.
    public static let columns = ["ma_ho", "so_cccd", "ten_don_vi_vay"]

    /// The borrower a row names, or the problem (column, message). `group` is the row's savings
    /// group (ten_to), empty when the loan is direct.
    public static func read(
        household: String, citizen: String, unit: String, group: String
    ) -> Result<OpeningBorrower, OpeningProblem> {
        func refuse(_ column: String, _ message: String) -> Result<OpeningBorrower, OpeningProblem>
        {
            .failure(OpeningProblem(row: 0, column: column, message: message))
        }
        let named = [household, citizen, unit].filter { !$0.isEmpty }.count
        if named != 1 {
            return refuse(
                named == 0 ? "ma_ho" : "so_cccd",
                "Mỗi khoản vay ghi đúng một người vay: mã hộ (ma_ho), số CCCD của thành viên hộ "
                    + "(so_cccd) hoặc tên đơn vị vay (ten_don_vi_vay).")
        }
        if !household.isEmpty {
            guard household.count <= 40 else { return refuse("ma_ho", "Mã hộ tối đa 40 ký tự.") }
            return .success(.household(code: household))
        }
        if !citizen.isEmpty {
            guard citizen.utf8.count == 12, citizen.isASCIIDigits else {
                return refuse("so_cccd", "Số CCCD gồm đúng 12 chữ số.")
            }
            return .success(.citizen(id: citizen))
        }
        guard unit.count <= 200 else {
            return refuse("ten_don_vi_vay", "Tên đơn vị vay tối đa 200 ký tự.")
        }
        guard group.isEmpty else {
            return refuse(
                "ten_don_vi_vay",
                "Đơn vị vay trực tiếp tại Ngân hàng, không qua tổ tiết kiệm và vay vốn: bỏ trống "
                    + "ten_to.")
        }
        return .success(.unit(name: unit))
    }
}

extension OpeningProblem: Error {}

/// Một lần giải ngân theo sổ cũ: what the old book lent on one day (a loan may have had several).
public struct OpeningTranche: Sendable, Equatable, Codable {
    public var on: BusinessDate
    public var amount: Money

    public init(on: BusinessDate, amount: Money) {
        self.on = on
        self.amount = amount
    }
}

extension OpeningBook {
    /// The old book's disbursements of a loan that lists them: in date order, the first on the
    /// loan's disbursement date, none after the cut-over, all adding up to what was disbursed.
    static func trancheProblems(_ loan: OpeningLoan, cutOver: BusinessDate) -> [OpeningProblem] {
        guard !loan.tranches.isEmpty else { return [] }
        var problems: [OpeningProblem] = []
        func refuse(_ message: String) {
            problems.append(
                OpeningProblem(row: loan.row, column: "cac_lan_giai_ngan", message: message))
        }
        let dates = loan.tranches.map(\.on)
        if zip(dates, dates.dropFirst()).contains(where: { $0 >= $1 }) {
            refuse("Các lần giải ngân phải theo thứ tự ngày, mỗi ngày một lần.")
        }
        if dates.first != loan.disbursedOn {
            refuse(
                "Lần giải ngân đầu tiên phải đúng ngày giải ngân \(loan.disbursedOn.vietnamese).")
        }
        if let last = dates.last, last > cutOver {
            refuse("Có lần giải ngân sau ngày chuyển sổ \(cutOver.vietnamese).")
        }
        if loan.tranches.contains(where: { $0.amount.dong <= 0 }) {
            refuse("Mỗi lần giải ngân phải có số tiền lớn hơn 0.")
        }
        if let total = try? loan.tranches.map(\.amount).sum() {
            if total != loan.disbursed {
                refuse("Các lần giải ngân cộng \(total), khác số tiền giải ngân \(loan.disbursed).")
            }
        } else {
            refuse("Các lần giải ngân cộng lại vượt giới hạn số tiền.")
        }
        return problems
    }
}
