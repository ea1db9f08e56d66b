import ArgumentParser
import LeakScanDetection
import LeakScanRules

/// `leakscan patterns …`: inspect and check rule sets.
struct Patterns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List rules, or check every rule against its own examples.",
        subcommands: [Test.self, List.self, Import.self, Lint.self]
    )

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every rule's match / no_match examples through the full detector.",
            discussion: "Exits 0 when all pass; otherwise lists each failure and exits 1 (2 if the rules do not load)."
        )

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let ruleSet = try rules.load()
            let detector = Detector(ruleSet: ruleSet, fingerprinter: Fingerprinter(key: Array("patterns-test".utf8)))
            let failures = ExampleChecker(detector: detector).failures()
            let examples = ruleSet.rules.reduce(0) { $0 + $1.definition.examples.match.count + $1.definition.examples.noMatch.count }
            for failure in failures { print("FAIL \(failure)") }
            print("\(ruleSet.rules.count) rules, \(examples) examples: \(examples - failures.count) passed, \(failures.count) failed")
            if !failures.isEmpty { throw ExitCode(1) }
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
            let ruleSet = try rules.load()
            let detector = Detector(ruleSet: ruleSet, fingerprinter: Fingerprinter(key: Array("patterns-lint".utf8)))
            let findings = RuleLinter(detector: detector).findings()
            for finding in findings { print(finding) }
            let errors = findings.filter { $0.level == .error }.count
            print("\(ruleSet.rules.count) rules: \(errors) errors, \(findings.count - errors) warnings")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the loaded rules.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table
            case regex
        }

        @OptionGroup var rules: RuleOptions

        @Option(
            help:
                "table: id, category, severity, title. regex: each rule's expanded PCRE2 pattern on one line, flags inline, for other tools."
        )
        var format: Format = .table

        func run() throws {
            let ruleSet = try rules.load()
            for rule in ruleSet.rules {
                let definition = rule.definition
                switch format {
                case .table:
                    print(
                        [definition.id, definition.category.rawValue, definition.severity.rawValue, definition.title].joined(
                            separator: "\t"))
                case .regex:
                    print(rule.inlinePattern)
                }
            }
        }
    }
}
