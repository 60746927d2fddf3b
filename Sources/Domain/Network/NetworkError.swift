import Foundation

/// Errors of the entrusted network (organisations, groups, transaction points at work), each with
/// a stable code and a Vietnamese message.
public enum NetworkError: DomainError, Equatable {
    case unknownOrganisation(String)
    case invalidContract(String)
    case organisationUnitNotFound
    case contractOverlaps(String)
    case invalidGroup(String)
    case groupNotFound
    case groupDissolved
    case householdNotInCommune(String)
    case householdInAnotherGroup(code: String, group: String?)
    case householdNotInGroup(String)
    case groupFull(max: Int)
    case groupBelowMinimum(min: Int)
    case leaderOfOtherBankGroup(String)
    case leaderIsDeputy(String)
    case closeKinOnBoard(leader: String, deputy: String, kinship: Kinship, fromRegister: Bool)
    case boardMemberNotInGroup(String)
    case boardMemberTooYoung(String)
    case invalidMeeting(String)
    case mergeAcross
    case dateBeforeFounding
    /// A group's record dated after today.
    case dateInFuture(BusinessDate)
    case organisationOutOfScope
    case invalidSchedule(String)
    case dayNotPlanned(String)
    case dayInFuture(String)
    case transactionDayNotFound
    case importFailed([ErrorDetail])

    public var code: String {
        switch self {
        case .unknownOrganisation: "unknown_organisation"
        case .invalidContract: "invalid_contract"
        case .organisationUnitNotFound: "organisation_unit_not_found"
        case .contractOverlaps: "contract_overlaps"
        case .invalidGroup: "invalid_group"
        case .groupNotFound: "group_not_found"
        case .groupDissolved: "group_dissolved"
        case .householdNotInCommune: "household_not_in_commune"
        case .householdInAnotherGroup: "household_in_another_group"
        case .householdNotInGroup: "household_not_in_group"
        case .groupFull: "group_full"
        case .groupBelowMinimum: "group_below_minimum"
        case .leaderOfOtherBankGroup: "leader_of_other_bank_group"
        case .leaderIsDeputy: "leader_is_deputy"
        case .closeKinOnBoard: "close_kin_on_board"
        case .boardMemberNotInGroup: "board_member_not_in_group"
        case .boardMemberTooYoung: "board_member_too_young"
        case .invalidMeeting: "invalid_meeting"
        case .mergeAcross: "merge_across"
        case .dateBeforeFounding: "date_before_founding"
        case .dateInFuture: "date_in_future"
        case .organisationOutOfScope: "organisation_out_of_scope"
        case .invalidSchedule: "invalid_schedule"
        case .dayNotPlanned: "day_not_planned"
        case .dayInFuture: "day_in_future"
        case .transactionDayNotFound: "transaction_day_not_found"
        case .importFailed: "import_failed"
        }
    }

    public var message: String {
        switch self {
        case .unknownOrganisation(let text):
            "Tổ chức nhận ủy thác không hợp lệ: «\(text)» (Hội Liên hiệp Phụ nữ, Hội Nông dân, Hội Cựu chiến binh, Đoàn Thanh niên)."
        case .invalidContract(let why): "Hợp đồng ủy thác không hợp lệ: \(why)."
        case .organisationUnitNotFound: "Không tìm thấy tổ chức nhận ủy thác."
        case .contractOverlaps(let number): "Thời hạn trùng với hợp đồng \(number) đang có hiệu lực; hãy gia hạn (thay thế) hợp đồng đó."
        case .invalidGroup(let why): "Thông tin tổ không hợp lệ: \(why)."
        case .groupNotFound: "Không tìm thấy tổ tiết kiệm và vay vốn."
        case .groupDissolved: "Tổ đã giải thể; không thay đổi được."
        case .householdNotInCommune(let code): "Hộ \(code) không thuộc xã của tổ."
        case .householdInAnotherGroup(let code, let group):
            group.map { "Hộ \(code) đang là tổ viên của \($0); chuyển tổ thay vì thêm mới." } ?? "Hộ \(code) đang là tổ viên của một tổ khác."
        case .householdNotInGroup(let code): "Hộ \(code) không phải tổ viên của tổ này."
        case .groupFull(let max): "Tổ đã đủ \(max) tổ viên (mức tối đa); hãy lập tổ mới hoặc tách tổ."
        case .groupBelowMinimum(let min): "Tổ sẽ còn dưới \(min) tổ viên (mức tối thiểu); hãy nhập tổ hoặc giải thể thay vì rút tổ viên."
        case .leaderOfOtherBankGroup(let name): "«\(name)» đang làm tổ trưởng tổ vay vốn của ngân hàng khác nên không được làm tổ trưởng."
        case .leaderIsDeputy(let name): "«\(name)» không thể vừa là tổ trưởng vừa là tổ phó."
        case .closeKinOnBoard(let leader, let deputy, let kinship, let fromRegister):
            "Tổ phó «\(deputy)» và tổ trưởng «\(leader)» là \(kinship.label)"
                + (fromRegister ? " (theo sổ hộ)" : " (theo khai báo)")
                + "; tổ trưởng và tổ phó không được là vợ chồng, cha mẹ, con hoặc anh chị em ruột của nhau."
        case .boardMemberNotInGroup(let name): "«\(name)» không thuộc hộ tổ viên của tổ."
        case .boardMemberTooYoung(let name): "«\(name)» chưa đủ 18 tuổi."
        case .invalidMeeting(let why): "Biên bản họp không hợp lệ: \(why)."
        case .mergeAcross: "Chỉ nhập được hai tổ cùng xã và cùng tổ chức nhận ủy thác."
        case .dateBeforeFounding: "Ngày không được trước ngày thành lập tổ."
        case .dateInFuture(let date): "Ngày \(date.vietnamese) ở sau ngày hôm nay."
        case .organisationOutOfScope: "Tài khoản của bạn chỉ quản lý tổ của tổ chức mình."
        case .invalidSchedule(let why): "Lịch giao dịch không hợp lệ: \(why)."
        case .dayNotPlanned(let status): "Phiên giao dịch đang ở trạng thái «\(status)»; chỉ phiên theo lịch mới đổi được."
        case .dayInFuture(let date): "Phiên ngày \(date) chưa diễn ra; chưa ghi được biên bản."
        case .transactionDayNotFound: "Không tìm thấy phiên giao dịch."
        case .importFailed(let details): "Tệp có \(details.count) lỗi; chưa ghi hàng nào. Sửa các lỗi rồi nhập lại."
        }
    }

    public var kind: FailureKind {
        switch self {
        case .unknownOrganisation: .malformed
        // Well-formed values the rules refuse (a meeting with more people than members, a
        // schedule ending before it starts): 422, so 400 stays "the request breaks the API's
        // document".
        case .invalidContract, .invalidGroup, .invalidMeeting, .invalidSchedule, .dateInFuture: .ruleBroken
        case .organisationUnitNotFound, .groupNotFound, .transactionDayNotFound: .notFound
        case .dayNotPlanned, .dayInFuture, .importFailed: .ruleBroken
        case .householdInAnotherGroup, .contractOverlaps: .conflict
        case .organisationOutOfScope: .forbidden
        case .groupDissolved, .householdNotInCommune, .householdNotInGroup, .groupFull, .groupBelowMinimum, .leaderOfOtherBankGroup,
             .leaderIsDeputy, .closeKinOnBoard, .boardMemberNotInGroup, .boardMemberTooYoung, .mergeAcross, .dateBeforeFounding:
            .ruleBroken
        }
    }

    public var details: [ErrorDetail] {
        switch self {
        case .closeKinOnBoard, .leaderIsDeputy: [ErrorDetail(field: "deputy", code: code, message: message)]
        case .leaderOfOtherBankGroup: [ErrorDetail(field: "leader", code: code, message: message)]
        case .importFailed(let details): details
        default: []
        }
    }
}
