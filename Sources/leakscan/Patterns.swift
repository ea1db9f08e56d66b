import ArgumentParser
import LeakScanDetection
import LeakScanRules
import LeakScanSynth

/// `leakscan patterns …`: inspect and check rule sets.
struct Patterns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List rules, or check every rule against its own examples.",
        subcommands: [Test.self, List.self, Import.self, Lint.self]
    )

    /// Loads the rules, prints what `check` reports for them and its summary line, and exits 1
    /// when `check` says the rules failed (test and lint share this contract).
    static func check(_ rules: RuleOptions, _ check: (RuleSet, Detector) -> (lines: [String], summary: String, failed: Bool)) throws {
        let ruleSet = try rules.load()
        let result = check(ruleSet, Detector(ruleSet: ruleSet, fingerprinter: Fingerprinter(key: Array("patterns-check".utf8))))
        for line in result.lines + [result.summary] { print(line) }
        if result.failed { throw ExitCode(1) }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's match / no_match examples through the full detector.",
            discussion: "Exits 0 when all pass; otherwise lists each failure and exits 1 (2 if the rules do not load)."
        )
        @OptionGroup var rules: RuleOptions

        func run() throws {
            try Patterns.check(rules) { ruleSet, detector in
                let failures = ExampleChecker(detector: detector).failures()
                let examples = ruleSet.rules.reduce(0) { $0 + $1.definition.examples.match.count + $1.definition.examples.noMatch.count }
                let summary =
                    "\(ruleSet.rules.count) rules, \(examples) examples: \(examples - failures.count) passed, \(failures.count) failed"
                return (failures.map { "FAIL \($0)" }, summary, !failures.isEmpty)
            }
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check rules for backtracking risk (static and measured), failing or missing examples, duplicates, shadowing, and missing prefilter gates.",
            discussion:
                "Exits 1 when there is an error (a rule misses its own examples or hits the match limit on adversarial input), 0 otherwise; warnings are listed either way."
        )
        @OptionGroup var rules: RuleOptions

        func run() throws {
            try Patterns.check(rules) { _, detector in
                var linter = RuleLinter(detector: detector)
                linter.sampleTexts = EnglishProse.sample(texts: 2_000, seed: 1)
                return linter.report()
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the loaded rules.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, regex }
        @OptionGroup var rules: RuleOptions
        @Option(
            help:
                "table: id, category, severity, title. regex: each rule's expanded PCRE2 pattern on one line, flags inline, for other tools (rules decided by a scorer model are left out)."
        )
        var format: Format = .table

        func run() throws {
            var scored = [String]()
            for rule in try rules.load().rules {
                let definition = rule.definition
                // A scored rule's pattern only finds where to score; the model decides, and no
                // regex tool can: exported, it would match every word of every message.
                if format == .regex, definition.scorer != nil {
                    scored.append(definition.id)
                    continue
                }
                let table = [definition.id, definition.category.rawValue, definition.severity.rawValue, definition.title]
                print(format == .table ? table.joined(separator: "\t") : rule.inlinePattern)
            }
            if !scored.isEmpty {
                printError("patterns list: left out \(scored.joined(separator: ", ")): decided by a scorer model, not by a regex")
            }
        }
    }
}
