import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Exemplary models through HTTP on both databases: recorded with a loan of the commune, a photo
/// checked by its bytes (a text file refused, nothing saved), published with consent that keeps
/// the owner's name and income private, the public list and photo, and the commune's scope.
@Suite("Oversight: exemplary models through HTTP")
struct ModelTests {
    /// A 1×1 PNG.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
    static let boundary = "----model-photo"

    static func upload(csrf: String, file: [UInt8], name: String, type: String) -> ByteBuffer {
        var b = ByteBuffer(string: "")
        for (field, value) in [("_csrf", csrf), ("caption", "Lán nấm")] {
            b.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\r\n\r\n\(value)\r\n"
            )
        }
        b.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
                + "Content-Type: \(type)\r\n\r\n")
        b.writeBytes(file)
        b.writeString("\r\n--\(boundary)--\r\n")
        return b
    }

    static func count(_ t: TestApp, _ table: String) async throws -> Int {
        try await t.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)")
            .first(decodingColumn: "n", as: Int.self) ?? -1
    }

    /// A model of another commune, written straight to the table (no loan needed to test scope).
    static func outsideModel(_ t: TestApp) async throws -> String {
        let unit = "c11977@2025-07-01"
        try await t.sql.raw(
            """
            INSERT INTO exemplary_models (id, unit_id, province_code, owner_name, household_id,
            village, title, description, activity, income_before, income_after, jobs_created,
            recognised_on, recognised_by, consent, published, folded, created_by, created_at,
            updated_at) VALUES ('outside-model', \(bind: unit), 33, 'Lê Văn Khác', NULL, '',
            'Mô hình xã khác', 'Mô tả', '', 0, 0, 0, NULL, '', '', 0, 'mo hinh xa khac', 'admin',
            0, 0)
            """
        ).run()
        return "outside-model"
    }

    @Test("Record, photo, consent, the public list and scope", arguments: TestDriver.available)
    func models(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let loan = try #require(
                try await t.sql.raw(
                    "SELECT id FROM loans WHERE unit_id = 'c11953@2025-07-01' ORDER BY id LIMIT 1"
                ).first(decodingColumn: "id", as: String.self))
            // The demo may hold models of its own: counts are taken from here.
            let models = try await Self.count(t, "exemplary_models")
            let photos = try await Self.count(t, "exemplary_model_photos")
            let officer = t.client()
            _ = try await officer.login("commune")
            #expect(try await officer.get("/oversight/models").status == .ok)
            let missing = try await officer.postForm(
                "/oversight/models", ["unit": "11953", "ownerName": "Trần Thị Mận", "title": "X"])
            #expect(missing.status == .unprocessableEntity)
            #expect(try await Self.count(t, "exemplary_models") == models)
            let created = try await officer.postForm(
                "/oversight/models",
                [
                    "unit": "11953", "ownerName": "Trần Thị Mận", "village": "Tổ dân phố 3",
                    "loans": loan, "title": "Trồng nấm rơm",
                    "description": "Vốn vay giúp dựng lán trồng nấm quanh năm.",
                    "activity": "Cho vay hộ nghèo", "incomeBefore": "30.000.000",
                    "incomeAfter": "96.000.000", "jobsCreated": "2", "recognisedBy": "UBND phường",
                ])
            #expect(created.status == .seeOther, "\(created.body.string)")
            let location = try #require(created.location)
            let id = String(location.split(separator: "/").last ?? "")
            #expect(try await officer.get(location).status == .ok)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(
                name: .contentType, value: "multipart/form-data; boundary=\(Self.boundary)")
            let text = try await officer.send(
                .POST, location + "/photos", headers: headers,
                body: Self.upload(
                    csrf: try #require(officer.csrf), file: Array("không phải ảnh".utf8),
                    name: "ghi-chu.png", type: "image/png"))
            #expect(text.status == .unprocessableEntity)
            #expect(try await Self.count(t, "exemplary_model_photos") == photos)
            _ = try await officer.get(location)
            let photo = try await officer.send(
                .POST, location + "/photos", headers: headers,
                body: Self.upload(
                    csrf: try #require(officer.csrf), file: Self.png, name: "nam.png",
                    type: "image/png"))
            #expect(photo.status == .seeOther, "\(photo.body.string)")
            #expect(try await Self.count(t, "exemplary_model_photos") == photos + 1)
            let photoID = try #require(
                try await t.sql.raw(
                    "SELECT id FROM exemplary_model_photos WHERE model_id = \(bind: id)"
                ).first(decodingColumn: "id", as: String.self))

            // Unpublished: not on the public page, its photo not served.
            let anonymous = t.client()
            let hidden = try await anonymous.get("/models")
            #expect(hidden.status == .ok && !hidden.body.string.contains("Trồng nấm rơm"))
            #expect(try await anonymous.get("/models/\(id)/photos/\(photoID)").status == .notFound)

            _ = try await officer.get(location)
            let published = try await officer.postForm(
                location + "/publication",
                [
                    "form": "publication", "published": "on", "consent_village": "on",
                    "consent_photos": "on",
                ])
            #expect(published.status == .seeOther)
            let page = try await anonymous.get("/models")
            let html = page.body.string
            #expect(page.status == .ok)
            // This model's card: the demo's own model may publish other fields.
            let start = try #require(html.range(of: "<h2>Trồng nấm rơm"))
            let card = String(html[start.lowerBound...].prefix { _ in true })
                .components(separatedBy: "</article>")[0]
            #expect(card.contains("Tổ dân phố 3"))
            #expect(!html.contains("Trần Thị Mận"))
            #expect(card.contains(PublicExemplaryModel.undisclosedOwner))
            #expect(!card.contains("96.000.000") && !card.contains("30.000.000"))
            #expect(!card.contains("Chương trình vay"), "loan amounts were not consented")
            #expect(card.contains("/models/\(id)/photos/\(photoID)"))
            let served = try await anonymous.get("/models/\(id)/photos/\(photoID)")
            #expect(served.status == .ok)
            #expect(served.headers.first(name: .contentType) == "image/png")
            #expect(served.headers.first(name: .cacheControl) == "public, max-age=86400")
            #expect(served.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(Array(served.body.readableBytesView) == Self.png)
            #expect(try await anonymous.get("/models/\(id)/photos/nothing").status == .notFound)

            // Photos withdrawn from consent: the photo is no longer served.
            _ = try await officer.get(location)
            _ = try await officer.postForm(
                location + "/publication",
                ["form": "publication", "published": "on", "consent_village": "on"])
            #expect(try await anonymous.get("/models/\(id)/photos/\(photoID)").status == .notFound)

            // The API: a union officer records one in the same commune; the commune's scope.
            let union = t.client()
            try await union.useToken("union")
            let body =
                #"{"ownerName":"Phạm Thị Lụa","unit":"11953","loans":["\#(loan)"],"#
                + #""title":"Dệt chiếu","incomeBeforePerYear":20000000,"jobsCreated":1}"#
            let api = try await StudentLoanAppTests.post(union, "/api/v1/models", body)
            #expect(api.status == .created, "\(api.body.string)")
            let apiID = try #require((api.jsonObject as? [String: Any])?["id"] as? String)
            let outside = try await Self.outsideModel(t)
            let commune = t.client()
            try await commune.useToken("commune")
            let list = try #require(
                try await commune.get("/api/v1/models").jsonObject as? [String: Any])
            let ids = (list["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(list["total"] as? Int == ids.count)
            #expect(Set(ids).isSuperset(of: [id, apiID]) && !ids.contains(outside))
            #expect(try await commune.get("/api/v1/models/\(apiID)").status == .ok)
            #expect(try await commune.get("/api/v1/models/\(outside)").status == .notFound)
            #expect(try await officer.get("/oversight/models/\(outside)").status == .notFound)
            let search = try await officer.get("/oversight/models?q=trong%20nam")
            #expect(
                search.body.string.contains("Trồng nấm rơm")
                    && !search.body.string.contains("Dệt chiếu"))
            let csv = try await officer.get("/oversight/models?format=csv")
            #expect(csv.status == .ok && csv.body.string.contains("Dệt chiếu"))
            let leader = t.client()
            try await leader.useToken("leader")
            #expect(
                try await StudentLoanAppTests.post(leader, "/api/v1/models", body).status
                    == .forbidden)
            #expect(try await Self.count(t, "exemplary_models") == models + 3)
        }
    }
}
