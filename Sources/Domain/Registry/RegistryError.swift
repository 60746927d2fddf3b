import Foundation

/// Errors of the Registry context (households, poverty standards, classification), each with a
/// stable code for clients and a Vietnamese message. Cases are grouped by the part of the
/// context that raises them; each switch below keeps the same groups in the same order.
public enum RegistryError: DomainError, Equatable {
    // MARK: Poverty standards and classification
    case invalidArea(String)
    case negativeIncome
    case unknownIndicator(String, standard: String)
    case noStandardInForce(BusinessDate)
    /// The standard's data has no income line for the area: a gap in the loaded standard,
    /// not in the answers.
    case povertyLineMissing(standard: String, area: Area)
    case unknownScoreItem(String, scorecard: String)
    case scoreItemUnanswered(String)
    case unknownScoreOption(String, item: String)
    case scorecardMismatch(scorecard: String, standard: String)
    case scoreCutoffMissing(scorecard: String, area: Area)
    case unknownScorecard(String)
    case noScorecard(standard: String)
    case invalidScorecard(String)
    case duplicateScorecard(String)
    // MARK: Households and members
    case invalidHouseholdCode(String)
    case invalidSex(String)
    case invalidRelation(String)
    case invalidBirthDate(String)
    case invalidCitizenID(String, CitizenIDError)
    case unknownEthnicity(String)
    case noMembers
    case headCount(Int)
    case missingVillage
    case missingName
    case bornInFuture(String)
    case citizenIDRequired(String)
    /// The other household's code is named only when the caller's scope holds it.
    case duplicateCitizenID(String, otherHousehold: String?)
    case duplicateHouseholdCode(String)
    case householdNotFound(String)
    case unitNotInForce(String)
    case importFailed([ErrorDetail])
    case unknownStandard(String)
    case classificationNotAfterLast(BusinessDate)
    case invalidStandard(String)
    case splitMembersUnknown
    case mergeIntoItself
    // MARK: Reviews
    case reviewStepOutOfOrder(String, String)
    case reviewDateBeforeStart
    case reviewUnfinishedSurveys(Int)
    case reviewEmpty
    case reviewOpenComplaints(Int)
    case reviewPostingTooShort
    case reviewNotFound
    case reviewExists(Int)
    case reviewClosedForChanges
    case duplicateStandard(String)

    public var code: String {
        switch self {
        // Poverty standards and classification
        case .invalidArea: "invalid_area"
        case .negativeIncome: "negative_income"
        case .unknownIndicator: "unknown_indicator"
        case .noStandardInForce: "no_standard_in_force"
        case .povertyLineMissing: "poverty_line_missing"
        case .unknownScoreItem: "unknown_score_item"
        case .scoreItemUnanswered: "score_item_unanswered"
        case .unknownScoreOption: "unknown_score_option"
        case .scorecardMismatch: "scorecard_mismatch"
        case .scoreCutoffMissing: "score_cutoff_missing"
        case .unknownScorecard: "unknown_scorecard"
        case .noScorecard: "no_scorecard"
        case .invalidScorecard: "invalid_scorecard"
        case .duplicateScorecard: "duplicate_scorecard"
        // Households and members
        case .invalidHouseholdCode: "invalid_household_code"
        case .invalidSex: "invalid_sex"
        case .invalidRelation: "invalid_relation"
        case .invalidBirthDate: "invalid_birth_date"
        case .invalidCitizenID: "invalid_citizen_id"
        case .unknownEthnicity: "unknown_ethnicity"
        case .noMembers: "no_members"
        case .headCount: "head_count"
        case .missingVillage: "missing_village"
        case .missingName: "missing_name"
        case .bornInFuture: "born_in_future"
        case .citizenIDRequired: "citizen_id_required"
        case .duplicateCitizenID: "duplicate_citizen_id"
        case .duplicateHouseholdCode: "duplicate_household_code"
        case .householdNotFound: "household_not_found"
        case .unitNotInForce: "unit_not_in_force"
        case .importFailed: "import_failed"
        case .unknownStandard: "unknown_standard"
        case .classificationNotAfterLast: "classification_not_after_last"
        case .invalidStandard: "invalid_standard"
        case .splitMembersUnknown: "split_members_unknown"
        case .mergeIntoItself: "merge_into_itself"
        case .reviewStepOutOfOrder: "review_step_out_of_order"
        case .reviewDateBeforeStart: "review_date_before_start"
        case .reviewUnfinishedSurveys: "review_unfinished_surveys"
        case .reviewEmpty: "review_empty"
        case .reviewOpenComplaints: "review_open_complaints"
        case .reviewPostingTooShort: "review_posting_too_short"
        case .reviewNotFound: "review_not_found"
        case .reviewExists: "review_exists"
        case .reviewClosedForChanges: "review_closed_for_changes"
        case .duplicateStandard: "duplicate_standard"
        }
    }

    public var message: String {
        switch self {
        // Poverty standards and classification
        case .invalidArea(let text):
            "Khu vực không hợp lệ: «\(text)» (chỉ nhận «Nông thôn» hoặc «Thành thị»)."
        case .negativeIncome:
            "Thu nhập bình quân đầu người không được âm."
        case .unknownIndicator(let indicator, let standard):
            "Chỉ số thiếu hụt «\(indicator)» không có trong chuẩn nghèo \(standard)."
        case .noStandardInForce(let date):
            "Không có chuẩn nghèo nào có hiệu lực vào ngày \(date.vietnamese)."
        case .povertyLineMissing(let standard, let area):
            "Chuẩn nghèo \(standard) chưa có chuẩn thu nhập cho khu vực \(area.label.lowercased())."
        case .unknownScoreItem(let item, let scorecard): "Phiếu chấm điểm \(scorecard) không có câu «\(item)»."
        case .scoreItemUnanswered(let question): "Chưa chọn phương án cho câu «\(question)» của Phiếu B1."
        case .unknownScoreOption(let option, let question): "Câu «\(question)» không có phương án «\(option)»."
        case .scorecardMismatch(let scorecard, let standard):
            "Phiếu chấm điểm \(scorecard) không dùng cho chuẩn nghèo \(standard)."
        case .scoreCutoffMissing(let scorecard, let area):
            "Phiếu chấm điểm \(scorecard) chưa có ngưỡng điểm khu vực \(area.label.lowercased())."
        case .unknownScorecard(let code): "Không có phiếu chấm điểm mã «\(code)»."
        case .noScorecard(let standard): "Chưa có phiếu chấm điểm thu nhập (Phiếu B1) cho chuẩn nghèo \(standard); hãy nhập thu nhập bình quân."
        case .invalidScorecard(let why): "Phiếu chấm điểm không hợp lệ: \(why)."
        case .duplicateScorecard(let code): "Đã có phiếu chấm điểm mã «\(code)»."
        // Households and members
        case .invalidHouseholdCode(let text): "Mã hộ không hợp lệ: «\(text)» (1–30 ký tự: chữ, số, - _ . /)."
        case .invalidSex(let text): "Giới tính không hợp lệ: «\(text)» (Nam hoặc Nữ)."
        case .invalidRelation(let text): "Quan hệ với chủ hộ không hợp lệ: «\(text)» (vd: Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu, Khác)."
        case .invalidBirthDate(let text): "Ngày sinh không hợp lệ: «\(text)» (dạng dd/mm/yyyy)."
        case .invalidCitizenID(let text, let reason):
            switch reason {
            case .notTwelveDigits: "Số CCCD «\(text)» phải gồm đúng 12 chữ số."
            case .unknownBirthplace(let code): "Số CCCD «\(text)» có mã nơi đăng ký khai sinh \(String(format: "%03d", code)) không có trong danh mục."
            }
        case .unknownEthnicity(let text): "Dân tộc không có trong danh mục 54 dân tộc: «\(text)»."
        case .noMembers: "Hộ phải có ít nhất một nhân khẩu."
        case .headCount(let n): n == 0 ? "Hộ chưa có chủ hộ." : "Hộ có \(n) chủ hộ; mỗi hộ chỉ có một chủ hộ."
        case .missingVillage: "Thiếu thôn / tổ dân phố."
        case .missingName: "Thiếu họ tên."
        case .bornInFuture(let name): "Ngày sinh của «\(name)» sau ngày hiện tại."
        case .citizenIDRequired(let name): "«\(name)» từ 14 tuổi trở lên phải có số CCCD."
        case .duplicateCitizenID(let id, let other):
            other.map { "Số CCCD \(id) đã thuộc nhân khẩu của hộ \($0)." } ?? "Số CCCD \(id) đã thuộc nhân khẩu của một hộ khác."
        case .duplicateHouseholdCode(let code): "Mã hộ \(code) đã có trong xã này."
        case .householdNotFound: "Không tìm thấy hộ."
        case .unitNotInForce(let id): "Đơn vị \(id) không còn hiệu lực; hãy chọn đơn vị hiện hành."
        case .unknownStandard(let code): "Không có chuẩn nghèo mã «\(code)»."
        case .invalidStandard(let why): "Chuẩn nghèo không hợp lệ: \(why)."
        case .splitMembersUnknown: "Hãy chọn các nhân khẩu của hộ này để tách sang hộ mới."
        case .mergeIntoItself: "Không thể nhập một hộ vào chính nó."
        case .reviewStepOutOfOrder(let now, let next): "Đợt rà soát đang ở bước «\(now)», chưa thể chuyển sang «\(next)»."
        case .reviewDateBeforeStart: "Ngày không được trước ngày bắt đầu rà soát."
        case .reviewUnfinishedSurveys(let n): "Còn \(n) hộ chưa có kết quả Phiếu A hoặc Phiếu B."
        case .reviewEmpty: "Đợt rà soát chưa có hộ nào."
        case .reviewOpenComplaints(let n): "Còn \(n) khiếu nại chưa giải quyết."
        case .reviewPostingTooShort: "Danh sách phải niêm yết công khai ít nhất 3 ngày trước khi quyết định."
        case .reviewNotFound: "Không tìm thấy đợt rà soát."
        case .reviewExists(let year): "Xã đã có đợt rà soát định kỳ năm \(year)."
        case .reviewClosedForChanges: "Đợt rà soát đã qua bước này; không sửa được kết quả."
        case .classificationNotAfterLast(let date): "Hộ đã có phân loại từ ngày \(date.vietnamese) trở về sau; phân loại mới phải có hiệu lực sau phân loại gần nhất."
        case .duplicateStandard(let code): "Đã có chuẩn nghèo mã «\(code)»."
        case .importFailed(let details): "Tệp có \(details.count) lỗi; chưa ghi dòng nào. Sửa các lỗi rồi nhập lại."
        }
    }

    public var kind: FailureKind {
        switch self {
        // Poverty standards and classification: the API contract answers 400 for bad survey input
        // and for a date no standard covers.
        case .invalidArea, .negativeIncome, .unknownIndicator, .noStandardInForce: .malformed
        // A standard loaded without a line for an area cannot be fixed by the caller.
        case .povertyLineMissing: .ruleBroken
        case .unknownScoreItem, .scoreItemUnanswered, .unknownScoreOption, .unknownScorecard, .noScorecard: .malformed
        case .scorecardMismatch, .scoreCutoffMissing, .invalidScorecard: .ruleBroken
        case .duplicateScorecard: .conflict
        // Households and members
        case .householdNotFound: .notFound
        case .unknownStandard: .malformed
        case .duplicateCitizenID, .duplicateHouseholdCode, .duplicateStandard: .conflict
        case .invalidHouseholdCode, .invalidSex, .invalidRelation, .invalidBirthDate, .invalidCitizenID, .unknownEthnicity:
            .malformed
        case .noMembers, .headCount, .missingVillage, .missingName, .bornInFuture, .citizenIDRequired, .unitNotInForce,
             .importFailed, .classificationNotAfterLast, .invalidStandard, .splitMembersUnknown, .mergeIntoItself,
             .reviewStepOutOfOrder, .reviewDateBeforeStart, .reviewUnfinishedSurveys, .reviewEmpty, .reviewOpenComplaints,
             .reviewPostingTooShort, .reviewClosedForChanges: .ruleBroken
        case .reviewNotFound: .notFound
        case .reviewExists: .conflict
        }
    }

    public var details: [ErrorDetail] {
        switch self {
        case .invalidArea: [ErrorDetail(field: "area", code: code, message: message)]
        case .negativeIncome: [ErrorDetail(field: "incomePerPersonMonthly", code: code, message: message)]
        case .unknownIndicator: [ErrorDetail(field: "deprivations", code: code, message: message)]
        case .unknownScoreItem, .scoreItemUnanswered, .unknownScoreOption:
            [ErrorDetail(field: "incomeScore.answers", code: code, message: message)]
        case .importFailed(let details): details
        default: []
        }
    }
}
