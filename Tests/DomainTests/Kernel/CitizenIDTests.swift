import Domain
import Testing

@Suite("Citizen ID")
struct CitizenIDTests {
    /// Hưng Yên 033 and Thái Bình 034 stay valid birthplaces after the merger.
    let birthplaces: Set<Int> = [1, 33, 34, 96]

    @Test("Reads the structure: birthplace, sex, year")
    func structure() throws {
        let id = try CitizenID("034185001234", birthplaces: birthplaces)
        #expect(id.birthplaceCode == 34)
        #expect(id.isFemale)
        #expect(id.birthYear == 1985)
        let young = try CitizenID("033 2 05 123456", birthplaces: birthplaces)
        #expect(young.digits == "033205123456")
        #expect(!young.isFemale)
        #expect(young.birthYear == 2005)
    }

    @Test("Refuses malformed numbers", arguments: ["", "03318500123", "0331850012345", "03318500123a", "abcdefghijkl"])
    func malformed(text: String) {
        #expect(throws: CitizenIDError.notTwelveDigits) { try CitizenID(text, birthplaces: birthplaces) }
    }

    @Test("Masked for roles that do not need the number")
    func masking() throws {
        let id = try CitizenID("034185001234", birthplaces: birthplaces)
        #expect(id.masked == "034******234")
        for role in Role.allCases {
            #expect(id.shown(to: role) == ([.admin, .commune, .bank].contains(role) ? "034185001234" : "034******234"))
        }
    }

    @Test("Refuses a birthplace that is not on the list")
    func unknownBirthplace() {
        #expect(throws: CitizenIDError.unknownBirthplace(99)) { try CitizenID("099185001234", birthplaces: birthplaces) }
        #expect(throws: CitizenIDError.unknownBirthplace(0)) { try CitizenID("000185001234", birthplaces: birthplaces) }
    }
}
