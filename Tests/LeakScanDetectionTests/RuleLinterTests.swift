import LeakScanCore
import LeakScanDetection
import LeakScanRules
import Testing

@Suite struct RuleLinterTests {
    func rule(_ id: String, _ pattern: String, match: [String] = [], noMatch: [String] = [], keywords: [String] = []) -> RuleDefinition {
        RuleDefinition(
            id: id, title: id, category: .confidential, severity: .low, pattern: pattern, keywords: keywords,
            examples: RuleExamples(match: match, noMatch: noMatch))
    }

    @Test func gatesReportTheirCandidateRateAndWindowing() throws {
        let set = try RuleSet(
            definitions: [
                rule("common-word", "\\bthe\\s+\\w+", match: ["the cat"], noMatch: ["a cat"]),
                rule("bounded", "\\bzebra\\s{1,3}crossing\\b", match: ["zebra crossing"], noMatch: ["zebra"]),
                rule("backref", "(ab)\\1", match: ["abab"], noMatch: ["ab"]),
            ], organisations: [])
        var linter = RuleLinter(detector: Detector(ruleSet: set, fingerprinter: Fingerprinter(key: [1])))
        linter.sampleTexts = ["the cat sat", "a zebra crossing", "nothing here", "the end", "no", "yes"]
        let findings = linter.findings()
        func has(_ rule: String, _ kind: String) -> Bool { findings.contains { $0.rule == rule && $0.kind == kind } }
        // The regex of `common-word` runs on 2 of 6 texts (33 %, over the 20 % limit); `bounded` on 1 of 6.
        let unselective = try #require(findings.first { $0.kind == "unselective gate" })
        #expect(unselective.rule == "common-word")
        #expect(unselective.detail.contains("33%"))
        #expect(!has("bounded", "unselective gate"))
        // `common-word` has no length bound, but a match is never empty: read back from where
        // its approximation ends, the windows start where a match can.
        #expect(!has("common-word", "not windowed"))
        #expect(!has("bounded", "not windowed"))
        #expect(has("backref", "not windowed"))
        #expect(findings.filter { $0.kind == "not windowed" }.allSatisfy { $0.level == .note })
    }

    /// A rule whose match has no length bound and may be empty is the one kind left unwindowed
    /// among those the approximation models.
    @Test func anUnboundedRuleThatMayMatchNothingIsNotWindowed() throws {
        let set = try RuleSet(
            definitions: [rule("maybe-empty", "(?:ab)*c?", match: ["abc"]), rule("never-empty", "(?:ab)+c?", match: ["abc"])],
            organisations: [])
        let detector = Detector(ruleSet: set, fingerprinter: Fingerprinter(key: [1]))
        #expect(detector.unwindowedReason(rule: 0)?.contains("may be empty") == true)
        #expect(detector.unwindowedReason(rule: 1) == nil)
    }

    @Test func findsEachKindOfProblem() throws {
        let set = try RuleSet(
            definitions: [
                rule("nested", "^(a+)+$", match: ["aaaa"], noMatch: ["b"]),
                rule("broken", "abc", match: ["abd", "abc"], noMatch: ["xyz"], keywords: ["ab"]),
                rule("copy-a", "hello\\d", match: ["hello1"], noMatch: ["hi"], keywords: ["hello"]),
                rule("copy-b", "hello\\d", match: ["hello2"], noMatch: ["hi"], keywords: ["hello"]),
                rule("narrow", "hello7", match: ["hello7"], noMatch: ["hello"], keywords: ["hello"]),
                rule("bare", "zz\\d", keywords: ["zz"]),
                rule("adjacent", "id=\\d+\\d*x", match: ["id=12x"], noMatch: ["id="], keywords: ["id="]),
                rule("backref", "(ab)\\1", match: ["abab"], noMatch: ["ab"]),
            ], organisations: [])
        let detector = Detector(ruleSet: set, fingerprinter: Fingerprinter(key: [1]))
        let findings = RuleLinter(detector: detector).findings()
        func has(_ rule: String, _ kind: String) -> Bool { findings.contains { $0.rule == rule && $0.kind == kind } }
        #expect(has("nested", "backtracking risk"))
        #expect(has("nested", "catastrophic backtracking"))
        #expect(has("backref", "no prefilter gate"))
        #expect(!has("nested", "no prefilter gate"))  // gated by the automaton
        #expect(has("broken", "misses its own match example"))
        #expect(has("copy-b", "duplicate"))
        #expect(has("narrow", "shadowed"))
        #expect(has("bare", "missing examples"))
        #expect(has("adjacent", "backtracking risk"))
        #expect(!has("copy-a", "backtracking risk"))
        #expect(!has("copy-a", "duplicate"))
        #expect(findings.filter { $0.level == .error }.map(\.rule).sorted() == ["broken", "nested"])
    }
}

/// `patterns lint` fails a rule that leaves part of what it matches readable in its excerpt.
@Suite struct ExcerptLeakLintTests {
    func lint(_ pattern: String, mask: MaskStyle = .partial) throws -> [LintFinding] {
        var definition = RuleDefinition(
            id: "sort-code", title: "t", category: .confidential, severity: .high, pattern: pattern, keywords: ["account"],
            examples: RuleExamples(match: ["sort code 20-00-00 account 41926817"], noMatch: ["nothing"]))
        definition.mask = mask
        let set = try RuleSet(definitions: [definition], organisations: [])
        return RuleLinter(detector: Detector(ruleSet: set, fingerprinter: Fingerprinter(key: [1]))).findings()
            .filter { $0.kind == "value readable in its excerpt" }
    }

    @Test func anUnmarkedAccountNumberFailsAndAMarkedOnePasses() throws {
        let leaky = try lint(#"(?<value>\d{2}-\d{2}-\d{2}) account \d{8}"#)
        #expect(leaky.count == 1 && leaky.first?.level == .error && leaky.first?.detail.contains("41926817") == true)
        #expect(try lint(#"(?<value>\d{2}-\d{2}-\d{2}) account (?<value_account>\d{8})"#).isEmpty)
        // A value shown on purpose (mask: none) is still six digits in clear.
        #expect(try lint(#"(?<value>\d{2}-\d{2}-\d{2}) account (?<value_account>\d{8})"#, mask: .none).count == 1)
    }
}
