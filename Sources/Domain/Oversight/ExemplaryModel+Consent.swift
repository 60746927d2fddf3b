import Foundation

/// Một mô hình như công chúng thấy: only what is always public, and the fields the owner
/// consented to; every other field is nil or empty. Built only by `publicView(consent:)`.
public struct PublicExemplaryModel: Sendable, Codable, Equatable {
    /// What the page says in place of a name the owner keeps private.
    public static let undisclosedOwner = "Chủ mô hình không công khai tên"

    public var id: String
    public var title: String
    public var unitCode: Int
    public var unitName: String
    public var description: String
    public var activity: String
    public var jobsCreated: Int
    public var recognisedOn: BusinessDate?
    public var recognisedBy: String
    public var ownerName: String?
    public var village: String?
    public var photos: [ModelPhoto]
    public var incomeBeforePerYear: Money?
    public var incomeAfterPerYear: Money?
    public var loans: [ModelLoan]?

    /// The owner as the page shows them.
    public var ownerLabel: String { ownerName ?? Self.undisclosedOwner }
}

extension ExemplaryModel {
    /// Công khai theo sự đồng ý: the one rule of what a published model shows. Title, commune,
    /// description, activity, jobs and recognition always; name, village, photos, income and
    /// loan amounts only when `consent` holds them. The household id and the recorder never.
    public func publicView(consent: Set<ModelConsentField>) -> PublicExemplaryModel {
        let income = consent.contains(.income)
        return PublicExemplaryModel(
            id: id, title: title, unitCode: unitCode, unitName: unitName,
            description: description, activity: activity, jobsCreated: jobsCreated,
            recognisedOn: recognisedOn, recognisedBy: recognisedBy,
            ownerName: consent.contains(.name) ? ownerName : nil,
            village: consent.contains(.village) ? village : nil,
            photos: consent.contains(.photos) ? photos : [],
            incomeBeforePerYear: income ? incomeBeforePerYear : nil,
            incomeAfterPerYear: income ? incomeAfterPerYear : nil,
            loans: consent.contains(.loans) ? loans : nil)
    }

    /// The public view under the consent the owner gave.
    public var consentedView: PublicExemplaryModel { publicView(consent: consent) }

    /// Whether the photo route may serve this model's photos to anyone.
    public var photosArePublic: Bool { published && consent.contains(.photos) }
}
