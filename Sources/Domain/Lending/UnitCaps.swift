/// Mức cho vay đối với cơ sở sản xuất kinh doanh (hợp tác xã, tổ hợp tác, hộ kinh doanh, doanh
/// nghiệp nhỏ và vừa): a cap per project and a cap per job the project makes or keeps; a unit
/// may borrow the lower of the two (programs.md: job creation 2 bn and 100 m per job from
/// 08/11/2019, 10 bn and 200 m from 01/01/2026; people released from prison 2 bn and 100 m).
public struct UnitCaps: Sendable, Codable, Hashable {
    public var perProject: Money
    public var perJob: Money

    public init(perProject: Money, perJob: Money) {
        self.perProject = perProject
        self.perJob = perJob
    }

    /// Số lao động a unit's application may name: at least one, and a bound that keeps the
    /// product of jobs and cap far inside the money range.
    public static let jobsRange = 1...100_000

    /// What a project making or keeping `jobs` jobs may borrow in all.
    public func cap(jobs: Int) -> Money {
        let (product, overflow) = perJob.dong.multipliedReportingOverflow(by: Int64(max(jobs, 0)))
        return overflow ? perProject : min(perProject, Money(dong: product))
    }
}

extension Eligibility {
    /// A unit's request against the set's unit caps: the per-loan and per-household caps are
    /// for people, the unit's are per project and per job.
    static func unitRefusals(
        parameters: ProgramParameters, jobs: Int, amount: Money
    ) -> [LendingError] {
        guard let caps = parameters.unitCaps else {
            return [.unitsNotLent("bộ tham số của chương trình không có mức cho vay đơn vị")]
        }
        guard UnitCaps.jobsRange.contains(jobs) else {
            return [.unitsNotLent("dự án phải tạo hoặc duy trì việc làm cho ít nhất một lao động")]
        }
        let cap = caps.cap(jobs: jobs)
        return amount > cap ? [.aboveUnitCap(cap: cap, caps: caps, jobs: jobs)] : []
    }
}
