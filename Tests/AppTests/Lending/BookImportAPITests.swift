import Domain
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Store

/// `POST /api/v1/loans/import` as a multipart form: the book with the branch's control totals and
/// the members' savings, reconciled as on the page (issue 14 §1).
@Suite("Book import API: book, control totals and savings in one request")
struct BookImportAPITests {
    /// A multipart body of named CSV parts.
    static func form(_ parts: [(name: String, text: String)], boundary: String) -> ByteBuffer {
        var body = ""
        for part in parts {
            body +=
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"; "
                + "filename=\"\(part.name).csv\"\r\nContent-Type: text/csv\r\n\r\n\(part.text)\r\n"
        }
        return ByteBuffer(string: body + "--\(boundary)--\r\n")
    }

    @Test(
        "Totals that differ are refused with each difference, accepted when told; savings come in",
        arguments: TestDriver.available)
    func multipart(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let p = try await BookImportTests.place(t)
            let savings = try await BookImportTests.savingsFile(t, p)
            let book = BookImportTests.book(p)
            let boundary = "----book-import"
            var headers = HTTPHeaders()
            headers.replaceOrAdd(
                name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let bank = t.client()
            try await bank.useToken("admin")
            // The control says 1 m more outstanding for the poor-household loans than the file.
            let wrong = try await BookImportTests.totals(
                t, p, poorOutstanding: 36_000_000, savings: (2, 2_200_000))
            let parts = [("file", book), ("totals", wrong), ("savings", savings)]
            let refused = try await bank.send(
                .POST, "/api/v1/loans/import", headers: headers,
                body: Self.form(parts, boundary: boundary))
            #expect(refused.status == .unprocessableEntity, "\(refused.body.string)")
            let error = try JSONValue.parse(Data(buffer: refused.body))["error"]
            #expect(error?["code"]?.string == "book_differs")
            #expect(
                error?["details"]?.array?.contains {
                    $0["field"]?.string == "\(p.unitID)/poor_household"
                } == true, "\(refused.body.string)")
            #expect(try await BookImportTests.count(t, "loan_imports") == 0)
            #expect(try await BookImportTests.count(t, "book_imports") == 0)
            let accepted = try await bank.send(
                .POST, "/api/v1/loans/import?acceptDifferences=true", headers: headers,
                body: Self.form(parts, boundary: boundary))
            #expect(accepted.status == .ok, "\(accepted.body.string)")
            let json = try JSONValue.parse(Data(buffer: accepted.body))
            #expect(json["loansAdded"] == .int(3) && json["savingsAdded"] == .int(2))
            #expect(json["differencesAccepted"]?.int.map { $0 >= 1 } == true)
            #expect(try await LoanBookCheck.verify(sql: t.sql, world: t.world).isEmpty)
            // The migration account keeps the difference recorded: the control's extra 1 m.
            #expect(try await BookImportTests.migration(t, unit: p.unitID) == 1_000_000)
        }
    }

    @Test(
        "A multipart body without the book, or one that does not parse, is a 4xx; nothing written",
        arguments: TestDriver.available)
    func badForms(_ driver: TestDriver) async throws {
        try await withTestApp(driver) { t in
            let p = try await BookImportTests.place(t)
            let bank = t.client()
            try await bank.useToken("admin")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(
                name: .contentType, value: "multipart/form-data; boundary=----x")
            let noBook = try await bank.send(
                .POST, "/api/v1/loans/import", headers: headers,
                body: Self.form(
                    [("totals", try await BookImportTests.totals(t, p))], boundary: "----x"))
            #expect([400, 422].contains(noBook.status.code), "\(noBook.body.string)")
            #expect(
                try JSONValue.parse(Data(buffer: noBook.body))["error"]?["code"]?.string != nil)
            let broken = try await bank.send(
                .POST, "/api/v1/loans/import", headers: headers,
                body: ByteBuffer(string: "------x\r\nContent-Disposition: form-data\r\n\r\nabc"))
            #expect([400, 422].contains(broken.status.code), "\(broken.body.string)")
            #expect(
                try JSONValue.parse(Data(buffer: broken.body))["error"]?["code"]?.string != nil)
            #expect(try await BookImportTests.count(t, "loan_imports") == 0)
        }
    }
}
