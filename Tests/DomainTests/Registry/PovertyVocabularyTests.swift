import Domain
import Testing

@Suite("Poverty vocabulary: areas, classifications, errors")
struct PovertyVocabularyTests {
    @Test("Reads areas as spreadsheets write them", arguments: [
        ("Nông thôn", Area.rural), ("nông thôn", .rural), ("NÔNG THÔN", .rural), ("nong thon", .rural),
        ("  Nong   Thon ", .rural), ("rural", .rural), ("RURAL", .rural),
        ("Thành thị", .urban), ("thành thị", .urban), ("THÀNH THỊ", .urban), ("thanh thi", .urban), ("Urban", .urban),
    ])
    func readsArea(text: String, expected: Area) throws {
        #expect(try Area(label: text) == expected)
    }

    @Test("Refuses what is not an area", arguments: ["", "nông", "thanh", "city", "nong-thon", "thành thị xã", "u"])
    func refusesArea(text: String) {
        #expect(throws: RegistryError.invalidArea(text)) { try Area(label: text) }
    }

    @Test("Labels read back as their area; raw values are the API's")
    func areaLabels() throws {
        #expect(Area.rural.label == "Nông thôn" && Area.urban.label == "Thành thị")
        for area in Area.allCases { #expect(try Area(label: area.label) == area) }
        for area in Area.allCases { #expect(try Area(label: area.rawValue) == area) }
    }

    @Test("Classification labels and API values")
    func classifications() {
        #expect(Classification.allCases.map(\.rawValue) == ["poor", "near_poor", "average", "none"])
        #expect(Classification.allCases.map(\.label) == [
            "Hộ nghèo", "Hộ cận nghèo", "Hộ có mức sống trung bình", "Không thuộc diện",
        ])
    }

    @Test("Errors: stable snake_case codes, Vietnamese messages, 400 for bad input")
    func errors() throws {
        let date = try BusinessDate(iso: "2021-12-31")
        let cases: [(RegistryError, String)] = [
            (.invalidArea("x"), "invalid_area"), (.negativeIncome, "negative_income"),
            (.unknownIndicator("x", standard: "vn-2027-2030"), "unknown_indicator"),
            (.noStandardInForce(date), "no_standard_in_force"),
        ]
        for (error, code) in cases {
            #expect(error.code == code)
            #expect(error.kind == .malformed)
            #expect(!error.message.isEmpty)
        }
        #expect(RegistryError.noStandardInForce(date).message.contains("31/12/2021"))
        #expect(RegistryError.unknownIndicator("wifi", standard: "vn-2027-2030").message.contains("«wifi»"))
        let missing = RegistryError.povertyLineMissing(standard: "vn-2022-2026", area: .urban)
        #expect(missing.code == "poverty_line_missing" && missing.message.contains("thành thị"))
    }
}
