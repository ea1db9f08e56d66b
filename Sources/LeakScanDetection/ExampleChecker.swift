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
}
