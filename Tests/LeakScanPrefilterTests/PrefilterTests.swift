import Foundation
import LeakScanPrefilter
import Testing

/// The automaton on its own: it must report exactly the patterns that occur (ASCII case
/// ignored, word edges honoured), whatever the text, as a naive search would.
@Suite struct RuleAutomatonDirectTests {
    static let words = ["card", "passport", "sort code", "nhs", "op", "road", "ass"]

    /// Whether the one pattern of `automaton` (tag 0) occurs in `text`, as its scan reports.
    static func occurs(in text: String, automaton: RuleAutomaton, cache: AutomatonCache) -> Bool {
        var found = [false]
        Array(text.utf8).withUnsafeBufferPointer { automaton.scan($0, cache: cache, found: &found) }
        return found[0]
    }

    @Test func literalsAreFoundExactlyWhereTheyOccur() {
        let automaton = RuleAutomaton(patterns: Self.words.enumerated().map { ($0.offset, EdgedPattern(literal: $0.element)) })
        let cache = automaton.makeCache()
        var state: UInt64 = 7
        let alphabet = Array("cardpsotnhCARDPSOTNH -é\n")
        for _ in 0..<3000 {
            let length = Int(state % 40)
            var text = ""
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            if state % 5 == 0 { text += Self.words[Int(state % 7)].uppercased() }
            var found = [Bool](repeating: false, count: Self.words.count)
            Array(text.utf8).withUnsafeBufferPointer { automaton.scan($0, cache: cache, found: &found) }
            let expected = Self.words.map { text.lowercased().contains($0) }
            #expect(found == expected, "\(text.debugDescription)")
        }
    }

    /// Texts of 64 bytes or more are read as two streams; tags and end positions must be exactly one
    /// stream's, wherever patterns sit around the split point, and a cache that starts over
    /// half-way must still lose nothing, with one stream or two (it once lost a pattern
    /// completed on the very byte where the cache started over: short texts showed it).
    @Test func twoStreamsFindWhatOneStreamFinds() throws {
        let patterns = try Self.mixedPatterns()
        let tagCount = patterns.count
        let oneStream = RuleAutomaton(patterns: patterns, twoStreamsFrom: .max)
        let twoStreams = RuleAutomaton(patterns: patterns)
        let smallCache = RuleAutomaton(patterns: patterns, maxStates: 40)
        let smallCacheOneStream = RuleAutomaton(patterns: patterns, maxStates: 40, twoStreamsFrom: .max)
        let vocabulary = Self.mixedVocabulary
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        // Each automaton's positions are reused from text to text, as a worker's are.
        var kept = [ObjectIdentifier: TagPositions]()
        func scan(_ automaton: RuleAutomaton, _ cache: AutomatonCache, _ bytes: [UInt8]) -> (
            found: [Bool], ends: [[Int]], overflowed: [Bool]
        ) {
            var found = [Bool](repeating: false, count: tagCount)
            let positions = kept[
                ObjectIdentifier(automaton), default: TagPositions(tracking: Set(0..<tagCount), tagCount: tagCount, capacity: 10_000)]
            kept[ObjectIdentifier(automaton)] = positions
            positions.reset()
            bytes.withUnsafeBufferPointer { automaton.scan($0, cache: cache, found: &found, positions: positions) }
            return (found, positions.ends, positions.overflowed)
        }
        let caches = (oneStream.makeCache(), twoStreams.makeCache(), smallCache.makeCache(), smallCacheOneStream.makeCache())
        var split = 0
        for _ in 0..<400 {
            var text = ""
            while text.utf8.count < 64 + next(2500) { text += vocabulary[next(vocabulary.count)] + (next(3) == 0 ? "" : " ") }
            let bytes = Array(text.utf8)
            let expected = scan(oneStream, caches.0, bytes)
            let two = scan(twoStreams, caches.1, bytes)
            #expect(two.found == expected.found && two.ends == expected.ends, "\(text.debugDescription)")
            // A cache that starts over may find more (it gives up on a text, gating nothing), never
            // less; where it kept positions (one stream read the text again after two had begun),
            // they are one stream's.
            for small in [scan(smallCache, caches.2, bytes), scan(smallCacheOneStream, caches.3, bytes)] {
                #expect(zip(small.found, expected.found).allSatisfy { $0 || !$1 }, "\(text.debugDescription)")
                for tag in 0..<tagCount where !small.overflowed[tag] {
                    #expect(small.ends[tag] == expected.ends[tag], "\(text.debugDescription) tag \(tag)")
                }
            }
            split += expected.found.contains(true) ? 1 : 0
        }
        #expect(split > 300)
    }

    /// Literals, lines, a text's start and approximations with open gaps, digits and word
    /// edges, tagged 0…13: what the stream tests read.
    static func mixedPatterns() throws -> [(tag: Int, pattern: EdgedPattern)] {
        let regexes = [
            #"(?<![a-z])insult.{0,40}boss(?![a-z])"#, #"\d{3}[ -]?\d{4}"#, #"kill\s+you"#, #"(?<![a-z])ass(?![a-z])"#,
            #"sort code \d\d"#,
        ]
        var patterns = Self.words.enumerated().map { ($0.offset, EdgedPattern(literal: $0.element)) }
        patterns += [(patterns.count, EdgedPattern(literal: "^road$")), (patterns.count + 1, EdgedPattern(literal: "^op"))]
        for regex in regexes {
            patterns.append((patterns.count, try #require(EdgedPattern.approximating(regex, caseless: true, extended: false))))
        }
        return patterns
    }

    /// What the stream tests' texts are made of: the patterns' words, near misses, digits and separators.
    static let mixedVocabulary = [
        "insult", "boss", "kill", "you", "ass", "class", "card", "passport", "sort", "code", "nhs", "op", "road", "roads",
        "012", "3456", "-", "the", "and", "é", "\n", "  ", ".",
    ]

    /// Two automata read together (posts run two) find the tags and record the end positions
    /// that each finds alone with one stream, on texts from one byte to a few thousand (one
    /// stream each, or two each, in the shared loop). With caches that start over (40 states)
    /// or give up (5), each may find more, never less, and keeps a tag's positions exactly
    /// unless it marked them overflowed; the patterns are split so that only one automaton
    /// has those allowed at a text's start, which narrows where a second stream may begin.
    @Test(arguments: [16_384, 40, 5]) func twoAutomataReadTogetherFindWhatEachFindsAlone(maxStates: Int) throws {
        let patterns = try Self.mixedPatterns()
        let tagCount = patterns.count
        let groups = [patterns.filter { $0.tag % 2 == 0 }, patterns.filter { $0.tag % 2 == 1 }]
        let alone = groups.map { RuleAutomaton(patterns: $0, twoStreamsFrom: .max) }
        let together = groups.map { RuleAutomaton(patterns: $0, maxStates: maxStates) }
        let aloneCaches = alone.map { $0.makeCache() }
        let togetherCaches = together.map { $0.makeCache() }
        let expectedPositions = TagPositions(tracking: Set(0..<tagCount), tagCount: tagCount, capacity: 10_000)
        let positions = TagPositions(tracking: Set(0..<tagCount), tagCount: tagCount, capacity: 10_000)
        var state: UInt64 = 23
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        var (short, long, gaveUp) = (0, 0, 0)
        for round in 0..<600 {
            var text = ""
            let length = round % 3 == 0 ? 1 + next(63) : 64 + next(2500)
            while text.utf8.count < length { text += Self.mixedVocabulary[next(Self.mixedVocabulary.count)] + (next(3) == 0 ? "" : " ") }
            let bytes = Array(text.utf8)
            var expected = [Bool](repeating: false, count: tagCount)
            var found = [Bool](repeating: false, count: tagCount)
            expectedPositions.reset()
            positions.reset()
            bytes.withUnsafeBufferPointer { bytes in
                for (automaton, cache) in zip(alone, aloneCaches) {
                    automaton.scan(bytes, cache: cache, found: &expected, positions: expectedPositions)
                }
                RuleAutomaton.scan(bytes, caches: togetherCaches[0], togetherCaches[1], found: &found, positions: positions)
            }
            if maxStates == 16_384 {
                #expect(found == expected && positions.ends == expectedPositions.ends, "\(text.debugDescription)")
            } else {
                #expect(zip(found, expected).allSatisfy { $0 || !$1 }, "\(text.debugDescription)")
                for tag in 0..<tagCount where !positions.overflowed[tag] {
                    #expect(positions.ends[tag] == expectedPositions.ends[tag], "\(text.debugDescription) tag \(tag)")
                }
            }
            if bytes.count < 64 { short += 1 } else { long += 1 }
            gaveUp += positions.overflowed.contains(true) ? 1 : 0
        }
        #expect(short > 150 && long > 350)
        if maxStates == 5 { #expect(gaveUp > 0) }
    }

    /// A cache too small for a pattern's states fills up part-way through a match and starts
    /// over from the state in hand, so the match still completes; a text that only begins the
    /// pattern is still not reported (the scan did not give up and report everything).
    @Test(arguments: 4...6) func aCacheStartingOverMidMatchKeepsThePartialMatch(maxStates: Int) {
        let automaton = RuleAutomaton(patterns: [(0, EdgedPattern(literal: "abcdefgh"))], maxStates: maxStates)
        let cache = automaton.makeCache()
        func found(_ text: String) -> Bool { Self.occurs(in: text, automaton: automaton, cache: cache) }
        #expect(found("xx abcdefgh"))
        #expect(!found("xx abcdefg"))
        #expect(!found("abcdexgh"))
        #expect(found("abcdefgh abc"))
    }

    @Test func approximationsGateOnlyWhatTheyModel() {
        #expect(EdgedPattern.approximating(#"(?<![a-z])ass(?![a-z])"#, caseless: true, extended: false) != nil)
        // Back-references cannot be modelled: such a rule runs over every text.
        #expect(EdgedPattern.approximating(#"(ab)\1"#, caseless: false, extended: false) == nil)
        let gate = EdgedPattern.approximating(#"(?<![a-z])ass(?![a-z])"#, caseless: true, extended: false)!
        let automaton = RuleAutomaton(patterns: [(0, gate)])
        let cache = automaton.makeCache()
        func hits(_ text: String) -> Bool { Self.occurs(in: text, automaton: automaton, cache: cache) }
        #expect(hits("what an ASS."))
        #expect(!hits("a class assignment"))
    }

    @Test func trackedTagsRecordEveryEndOffsetAsANaiveSearchFinds() {
        let automaton = RuleAutomaton(patterns: Self.words.enumerated().map { ($0.offset, EdgedPattern(literal: $0.element)) })
        let cache = automaton.makeCache()
        let positions = TagPositions(tracking: [0, 2, 4], tagCount: Self.words.count)
        var state: UInt64 = 11
        let alphabet = Array("cardsotn -op\n")
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int(state % 60) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let bytes = Array(text.utf8)
            var found = [Bool](repeating: false, count: Self.words.count)
            positions.reset()
            bytes.withUnsafeBufferPointer { automaton.scan($0, cache: cache, found: &found, positions: positions) }
            for tag in [0, 2, 4] {
                let word = Array(Self.words[tag].utf8)
                let expected =
                    word.count > bytes.count ? [] : (word.count...bytes.count).filter { bytes[($0 - word.count)..<$0].elementsEqual(word) }
                #expect(positions.ends[tag] == expected, "\(text.debugDescription) \(Self.words[tag])")
                #expect(!positions.overflowed[tag])
            }
        }
    }

    @Test func tooManyPositionsMarkTheTagOverflowedInsteadOfGrowing() {
        let automaton = RuleAutomaton(patterns: [(0, EdgedPattern(literal: "a"))])
        let positions = TagPositions(tracking: [0], tagCount: 1, capacity: 4)
        var found = [false]
        Array("a a a a a".utf8).withUnsafeBufferPointer {
            automaton.scan($0, cache: automaton.makeCache(), found: &found, positions: positions)
        }
        #expect(found == [true])
        #expect(positions.overflowed[0])
        // The next text starts clean: no overflow and no positions carried over.
        positions.reset()
        found = [false]
        Array("b a".utf8).withUnsafeBufferPointer {
            automaton.scan($0, cache: automaton.makeCache(), found: &found, positions: positions)
        }
        #expect(!positions.overflowed[0])
        #expect(positions.ends[0] == [3])
    }

    @Test func matchWidthsAreBoundedOnlyWithoutOpenRepeats() {
        func width(_ pattern: String) -> Int? { EdgedPattern.approximating(pattern, caseless: true, extended: false)?.maxWidth }
        // An upper bound: a class that may hold non-ASCII characters (\d, \s, \R, é) counts
        // four bytes a character, look-arounds none.
        #expect(width(#"(?<![a-z])ab(?:c|de)[0-9]{2,3}(?![a-z])"#) == 7)
        #expect(width(#"ab\d{2,3}"#) == 14)
        #expect(width(#"é{2}"#) == 8)
        #expect(width(#"a\s{1,16}joke"#) == 72)  // caseless k may be the Kelvin sign
        #expect(width(#"a\s+joke"#) == nil)
        #expect(width(#"x\R"#) == 5)
    }

    /// How far an approximation's end may lie past the match: one byte when it checks the byte
    /// after (a look-ahead edge), none without; unknown (nil) when a match may be empty, since
    /// an empty match may end where the one before it ended.
    @Test func endSlackFollowsTheTrailingEdgeAndEmptiness() {
        func slack(_ pattern: String) -> Int?? { EdgedPattern.approximating(pattern, caseless: false, extended: false).map(\.endSlack) }
        #expect(slack("abc") == .some(0))
        #expect(slack(#"\bab\b"#) == .some(0))
        #expect(slack("(?<![a-z])ab+(?![a-z])") == .some(1))
        #expect(slack("a(?=b)") == .some(1))  // a look-ahead edge, positive or negative
        #expect(slack("(?:ab|c)(?!x)") == .some(1))
        #expect(slack("a?(?![a-z])") == .some(nil))
        #expect(slack("(?:ab)*x{0,2}") == .some(nil))
        #expect(slack("(?:|a)b") == .some(0))
        #expect(slack("(?:ab|)") == .some(nil))
    }

    @Test func digitRunsAllowSingleSeparators() {
        func run(_ text: String) -> Int { Array(text.utf8).withUnsafeBufferPointer { longestDigitRun($0) } }
        #expect(run("card 4111 1111-1111 1111 exp") == 16)
        #expect(run("12  34") == 2)
        #expect(run("no digits") == 0)
    }

    /// The eight-byte skip must give what the plain byte-by-byte definition gives, wherever
    /// runs start and end relative to the eight-byte steps.
    @Test func digitRunSkipAgreesWithBytewiseDefinition() {
        func reference(_ bytes: [UInt8]) -> Int {
            var longest = 0, current = 0, previousWasDigit = false, separatorPending = false
            for byte in bytes {
                if (0x30...0x39).contains(byte) {
                    current += 1
                    longest = max(longest, current)
                    (previousWasDigit, separatorPending) = (true, false)
                } else if previousWasDigit && !separatorPending && [0x20, 0x2D, 0x2E, 0x2F].contains(byte) {
                    (previousWasDigit, separatorPending) = (false, true)
                } else {
                    (current, previousWasDigit, separatorPending) = (0, false, false)
                }
            }
            return longest
        }
        let alphabet: [UInt8] = Array("0123456789 -./ax:".utf8) + [0x80, 0xB9, 0xFF, 0x2F, 0x3A, 0x00]
        var state: UInt64 = 3
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bytes = [UInt8]()
            var draw = state
            for _ in 0..<(state >> 58) {
                draw = draw &* 2_862_933_555_777_941_757 &+ 3_037_000_493
                bytes.append(alphabet[Int((draw >> 33) % UInt64(alphabet.count))])
            }
            let fast = bytes.withUnsafeBufferPointer { longestDigitRun($0) }
            #expect(fast == reference(bytes), "\(bytes)")
        }
    }
}
