import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanRules
import Testing

/// Every example of every shipped rule is its own test case: a broken regex or a failing
/// example fails CI with the rule's name in the test id.
@Suite struct BundledRuleTests {
    static let detector = Detector(ruleSet: bundledRules, fingerprinter: Fingerprinter(key: Array("test-key-0123456789".utf8)))
    static let checker = ExampleChecker(detector: detector)

    struct Example: CustomTestStringConvertible, Sendable {
        var rule: Int
        var id: String
        var text: String
        var shouldMatch: Bool
        var testDescription: String { "\(id) \(shouldMatch ? "matches" : "ignores") \(text.debugDescription)" }
    }

    static let examples: [Example] = bundledRules.rules.enumerated().flatMap { index, rule in
        rule.definition.examples.match.map { Example(rule: index, id: rule.definition.id, text: $0, shouldMatch: true) }
            + rule.definition.examples.noMatch.map { Example(rule: index, id: rule.definition.id, text: $0, shouldMatch: false) }
    }

    @Test(arguments: examples)
    func example(_ example: Example) {
        let fires = Self.checker.fires(rule: example.rule, on: example.text, scratch: Self.detector.makeScratch())
        #expect(fires == example.shouldMatch)
    }

    @Test func ruleSetMeetsTheCoverageTheIssueAsksFor() {
        #expect(bundledRules.rules.count >= 25)
        for rule in bundledRules.rules {
            #expect(rule.definition.examples.match.count >= 2, "\(rule.definition.id) needs 2 match examples")
            #expect(rule.definition.examples.noMatch.count >= 2, "\(rule.definition.id) needs 2 no_match examples")
        }
        let categories = Set(bundledRules.rules.map(\.definition.category))
        #expect(categories == Set(Category.allCases))
    }

    @Test func checkerReportsABrokenExample() throws {
        var definition = bundledRules.rules[0].definition
        definition.examples = RuleExamples(match: ["nothing to see"], noMatch: [definition.examples.match[0]])
        let set = try RuleSet(definitions: [definition], organisations: [.metropolitanPolice])
        let failures = ExampleChecker(detector: Detector(ruleSet: set, fingerprinter: Fingerprinter(key: [1, 2, 3]))).failures()
        #expect(failures.count == 2)
        #expect(failures.map(\.expectedMatch) == [true, false])
    }

    // MARK: Scunthorpe problem and obfuscated forms (derogatory rules on the whole rule set)

    static func incidents(_ text: String) -> [Incident] {
        let document = Document(source: "t", offset: 0, messageID: "m", units: [TextUnit(location: "body", bytes: Array(text.utf8))])
        return detector.incidents(in: document, scratch: detector.makeScratch())
    }

    @Test(arguments: ["Scunthorpe", "Penistone", "Cockermouth", "assassin", "therapist", "Essex", "cocktail"])
    func placeNamesAndInnocentWordsRaiseNothing(_ word: String) {
        #expect(Self.incidents("We drove through \(word) on Tuesday.").isEmpty)
    }

    @Test(arguments: ["sh1t", "w@nker", "f*cking", "f u c k i n g", "sh!t", "b0ll0cks", "f.u.c.k", "tw4t", "fuuuuck"])
    func obfuscatedProfanityRaisesExactlyOne(_ form: String) {
        let found = Self.incidents("well that was \(form) annoying")
        #expect(found.count == 1)
        #expect(found.first?.category == .derogatory)
    }
}
