import Domain
import Testing

@Suite("Reference data")
struct ReferenceDataTests {
    func value(_ from: String, _ v: String) throws -> ReferenceValue {
        ReferenceValue(id: ReferenceValue.ID(from), tableKey: "anchor_rate", effectiveFrom: try BusinessDate(iso: from), value: v,
                       legalSource: "QĐ", note: "")
    }

    @Test("The value in force is the latest not after the date")
    func inForce() throws {
        let values = [try value("2015-06-05", "5500000"), try value("2025-12-01", "5200000")]
        #expect(values.inForce(on: try BusinessDate(iso: "2015-06-04")) == nil)
        #expect(values.inForce(on: try BusinessDate(iso: "2015-06-05"))?.value == "5500000")
        #expect(values.inForce(on: try BusinessDate(iso: "2025-11-30"))?.value == "5500000")
        #expect(values.inForce(on: try BusinessDate(iso: "2025-12-01"))?.value == "5200000")
        #expect(values.reversed().inForce(on: try BusinessDate(iso: "2030-01-01"))?.value == "5200000")
    }

    @Test("Values are checked and normalised by kind", arguments: [
        (ReferenceValueKind.money, "1.500.000", "1500000"), (.money, "100000000 đ", "100000000"), (.rate, "0,52", "5200000"),
        (.integer, "60", "60"), (.text, "  Tổ  ", "Tổ"),
    ])
    func normalise(kind: ReferenceValueKind, input: String, stored: String) throws {
        #expect(try kind.normalise(input) == stored)
    }

    @Test("Bad values are refused", arguments: [(ReferenceValueKind.money, "-5"), (.money, "abc"), (.rate, "x"), (.integer, "1.5"), (.text, "  ")])
    func refuse(kind: ReferenceValueKind, input: String) {
        #expect(throws: PlatformError.invalidReferenceValue(input)) { try kind.normalise(input) }
    }

    @Test("Display as people read it")
    func display() {
        #expect(ReferenceValueKind.rate.display("5200000") == "0,52 %/tháng")
        #expect(ReferenceValueKind.money.display("100000000") == "100.000.000 đ")
    }
}
