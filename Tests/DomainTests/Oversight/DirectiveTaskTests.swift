import Testing

@testable import Domain

/// Nhiệm vụ theo chỉ thị: the reporting periods and the standing of a task, over every day of a
/// common and a leap year, for each kind of recurrence and several reporting rules, against the
/// rule restated here; and the checks that keep illegal tasks and reports out.
@Suite("Oversight: directive tasks, their periods and standing")
struct DirectiveTaskTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> BusinessDate {
        BusinessDate(fixedYear: y, month: m, day: d)
    }

    static func task(
        _ recurrence: TaskRecurrence, assigned: BusinessDate = DirectiveTaskTests.day(2020, 1, 1)
    ) throws -> DirectiveTask {
        try DirectiveTask(
            id: "t1", provinceCode: 33, documentID: "doc", agencyID: "finance", item: 2,
            text: "Tham mưu bổ sung vốn ngân sách tỉnh ủy thác", recurrence: recurrence,
            assignedOn: assigned)
    }

    static func report(
        _ task: DirectiveTask, _ period: ReportingPeriod, on date: BusinessDate, id: String = "r1"
    ) throws -> ProgressReport {
        try ProgressReport(
            id: ProgressReport.ID(id), task: task, period: period, reportedOn: date,
            status: .onTrack, text: "Đã trình HĐND tỉnh", reportedBy: "finance")
    }

    static let rules: [ReportingRules] = [
        .standard,
        try! ReportingRules(quarterlyGraceDays: 0, yearlyDueMonth: 12, yearlyDueDay: 31),
        try! ReportingRules(quarterlyGraceDays: 60, yearlyDueMonth: 1, yearlyDueDay: 31),
        try! ReportingRules(quarterlyGraceDays: 31, yearlyDueMonth: 6, yearlyDueDay: 30),
    ]

    static func days(of year: Int) -> [BusinessDate] {
        let first = Self.day(year, 1, 1)
        return (0..<first.days(until: Self.day(year, 12, 31)) + 1).map { first.adding(days: $0) }
    }

    static let recurrences: [TaskRecurrence] = [
        .quarterly, .yearly, .once(dueOn: DirectiveTaskTests.day(2026, 6, 30)),
        .once(dueOn: DirectiveTaskTests.day(2028, 2, 29)),
    ]

    @Test("The period of a date contains it; labels read back; next and previous are neighbours")
    func periods() throws {
        for year in [2026, 2028] {
            var quarterDays: [ReportingPeriod: Int] = [:]
            for d in Self.days(of: year) {
                for r in Self.recurrences {
                    let p = DirectiveTask.period(of: d, r)
                    #expect(try ReportingPeriod(label: p.label) == p)
                    #expect(p.fits(r))
                    if case .once(let due) = r {
                        #expect(p == .once(dueOn: due))
                        continue
                    }
                    #expect(p.start <= d && d <= p.end, "\(d) in \(p.label)")
                    #expect(p.next.previous == p && p.previous.next == p)
                    #expect(p.end.adding(days: 1) == p.next.start)
                }
                quarterDays[DirectiveTask.period(of: d, .quarterly), default: 0] += 1
            }
            // 90 or 91, 91, 92, 92 days: the quarters tile the year.
            let q1 = year == 2028 ? 91 : 90
            #expect(quarterDays[.quarter(year: year, quarter: 1)] == q1)
            #expect(quarterDays[.quarter(year: year, quarter: 2)] == 91)
            #expect(quarterDays[.quarter(year: year, quarter: 3)] == 92)
            #expect(quarterDays[.quarter(year: year, quarter: 4)] == 92)
        }
    }

    @Test(
        "Known deadlines and turning days",
        arguments: [
            // (recurrence, as of, current period, its deadline) under the standard rules.
            ("quarterly", "2026-01-10", "2025-Q4", "2026-01-10"),
            ("quarterly", "2026-01-11", "2026-Q1", "2026-04-10"),
            ("quarterly", "2026-11-25", "2026-Q4", "2027-01-10"),
            ("quarterly", "2026-10-10", "2026-Q3", "2026-10-10"),
            ("yearly", "2026-11-25", "2026", "2026-12-15"),
            ("yearly", "2026-12-15", "2026", "2026-12-15"),
            ("yearly", "2026-12-16", "2027", "2027-12-15"),
            ("yearly", "2026-01-01", "2026", "2026-12-15"),
        ])
    func known(_ kind: String, _ asOf: String, _ label: String, _ deadline: String) throws {
        let task = try Self.task(try TaskRecurrence(kind: kind, dueOn: nil))
        let date = try BusinessDate(iso: asOf)
        let (current, last) = task.periods(asOf: date)
        #expect(current?.label == label)
        #expect(current?.deadline(.standard).iso == deadline)
        #expect(task.nextDue(asOf: date)?.iso == deadline)
        #expect(last == current?.previous)
        #expect(
            task.standing(reports: [], asOf: date)
                == .overdue(last!, dueOn: last!.deadline(.standard)))
    }

    @Test("Every day, every recurrence, every rule: the standing follows the rule")
    func exhaustive() throws {
        for rules in Self.rules {
            for r in Self.recurrences {
                let task = try Self.task(r)
                var previousDue: BusinessDate?
                for d in Self.days(of: 2026) + Self.days(of: 2028) {
                    let (current, last) = task.periods(asOf: d, rules: rules)
                    let due = task.nextDue(asOf: d, rules: rules)
                    #expect(due == current?.deadline(rules))
                    if let current {
                        #expect(current.deadline(rules) >= d)
                        #expect(current.fits(r))
                    }
                    if let last { #expect(last.deadline(rules) < d) }
                    if case .once(let dueOn) = r {
                        #expect((current == nil) == (d > dueOn))
                        #expect(
                            task.standing(reports: [], asOf: d, rules: rules).kind
                                == (d > dueOn ? "overdue" : "owed"))
                    } else {
                        let current = try #require(current)
                        let last = try #require(last)
                        #expect(last.next == current)
                        // Nothing reported since 2020: the period whose deadline passed is overdue.
                        #expect(
                            task.standing(reports: [], asOf: d, rules: rules)
                                == .overdue(last, dueOn: last.deadline(rules)))
                        // The last period reported: the current one is owed.
                        let onLast = try Self.report(
                            task, last, on: max(last.start, d.adding(days: -1)))
                        if onLast.reportedOn <= d {
                            #expect(
                                task.standing(reports: [onLast], asOf: d, rules: rules)
                                    == .owed(current, dueOn: current.deadline(rules)))
                        }
                        // The current period reported (once it has begun): reported.
                        if current.start <= d {
                            let onCurrent = try Self.report(task, current, on: d, id: "r2")
                            #expect(
                                task.standing(reports: [onCurrent], asOf: d, rules: rules)
                                    == .reported(current, on: d))
                        }
                    }
                    // Deadlines never go back as the days go on.
                    if let previousDue, let due { #expect(previousDue <= due) }
                    if due != nil { previousDue = due }
                }
            }
        }
    }

    @Test("Random reports: reported exactly when the current period has one made by the day")
    func randomReports() throws {
        var rng = SplitMix(seed: 17)
        let days = Self.days(of: 2026) + Self.days(of: 2027)
        for r in [TaskRecurrence.quarterly, .yearly] {
            let task = try Self.task(r, assigned: Self.day(2025, 1, 1))
            for n in 0..<300 {
                var reports: [ProgressReport] = []
                for k in 0..<Int.random(in: 0...6, using: &rng) {
                    let on = days.randomElement(using: &rng)!
                    let p = DirectiveTask.period(of: on, r)
                    let period = Bool.random(using: &rng) ? p : p.previous
                    reports.append(try Self.report(task, period, on: on, id: "r\(n)-\(k)"))
                }
                let d = days.randomElement(using: &rng)!
                let (current, last) = task.periods(asOf: d)
                let made = reports.filter { $0.reportedOn <= d }
                let s = task.standing(reports: reports, asOf: d)
                if let on = made.filter({ $0.period == current }).map(\.reportedOn).max() {
                    #expect(s == .reported(current!, on: on))
                } else if let last, !made.contains(where: { $0.period == last }) {
                    #expect(s == .overdue(last, dueOn: last.deadline(.standard)))
                } else {
                    #expect(s == .owed(current!, dueOn: current!.deadline(.standard)))
                }
                // Reports of another task never count.
                let other = try DirectiveTask(
                    id: "t2", provinceCode: 33, documentID: "doc", agencyID: "finance", item: 3,
                    text: "Khác", recurrence: r, assignedOn: Self.day(2025, 1, 1))
                #expect(other.standing(reports: reports, asOf: d).kind != "reported")
            }
        }
    }

    @Test("A period that ended before the task was assigned is not owed")
    func assigned() throws {
        let yearly = try Self.task(.yearly, assigned: Self.day(2026, 11, 20))
        #expect(
            yearly.standing(reports: [], asOf: Self.day(2026, 11, 25))
                == .owed(.year(2026), dueOn: Self.day(2026, 12, 15)))
        let quarterly = try Self.task(.quarterly, assigned: Self.day(2026, 10, 5))
        #expect(
            quarterly.standing(reports: [], asOf: Self.day(2026, 11, 25))
                == .owed(.quarter(year: 2026, quarter: 4), dueOn: Self.day(2027, 1, 10)))
        // Assigned during a quarter's grace days: that quarter ended before, the next is owed.
        let late = try Self.task(.quarterly, assigned: Self.day(2026, 1, 3))
        #expect(
            late.periods(asOf: Self.day(2026, 1, 5)).current == .quarter(year: 2026, quarter: 1))
        #expect(late.periods(asOf: Self.day(2026, 1, 5)).last == nil)
        #expect(throws: OversightError.self) {
            try Self.report(quarterly, .quarter(year: 2026, quarter: 3), on: Self.day(2026, 11, 1))
        }
    }

    @Test("Illegal tasks, reports, periods and rules are refused")
    func refusals() throws {
        #expect(throws: OversightError.self) { try TaskRecurrence(kind: "once", dueOn: nil) }
        #expect(throws: OversightError.self) {
            try TaskRecurrence(kind: "yearly", dueOn: Self.day(2026, 1, 1))
        }
        #expect(throws: OversightError.self) { try TaskRecurrence(kind: "monthly", dueOn: nil) }
        #expect(throws: OversightError.self) {
            try Self.task(.once(dueOn: Self.day(2019, 12, 31)))
        }
        #expect(throws: OversightError.self) {
            try DirectiveTask(
                id: "x", provinceCode: 33, documentID: "d", agencyID: "a", item: 0, text: "x",
                recurrence: .yearly, assignedOn: Self.day(2026, 1, 1))
        }
        #expect(throws: OversightError.self) {
            try DirectiveTask(
                id: "x", provinceCode: 33, documentID: "d", agencyID: "a", item: 1, text: "  ",
                recurrence: .yearly, assignedOn: Self.day(2026, 1, 1))
        }
        let quarterly = try Self.task(.quarterly)
        // A year for a quarterly task; a quarter not yet begun; an empty text.
        #expect(throws: OversightError.self) {
            try Self.report(quarterly, .year(2026), on: Self.day(2026, 11, 25))
        }
        #expect(throws: OversightError.self) {
            try Self.report(quarterly, .quarter(year: 2027, quarter: 1), on: Self.day(2026, 11, 25))
        }
        #expect(throws: OversightError.self) {
            try ProgressReport(
                id: "r", task: quarterly, period: .quarter(year: 2026, quarter: 4),
                reportedOn: Self.day(2026, 11, 25), status: .done, text: "", reportedBy: "finance")
        }
        let once = try Self.task(.once(dueOn: Self.day(2026, 12, 31)))
        #expect(throws: OversightError.self) {
            try Self.report(once, .once(dueOn: Self.day(2026, 12, 30)), on: Self.day(2026, 11, 25))
        }
        for bad in [
            "", "26", "2026-Q5", "2026-Q0", "2026-q4", "1899", "2101", "2026-13-01", "2026-02-30",
            "٢٠٢٦", "+2026",
        ] {
            #expect(throws: OversightError.self, "\(bad)") { try ReportingPeriod(label: bad) }
        }
        #expect(throws: OversightError.self) {
            try ReportingRules(quarterlyGraceDays: 61, yearlyDueMonth: 12, yearlyDueDay: 15)
        }
        #expect(throws: OversightError.self) {
            try ReportingRules(quarterlyGraceDays: 10, yearlyDue: "02-29")
        }
        #expect(throws: OversightError.self) {
            try ReportingRules(quarterlyGraceDays: 10, yearlyDue: "13-01")
        }
        #expect(try ReportingRules(quarterlyGraceDays: 10, yearlyDue: "12-15") == .standard)
    }

    @Test("Each role reports for its own agency; the province and administrators for any")
    func voices() {
        let expected: [Role: Set<String>] = [
            .admin: Set(Agency.seedLetter.map(\.id.rawValue)),
            .province: Set(Agency.seedLetter.map(\.id.rawValue)),
            .finance: ["finance"], .construction: ["construction"], .bank: ["vbsp"],
            .commune: ["communes"], .union: ["front"], .inspector: ["vbsp-board"], .leader: [],
        ]
        for role in Role.allCases {
            let speaks = Set(
                Agency.seedLetter.filter { Agency.speaks(role, for: $0) }.map(\.id.rawValue))
            #expect(speaks == expected[role], "\(role)")
        }
        #expect(Agency.seedLetter.count == 7)
        #expect(Set(Agency.seedLetter.map(\.kind)).count == 7)
    }

    @Test("Document dates: a day, or a month left blank in the copy")
    func documentDates() throws {
        #expect(try DocumentDate(text: "2024-11") == .month(year: 2024, month: 11))
        #expect(try DocumentDate(text: "2024-11-22") == .day(Self.day(2024, 11, 22)))
        #expect(DocumentDate.month(year: 2024, month: 11).text == "2024-11")
        #expect(SourceDocument.seedLetter.citation.contains("UBND tỉnh Hưng Yên"))
        #expect(throws: OversightError.self) { try DocumentDate(text: "2024-13") }
        #expect(throws: OversightError.self) { try DocumentDate(text: "11/2024x") }
    }
}
