import Domain
import Testing

@Suite("Network: transaction calendar")
struct TransactionCalendarTests {
    static func day(_ iso: String) -> BusinessDate { try! BusinessDate(iso: iso) }

    @Test("Weekdays and months: 1970-01-01 was a Thursday; every date agrees with the day before")
    func weekdays() {
        #expect(Self.day("1970-01-01").weekday == 4)
        #expect(Self.day("2026-11-25").weekdayLabel == "Thứ Tư")
        #expect(Self.day("2026-11-29").weekdayLabel == "Chủ nhật")
        var date = Self.day("1999-12-25")
        for _ in 0..<3_000 {
            let next = date.adding(days: 1)
            #expect(next.weekday == date.weekday % 7 + 1)
            #expect(next.firstOfMonth == (next.day == 1 ? next : date.firstOfMonth))
            date = next
        }
        #expect(Self.day("2028-02-10").daysInMonth == 29 && Self.day("2027-02-10").daysInMonth == 28)
    }

    @Test("A sitting on day 31 falls on the month's last day; outside the schedule's dates there is none")
    func sitting() {
        let schedule = TransactionSchedule(id: "s", pointID: "p", dayOfMonth: 31, startsAt: "07:30", endsAt: "11:30",
                                           validFrom: Self.day("2026-01-15"), validTo: Self.day("2026-06-30"))
        #expect(schedule.sitting(in: Self.day("2026-01-01")) == Self.day("2026-01-31"))
        #expect(schedule.sitting(in: Self.day("2026-02-01")) == Self.day("2026-02-28"))
        #expect(schedule.sitting(in: Self.day("2026-04-01")) == Self.day("2026-04-30"))
        #expect(schedule.sitting(in: Self.day("2026-07-01")) == nil)
        var early = schedule
        early.dayOfMonth = 10
        #expect(early.sitting(in: Self.day("2026-01-01")) == nil) // the 10th is before the schedule starts
    }

    @Test("One sitting a month; a new schedule takes over from its date")
    func sittings() {
        let old = TransactionSchedule(id: "a", pointID: "p", dayOfMonth: 5, startsAt: "07:30", endsAt: "11:30",
                                      validFrom: Self.day("2026-01-01"), validTo: Self.day("2026-03-31"))
        let new = TransactionSchedule(id: "b", pointID: "p", dayOfMonth: 20, startsAt: "13:30", endsAt: "16:30",
                                      validFrom: Self.day("2026-04-01"), validTo: nil)
        let result = TransactionCalendar.sittings([old, new], from: Self.day("2026-01-17"), through: Self.day("2026-06-02"))
        #expect(result.map(\.slot) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"])
        #expect(result.map(\.date.day) == [5, 5, 5, 20, 20, 20])
        #expect(result.last?.hours == "13:30–16:30")
    }

    @Test("Schedules are checked: day 1–31, HH:MM, end after start")
    func validation() {
        func schedule(_ day: Int, _ start: String, _ end: String) -> TransactionSchedule {
            TransactionSchedule(id: "s", pointID: "p", dayOfMonth: day, startsAt: start, endsAt: end, validFrom: Self.day("2026-01-01"), validTo: nil)
        }
        #expect(throws: Never.self) { try schedule(15, "07:30", "11:00").validate() }
        for bad in [schedule(0, "07:30", "11:00"), schedule(32, "07:30", "11:00"), schedule(5, "7h30", "11:00"), schedule(5, "11:00", "07:30"),
                    schedule(5, "24:00", "25:00")] {
            #expect(throws: NetworkError.self) { try bad.validate() }
        }
    }

    @Test("Only a planned sitting changes; held on or after its day; a move needs a new, future day and a reason")
    func transitions() {
        let today = Self.day("2026-11-25")
        let planned = TransactionDay(id: "d", pointID: "p", slot: "2026-11", date: Self.day("2026-11-20"), hours: "", status: .planned)
        var future = planned
        future.date = Self.day("2026-12-05")
        #expect(TransactionCalendar.problem(changing: planned, to: .held, newDate: nil, reason: "", today: today) == nil)
        #expect(TransactionCalendar.problem(changing: future, to: .held, newDate: nil, reason: "", today: today) == .dayInFuture("05/12/2026"))
        #expect(TransactionCalendar.problem(changing: future, to: .rescheduled, newDate: Self.day("2026-12-07"), reason: "Trùng lịch họp", today: today) == nil)
        #expect(TransactionCalendar.problem(changing: future, to: .rescheduled, newDate: Self.day("2026-12-07"), reason: " ", today: today) != nil)
        #expect(TransactionCalendar.problem(changing: future, to: .rescheduled, newDate: Self.day("2026-11-01"), reason: "x", today: today) != nil)
        #expect(TransactionCalendar.problem(changing: future, to: .rescheduled, newDate: nil, reason: "x", today: today) != nil)
        #expect(TransactionCalendar.problem(changing: future, to: .cancelled, newDate: nil, reason: "", today: today) != nil)
        for status in [TransactionDayStatus.held, .rescheduled, .cancelled] {
            var done = planned
            done.status = status
            for target in TransactionDayStatus.allCases {
                #expect(TransactionCalendar.problem(changing: done, to: target, newDate: today, reason: "x", today: today) == .dayNotPlanned(status.label))
            }
        }
    }
}
