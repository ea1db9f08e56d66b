import LeakScanPCRE2
import LeakScanRules

/// A rule example that did not behave as its rule file says.
public struct ExampleFailure: Sendable, Equatable, CustomStringConvertible {
    public var rule: String
    public var file: String
    public var example: String
    /// True for a `match` example that found nothing; false for a `no_match` example that fired.
    public var expectedMatch: Bool

    public var description: String {
        let what = expectedMatch ? "match example did not match" : "no_match example matched"
        return "\(file): rule '\(rule)': \(what): \(example.debugDescription)"
    }
}

/// Runs every rule's examples through the full detector (regex, validator, context, allowlist),
/// so an example proves what the scan will do, not only what the regex does.
public struct ExampleChecker: Sendable {
    let detector: Detector

    public init(detector: Detector) {
        self.detector = detector
    }

    /// Whether rule number `rule` fires on `text`.
    public func fires(rule: Int, on text: String, scratch: DetectionScratch) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            !detector.findings(in: buffer, scratch: scratch, only: rule).isEmpty
        }
    }

    /// Every failing example of every rule, in rule order.
    public func failures() -> [ExampleFailure] {
        let scratch = detector.makeScratch()
        var failures = [ExampleFailure]()
        for (index, rule) in detector.ruleSet.rules.enumerated() {
            let definition = rule.definition
            for text in definition.examples.match where !fires(rule: index, on: text, scratch: scratch) {
                failures.append(ExampleFailure(rule: definition.id, file: definition.file, example: text, expectedMatch: true))
            }
            for text in definition.examples.noMatch where fires(rule: index, on: text, scratch: scratch) {
                failures.append(ExampleFailure(rule: definition.id, file: definition.file, example: text, expectedMatch: false))
            }
        }
        return failures
    }

    /// Match examples whose stored excerpt would still show what the mask must hide: a run of
    /// six or more digits (single spaces or hyphens between them allowed), or a whole
    /// sensitive part of four or more characters in clear.
    public func excerptLeaks() -> [ExcerptLeak] {
        let scratch = detector.makeScratch()
        var leaks = [ExcerptLeak]()
        for (index, rule) in detector.ruleSet.rules.enumerated() {
            let masks = rule.definition.mask != .none
            for text in rule.definition.examples.match {
                let bytes = Array(text.utf8)
                for (finding, excerpt) in detector.maskedExcerpts(in: text, rule: index, scratch: scratch) {
                    let digits = Self.longestDigitRun(in: excerpt)
                    if digits.digits >= 6 {
                        leaks.append(
                            ExcerptLeak(rule: rule.definition.id, example: text, excerpt: excerpt, reason: "digits \(digits.run) readable"))
                    } else if masks,
                        let part = finding.values.map({ String(decoding: bytes[$0], as: UTF8.self) }).first(where: {
                            $0.count >= 4 && excerpt.contains($0)
                        })
                    {
                        leaks.append(
                            ExcerptLeak(rule: rule.definition.id, example: text, excerpt: excerpt, reason: "value '\(part)' readable"))
                    }
                }
            }
        }
        return leaks
    }

    /// The longest run of digits in `text` (single spaces or hyphens between digits allowed)
    /// and how many digits it holds.
    static func longestDigitRun(in text: String) -> (run: String, digits: Int) {
        var best = ("", 0)
        var current = ("", 0)
        var separator: Character?
        for character in text {
            if character.isASCII && character.isNumber {
                if let pending = separator { current.0.append(pending) }
                separator = nil
                current.0.append(character)
                current.1 += 1
                if current.1 > best.1 { best = current }
            } else if (character == " " || character == "-") && separator == nil && current.1 > 0 {
                separator = character
            } else {
                current = ("", 0)
                separator = nil
            }
        }
        return best
    }
}

/// A rule's match example whose masked excerpt still shows the value.
public struct ExcerptLeak: Sendable, Equatable {
    public var rule: String
    public var example: String
    public var excerpt: String
    public var reason: String
}
