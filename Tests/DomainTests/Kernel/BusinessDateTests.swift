import Domain
import Testing

@Suite("Business date")
struct BusinessDateTests {
    @Test("Every day from 1900 to 2200 converts to a day number and back, one apart")
    func dayNumbersRoundTrip() throws {
        var previous: Int?
        for year in 1900...2200 {
            for month in 1...12 {
                for day in 1...BusinessDate.daysIn(month: month, year: year) {
                    let date = try BusinessDate(year: year, month: month, day: day)
                    let number = date.dayNumber
                    #expect(BusinessDate(dayNumber: number) == date)
                    if let previous { #expect(number == previous + 1) }
                    previous = number
                }
            }
        }
    }

    @Test("Known day numbers")
    func known() throws {
        #expect(try BusinessDate(iso: "1970-01-01").dayNumber == 0)
        #expect(try BusinessDate(iso: "2025-07-01").adding(days: -1).iso == "2025-06-30")
        #expect(try BusinessDate(iso: "2024-02-28").adding(days: 1).iso == "2024-02-29")
        #expect(try BusinessDate(iso: "2100-02-28").adding(days: 1).iso == "2100-03-01")
        #expect(try BusinessDate(iso: "2026-01-01").days(until: BusinessDate(iso: "2026-12-31")) == 364)
    }

    @Test("Parses ISO and Vietnamese forms", arguments: [("2025-07-01", "01/07/2025"), ("2000-02-29", "29/02/2000")])
    func parses(iso: String, vietnamese: String) throws {
        let date = try BusinessDate(iso: iso)
        #expect(date.vietnamese == vietnamese)
        #expect(try BusinessDate(vietnamese: vietnamese) == date)
        #expect(try BusinessDate(vietnamese: iso) == date)
    }

    @Test("Refuses impossible dates", arguments: ["2025-02-29", "2025-13-01", "2025-00-10", "2025-1-1", "31/04/2025", "abc", "", "1899-12-31"])
    func refuses(text: String) {
        #expect(throws: DateError.self) { try BusinessDate(vietnamese: text) }
    }
}
