import Foundation
import LeakScanCore
import Testing

@testable import LeakScanDetection

/// Fingerprints are the first 128 bits of HMAC-SHA-256 as Python's `hmac` module computes it:
/// the nightly state matches incidents by fingerprint, so a change here would report every
/// known leak anew.
@Suite struct FingerprinterTests {
    @Test func agreesWithPythonHMAC() throws {
        var generator = SystemRandomNumberGenerator()
        var cases = [(key: [UInt8], rule: String, identity: String, value: [UInt8], message: [UInt8])]()
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
                cases.append((key, rule, identity, value, message))
            }
        }
        let expected = try Self.pythonHMACs(cases.map { ($0.key, $0.message) })
        #expect(expected.count == cases.count)
        for (item, code) in zip(cases, expected) {
            #expect(
                Fingerprinter(key: item.key).fingerprint(rule: item.rule, identity: item.identity, value: item.value).description == code)
        }
    }

    /// The first 16 bytes of each HMAC-SHA-256, in hex, from one Python run.
    static func pythonHMACs(_ pairs: [(key: [UInt8], message: [UInt8])]) throws -> [String] {
        let script = """
            import hashlib, hmac, sys
            for line in sys.stdin:
                key, message = (bytes.fromhex(part) for part in line.split(","))
                print(hmac.new(key, message, hashlib.sha256).hexdigest()[:32])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let lines = pairs.map { "\($0.key.hexString),\($0.message.hexString)\n" }.joined()
        input.fileHandleForWriting.write(Data(lines.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
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
