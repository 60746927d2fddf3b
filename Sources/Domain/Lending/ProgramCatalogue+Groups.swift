/// The beneficiary groups the sources name inside a program's set (programs.md, job creation).
extension ProgramCatalogue {
    /// Decree 74/2019: disabled and ethnic-minority workers, and units of which at least 30 % of
    /// the workers are, borrow at 50 % of the program's rate (the near-poor rate): 60 % of the
    /// anchor, 0,33 %/tháng before 01/12/2025.
    static let jobCreationHalfRate = BeneficiaryGroup(
        code: "priority",
        name:
            "Người lao động khuyết tật, dân tộc thiểu số; cơ sở có từ 30 % lao động"
            + " là những người này",
        rate: .factorOfAnchor(percent: 60))

    /// Decree 338/2025: priority groups borrow at the poor-household rate.
    static let jobCreationPriority = BeneficiaryGroup(
        code: "priority",
        name:
            "Nhóm ưu tiên: lao động dân tộc thiểu số nghèo, người Kinh nghèo vùng đặc biệt"
            + " khó khăn, người khuyết tật; cơ sở sử dụng nhiều lao động là những người này",
        rate: .factorOfAnchor(percent: 100))
}
