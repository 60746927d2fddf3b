import Testing

@testable import Domain

/// Danh mục điều kiện xóa nợ (Decision 50/2010 Art. 5 as dated data): a file is accepted
/// exactly when every required condition and one of each group of alternatives has a document.
@Suite("Lending: the write-off checklist")
struct WriteOffChecklistTests {
    static func day(_ iso: String) -> BusinessDate {
        (try? BusinessDate(iso: iso)) ?? BusinessDate(dayNumber: 0)
    }
    static let both: Set<WriteOffMeasure> = [.interest, .principal]
    static let conditions = WriteOffConditions([
        WriteOffCondition(
            code: "request", measures: both, label: "Đề nghị", document: "Giấy đề nghị",
            from: day("2010-09-10"), source: "QĐ 50"),
        WriteOffCondition(
            code: "commune", measures: both, label: "UBND xã xác nhận", document: "Xác nhận",
            from: day("2010-09-10"), source: "QĐ 50"),
        WriteOffCondition(
            code: "death", measures: both, group: "cause", label: "Chết", document: "Chứng tử",
            from: day("2010-09-10"), source: "QĐ 50"),
        WriteOffCondition(
            code: "disaster", measures: both, group: "cause", label: "Thiên tai",
            document: "Biên bản", from: day("2010-09-10"), source: "QĐ 50"),
        WriteOffCondition(
            code: "employer", measures: both, group: "cause", label: "Doanh nghiệp phá sản",
            document: "Văn bản", from: day("2021-05-19"), source: "QĐ 08"),
        WriteOffCondition(
            code: "no_assets", measures: [.principal], label: "Không còn tài sản",
            document: "Biên bản", from: day("2010-09-10"), source: "QĐ 50"),
        // A later version retires the commune's confirmation from 2030.
        WriteOffCondition(
            code: "commune", measures: both, label: "UBND xã xác nhận", document: "Xác nhận",
            from: day("2030-01-01"), retired: true, source: "Giả định"),
    ])

    /// The rule restated for the test: required ones all given, each group at least once.
    static func accepted(
        _ given: Set<String>, on date: BusinessDate, _ m: WriteOffMeasure
    )
        -> Bool
    {
        let inForce = conditions.inForce(on: date, for: m)
        let required = inForce.filter { $0.group.isEmpty }.allSatisfy { given.contains($0.code) }
        let groups = Dictionary(grouping: inForce.filter { !$0.group.isEmpty }, by: \.group)
        return required && groups.values.allSatisfy { $0.contains { given.contains($0.code) } }
    }

    @Test(
        "Every subset of documents, both measures, three dates: accepted exactly by the rule",
        arguments: ["2015-01-01", "2026-11-25", "2031-01-01"])
    func everySubset(_ iso: String) throws {
        let date = Self.day(iso)
        let codes = ["request", "commune", "death", "disaster", "employer", "no_assets"]
        for m in WriteOffMeasure.allCases {
            let known = Set(Self.conditions.inForce(on: date, for: m).map(\.code))
            for mask in 0..<(1 << codes.count) {
                let given = Set(codes.indices.filter { mask & (1 << $0) != 0 }.map { codes[$0] })
                let evidence = given.sorted().map {
                    WriteOffEvidence(condition: $0, document: "Số 1/\($0)")
                }
                let expected = given.isSubset(of: known) && Self.accepted(given, on: date, m)
                let kept = try? WriteOffChecklist.check(
                    evidence, conditions: Self.conditions, measure: m, on: date)
                #expect((kept != nil) == expected, "\(m) \(given.sorted()) on \(iso)")
                if let kept { #expect(Set(kept.map(\.condition)) == given) }
            }
        }
    }

    @Test("A blank document is not a document; a refusal lists each missing condition")
    func refusals() throws {
        let date = Self.day("2026-11-25")
        let blank = [
            WriteOffEvidence(condition: "request", document: "  "),
            WriteOffEvidence(condition: "commune", document: "Số 3"),
        ]
        #expect(throws: LendingError.self) {
            try WriteOffChecklist.check(
                blank, conditions: Self.conditions, measure: .principal, on: date)
        }
        do {
            _ = try WriteOffChecklist.check(
                blank, conditions: Self.conditions, measure: .principal, on: date)
        } catch {
            // request, the cause group, no_assets.
            #expect(error.details.count == 3)
            #expect(error.code == "write_off_conditions_not_met")
        }
        let twice = [
            WriteOffEvidence(condition: "request", document: "Số 1"),
            WriteOffEvidence(condition: "request", document: "Số 2"),
        ]
        #expect(
            (try? WriteOffChecklist.check(
                twice, conditions: Self.conditions, measure: .interest, on: date)) == nil)
        #expect(throws: LendingError.noWriteOffConditions(Self.day("2000-01-01"))) {
            try WriteOffChecklist.check(
                [], conditions: Self.conditions, measure: .interest, on: Self.day("2000-01-01"))
        }
    }

    @Test("Versions: the latest on or before the date, a retired one gone, dated additions")
    func versions() {
        let before = Self.conditions.inForce(on: Self.day("2021-05-18"), for: .interest)
        let after = Self.conditions.inForce(on: Self.day("2021-05-19"), for: .interest)
        #expect(!before.map(\.code).contains("employer"))
        #expect(after.map(\.code).contains("employer"))
        #expect(!after.map(\.code).contains("no_assets"))
        let later = Self.conditions.inForce(on: Self.day("2030-01-01"), for: .principal)
        #expect(!later.map(\.code).contains("commune") && later.map(\.code).contains("no_assets"))
    }

    @Test("A condition typed by an officer: code, measures, texts")
    func conditionCheck() {
        let good = WriteOffCondition(
            code: "cause_x", measures: [.interest], group: "cause", label: "Lý do",
            document: "Giấy", from: Self.day("2026-01-01"), source: "Văn bản 1")
        #expect((try? good.check()) != nil)
        var bad = good
        bad.code = "Cause X"
        #expect((try? bad.check()) == nil)
        bad = good
        bad.measures = []
        #expect((try? bad.check()) == nil)
        bad = good
        bad.source = " "
        #expect((try? bad.check()) == nil)
    }
}
