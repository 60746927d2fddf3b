import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// Directive tasks through HTTP on both databases: the seed letter's seven items are there;
/// the Department of Finance reports on its own task and it shows on its page and the
/// overview; a report for another agency is refused with nothing saved; bad input is refused;
/// a search without diacritics finds a task; the export holds the rows.
@Suite("Oversight: directive tasks through HTTP")
struct DirectiveTests {
    static func json(_ r: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [String: Any]
            ?? [:]
    }

    static func items(_ r: TestingHTTPResponse) throws -> [[String: Any]] {
        try json(r)["items"] as? [[String: Any]] ?? []
    }

    @Test("Seeded items, reports by the right agency, refusals", arguments: TestDriver.available)
    func api(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let count = {
                try await t.sql.raw("SELECT COUNT(*) AS n FROM directive_reports")
                    .first(decodingColumn: "n", as: Int.self) ?? -1
            }
            let finance = t.client()
            try await finance.useToken("finance")
            let list = try await finance.get("/api/v1/directive-tasks")
            #expect(list.status == .ok)
            let seeded = try Self.items(list)
            #expect(try Self.json(list)["total"] as? Int == 7)
            #expect(
                Set(seeded.compactMap { $0["agency"] as? String })
                    == Set(
                        [
                            "agencies", "finance", "construction", "vbsp", "communes", "front",
                            "vbsp-board",
                        ]))
            let mine = try #require(seeded.first { $0["agency"] as? String == "finance" })
            let id = try #require(mine["id"] as? String)
            #expect(mine["recurrence"] as? String == "yearly")
            let standing = mine["standing"] as? [String: Any] ?? [:]
            // Nothing reported for 2025 (due 15/12/2025): overdue on 25/11/2026.
            #expect(standing["status"] as? String == "overdue")
            let before = try await count()
            let ok = try await StudentLoanAppTests.post(
                finance, "/api/v1/directive-tasks/\(id)/reports",
                #"{"period":"2026","status":"on_track","text":"Đã trình HĐND tỉnh bổ sung 20 tỷ đồng vốn ủy thác","reportedOn":"2026-11-20"}"#
            )
            #expect(ok.status == .created, "\(ok.body.string)")
            #expect(try Self.json(ok)["period"] as? String == "2026")
            #expect(try await count() == before + 1)
            let agency = try Self.json(try await finance.get("/api/v1/directive-agencies/finance"))
            let tasks = agency["tasks"] as? [[String: Any]] ?? []
            #expect(
                (tasks.first?["standing"] as? [String: Any])?["status"] as? String == "reported")
            #expect((agency["reports"] as? [[String: Any]])?.count == 1)
            let reported = try Self.items(
                try await finance.get("/api/v1/directive-tasks?status=reported"))
            #expect(reported.map { $0["id"] as? String } == [id])

            // Finance does not speak for the Department of Construction: 422, nothing saved.
            let construction = try #require(
                seeded.first { $0["agency"] as? String == "construction" })
            let other = try await StudentLoanAppTests.post(
                finance, "/api/v1/directive-tasks/\(construction["id"] as? String ?? "")/reports",
                #"{"period":"2026","status":"on_track","text":"Thay Sở Xây dựng"}"#)
            #expect(other.status == .unprocessableEntity)
            #expect(StudentLoanAppTests.code(other) == "invalid_oversight_input")
            #expect(try await count() == before + 1)

            // Bad input: a period of another kind, a malformed period, a future day, bad JSON.
            for (body, status) in [
                (
                    #"{"period":"2026-Q4","status":"done","text":"x"}"#,
                    HTTPStatus.unprocessableEntity
                ),
                (#"{"period":"2026-Q9","status":"done","text":"x"}"#, .badRequest),
                (#"{"period":"2026","status":"finished","text":"x"}"#, .badRequest),
                (
                    #"{"period":"2026","status":"done","text":"x","reportedOn":"2026-12-01"}"#,
                    .unprocessableEntity
                ),
                (#"{"period":"2026","status":"done","text":"   "}"#, .unprocessableEntity),
                (#"{"period":2026}"#, .badRequest),
            ] {
                let r = try await StudentLoanAppTests.post(
                    finance, "/api/v1/directive-tasks/\(id)/reports", body)
                #expect(r.status == status, "\(body): \(r.body.string)")
            }
            let missing = try await StudentLoanAppTests.post(
                finance, "/api/v1/directive-tasks/no-such-task/reports",
                #"{"period":"2026","status":"done","text":"x"}"#)
            #expect(missing.status == .notFound)
            #expect(try await finance.get("/api/v1/directive-agencies/nowhere").status == .notFound)
            #expect(
                try await finance.get("/api/v1/directive-tasks?status=late").status == .badRequest)
            #expect(try await count() == before + 1)

            // Finance may not assign; the province may, from another document.
            let task =
                #"{"agency":"construction","item":1,"text":"Báo cáo nhu cầu nhà ở xã hội quý IV","#
                + #""recurrence":"once","dueOn":"2026-12-31","#
                + #""document":{"number":"123/UBND-KT","issued":"2026-11-02","issuer":"UBND tỉnh Hưng Yên","title":"V/v nhà ở xã hội"}}"#
            #expect(
                try await StudentLoanAppTests.post(finance, "/api/v1/directive-tasks", task).status
                    == .forbidden)
            let province = t.client()
            try await province.useToken("province")
            let added = try await StudentLoanAppTests.post(
                province, "/api/v1/directive-tasks", task)
            #expect(added.status == .created, "\(added.body.string)")
            #expect(
                ((try Self.json(added))["standing"] as? [String: Any])?["status"] as? String
                    == "owed")
            let noDue = task.replacingOccurrences(of: #""dueOn":"2026-12-31","#, with: "")
            #expect(
                try await StudentLoanAppTests.post(province, "/api/v1/directive-tasks", noDue)
                    .status
                    == .unprocessableEntity)

            // The construction officer reports on the new task, a task done once.
            let builder = t.client()
            try await builder.useToken("construction")
            let addedID = try Self.json(added)["id"] as? String ?? ""
            #expect(
                try await StudentLoanAppTests.post(
                    builder, "/api/v1/directive-tasks/\(addedID)/reports",
                    #"{"period":"2026-12-31","status":"on_track","text":"Đã tổng hợp 3 xã"}"#
                ).status == .created)

            // Search without diacritics.
            let found = try Self.items(
                try await finance.get("/api/v1/directive-tasks?q=diem%20giao%20dich%20xa"))
            #expect(Set(found.compactMap { $0["agency"] as? String }) == ["vbsp", "vbsp-board"])
            let leader = t.client()
            try await leader.useToken("leader")
            #expect(try await leader.get("/api/v1/directive-tasks").status == .ok)
            #expect(
                try await StudentLoanAppTests.post(
                    leader, "/api/v1/directive-tasks/\(id)/reports",
                    #"{"period":"2026","status":"done","text":"x"}"#
                ).status == .forbidden)
        }
    }

    @Test("The pages: report by form, overview, search and export", arguments: TestDriver.available)
    func pages(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let finance = t.client()
            _ = try await finance.login("finance")
            let page = try await finance.get("/directives/agencies/finance")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("directive-report-form") && html.contains("15%"))
            let taskID = "33-ct40-2"
            let saved = try await finance.postForm(
                "/directives/agencies/finance/reports",
                [
                    "task": taskID, "period": "2026", "status": "on_track",
                    "text": "Đã tham mưu trình HĐND tỉnh", "reportedOn": "2026-11-24",
                ])
            #expect(saved.status == .seeOther)
            let after = String(buffer: try await finance.get("/directives/agencies/finance").body)
            #expect(after.contains("Đã tham mưu trình HĐND tỉnh"))
            // Another agency's page has no form for Finance, and a post there is refused.
            let other = try await finance.get("/directives/agencies/construction")
            #expect(!String(buffer: other.body).contains("directive-report-form"))
            let refused = try await finance.postForm(
                "/directives/agencies/construction/reports",
                ["task": "33-ct40-3", "period": "2026", "status": "on_track", "text": "Thay"])
            #expect(refused.status == .unprocessableEntity)
            let reports = try await t.sql.raw("SELECT COUNT(*) AS n FROM directive_reports")
                .first(decodingColumn: "n", as: Int.self)
            #expect(reports == 1)

            let province = t.client()
            _ = try await province.login("province")
            let overview = try await province.get("/directives")
            #expect(overview.status == .ok)
            let text = String(buffer: overview.body)
            #expect(
                text.contains("directive-overview") && text.contains("/directives/agencies/finance")
            )
            #expect(text.contains("Đã báo cáo kỳ Năm 2026"))
            #expect(text.contains("directive-task-form"))
            let search = String(
                buffer: try await province.get("/directives?q=diem%20giao%20dich").body)
            #expect(
                search.contains("Điểm giao dịch xã") && !search.contains("Nghị định 100/2024/NĐ-CP")
            )
            let housing = String(
                buffer: try await province.get("/directives?q=nha%20o%20xa%20hoi").body)
            #expect(
                housing.contains("Nghị định 100/2024/NĐ-CP") && !housing.contains("tín dụng đen"))
            let csv = try await province.get("/directives?format=csv")
            #expect(csv.status == .ok)
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            #expect(lines.count == 8, "\(lines.count)")
            #expect(String(buffer: csv.body).contains("Ban đại diện Hội đồng quản trị NHCSXH tỉnh"))
            let xlsx = try await province.get("/directives?format=xlsx")
            #expect(xlsx.status == .ok)

            let assigned = try await province.postForm(
                "/directives/tasks",
                [
                    "agency": "vbsp", "item": "2", "text": "Báo cáo kết quả cho vay nhà ở xã hội",
                    "recurrence": "quarterly", "number": "45/UBND-KT", "issued": "2026-10-01",
                    "issuer": "UBND tỉnh Hưng Yên", "title": "V/v cho vay nhà ở xã hội",
                ])
            #expect(assigned.status == .seeOther)
            let bad = try await province.postForm(
                "/directives/tasks",
                [
                    "agency": "vbsp", "item": "2", "text": "Thiếu hạn", "recurrence": "once",
                    "number": "46/UBND-KT", "issued": "2026-10-01", "issuer": "UBND tỉnh",
                    "title": "V/v",
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(String(buffer: bad.body).contains(#"value="46/UBND-KT""#))
        }
    }
}
