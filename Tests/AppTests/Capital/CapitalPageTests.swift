import Domain
import Foundation
import SQLKit
import Store
import Testing
import Vapor
import VaporTesting

/// The capital page as the Department of Finance uses it: the share, the chart, the path and
/// the tables; a form with a bad amount gives a Vietnamese error and saves nothing; a good one
/// records the allocation once even when sent twice; exports carry the movements.
@Suite("Capital: the page and its forms")
struct CapitalPageTests {
    @Test("Read, refuse, record once, export")
    func page() async throws {
        try await withTestApp(.sqlite) { t in
            let finance = t.client()
            try await finance.login("finance")
            let page = try await finance.get("/capital")
            #expect(page.status == .ok)
            let html = page.body.string
            for text in [
                "Tỷ trọng vốn địa phương", "<svg", "capital-projection", "capital-financed",
                "capital-allocation-form", "Ngân sách tỉnh ủy thác",
            ] {
                #expect(html.contains(text), "\(text)")
            }
            // The Department of Finance is offered only the local budget's sources.
            #expect(!html.contains("<option value=\"central\">"))
            let rows = try await CapitalAppTests.count(t, "capital_movements")
            let form = [
                "source": "province", "level": "province", "unit": "33",
                "program": "poor_household", "amount": "12,5 tỷ", "date": "2026-11-20",
                "decisionNumber": "NQ 70/NQ-HĐND", "key": "form-1",
            ]
            let bad = try await finance.postForm("/capital/allocations", form)
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("Số tiền"))
            var good = form
            good["amount"] = "12.500.000.000"
            let ok = try await finance.postForm("/capital/allocations", good)
            #expect(ok.status == .seeOther)
            #expect(try await finance.postForm("/capital/allocations", good).status == .seeOther)
            #expect(try await CapitalAppTests.count(t, "capital_movements") == rows + 1)
            var noDecision = good
            noDecision["decisionNumber"] = ""
            noDecision["key"] = "form-2"
            let refused = try await finance.postForm("/capital/allocations", noDecision)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("số quyết định"))
            #expect(try await CapitalAppTests.count(t, "capital_movements") == rows + 1)
            let csv = try await finance.get("/capital?format=csv")
            #expect(csv.status == .ok)
            #expect(csv.body.string.contains("NQ 70/NQ-HĐND"))
            let union = t.client()
            try await union.login("union")
            #expect(try await union.postForm("/capital/allocations", good).status == .forbidden)
            #expect(try await union.get("/capital").status == .ok)
        }
    }
}
