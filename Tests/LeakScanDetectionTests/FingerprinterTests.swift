import Crypto
import Foundation
import Testing

@testable import LeakScanDetection

/// Fingerprints are HMAC-SHA-256 as swift-crypto's `HMAC<SHA256>` computes it: the nightly
/// state matches incidents by fingerprint, so a change here would report every known leak anew.
@Suite struct FingerprinterTests {
    @Test func agreesWithSwiftCryptoHMAC() {
        var generator = SystemRandomNumberGenerator()
        // Keys shorter than, equal to and longer than SHA-256's 64-byte block, and empty.
        for keyLength in [0, 1, 16, 32, 63, 64, 65, 100, 200] {
            for _ in 0..<20 {
                let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let rule = "rule-\(Int.random(in: 0..<1000, using: &generator))"
                let identity = String(repeating: "m", count: Int.random(in: 0..<150, using: &generator))
                let value = (0..<Int.random(in: 0..<80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                var message = Array(rule.utf8) + [0] + Array(identity.utf8) + [0]
                for byte in value {
                    if (0x61...0x7A).contains(byte) {
                        message.append(byte - 0x20)
                    } else if (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte >= 0x80 {
                        message.append(byte)
                    }
                }
                let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
                    .prefix(16).map { String(format: "%02x", $0) }.joined()
                #expect(Fingerprinter(key: key).fingerprint(rule: rule, identity: identity, value: value) == expected)
            }
        }
    }

    @Test func normalisesTheValue() {
        let fingerprinter = Fingerprinter(key: Array("k".utf8))
        #expect(
            fingerprinter.fingerprint(rule: "r", identity: "i", value: Array("AB 12 34 56 C".utf8))
                == fingerprinter.fingerprint(rule: "r", identity: "i", value: Array("ab123456c".utf8)))
        #expect(
            fingerprinter.fingerprint(rule: "r", identity: "i", value: Array("ab123456c".utf8))
                != fingerprinter.fingerprint(rule: "r", identity: "j", value: Array("ab123456c".utf8)))
    }
}
