import Domain
import Store
import Vapor

/// Mô hình tiêu biểu cho mọi người xem: no sign-in; every province's published models, each
/// showing only what its owner consented to (`ExemplaryModel.publicView(consent:)`), and their
/// photos when photos are consented.
extension ModelRoutes {
    func registerPublic(_ app: Application) {
        app.on(.GET, ["models"], access: .open, kind: .page) { req in
            try await Self.publicPage(req)
        }
        app.on(.GET, ["models", ":id", "photos", ":photo"], access: .open, kind: .page) { req in
            try await Self.publicPhoto(req)
        }
    }

    static func publicPage(_ req: Request) async throws -> Response {
        let models = try await store(req).published(limit: 200)
        struct Photo: Encodable { let src: String, alt: String }
        struct Loan: Encodable { let program: String, amount: String }
        struct Card: Encodable {
            let title: String, unit: String, owner: String, village: String?
            let description: String, activity: String, jobs: Int, recognised: String
            let incomeBefore: String?, incomeAfter: String?, loans: [Loan]?, photos: [Photo]
        }
        struct Body: Encodable { let cards: [Card] }
        let cards = models.map { m in
            Card(
                title: m.title, unit: m.unitName, owner: m.ownerLabel, village: m.village,
                description: m.description, activity: m.activity, jobs: m.jobsCreated,
                recognised: [m.recognisedOn?.vietnamese ?? "", m.recognisedBy]
                    .filter { !$0.isEmpty }.joined(separator: " · "),
                incomeBefore: m.incomeBeforePerYear?.description,
                incomeAfter: m.incomeAfterPerYear?.description,
                loans: m.loans?.map {
                    Loan(
                        program: $0.programName.isEmpty ? $0.programCode : $0.programName,
                        amount: $0.amount.description)
                },
                photos: m.photos.map {
                    Photo(
                        src: "/models/\(m.id)/photos/\($0.id)",
                        alt: $0.caption.isEmpty ? "Ảnh mô hình \(m.title)" : $0.caption)
                })
        }
        return try await req.page(
            "oversight/models-public", title: "Mô hình sản xuất kinh doanh tiêu biểu",
            Body(cards: cards))
    }

    /// The photo's bytes with their own type; 404 unless published with photos consented.
    static func publicPhoto(_ req: Request) async throws -> Response {
        let photo = try await store(req).publicPhoto(
            modelID: req.parameters.get("id") ?? "", photoID: req.parameters.get("photo") ?? "")
        let response = Response(status: .ok, body: .init(data: photo.bytes))
        response.headers.replaceOrAdd(name: .contentType, value: photo.contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }
}
