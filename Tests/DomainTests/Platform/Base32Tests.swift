@testable import Domain
import Testing

@Suite("Base32 (RFC 4648)")
struct Base32Tests {
    @Test("RFC 4648 §10 test vectors, written without padding", arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ])
    func vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test("The RFC's padded forms decode too", arguments: [
        ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="), ("foob", "MZXW6YQ="),
        ("foobar", "MZXW6YTBOI======"),
    ])
    func padded(plain: String, encoded: String) {
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test("Lower case and spaces, as authenticator apps show a key, are accepted")
    func lenient() {
        let key = Array("12345678901234567890".utf8)
        #expect(Base32.encode(key) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == key)
        #expect(Base32.decode(" mzxw6ytboi ====== ") == Array("foobar".utf8))
    }

    @Test("Random byte strings of every length up to 64 survive a round trip")
    func roundTrip() {
        var random = SplitMix(seed: 0x5EC2E7)
        for length in 0...64 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                let text = Base32.encode(bytes)
                #expect(text.count == (length * 8 + 4) / 5)
                #expect(text.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
                #expect(Base32.decode(text) == bytes)
                #expect(Base32.decode(text.lowercased()) == bytes)
            }
        }
    }

    @Test("Anything else is refused", arguments: [
        "MZXW6YT1",          // 1 is not in the alphabet (nor 0, 8, 9)
        "MZXW6YT0", "MZXW6YT8", "MZXW6YT9",
        "MZXW-6YTB", "MZXW\t6YTB", "MZXW_6YTB", "MZXW6YTB\n",  // only spaces may separate
        "MÝ", "MY\u{0}",      // nothing outside ASCII letters and digits
        "M", "MZX", "MZXW6Y",  // 1, 3 or 6 characters encode no whole bytes
        "MZ",                  // unused final bits must be zero ("MY" is the spelling of "f")
        "MY=A", "=MY",         // padding only at the end
        "MY=", "MY====",       // padding, when present, fills the group of eight
        "========", "MZXW6YTB========",
    ])
    func refused(text: String) {
        #expect(Base32.decode(text) == nil)
    }
}
