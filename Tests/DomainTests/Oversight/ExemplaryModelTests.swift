import Domain
import Testing

/// The consent projection over every subset of the consent set, the image check by magic
/// bytes and size, and the peak month's boundaries.
@Suite("Oversight: exemplary models, photos and the peak month")
struct ExemplaryModelTests {
    static let model = ExemplaryModel(
        id: "m1", unitCode: 11953, unitName: "Phường Phố Hiến", ownerName: "Nguyễn Thị Hoa",
        householdID: "h1", village: "Tổ dân phố An Vũ",
        loans: [
            ModelLoan(id: "l1", programCode: "poor_household", amount: Money(dong: 50_000_000))
        ],
        title: "Nuôi gà thả vườn", description: "Mở rộng đàn gà.", activity: "Hộ nghèo",
        incomeBeforePerYear: Money(dong: 36_000_000), incomeAfterPerYear: Money(dong: 120_000_000),
        jobsCreated: 3, recognisedOn: BusinessDate(fixedYear: 2026, month: 9, day: 1),
        recognisedBy: "UBND phường",
        photos: [ModelPhoto(id: "p1", caption: "Đàn gà", contentType: "image/png", byteCount: 70)],
        consent: [], published: true, createdBy: "commune")

    /// All 32 subsets of the five consent fields.
    static let subsets: [Set<ModelConsentField>] = (0..<32).map { mask in
        Set(
            ModelConsentField.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(
                \.element))
    }

    @Test(
        "Each subset shows exactly its consented fields and always the public ones",
        arguments: subsets)
    func projection(_ consent: Set<ModelConsentField>) {
        let m = Self.model
        let v = m.publicView(consent: consent)
        #expect(v.title == m.title && v.unitName == m.unitName && v.description == m.description)
        #expect(v.jobsCreated == m.jobsCreated && v.activity == m.activity)
        #expect(v.ownerName == (consent.contains(.name) ? m.ownerName : nil))
        #expect(
            v.ownerLabel
                == (consent.contains(.name) ? m.ownerName : PublicExemplaryModel.undisclosedOwner))
        #expect(v.village == (consent.contains(.village) ? m.village : nil))
        #expect(v.photos == (consent.contains(.photos) ? m.photos : []))
        #expect(v.incomeBeforePerYear == (consent.contains(.income) ? m.incomeBeforePerYear : nil))
        #expect(v.incomeAfterPerYear == (consent.contains(.income) ? m.incomeAfterPerYear : nil))
        #expect(v.loans == (consent.contains(.loans) ? m.loans : nil))
        #expect(ModelConsentField.set(ModelConsentField.text(consent)) == consent)
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]
    static let webp: [UInt8] = Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8)

    @Test("JPEG, PNG and WebP are named by their bytes")
    func accepts() throws {
        #expect(try ImageFile.check(Self.jpeg) == .jpeg)
        #expect(try ImageFile.check(Self.png) == .png)
        #expect(try ImageFile.check(Self.webp) == .webp)
        #expect(
            try ImageFile.check(
                Self.png + [UInt8](repeating: 0, count: ImageFile.maxBytes - Self.png.count))
                == .png)
    }

    @Test(
        "Other files, truncated signatures, empty and oversize files are refused",
        arguments: [
            Array("hello, world".utf8), [], [0xFF, 0xD8],
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A],
            Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVE".utf8), Array("GIF89a".utf8),
            Array("%PDF-1.7".utf8), Array("<svg xmlns=".utf8),
            ExemplaryModelTests.png
                + [UInt8](
                    repeating: 0, count: ImageFile.maxBytes + 1 - ExemplaryModelTests.png.count),
        ] as [[UInt8]])
    func refuses(_ bytes: [UInt8]) {
        #expect(throws: OversightError.self) { try ImageFile.check(bytes) }
        #expect(ImageFile.sniff(bytes) == nil || bytes.count > ImageFile.maxBytes)
    }

    @Test(
        "The peak month runs 17/10 through 18/11 inclusive",
        arguments: [
            (10, 16, false), (10, 17, true), (10, 31, true), (11, 1, true), (11, 18, true),
            (11, 19, false), (1, 1, false), (12, 31, false), (6, 15, false),
        ])
    func peak(_ month: Int, _ day: Int, _ inside: Bool) {
        #expect(PeakMonth.contains(BusinessDate(fixedYear: 2026, month: month, day: day)) == inside)
    }

    @Test("A window given by its dates, one over the new year too")
    func window() {
        let d = BusinessDate(fixedYear: 2026, month: 12, day: 30)
        #expect(PeakMonth.contains(d, start: (12, 1), end: (12, 31)))
        #expect(PeakMonth.contains(d, start: (12, 15), end: (1, 15)))
        #expect(
            PeakMonth.contains(
                BusinessDate(fixedYear: 2027, month: 1, day: 10), start: (12, 15), end: (1, 15)))
        #expect(
            !PeakMonth.contains(
                BusinessDate(fixedYear: 2027, month: 2, day: 1), start: (12, 15), end: (1, 15)))
        let w = PeakMonth.window(year: 2026)
        #expect(w.lowerBound.iso == "2026-10-17" && w.upperBound.iso == "2026-11-18")
    }

    @Test("Publishing needs a description; bad drafts are refused")
    func rules() throws {
        var m = Self.model
        m.description = " "
        #expect(throws: OversightError.self) { try ExemplaryModelRules.checkPublishable(m) }
        let today = BusinessDate(fixedYear: 2026, month: 11, day: 25)
        let ok = ExemplaryModelDraft(
            ownerName: "A", householdID: nil, unitCode: 11953, village: "", loanIDs: ["l1"],
            title: "T", description: "", activity: "", incomeBeforePerYear: .zero,
            incomeAfterPerYear: .zero, jobsCreated: 0, recognisedOn: today, recognisedBy: "")
        try ExemplaryModelRules.check(ok, asOf: today)
        var noLoan = ok
        noLoan.loanIDs = []
        #expect(throws: OversightError.self) { try ExemplaryModelRules.check(noLoan, asOf: today) }
        var future = ok
        future.recognisedOn = today.adding(days: 1)
        #expect(throws: OversightError.self) { try ExemplaryModelRules.check(future, asOf: today) }
        let gift = ContributionDraft(
            contributor: "Công ty A", kind: .business, unitCode: 11953, amount: .zero,
            purpose: .forThePoorFund, receivedOn: today, note: "")
        #expect(throws: OversightError.self) { try ContributionRules.check(gift, today: today) }
    }
}
