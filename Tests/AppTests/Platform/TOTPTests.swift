import Testing
@testable import Web

@Suite("Time-based one-time passwords (RFC 6238)")
struct TOTPTests {
    /// The SHA-1 seed of RFC 6238 Appendix B.
    let secret = Array("12345678901234567890".utf8)

    @Test("RFC 6238 Appendix B, SHA-1, 8 digits", arguments: [
        (59 as Int64, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func appendixB(unixSeconds: Int64, code: String) {
        let counter = TOTP.counter(atUnixSeconds: unixSeconds)
        #expect(TOTP.code(secret: secret, counter: counter, digits: 8) == code)
        // Six digits are the same number taken modulo 10⁶: its last six digits.
        let six = String(code.suffix(6))
        #expect(TOTP.code(secret: secret, counter: counter) == six)
        #expect(TOTP.match(six, secret: secret, unixSeconds: unixSeconds) == counter)
    }

    @Test("Counters are ⌊t / 30⌋ and never trap")
    func counters() {
        #expect(TOTP.counter(atUnixSeconds: 59) == 1)
        #expect(TOTP.counter(atUnixSeconds: 1_111_111_109) == 0x23523EC)
        #expect(TOTP.counter(atUnixSeconds: 20_000_000_000) == 0x27BC86AA)
        #expect(TOTP.counter(atUnixSeconds: -1) == 0)
        #expect(TOTP.counter(atUnixSeconds: .min) == 0)
        #expect(TOTP.counter(atUnixSeconds: .max) == UInt64(Int64.max / 30))
        #expect(TOTP.counter(atUnixSeconds: 100, step: 0) == 0)
        #expect(TOTP.counter(atUnixSeconds: 100, step: -30) == 0)
        #expect(TOTP.counters(around: 0, reach: 2) == [0, 1, 2])
        #expect(TOTP.counters(around: .max, reach: 1) == [.max, .max - 1])
    }

    @Test("A code matches within one step either side, and not two steps away")
    func window() {
        let now: Int64 = 1_111_111_111
        let counter = TOTP.counter(atUnixSeconds: now)
        let code = TOTP.code(secret: secret, counter: counter)
        #expect(code == "050471")
        #expect(TOTP.match(code, secret: secret, unixSeconds: now - 30) == counter)
        #expect(TOTP.match(code, secret: secret, unixSeconds: now + 30) == counter)
        #expect(TOTP.match(code, secret: secret, unixSeconds: now + 60) == nil)
        #expect(TOTP.match(code, secret: secret, unixSeconds: now - 60) == nil)
        #expect(TOTP.match(code, secret: secret, unixSeconds: now + 30, window: 0) == nil)
        #expect(TOTP.match(code, secret: secret, unixSeconds: now + 60, window: 2) == counter)
        // An absurd window is cut to ten steps, not obeyed.
        let farAway = now + 11 * 30
        #expect(TOTP.match(code, secret: secret, unixSeconds: farAway, window: .max) == nil)
        #expect(TOTP.match(code, secret: secret, unixSeconds: now, window: .min) == counter)
        // Another secret's code does not match.
        #expect(TOTP.match(code, secret: Array("another secret".utf8), unixSeconds: now) == nil)
    }

    @Test("Only exactly six ASCII digits are heard", arguments: [
        "", "05047", "0504711", "05047a", " 050471", "050471 ", "050 471", "+50471", "-50471",
        "٠٥٠٤٧١",  // Arabic-Indic digits
        "０５０４７１",  // full-width digits
    ])
    func refused(code: String) {
        #expect(TOTP.match(code, secret: secret, unixSeconds: 1_111_111_111) == nil)
    }

    @Test("Times before 1970 match nothing; times near the end of Int64 do not trap")
    func extremeTimes() {
        let first = TOTP.code(secret: secret, counter: 0)
        for time: Int64 in [.min, -1, -30] {
            #expect(TOTP.match(first, secret: secret, unixSeconds: time, window: 10) == nil)
        }
        for time: Int64 in [.max, .max - 1] {
            let counter = TOTP.counter(atUnixSeconds: time)
            let code = TOTP.code(secret: secret, counter: counter)
            #expect(TOTP.match(code, secret: secret, unixSeconds: time, window: 10) == counter)
        }
    }

    @Test("The key URI percent-encodes issuer and account and carries the base32 secret")
    func provisioningURI() {
        let uri = TOTP.provisioningURI(
            secret: secret, account: "an.nguyen@nhcs.vn", issuer: "Ngân hàng: CS"
        )
        let issuer = "Ng%C3%A2n%20h%C3%A0ng%3A%20CS"
        #expect(uri == "otpauth://totp/\(issuer):an.nguyen%40nhcs.vn"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=\(issuer)"
            + "&algorithm=SHA1&digits=6&period=30")
        let plain = TOTP.provisioningURI(secret: [0xFF], account: "a-b_c.d~e", issuer: "X")
        #expect(plain == "otpauth://totp/X:a-b_c.d~e?secret=74&issuer=X"
            + "&algorithm=SHA1&digits=6&period=30")
    }

    @Test("Comparison looks at whole codes")
    func constantTimeEqual() {
        #expect(TOTP.constantTimeEqual(Array("123456".utf8), Array("123456".utf8)))
        #expect(!TOTP.constantTimeEqual(Array("123456".utf8), Array("123457".utf8)))
        #expect(!TOTP.constantTimeEqual(Array("123456".utf8), Array("12345".utf8)))
    }
}
