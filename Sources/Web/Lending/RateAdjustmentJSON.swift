import Domain
import Store
import Vapor

/// `RateAdjustment` of the API: the act, its scope, its change and whether a month-end settled it.
struct RateAdjustmentJSON: Content {
    let id: String
    let name: String
    let programs: [String]
    let provinces: [Int]
    let capitalSources: [String]
    let from: String
    let through: String
    let change: RatePeriodJSON.Adjustment
    let settledMonth: String?

    init(_ stored: StoredRateAdjustment) {
        let a = stored.adjustment
        (id, name, from, through) = (a.id, a.name, a.from.iso, a.through.iso)
        programs = a.scope.programCodes.sorted()
        provinces = a.scope.provinceCodes.sorted()
        capitalSources = a.scope.capitalSources.map(\.rawValue).sorted()
        change = RatePeriodJSON.Adjustment(a)
        settledMonth = stored.settledMonth
    }
}

struct RateAdjustmentListJSON: Content {
    let items: [RateAdjustmentJSON]
    let total: Int
}

/// `RateAdjustmentInput`: exactly one of `pointsPerYear` (a fraction per year, "-0.02") and
/// `factorPercent`.
struct RateAdjustmentInput: Content {
    var id: String
    var name: String
    var programs: [String]?
    var provinces: [Int]?
    var capitalSources: [String]?
    var from: String
    var through: String
    var pointsPerYear: String?
    var factorPercent: Int64?
    var legalSource: String

    func adjustment() throws -> RateAdjustment {
        let change: RateChange
        switch (pointsPerYear, factorPercent) {
        case (let points?, nil): change = try RateChange.points(fractionPerYear: points)
        case (nil, let factor?): change = try RateChange.factor(percent: factor)
        default:
            throw PlatformError.invalidInput(
                field: "pointsPerYear",
                message: "Ghi đúng một trong hai: pointsPerYear (vd: -0.02) hoặc factorPercent.")
        }
        var sources = Set<CapitalSource>()
        for text in capitalSources ?? [] {
            guard let source = CapitalSource(rawValue: text) else {
                throw PlatformError.invalidInput(
                    field: "capitalSources",
                    message: "Nguồn vốn phải là central, province, commune hoặc mobilised.")
            }
            sources.insert(source)
        }
        for code in provinces ?? [] where !(1...99).contains(code) {
            throw PlacesError.invalidUnitCode(String(code))
        }
        guard (programs ?? []).count <= 100, (provinces ?? []).count <= 100 else {
            throw PlatformError.invalidInput(
                field: "programs", message: "Tối đa 100 mã mỗi danh sách.")
        }
        return RateAdjustment(
            id: id.trimmingCharacters(in: .whitespaces), name: name,
            scope: RateAdjustmentScope(
                programCodes: Set(programs ?? []), provinceCodes: Set(provinces ?? []),
                capitalSources: sources),
            from: try Validate.date(from), through: try Validate.date(through), change: change,
            legalSource: legalSource.trimmingCharacters(in: .whitespaces))
    }
}

/// `InterestRefund`: one line of the list of refunds per commune.
struct InterestRefundJSON: Content {
    let id: String
    let month: String
    let loan: String
    let borrower: String
    let unit: String
    let unitName: String
    let group: String?
    let adjustments: [String]
    let amount: Int64
    let offset: Int64
    let owed: Int64
    let paidOn: String?

    init(_ l: InterestRefundLine) {
        (id, month, loan, borrower, unit, unitName) =
            (l.id, l.month, l.loanID, l.borrowerName, l.unitID, l.unitName)
        (group, adjustments, paidOn) = (l.groupName, l.adjustments, l.paidOn?.iso)
        (amount, offset, owed) = (l.amount.dong, l.offset.dong, l.owed.dong)
    }
}

struct InterestRefundListJSON: Content {
    let items: [InterestRefundJSON]
    let total: Int
    /// What is still owed to borrowers (not yet paid out).
    let owedUnpaid: Int64
}

struct RefundPayoutInput: Content {
    var date: String
    var method: String?
}
