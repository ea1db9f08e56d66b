import Foundation
import LeakScanPCRE2
import LeakScanRules

/// One thing wrong, or worth a look, in a rule.
public struct LintFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Level: String, Sendable { case error, warning, note }
    public var rule: String
    public var level: Level
    public var kind: String
    public var detail: String

    public var description: String { "\(level.rawValue): \(rule): \(kind): \(detail)" }
}

/// Checks a rule set for what makes rules slow, silent or redundant:
/// - patterns at risk of catastrophic backtracking (a quantified group containing an unbounded
///   quantifier), and measured: time and match-limit hits on adversarial strings built from the
///   rule's own examples;
/// - rules that do not match their own `match` examples (or match a `no_match` one);
/// - rules whose excerpt of a match example leaves six digits in a row, or a whole sensitive
///   part, readable (a rule must mask every part it matches);
/// - duplicate rules (same pattern and flags) and shadowed rules (another rule fires on all of
///   its match examples);
/// - rules without a prefilter gate (keywords, context words or a digit run), which run over
///   every text;
/// - rules without examples;
/// - with sample texts: rules whose regex the prefilter lets run on more than
///   `candidateRateLimit` of them (a gate that real text opens all the time), and a note for
///   each rule whose regex cannot be confined to windows around prefilter hits.
public struct RuleLinter {
    let detector: Detector
    /// An adversarial input taking longer than this is reported (and a match-limit hit always).
    public var slowSeconds = 0.05
    /// Texts like those the rules will scan (`patterns lint` uses `synth`'s English prose), on
    /// which each rule's candidate rate is measured.
    public var sampleTexts = [String]()
    /// The share of sample texts above which a rule's gate is reported as unselective.
    public var candidateRateLimit = 0.2

    public init(detector: Detector) {
        self.detector = detector
    }

    // The two shapes below are constant patterns, compiled on first use; RuleLinterTests
    // exercises both, so `try!` cannot fail on any input.

    /// `(…+…)+`-style nesting: a group holding `+`, `*` or `{n,}` that is itself repeated.
    static let nestedQuantifier = try! PCRE2Pattern(#"\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\})"#)

    /// Two unbounded repeats in a row over the same kind of atom (`\d+\d*`, `.*\w+`,
    /// `[a-z]+[a-z]*`): on a near-miss PCRE2 tries every split of the run between them.
    static let adjacentQuantifiers = try! PCRE2Pattern(
        #"(\\[dwsDWS]|\.|\[(?:[^\]\\]|\\.)*\])(?:[+*]|\{\d+,\})\??(\1|\.|\\w)(?:[+*]|\{\d+,\})"#)

    static let riskyShapes: [(PCRE2Pattern, String)] = [
        (nestedQuantifier, "a repeated group contains an unbounded quantifier"),
        (adjacentQuantifiers, "two unbounded repeats of overlapping atoms in a row"),
    ]

    public func findings() -> [LintFinding] {
        var findings = [LintFinding]()
        let rules = detector.ruleSet.rules
        let scratch = detector.makeScratch()
        let checker = ExampleChecker(detector: detector)
        for failure in checker.failures() {
            findings.append(
                LintFinding(
                    rule: failure.rule, level: .error,
                    kind: failure.expectedMatch ? "misses its own match example" : "fires on its no_match example",
                    detail: failure.example.debugDescription))
        }
        for leak in checker.excerptLeaks() {
            findings.append(
                LintFinding(
                    rule: leak.rule, level: .error, kind: "value readable in its excerpt",
                    detail: "\(leak.reason) in \(leak.excerpt.debugDescription) (example \(leak.example.debugDescription))"))
        }
        var seenPatterns = [String: String]()
        for (index, rule) in rules.enumerated() {
            let definition = rule.definition
            if definition.examples.match.isEmpty || definition.examples.noMatch.isEmpty {
                findings.append(
                    LintFinding(
                        rule: definition.id, level: .warning, kind: "missing examples",
                        detail: "\(definition.examples.match.count) match and \(definition.examples.noMatch.count) no_match examples"))
            }
            let gate = detector.gates[index]
            if gate.isOpen {
                let pattern =
                    Detector.approximation(of: rule)?.occursEverywhere == true
                    ? "a pattern of zero-width assertions only, which every text holds" : "a pattern the prefilter automaton cannot model"
                findings.append(
                    LintFinding(
                        rule: definition.id, level: .warning, kind: "no prefilter gate",
                        detail: "no keywords, context words or min_digits, and \(pattern): the regex runs over every text"))
            }
            let key = definition.flags.map(\.rawValue).joined(separator: ",") + "\u{0}" + rule.regex.pattern
            if let other = seenPatterns[key] {
                findings.append(
                    LintFinding(rule: definition.id, level: .warning, kind: "duplicate", detail: "same pattern and flags as \(other)"))
            } else {
                seenPatterns[key] = definition.id
            }
            if !definition.examples.match.isEmpty {
                let shadowing = rules.indices.filter { other in
                    other != index && rules[other].definition.category == definition.category
                        && definition.examples.match.allSatisfy { checker.fires(rule: other, on: $0, scratch: scratch) }
                }
                for other in shadowing {
                    findings.append(
                        LintFinding(
                            rule: definition.id, level: .warning, kind: "shadowed",
                            detail: "\(rules[other].definition.id) also fires on every one of its match examples"))
                }
            }
            let pattern = Array(rule.regex.pattern.utf8)
            for (shape, detail) in Self.riskyShapes
            where pattern.withUnsafeBufferPointer({ shape.matches($0, scratch: scratch.match) }) {
                findings.append(LintFinding(rule: definition.id, level: .warning, kind: "backtracking risk", detail: detail))
            }
            findings += measure(rule, scratch: scratch.match)
            if let reason = detector.unwindowedReason(rule: index) {
                findings.append(LintFinding(rule: definition.id, level: .note, kind: "not windowed", detail: reason))
            }
        }
        return findings + candidateRates(scratch: scratch)
    }

    /// The findings as lines, a summary line, and whether there is an error (what `patterns
    /// lint` prints and exits on).
    public func report() -> (lines: [String], summary: String, failed: Bool) {
        let found = findings()
        let count = { (level: LintFinding.Level) in found.filter { $0.level == level }.count }
        let summary =
            "\(detector.ruleSet.rules.count) rules: \(count(.error)) errors, \(count(.warning)) warnings, \(count(.note)) notes"
        return (found.map(\.description), summary, count(.error) > 0)
    }

    /// Rules whose regex runs on more than ``candidateRateLimit`` of the sample texts.
    func candidateRates(scratch: DetectionScratch) -> [LintFinding] {
        guard !sampleTexts.isEmpty else { return [] }
        var runs = [Int](repeating: 0, count: detector.gates.count)
        for text in sampleTexts {
            let bytes = Array(text.utf8)
            let running = bytes.withUnsafeBufferPointer { detector.rulesToRun(in: $0, scratch: scratch) }
            for (index, runsHere) in running.enumerated() where runsHere { runs[index] += 1 }
        }
        return runs.enumerated().compactMap { index, count in
            let rate = Double(count) / Double(sampleTexts.count)
            guard rate > candidateRateLimit else { return nil }
            return LintFinding(
                rule: detector.ruleSet.rules[index].definition.id, level: .warning, kind: "unselective gate",
                detail: String(
                    format: "its regex runs on %.0f%% of %d sample texts of English prose (limit %.0f%%)", rate * 100,
                    sampleTexts.count, candidateRateLimit * 100))
        }
    }

    /// Times the rule on strings made to make a backtracking engine work: each match example
    /// repeated and cut short, and long runs of its characters with a foreign byte at the end.
    func measure(_ rule: CompiledRule, scratch: MatchScratch) -> [LintFinding] {
        var inputs = [[UInt8]]()
        for example in rule.definition.examples.match {
            let bytes = Array(example.utf8)
            guard !bytes.isEmpty else { continue }
            inputs.append(Array(Array(repeating: bytes, count: 200).joined().dropLast()))
            inputs.append(Array(repeating: bytes[bytes.count / 2], count: 20_000) + [0x21])
        }
        inputs.append(Array(repeating: UInt8(ascii: "a"), count: 20_000) + [0x21])
        inputs.append(Array(repeating: UInt8(ascii: "1"), count: 20_000) + [0x21])
        var worst = 0.0
        var limitHits = 0
        for input in inputs {
            let before = scratch.limitHits
            let started = DispatchTime.now().uptimeNanoseconds
            input.withUnsafeBufferPointer { buffer in
                var start = 0
                var attempts = 0
                while start < buffer.count, attempts < 1000,
                    case .match(let range) = rule.regex.firstMatch(in: buffer, from: start, scratch: scratch)
                {
                    start = max(range.upperBound, start + 1)
                    attempts += 1
                }
            }
            worst = max(worst, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            limitHits += scratch.limitHits - before
        }
        var findings = [LintFinding]()
        if limitHits > 0 {
            findings.append(
                LintFinding(
                    rule: rule.definition.id, level: .error, kind: "catastrophic backtracking",
                    detail: "hit PCRE2's match limit \(limitHits) times on adversarial input"))
        } else if worst > slowSeconds {
            findings.append(
                LintFinding(
                    rule: rule.definition.id, level: .warning, kind: "slow on adversarial input",
                    detail: String(format: "%.0f ms on a 20 KB string built from its examples", worst * 1000)))
        }
        return findings
    }
}
