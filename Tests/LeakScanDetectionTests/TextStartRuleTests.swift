import LeakScanRules
import Testing

@testable import LeakScanDetection

/// A rule whose pattern is `\A` alone is matched without PCRE2 (``CompiledRule/matchesTextStartOnly``);
/// its findings must be those PCRE2 gives for the same assertion written another way.
@Suite struct TextStartRuleTests {
    static let yaml = """
        rules:
          - id: start
            title: Whole text
            category: derogatory
            severity: low
            pattern: '\\A'
          - id: start-through-pcre2
            title: Whole text, the same assertion in a group
            category: derogatory
            severity: low
            pattern: '(?:\\A)'
        """

    @Test func findsWhatPCRE2FindsOncePerText() throws {
        let definitions = try RuleFileParser(file: "rules.yaml").parse(Self.yaml).rules
        let rules = try RuleSet(definitions: definitions, organisations: [])
        #expect(rules.rules.map(\.matchesTextStartOnly) == [true, false])
        let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("k".utf8)))
        let scratch = detector.makeScratch()
        for text in ["", "one line", "two\nlines", "\n\nleading breaks", "caf\u{E9} \u{2615}", String(repeating: "word ", count: 400)] {
            let found = Array(text.utf8).withUnsafeBufferPointer { detector.findings(in: $0, scratch: scratch) }
            let fast = found.filter { $0.rule == 0 }.map(\.match)
            let pcre2 = found.filter { $0.rule == 1 }.map(\.match)
            #expect(fast == [0..<0], "\(text.prefix(20))")
            #expect(fast == pcre2, "\(text.prefix(20))")
        }
    }
}
