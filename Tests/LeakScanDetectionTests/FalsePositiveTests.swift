import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanRules
import LeakScanSynth
import Testing

/// The Scunthorpe problem, generally: rules against ordinary words and ordinary tokens.
@Suite struct FalsePositiveTests {
    static let detector = MaskingTests.detector

    func incidents(_ text: String) -> [Incident] {
        let document = Document(source: "s", offset: 0, messageID: "id", units: [TextUnit(location: "body", bytes: Array(text.utf8))])
        return Self.detector.incidents(in: document, scratch: Self.detector.makeScratch())
    }

    /// Every derogatory rule over every word of an ordinary English dictionary (Debian's
    /// wamerican-large, 170,000 words, installed by scripts/setup): a word may match only when
    /// it is listed as derogatory in itself in `scripts/data/derogatory-dictionary-words.txt`.
    @Test func noOrdinaryDictionaryWordIsDerogatory() throws {
        let dictionary = "/usr/share/dict/american-english-large"
        let words = try String(contentsOfFile: dictionary, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(words.count > 100_000)
        let listed = try String(
            contentsOf: MaskingTests.root.appendingPathComponent("scripts/data/derogatory-dictionary-words.txt"), encoding: .utf8
        )
        .split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.trimmingCharacters(in: .whitespaces) }
        let allowed = Set(listed)
        let derogatory = Set(
            Self.detector.ruleSet.rules.indices.filter { Self.detector.ruleSet.rules[$0].definition.category == .derogatory })
        let scratch = Self.detector.makeScratch()
        var ordinary = [String]()
        var matched = 0
        for word in words {
            let bytes = Array(word.utf8)
            let found = bytes.withUnsafeBufferPointer { Self.detector.findings(in: $0, scratch: scratch) }
            guard found.contains(where: { derogatory.contains($0.rule) }) else { continue }
            matched += 1
            let base = word.lowercased().hasSuffix("'s") ? String(word.lowercased().dropLast(2)) : word.lowercased()
            if !allowed.contains(base) { ordinary.append(word) }
        }
        #expect(ordinary.isEmpty, "ordinary words matched: \(ordinary)")
        // The list is not stale: the rules still find the derogatory words it names.
        #expect(matched >= listed.count)
    }

    /// Tokens from mail headers and logs hold digit runs shaped like identifiers; no identifier
    /// rule may match inside one.
    @Test func identifierRulesDoNotMatchInsideTokens() {
        var random = SplitMix64(seed: 77)
        func hex(_ count: Int) -> String { (0..<count).map { _ in String(random.next() % 16, radix: 16) }.joined() }
        func digits(_ count: Int) -> String { (0..<count).map { _ in String(random.next() % 10) }.joined() }
        func base64(_ count: Int) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            return String((0..<count).map { _ in alphabet[Int(random.next() % 64)] })
        }
        var tokens = [String]()
        for _ in 0..<400 {
            tokens.append("X-Request-ID: \(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12))")  // UUID
            tokens.append("GUID {\(hex(8))-\(digits(4))-\(digits(4))-\(digits(4))-\(digits(12))}".uppercased())  // digit-heavy GUID
            tokens.append("commit \(hex(40)) sha256:\(hex(64)) md5 \(hex(32))")
            tokens.append("DKIM b=\(base64(20))\(digits(16))\(base64(24))")
            tokens.append("order ref \(digits(20 + Int(random.next() % 20))) trace \(digits(3))\(hex(6))\(digits(16))")
            tokens.append("SFS:(\(digits(13)))(\(digits(10)))(\(digits(9)))(\(digits(16)));DIR:OUT")
            tokens.append("ipv6 2001:db8:\(digits(4)):\(digits(4)):\(digits(4)):\(digits(4))")
        }
        let confidential = Set(
            Self.detector.ruleSet.rules.indices.filter { Self.detector.ruleSet.rules[$0].definition.category == .confidential })
        let scratch = Self.detector.makeScratch()
        var hits = [String]()
        for token in tokens {
            let bytes = Array(token.utf8)
            let found = bytes.withUnsafeBufferPointer { Self.detector.findings(in: $0, scratch: scratch) }
            for finding in found where confidential.contains(finding.rule) {
                hits.append("\(Self.detector.ruleSet.rules[finding.rule].definition.id): \(token)")
            }
        }
        #expect(hits.isEmpty, "\(hits.prefix(20))")
        // The same rules still find the identifiers standing alone.
        #expect(incidents("card 4111 1111 1111 1111, NHS number 943 476 5919").count == 2)
    }
}
