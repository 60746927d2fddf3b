import Domain
import Testing

@Suite("Unit codes and types")
struct UnitTypeTests {
    @Test("Reads the official labels", arguments: [
        ("xã", UnitType.commune), ("Phường", .ward), ("đặc khu", .specialZone), ("Thị trấn", .township), ("tỉnh", .province),
        ("thành phố trung ương", .centralCity), ("special_zone", .specialZone), ("ward", .ward),
    ])
    func labels(text: String, expected: UnitType) throws {
        #expect(try UnitType(label: text) == expected)
    }

    @Test("Refuses unknown labels", arguments: ["", "thôn", "village"])
    func unknown(text: String) {
        #expect(throws: PlacesError.invalidUnitType(text)) { try UnitType(label: text) }
    }

    @Test("Every type maps to one level and back through its label")
    func levels() throws {
        for type in UnitType.allCases {
            #expect(try UnitType(label: type.rawValue) == type)
            #expect(UnitLevel.allCases.contains(type.level))
        }
        #expect(UnitType.fromName("Huyện Kim Động", level: .district) == .ruralDistrict)
        #expect(UnitType.fromName("Thành phố Hưng Yên", level: .district) == .provincialCity)
        #expect(UnitType.fromName("Thị trấn Như Quỳnh", level: .commune) == .township)
    }

    @Test("Unit codes", arguments: ["11953", "00004", "033", "99999"])
    func codes(text: String) throws {
        #expect(try UnitCode(text: text).value == Int(text))
    }

    @Test("Refuses bad unit codes", arguments: ["", "0", "100000", "12a", "-5", "123456"])
    func badCodes(text: String) {
        #expect(throws: PlacesError.self) { try UnitCode(text: text) }
    }
}
