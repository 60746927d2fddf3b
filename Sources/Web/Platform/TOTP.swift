import Crypto
import Domain

/// Time-based one-time passwords (mật khẩu một lần theo thời gian, mã OTP) of RFC 6238, the
/// second factor of two-factor sign-in (xác thực hai lớp): HMAC-SHA1, 30-second steps and
/// 6 digits, the parameters every authenticator app supports; SHA-1's collision weakness
/// does not touch HMAC, which is why RFC 6238 still names it as the default.
///
/// Time comes in as a number, never from the clock here, so tests pin it (STYLE §5).
enum TOTP {
    /// Digits in the codes `match` accepts and the URI announces.
    static let digits = 6
    /// Seconds per step, announced in the URI as `period`.
    static let stepSeconds: Int64 = 30
    /// Steps either side of now that `match` tries at most, however large a window is asked.
    static let maxWindow = 10

    /// The HOTP value (RFC 4226 §5.3) for `counter`: HMAC-SHA1 of the counter as 8 bytes
    /// big-endian, dynamically truncated to 31 bits, reduced to `digits` decimal digits
    /// with leading zeros. `digits` is clamped to 1…9: a 31-bit number has no tenth digit
    /// worth the name.
    static func code(secret: [UInt8], counter: UInt64, digits: Int = 6) -> String {
        let places = min(max(digits, 1), 9)
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * $0)) }
        let key = SymmetricKey(data: secret)
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let truncated = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<places { modulus *= 10 }
        let value = String(truncated % modulus)
        return String(repeating: "0", count: places - value.count) + value
    }

    /// The step number T = ⌊unixSeconds / step⌋ (RFC 6238 §4.2, T0 = 0). Times before 1970
    /// and a step that is not positive give 0 rather than trap.
    static func counter(atUnixSeconds unixSeconds: Int64, step: Int64 = 30) -> UInt64 {
        guard unixSeconds > 0, step > 0 else { return 0 }
        return UInt64(unixSeconds / step)
    }

    /// The counter that `code` matches within ±`window` steps of `unixSeconds`, or nil; the
    /// caller stores the last counter used so a code cannot be replayed.
    ///
    /// Only exactly six ASCII digits are heard: no spaces, no Unicode digits. Every counter
    /// in the window is computed and compared in constant time, so the time taken does not
    /// tell an attacker how many digits were right or which step matched. Where two steps
    /// match, the one nearest now wins. A negative time matches nothing; `window` is
    /// clamped to 0…10 so a caller's mistake cannot turn into a brute-force window.
    static func match(
        _ code: String, secret: [UInt8], unixSeconds: Int64, window: Int = 1
    ) -> UInt64? {
        let given = Array(code.utf8)
        guard given.count == digits,
              given.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              unixSeconds >= 0
        else { return nil }
        let now = counter(atUnixSeconds: unixSeconds, step: stepSeconds)
        let reach = UInt64(min(max(window, 0), maxWindow))
        var found: UInt64?
        for candidate in counters(around: now, reach: reach) {
            let expected = Array(self.code(secret: secret, counter: candidate).utf8)
            if constantTimeEqual(expected, given), found == nil { found = candidate }
        }
        return found
    }

    /// `centre`, then `centre ∓ 1`, `centre ∓ 2`, … out to `reach`, nearest first, leaving out
    /// any that would pass below 0 or above `UInt64.max`.
    static func counters(around centre: UInt64, reach: UInt64) -> [UInt64] {
        var result = [centre]
        for distance in stride(from: UInt64(1), through: reach, by: 1) {
            let earlier = centre.subtractingReportingOverflow(distance)
            let later = centre.addingReportingOverflow(distance)
            if !earlier.overflow { result.append(earlier.partialValue) }
            if !later.overflow { result.append(later.partialValue) }
        }
        return result
    }

    /// otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6
    /// &period=30, the Key URI Format authenticator apps read from the QR code (mã QR).
    /// Issuer and account are percent-encoded (all but RFC 3986's unreserved characters), so
    /// a colon, space, `@` or Vietnamese letter in them cannot break the label.
    static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let issuerText = percentEncoded(issuer)
        let label = issuerText + ":" + percentEncoded(account)
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerText)"
            + "&algorithm=SHA1&digits=\(digits)&period=\(stepSeconds)"
    }

    /// Equal length and bytes, looking at every byte whatever the first difference.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// UTF-8 bytes outside A–Z, a–z, 0–9 and `-._~` as `%XX`, upper-case hex.
    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var result: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(byte)
            default:
                result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
