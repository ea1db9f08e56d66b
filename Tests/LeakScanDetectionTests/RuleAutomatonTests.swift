import Foundation
import LeakScanPrefilter
import LeakScanRules
import LeakScanSynth
import Testing

@testable import LeakScanDetection

/// The automaton gate (rules with no literal run only where an over-approximation of their
/// pattern occurs) may never lose a match, and must actually keep regexes off ordinary text.
@Suite struct RuleAutomatonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Patterns exercising each construct the approximation models, with the characters to
    /// build random texts from (the pattern's own characters, their other case, and traps:
    /// a Kelvin sign, a long s, a two-byte letter, separators).
    static let cases: [(pattern: String, flags: [RuleFlag], alphabet: String)] = [
        ("(?<![A-Za-z])ab+c(?![a-z])", [], "abcABC x1é"),
        ("(?<![a-z])ab(?!c)", [], "abcAB -"),
        ("(?<=[0-9])x{2,4}y", [], "xy9Y0 X"),
        ("(?<![\\p{L}\\p{N}@])k[i1!]ss(?![\\p{L}\\p{N}])", [.caseless], "kiss1!KIS\u{212A}\u{17F}é@ ."),
        ("[^a]b[^\\s]", [], "abAB \tc\n"),
        ("(?i)[^a]b", [], "abAB c"),
        ("a(?-i)b(?i)c", [.caseless], "abcABC"),
        ("(?i:x)y", [], "xyXY"),
        ("\\d{3}[ -]?\\d{2,3}\\b", [], "0123 -a"),
        ("a.{13}b", [], "ab é"),
        ("\\bfoo|ba[rz]{1,2}\\B", [], "foba rzFOO"),
        ("a b # comment\n c", [.extended], "abc #"),
        ("\\Qa.b\\E+", [], "a.bx"),
        ("\\x41\\x{42}[\\x43-\\x45]", [], "ABCDEabcde"),
        ("é+ü", [.caseless], "éüÉÜeu"),
        ("[[:alpha:]]{2}[[:^digit:]]", [], "a1B2 ."),
        ("\\p{Lu}\\P{L}\\w\\W", [], "A1_ é"),
        ("\\S\\s\\h\\v\\N", [], "x \t\n\r"),
        ("(?:ab|cd)*e", [], "abcde"),
        ("(?<value>x|y)(?!\\p{L})", [], "xyzé1"),
        ("q\\d(?! ?[A-Za-z](?![A-Za-z]))", [], "q1 a A"),
        ("^(?m)start|end$", [], "startend\n"),
        // Matches side by side: after one, the next starts where it ends or a byte later.
        ("ab|b", [], "ab "),
        ("(?<![a-z])x(?![a-z])", [], "x y"),
        ("a(?![c])", [], "aac"),
        ("(?:ab)+", [], "ab"),
    ]

    func detectors(for pattern: String, flags: [RuleFlag]) throws -> (gated: Detector, plain: Detector) {
        let rule = RuleDefinition(id: "r", title: "r", category: .confidential, severity: .low, pattern: pattern, flags: flags)
        let set = try RuleSet(definitions: [rule], organisations: [])
        let key = Fingerprinter(key: [7])
        return (Detector(ruleSet: set, fingerprinter: key), Detector(ruleSet: set, fingerprinter: key, prefilter: false))
    }

    /// Random texts, many of them matching: whatever PCRE2 finds with no gate, it finds with the gate.
    @Test(arguments: cases.indices) func gateNeverLosesAMatch(_ index: Int) throws {
        let (pattern, flags, alphabet) = Self.cases[index]
        let (gated, plain) = try detectors(for: pattern, flags: flags)
        #expect(gated.gates[0].hasApproximation, "the approximation should model \(pattern)")
        let characters = Array(alphabet)
        var random = SplitMix64(seed: UInt64(index + 1))
        let gatedScratch = gated.makeScratch()
        let plainScratch = plain.makeScratch()
        var matched = 0
        for _ in 0..<3000 {
            let length = Int(random.next() % 20)
            let text = String((0..<length).map { _ in characters[Int(random.next() % UInt64(characters.count))] })
            let bytes = Array(text.utf8)
            let expected = bytes.withUnsafeBufferPointer { plain.findings(in: $0, scratch: plainScratch) }
            let found = bytes.withUnsafeBufferPointer { gated.findings(in: $0, scratch: gatedScratch) }
            #expect(found == expected, "\(pattern) on \(text.debugDescription)")
            matched += expected.isEmpty ? 0 : 1
        }
        #expect(matched > 0, "no random text matched \(pattern): the test would prove nothing")
    }

    /// A rule with no length bound searches, before each place its approximation ends, only
    /// from the earliest place a match ending there can start (its approximation read
    /// backwards), and nothing after the last such place.
    @Test func anUnboundedRuleSearchesOnlyWhereAMatchEndingAtAnApproximationsEndCanStart() throws {
        let (gated, plain) = try detectors(for: "(?<![a-z])ab+c", flags: [])
        #expect(gated.gates[0].hasApproximation && gated.gates[0].window == nil)
        let scratch = gated.makeScratch()
        let text = Array("x abbbc then abc and a tail with no match".utf8)
        let found = text.withUnsafeBufferPointer { gated.findings(in: $0, scratch: scratch) }
        #expect(found == text.withUnsafeBufferPointer { plain.findings(in: $0, scratch: plain.makeScratch()) })
        #expect(found.map(\.match) == [2..<7, 13..<16])
        let windows = text.withUnsafeBufferPointer { gated.searchWindows(rule: 0, in: $0, scratch: scratch) }
        #expect(windows == [2...7, 13...16])
    }

    /// Read backwards from a place, the reversed approximation tells the earliest start of a
    /// match ending there however long its repeats, and nil where no match ends.
    @Test func reversedApproximationFindsTheEarliestStart() throws {
        let pattern = try #require(EdgedPattern.approximating("x(?:ab)+y|b+y", caseless: false, extended: false))
        let cache = RuleAutomaton(patterns: [(0, pattern.reversedBody)], anchored: true).makeCache()
        let text = Array("zzxababababy by y xy".utf8)
        text.withUnsafeBufferPointer { text in
            #expect(cache.earliestStart(in: text, before: 12) == 2)  // `xababababy`, not just `by`
            #expect(cache.earliestStart(in: text, before: 15) == 13)  // `by`
            #expect(cache.earliestStart(in: text, before: 17) == nil)  // a `y` alone
            #expect(cache.earliestStart(in: text, before: 20) == nil)  // `xy`: `(?:ab)+` needs one `ab`
            #expect(cache.earliestStart(in: text, before: 11) == nil)  // inside a match, none ends
        }
    }

    /// Unbounded rules over longer random texts, where a match can start far before the place
    /// its approximation ends, and whose edge conditions put that place a byte after the
    /// match (or not, at the text's end): whatever PCRE2 finds with no gate, it finds windowed.
    /// Texts are made of `pieces` (letters, or the runs a word is made of).
    @Test(arguments: [
        (
            "(?<![a-z])f+[uü*]+c+k+(?:ing|s)?(?![a-z])", [RuleFlag.caseless],
            ["f", "fu", "u", "Ü", "*", "ck", "k", "ing", "s", " ", "é", "-", "x", "F"]
        ),
        ("x(?:ab|a)+y", [], ["a", "b", "x", "y", " "]),
        ("[a-c]+[0-9]+[a-c]+", [], ["a", "b", "c", "0", "1", "9", " "]),
        ("(?<![\\p{L}])é+ü+(?!\\p{L})", [.caseless], ["é", "ü", "É", "Ü", "e", " ", "."]),
    ])
    func unboundedWindowsLoseNoMatch(_ pattern: String, _ flags: [RuleFlag], _ pieces: [String]) throws {
        let (gated, plain) = try detectors(for: pattern, flags: flags)
        #expect(gated.gates[0].hasApproximation && gated.gates[0].window == nil)
        let characters = pieces
        var random = SplitMix64(seed: UInt64(pattern.utf8.count))
        let gatedScratch = gated.makeScratch()
        let plainScratch = plain.makeScratch()
        var matched = 0
        for _ in 0..<1500 {
            let length = Int(random.next() % 80)
            let text = (0..<length).map { _ in characters[Int(random.next() % UInt64(characters.count))] }.joined()
            let bytes = Array(text.utf8)
            let expected = bytes.withUnsafeBufferPointer { plain.findings(in: $0, scratch: plainScratch) }
            let found = bytes.withUnsafeBufferPointer { gated.findings(in: $0, scratch: gatedScratch) }
            #expect(found == expected, "\(pattern) on \(text.debugDescription)")
            matched += expected.isEmpty ? 0 : 1
        }
        #expect(matched >= 50, "too few random texts matched \(pattern): the test would prove little")
    }

    /// The mention phrases' automaton keeps PCRE2 off the bytes before a match only where no
    /// phrase can end: random runs of the phrases' words before a lexicon word get the
    /// verdicts the ungated detector gives, mentions and uses alike.
    @Test func mentionGateChangesNoVerdict() throws {
        let set = try RuleSet.load(directory: Self.root.appendingPathComponent("Patterns"))
        let key = Fingerprinter(key: [7])
        let gated = Detector(ruleSet: set, fingerprinter: key)
        let plain = Detector(ruleSet: set, fingerprinter: key, prefilter: false)
        let mentioning = set.rules.indices.filter { set.rules[$0].mentionRegex != nil }
        #expect(mentioning.count >= 4)
        #expect(mentioning.allSatisfy { gated.mentionAutomatonOfRule[$0] != nil })
        #expect(mentioning.allSatisfy { plain.mentionAutomatonOfRule[$0] == nil })
        let words = [
            "the", "that", "word", "words", "slur", "term", "called", "he", "they", "was", "got", "people", "me", "him", "a", "an",
            "said", "wrote:", "spelt", "meaning", "definition", "of", "not", "isn't", "so", "really", "\"", "'", "“", ",", ":",
            "x", "É",
        ]
        let uses = ["fuck", "paki"]
        var random = SplitMix64(seed: 11)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let (gatedScratch, plainScratch) = (gated.makeScratch(), plain.makeScratch())
        var (mentions, used) = (0, 0)
        for _ in 0..<3000 {
            let prefix = (0..<Int(random.next() % 7)).map { _ in pick(words) }.joined(separator: pick([" ", " ", "  ", ""]))
            let text = Array((prefix + pick([" ", "", " \""]) + pick(uses)).utf8)
            let expected = text.withUnsafeBufferPointer { plain.findings(in: $0, scratch: plainScratch) }
            let found = text.withUnsafeBufferPointer { gated.findings(in: $0, scratch: gatedScratch) }
            #expect(found == expected, "\(String(decoding: text, as: UTF8.self).debugDescription)")
            let lexicon = expected.contains { mentioning.contains($0.rule) && $0.match.upperBound == text.count }
            if lexicon { used += 1 } else { mentions += 1 }
        }
        #expect(mentions > 100 && used > 100, "mentions \(mentions), uses \(used): the texts should hold both")
    }

    /// Two rules with the same mention phrases but different flags do not share what the
    /// phrases said at a place: "THE WORD idiot" mentions the word for the caseless rule, and
    /// is a use for the rule that reads case, whichever rule asks first.
    @Test func mentionPhrasesReadWithOtherFlagsAreAskedAgain() throws {
        func rule(_ id: String, caseless: Bool) -> String {
            """
              - id: \(id)
                title: An insult
                category: derogatory
                severity: low
                flags: [\(caseless ? "caseless" : "")]
                pattern: 'idiot'
                mention:
                  after: ['\\bthe\\s+word\\s*']
            """
        }
        for order in [[true, false], [false, true]] {
            let yaml = "rules:\n" + order.enumerated().map { rule("rule\($0.offset)", caseless: $0.element) }.joined(separator: "\n")
            let definitions = try RuleFileParser(file: "rules.yaml").parse(yaml).rules
            let detector = Detector(
                ruleSet: try RuleSet(definitions: definitions, organisations: []), fingerprinter: Fingerprinter(key: [7]))
            #expect(detector.mentionAutomatonOfRule[0] != detector.mentionAutomatonOfRule[1])
            let found = Array("THE WORD idiot".utf8).withUnsafeBufferPointer { detector.findings(in: $0, scratch: detector.makeScratch()) }
            #expect(found.map(\.rule) == [order.firstIndex(of: false)!], "\(order)")
        }
    }

    @Test(arguments: ["(a)\\1", "(a)?(?(1)b|c)", "a(?R)?b", "x(*ACCEPT)y", "\\N{U+0041}b"])
    func unsupportedPatternsStayUngated(_ pattern: String) throws {
        let (gated, _) = try detectors(for: pattern, flags: [])
        #expect(!gated.gates[0].hasApproximation)
        #expect(gated.gates[0].isOpen)
    }

    /// A pattern of zero-width assertions only approximates to the empty string, which every
    /// text holds: it is no gate, so it is not tracked in the automaton, lint says why the rule
    /// is not windowed, and the findings are those of the ungated regex.
    @Test(arguments: ["\\A", "^", "\\b", "(?=x)"]) func assertionOnlyPatternsAreCandidatesEverywhere(_ pattern: String) throws {
        let (gated, plain) = try detectors(for: pattern, flags: [])
        #expect(!gated.gates[0].hasApproximation)
        #expect(gated.gates[0].isOpen)
        #expect(gated.unwindowedReason(rule: 0)?.contains("candidate everywhere") == true)
        let (gatedScratch, plainScratch) = (gated.makeScratch(), plain.makeScratch())
        for text in ["", "x", "a b", "say x now", "é"] {
            let bytes = Array(text.utf8)
            let expected = bytes.withUnsafeBufferPointer { plain.findings(in: $0, scratch: plainScratch) }
            #expect(bytes.withUnsafeBufferPointer { gated.findings(in: $0, scratch: gatedScratch) } == expected, "\(text.debugDescription)")
        }
    }

    /// The shipped lexicon rules are gated, and ordinary business text (with their terms
    /// inside longer words) does not reach their regexes; a real use does.
    @Test func lexiconRulesStayOffOrdinaryText() throws {
        let set = try RuleSet.load(directory: Self.root.appendingPathComponent("Patterns"))
        let detector = Detector(ruleSet: set, fingerprinter: Fingerprinter(key: [7]))
        let lexicon = ["profanity", "slur"].map { id in set.rules.firstIndex { $0.definition.id == id }! }
        #expect(lexicon.allSatisfy { detector.gates[$0].hasApproximation })
        func candidates(_ text: String) -> [Int] {
            let profile = RuleProfile(rules: set.rules.count)
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBufferPointer { detector.findings(in: $0, scratch: detector.makeScratch(), profile: profile) }
            return lexicon.map { profile.candidates[$0] }
        }
        let ordinary = """
            Please check the class assignment and the associated assets before the Scunthorpe
            meeting; the title of the document is in the shell script, and Dick Whittington
            will pass it to Cockburn at the bass clarinet recital.
            """
        #expect(candidates(ordinary) == [0, 0])
        #expect(candidates("what an a$$hole")[0] == 1)
    }

    /// A cache too small for the text gives up on it and lets every rule run: slower, never wrong.
    @Test func fullCacheGatesNothingButLosesNothing() throws {
        let set = try RuleSet.load(directory: Self.root.appendingPathComponent("Patterns"))
        let key = Fingerprinter(key: [7])
        let gated = Detector(ruleSet: set, fingerprinter: key, automatonStates: 8)
        let plain = Detector(ruleSet: set, fingerprinter: key, prefilter: false)
        let text = Array("You are a total sh1t and a b-i-t-c-h; IBAN GB82 WEST 1234 5698 7654 32".utf8)
        let expected = text.withUnsafeBufferPointer { plain.findings(in: $0, scratch: plain.makeScratch()) }
        let found = text.withUnsafeBufferPointer { gated.findings(in: $0, scratch: gated.makeScratch()) }
        #expect(found == expected)
        #expect(Set(expected.map { set.rules[$0.rule].definition.id }).isSuperset(of: ["profanity", "iban"]))
    }
}
