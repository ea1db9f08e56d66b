import LeakScanCrypto
import Testing

/// The CMS reader's verdicts on what is not signed or encrypted mail (signed and encrypted
/// messages, real and made by OpenSSL, are in `SMIMEMailTests`).
@Suite struct CMSContentTests {
    /// ContentInfo { id-data, [0] OCTET STRING "hi" } in DER.
    static let plainData: [UInt8] = [
        0x30, 0x11, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x04, 0x04, 0x02, 0x68, 0x69,
    ]

    @Test func dataIsNotAMessageAndBrokenBytesAreUnreadable() {
        #expect(CMSContent.read(Self.plainData) == .other)
        // Cut short, and cut inside its length: not a structure at all.
        #expect(CMSContent.read(Array(Self.plainData.prefix(12))) == .unreadable)
        #expect(CMSContent.read([0x30, 0x82, 0xFF]) == .unreadable)
        #expect(CMSContent.read([]) == .unreadable)
        #expect(CMSContent.read(Array("Content-Type: text/plain\r\n\r\nhello".utf8)) == .unreadable)
    }
}
