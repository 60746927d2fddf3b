import Domain
import Testing

@Suite("Text folding")
struct TextFoldingTests {
    @Test("Folds Vietnamese for search", arguments: [
        ("Nguyễn Đức", "nguyen duc"), ("Phường Phố Hiến", "phuong pho hien"), ("ĐẶC KHU", "dac khu"),
        ("  Xã   Ân  Thi ", "xa an thi"), ("Thị trấn Như Quỳnh", "thi tran nhu quynh"), ("Ủy ban / Uỷ ban", "uy ban / uy ban"),
        ("Hưng Yên", "hung yen"), ("Thái Thụy", "thai thuy"), ("Lê Quý Đôn", "le quy don"), ("", ""),
    ])
    func folds(text: String, expected: String) {
        #expect(TextFolding.fold(text) == expected)
    }

    @Test("Folding is idempotent and leaves only lower-case ASCII for Vietnamese letters")
    func idempotent() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
        let text = letters + letters.uppercased()
        let folded = TextFolding.fold(text)
        #expect(TextFolding.fold(folded) == folded)
        #expect(folded.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) })
    }
}
