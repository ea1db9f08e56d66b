import LeakScanCore
import Testing

/// A fingerprint is shown and read back as 32 lower-case hexadecimal digits, in byte order.
@Suite struct FingerprintTests {
    @Test func bytesAreShownInOrderAndReadBack() {
        let bytes: [UInt8] = (0..<20).map { UInt8($0 * 13 + 7) }
        let fingerprint = bytes.withUnsafeBytes(Fingerprint.init(bytes:))
        let expected = bytes.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(fingerprint.description == expected)
        #expect(Fingerprint(hex: expected) == fingerprint)
        #expect(Fingerprint(hex: expected.uppercased()) == fingerprint)
    }

    @Test func onlyThirtyTwoHexadecimalDigitsAreAFingerprint() {
        let digits = "0123456789abcdef0123456789abcdef"
        #expect(Fingerprint(hex: digits)?.description == digits)
        #expect(Fingerprint(hex: String(digits.dropLast())) == nil)
        #expect(Fingerprint(hex: digits + "0") == nil)
        #expect(Fingerprint(hex: String(digits.dropLast()) + "g") == nil)
        #expect(Fingerprint(hex: "") == nil)
    }
}
