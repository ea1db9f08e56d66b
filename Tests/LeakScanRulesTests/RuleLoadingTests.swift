import Foundation
import LeakScanRules
import Testing

@Suite struct RuleLoadingTests {
    func parse(_ yaml: String) throws(RuleLoadError) -> RuleFile {
        try RuleFileParser(file: "rules.yaml").parse(yaml)
    }

    static let minimal = """
        rules:
          - id: demo
            title: Demo
            category: confidential
            severity: low
            pattern: 'ab+c'
        """

    @Test func minimalRuleLoads() throws {
        let file = try parse(Self.minimal)
        #expect(file.rules.map(\.id) == ["demo"])
        #expect(file.rules[0].mask == .partial)
    }

    @Test func unknownKeyNamesFileLineAndRule() {
        do {
            _ = try parse(Self.minimal + "\n    flagz: [caseless]\n")
            Issue.record("unknown key accepted")
        } catch {
            #expect(error.file == "rules.yaml")
            #expect(error.rule == "demo")
            #expect(error.line == 7)
            #expect(error.reason.contains("unknown key 'flagz'"))
        }
    }

    @Test func unknownValidatorCategoryAndFlagAreErrors() {
        for (key, value) in [("validator", "crc32"), ("category", "gossip"), ("severity", "urgent"), ("flags", "[sticky]")] {
            #expect(throws: RuleLoadError.self, "\(key): \(value)") {
                try parse(Self.minimal + "\n    \(key): \(value)\n")
            }
        }
        do {
            _ = try parse(Self.minimal + "\n    validator: crc32\n")
        } catch {
            #expect(error.description.contains("unknown validator 'crc32'"))
            #expect(error.description.contains("luhn"))
        }
    }

    @Test func badRegexIsALoadErrorWithPCRE2MessageAndOffset() throws {
        let file = try parse(Self.minimal.replacingOccurrences(of: "'ab+c'", with: "'ab(c'"))
        do {
            _ = try RuleSet(definitions: file.rules, organisations: [.metropolitanPolice])
            Issue.record("bad regex compiled")
        } catch {
            #expect(error.rule == "demo")
            #expect(error.file == "rules.yaml")
            #expect(error.reason.contains("missing closing parenthesis"))
            #expect(error.reason.contains("offset 4"))
        }
    }

    @Test func duplicateIdsAndUnknownPlaceholdersAreErrors() throws {
        let rules = try parse(Self.minimal).rules
        #expect(throws: RuleLoadError.self) { try RuleSet(definitions: rules + rules, organisations: []) }
        var withPlaceholder = rules[0]
        withPlaceholder.pattern = "{{force}} logo"
        #expect(throws: RuleLoadError.self) { try RuleSet(definitions: [withPlaceholder], organisations: []) }
    }

    @Test func contextAndExamplesAreParsed() throws {
        let file = try parse(
            Self.minimal + """

                    context: {words: [sort code, '{{org}}'], within: 30}
                    exclude: ['abbc']
                    examples: {match: [abc, abbbc], no_match: [ac, abbc]}
                """)
        let rule = file.rules[0]
        #expect(rule.context == ContextRequirement(words: ["sort code", "{{org}}"], within: 30))
        #expect(rule.examples.match == ["abc", "abbbc"])
        #expect(rule.exclude == ["abbc"])
    }

    /// Scalars stay strings (no type guessed), numbers and booleans are read where a key asks
    /// for one, and only from plain scalars, as YAML types them.
    @Test func numbersAndBooleansAreReadWhereAsked() throws {
        let file = try parse(
            Self.minimal + """

                    keywords: [123, true, null, '0.5']
                    min_digits: 9
                    min_entropy: 2.5
                    mention: {after: ['the word '], quoted: yes}
                """)
        let rule = file.rules[0]
        #expect(rule.keywords == ["123", "true", "null", "0.5"])
        #expect(rule.minDigits == 9 && rule.minEntropy == 2.5)
        #expect(rule.mention?.quoted == true)
        #expect(try parse(Self.minimal + "\n    mention: {quoted: off}").rules[0].mention?.quoted == false)
        for bad in ["mention: {quoted: 'true'}", "mention: {quoted: maybe}", "min_digits: '9'", "min_digits: nine", "min_entropy: x"] {
            #expect(throws: RuleLoadError.self, "\(bad)") { try parse(Self.minimal + "\n    " + bad) }
        }
    }

    @Test func organisationPlaceholdersExpandFromTheList() throws {
        var rule = try parse(Self.minimal).rules[0]
        rule.pattern = "\\b{{org}}\\b"
        let force = Organisation(name: "Greater Manchester Police", aliases: ["GMP"], tokens: ["gmp"])
        let set = try RuleSet(definitions: [rule], organisations: [force])
        #expect(set.rules[0].regex.pattern.contains("Greater\\s+Manchester\\s+Police"))
        #expect(set.rules[0].regex.pattern.contains("GMP"))
        #expect(!set.rules[0].regex.pattern.contains("Scotland"))
    }

    @Test func versionChangesWhenARuleChanges() throws {
        let rules = try parse(Self.minimal).rules
        let a = try RuleSet(definitions: rules, organisations: [.metropolitanPolice])
        var changed = rules
        changed[0].severity = .high
        let b = try RuleSet(definitions: changed, organisations: [.metropolitanPolice])
        #expect(a.version != b.version)
        #expect(a.version == (try RuleSet(definitions: rules, organisations: [.metropolitanPolice])).version)
    }
}
