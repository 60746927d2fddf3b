import Domain
import Foundation
import Testing

@Suite("Poverty standards")
struct PovertyStandardTests {
    static func date(_ iso: String) -> BusinessDate { try! BusinessDate(iso: iso) }

    @Test("The national standard in force on a date", arguments: [
        ("2021-12-31", nil), ("2022-01-01", "vn-2022-2026"), ("2025-12-31", "vn-2022-2026"),
        ("2026-12-31", "vn-2022-2026"), ("2027-01-01", "vn-2027-2030"), ("2030-12-31", "vn-2027-2030"),
        ("2031-01-01", nil),
    ] as [(String, String?)])
    func nationalInForce(on iso: String, expected: String?) {
        let found = PovertyStandard.nationalInForce(on: Self.date(iso), among: PovertyStandardCatalogue.all)
        #expect(found?.code == expected)
        // The answer does not depend on the order the standards come in.
        let reversed = PovertyStandard.nationalInForce(on: Self.date(iso), among: PovertyStandardCatalogue.all.reversed())
        #expect(reversed == found)
    }

    @Test("In force from the first day through the last, both included")
    func inForceEnds() {
        let standard = PovertyStandardCatalogue.decree07_2021
        #expect(!standard.isInForce(on: Self.date("2021-12-31")))
        #expect(standard.isInForce(on: Self.date("2022-01-01")))
        #expect(standard.isInForce(on: Self.date("2026-12-31")))
        #expect(!standard.isInForce(on: Self.date("2027-01-01")))
        var open = standard
        open.validTo = nil
        #expect(open.isInForce(on: Self.date("2200-12-31")))
    }

    @Test("Local standards sit beside the national one; overlapping periods go to the later start")
    func localAndOverlap() {
        var local = PovertyStandardCatalogue.decree351_2025
        local.code = "hy-2027-2030"
        local.provinceCode = 33
        local.povertyLines = [.rural: Money(dong: 2_500_000), .urban: Money(dong: 3_200_000)]
        var amended = PovertyStandardCatalogue.decree07_2021
        amended.code = "vn-2024-2026"
        amended.validFrom = Self.date("2024-07-01")
        let all = PovertyStandardCatalogue.all + [local, amended]

        let day2027 = Self.date("2027-06-01")
        #expect(PovertyStandard.localInForce(on: day2027, among: all, provinceCode: 33) == local)
        #expect(PovertyStandard.localInForce(on: day2027, among: all, provinceCode: 1) == nil)
        #expect(PovertyStandard.localInForce(on: Self.date("2026-06-01"), among: all, provinceCode: 33) == nil)
        #expect(PovertyStandard.nationalInForce(on: day2027, among: all)?.code == "vn-2027-2030")
        #expect(PovertyStandard.nationalInForce(on: Self.date("2024-06-30"), among: all)?.code == "vn-2022-2026")
        #expect(PovertyStandard.nationalInForce(on: Self.date("2024-07-01"), among: all)?.code == "vn-2024-2026")
        #expect(PovertyStandard.nationalInForce(on: day2027, among: []) == nil)
    }

    @Test("Decree 07/2021 as seeded")
    func decree07() {
        let standard = PovertyStandardCatalogue.decree07_2021
        #expect(standard.code == "vn-2022-2026")
        #expect(standard.validFrom == Self.date("2022-01-01") && standard.validTo == Self.date("2026-12-31"))
        #expect(standard.provinceCode == nil && standard.poorMinDeprivations == 3)
        #expect(standard.povertyLines == [.rural: Money(dong: 1_500_000), .urban: Money(dong: 2_000_000)])
        #expect(standard.averageUpperBounds == [.rural: Money(dong: 2_250_000), .urban: Money(dong: 3_000_000)])
        #expect(standard.legalSource.contains("07/2021/NĐ-CP") && standard.legalSource.contains("351/2025/NĐ-CP"))
        #expect(standard.indicators.map(\.code) == [
            "employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
            "housing_quality", "floor_area", "water", "latrine", "telecom", "information_devices",
        ])
        #expect(Set(standard.indicators.map(\.dimension)).count == 6)
    }

    @Test("Decree 351/2025 as seeded: new lines, no confirmed band, information devices replaced")
    func decree351() {
        let standard = PovertyStandardCatalogue.decree351_2025
        let old = PovertyStandardCatalogue.decree07_2021
        #expect(standard.code == "vn-2027-2030")
        #expect(standard.validFrom == Self.date("2027-01-01") && standard.validTo == Self.date("2030-12-31"))
        #expect(standard.provinceCode == nil && standard.poorMinDeprivations == 3)
        #expect(standard.povertyLines == [.rural: Money(dong: 2_200_000), .urban: Money(dong: 2_800_000)])
        #expect(standard.averageUpperBounds == nil)
        #expect(standard.legalSource == "Nghị định 351/2025/NĐ-CP ngày 30/12/2025")
        let codes = Set(standard.indicators.map(\.code))
        #expect(codes == Set(old.indicators.map(\.code)).subtracting(["information_devices"])
            .union(["digital_services", "household_waste"]))
        #expect(Set(standard.indicators.map(\.dimension)).count == 6)
    }

    @Test("Catalogue: codes unique, indicators unique and named, lines below the band, periods in order")
    func catalogueIsConsistent() {
        let all = PovertyStandardCatalogue.all
        #expect(Set(all.map(\.code)).count == all.count)
        for standard in all {
            let codes = standard.indicators.map(\.code)
            #expect(Set(codes).count == codes.count, "\(standard.code)")
            #expect(Set(standard.indicators.map(\.name)).count == codes.count, "\(standard.code)")
            #expect(codes.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0 == "_") } })
            #expect(standard.indicators.allSatisfy { !$0.name.isEmpty && !$0.dimension.isEmpty })
            #expect(Set(standard.povertyLines.keys) == Set(Area.allCases))
            for (area, upper) in standard.averageUpperBounds ?? [:] { #expect(standard.povertyLines[area]! < upper) }
            #expect(standard.validTo.map { standard.validFrom <= $0 } ?? true)
        }
        // Consecutive national periods: no gap, no overlap.
        let ordered = all.sorted { $0.validFrom < $1.validFrom }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            #expect(earlier.validTo?.adding(days: 1) == later.validFrom)
        }
    }

    @Test("A standard round-trips through JSON, income lines keyed by area")
    func codable() throws {
        for standard in PovertyStandardCatalogue.all {
            let data = try JSONEncoder().encode(standard)
            #expect(try JSONDecoder().decode(PovertyStandard.self, from: data) == standard)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let lines = try #require(object["povertyLines"] as? [String: Any])
            #expect(Set(lines.keys) == ["rural", "urban"])
            #expect(object["validFrom"] as? String == standard.validFrom.iso)
        }
    }
}
