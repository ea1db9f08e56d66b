import Foundation
import LeakScanCore
import LeakScanPCRE2
import LeakScanPrefilter
import LeakScanRules
import LeakScanScoring

/// One confirmed rule match inside one text unit.
public struct Finding: Sendable, Equatable {
    /// Index of the rule in the rule set.
    public var rule: Int
    /// Byte range of the whole match.
    public var match: Range<Int>
    /// The first sensitive part (the first `value…` group that took part, else the whole
    /// match): what validators and entropy checks look at.
    public var value: Range<Int>
    /// The sensitive parts after the first (a sort code's account number). Empty for nearly
    /// every rule, so a finding allocates nothing: an array of parts per finding was an
    /// allocation for every match of every post.
    public var moreValues: [Range<Int>]

    /// Byte ranges of all the sensitive parts, in pattern order; never empty.
    public var values: [Range<Int>] { [value] + moreValues }

    public init(rule: Int, match: Range<Int>, value: Range<Int>, moreValues: [Range<Int>] = []) {
        self.rule = rule
        self.match = match
        self.value = value
        self.moreValues = moreValues
    }
}

/// Runs a rule set over text: regex, then validator, allowlist and context checks.
///
/// Shared by all workers; each worker passes its own ``DetectionScratch``.
public final class Detector: Sendable {
    public let ruleSet: RuleSet
    let fingerprinter: Fingerprinter
    /// At most this many findings per rule per text unit: a mail merge with 10,000 card
    /// numbers is one problem, not 10,000 incident lines.
    public let maxFindingsPerRule: Int

    /// Whether the prefilter gates the regexes (off only to check it or to measure it).
    public let usesPrefilter: Bool
    let automatonStates: Int
    /// For posts: the rules' keywords (tag `3 × rule`), context literals (`3 × rule + 1`) and,
    /// for rules with no other gate, approximate patterns (`3 × rule + 2`), as two automata: the
    /// derogatory rules', and the others'. Words of different kinds occur independently of each
    /// other, so one automaton over all of them needs a state for every combination of partial
    /// matches: on real posts, full of the derogatory words, its cache filled and started over
    /// all the time (state building was an eighth of the scan, and the split made posts 9 %
    /// faster). The confidential and logo rules' patterns are few and seldom half-matched in
    /// posts, so one automaton over both stays small (about 1,300 states on 110 MiB of posts)
    /// and saves a pass over every text: one per category was 2.4 % more of the scan's samples.
    let automata: AutomatonSet
    /// For mail: one automaton without the rules that skip mail (a scorer with `scope: posts`;
    /// measured: 133 scored words made a mail scan 1.7 times slower). Mail texts are long and
    /// its automaton stays small, so one pass beats one per category (measured: 5 % slower split).
    let mailAutomata: AutomatonSet
    /// Per rule: which gates it has.
    public let gates: [Gate]
    /// Per rule: how its values are masked in excerpts.
    let masks: [MaskStyle]
    /// Per rule: it skips mail (a scorer with `scope: posts`). Kept apart, so choosing the
    /// rules to run on a text reads no rule's definition (each read retained and released
    /// the rule, for every rule and every text).
    let postsOnly: [Bool]
    /// Per rule: its category is derogatory, so it looks for words, which characters that
    /// encode data spell by chance (``Authorship/encodedData``, ``Armour``, ``Base64Lines``).
    let isDerogatory: [Bool]
    /// Per rule: the checks its matches must pass.
    let checks: [Checks]
    /// Per rule: what its incidents say of it besides its id. Read from the rule's definition
    /// for every incident, the whole definition (twenty fields) was copied each time.
    let incidentFields: [IncidentFields]

    struct IncidentFields: Sendable {
        var category: Category
        var severity: Severity
        var kind: RemarkKind?
        var target: RemarkTarget?
    }
    let needsDigitRun: Bool
    /// Automaton tags whose end offsets are recorded: the approximations (where each rule's
    /// windows end, and the last start for a rule whose match may be empty), and the context
    /// words of windowed rules whose context must lie within a distance.
    let trackedTags: Set<Int>
    /// Per rule whose match has no length bound, its approximation read backwards, as an
    /// anchored automaton (``AutomatonCache/earliestStart(in:before:)``): read back from each
    /// place the approximation ends, it tells the earliest place a match ending there can
    /// start, so the regex runs from there instead of from the text's start (`profanity`, whose
    /// leetspeak repeats have no bound, searched each post whole). A set per rule, each built
    /// when the rule first needs it: a scan of posts seldom needs the confidential rules' own.
    let startFinders: [AutomatonSet?]
    /// The approximations of the rules' mention phrases, one automaton per distinct set of
    /// phrases, and per rule the one it uses (nil: none, or a set the approximation cannot
    /// model). A match is checked against its rule's mention regex only when the approximation
    /// occurs in the bytes before it: the regex must end where the match starts (`…\z`), so
    /// PCRE2 tried every phrase at every one of the 48 bytes, for nearly every match of a
    /// lexicon rule, and nearly always in vain (7 % of a scan of real posts). An
    /// ``AutomatonSet`` like the prefilter's, so it is built when first needed and each worker's
    /// caches come from the same place.
    let mentionAutomata: AutomatonSet
    let mentionAutomatonOfRule: [Int?]

    /// The prefilter conditions of one rule.
    public struct Gate: Sendable {
        var needsKeyword: Bool
        var needsContext: Bool
        var minDigits: Int?
        /// The rule runs only where an approximation of its pattern occurs.
        public internal(set) var hasApproximation = false
        /// The most bytes a match spans, when bounded: the regex then runs only where a match
        /// could start, in a window before each place the approximation ends.
        public internal(set) var window: Int?
        /// ``EdgedPattern/endSlack`` of the approximation: what tells, after a match, whether
        /// the window still holds the end of another one.
        var endSlack: Int?
        /// Bytes around a match its context words must lie within, when the rule says.
        var contextWithin: Int?
        /// No condition: the rule's regex runs over every text.
        public var isOpen: Bool { !needsKeyword && !needsContext && minDigits == nil && !hasApproximation }
    }

    /// - Parameter automatonStates: most deterministic states each worker's automaton cache holds.
    public init(
        ruleSet: RuleSet, fingerprinter: Fingerprinter, maxFindingsPerRule: Int = 100, prefilter: Bool = true,
        automatonStates: Int = 16_384
    ) {
        self.ruleSet = ruleSet
        self.fingerprinter = fingerprinter
        self.maxFindingsPerRule = maxFindingsPerRule
        self.automatonStates = automatonStates
        usesPrefilter = prefilter
        var patterns = [(tag: Int, pattern: EdgedPattern)]()
        var gates = [Gate]()
        var tracked = Set<Int>()
        var startFinders = [AutomatonSet?](repeating: nil, count: ruleSet.rules.count)
        for (index, rule) in ruleSet.rules.enumerated() {
            let keywords = rule.definition.keywords.filter { !$0.isEmpty }
            patterns += keywords.map { (3 * index, EdgedPattern(literal: $0)) }
            patterns += rule.contextLiterals.map { (3 * index + 1, EdgedPattern(literal: $0)) }
            var gate = Gate(
                needsKeyword: !keywords.isEmpty, needsContext: !rule.contextLiterals.isEmpty, minDigits: rule.definition.minDigits,
                contextWithin: rule.definition.context?.within)
            // A rule with no gate, or with a gate that real text opens all the time — keywords
            // written as word starts (`^kill$`), context words, or a keyword of three bytes or
            // fewer (`api`, `key`, `pin`, `07`) — is a candidate only where an approximation of
            // its pattern occurs, and, when the match is bounded, its regex runs only in windows
            // around those places: real text is full of "back", "do" and "boss". Longer token
            // keywords (gitleaks' `ghp_`, `xoxb-`) are selective already, and the approximations
            // of hundreds of token rules would multiply the automaton's states (measured: 248
            // rules fell to 6.5 % of a 10-rule set's throughput).
            let wordGated =
                gate.needsContext || (!keywords.isEmpty && keywords.allSatisfy { $0.hasPrefix("^") })
                || keywords.contains { $0.utf8.count <= 3 }
            if gate.isOpen || wordGated, let approximation = Self.approximation(of: rule), !approximation.occursEverywhere {
                patterns.append((3 * index + 2, approximation))
                gate.hasApproximation = true
                gate.window = approximation.maxWidth
                gate.endSlack = approximation.endSlack
                tracked.insert(3 * index + 2)
                if gate.window != nil, gate.needsContext, gate.contextWithin != nil {
                    tracked.insert(3 * index + 1)
                }
                // A match that is never empty ends where the approximation says (`endSlack`).
                if prefilter, gate.window == nil, gate.endSlack != nil {
                    startFinders[index] = AutomatonSet([[(0, approximation.reversedBody)]], maxStates: automatonStates, anchored: true)
                }
            }
            gates.append(gate)
        }
        let postsOnly = ruleSet.rules.map { $0.definition.scorer?.scope == .posts }
        let groups = [true, false].map { derogatory in
            patterns.filter { (ruleSet.rules[$0.tag / 3].definition.category == .derogatory) == derogatory }
        }
        .filter { prefilter && !$0.isEmpty }
        automata = AutomatonSet(groups, maxStates: automatonStates)
        let mailPatterns = patterns.filter { !postsOnly[$0.tag / 3] }
        if groups.count == 1 && mailPatterns.count == patterns.count {
            mailAutomata = automata
        } else {
            mailAutomata = AutomatonSet(prefilter && !mailPatterns.isEmpty ? [mailPatterns] : [], maxStates: automatonStates)
        }
        self.gates = gates
        masks = ruleSet.rules.map(\.definition.mask)
        self.postsOnly = postsOnly
        isDerogatory = ruleSet.rules.map { $0.definition.category == .derogatory }
        checks = ruleSet.rules.map(Checks.init)
        incidentFields = ruleSet.rules.map {
            IncidentFields(
                category: $0.definition.category, severity: $0.definition.severity, kind: $0.definition.kind, target: $0.definition.target)
        }
        trackedTags = tracked
        self.startFinders = startFinders
        var mentionGroups = [[(tag: Int, pattern: EdgedPattern)]]()
        var mentionNumbers = [String: Int]()
        mentionAutomatonOfRule = ruleSet.rules.map { rule in
            guard prefilter, let regex = rule.mentionRegex else { return nil }
            // Rules share an automaton only when their phrases and flags are the same, so one
            // rule's answer at a place is every such rule's (``isMention``).
            let flags = rule.definition.flags
            let key = regex.pattern + "\u{0}" + flags.map { "\($0)" }.sorted().joined(separator: ",")
            if let known = mentionNumbers[key] { return known }
            guard
                let approximation = EdgedPattern.approximating(
                    regex.pattern, caseless: flags.contains(.caseless), extended: flags.contains(.extended)),
                !approximation.occursEverywhere
            else { return nil }
            mentionGroups.append([(0, approximation)])
            mentionNumbers[key] = mentionGroups.count - 1
            return mentionGroups.count - 1
        }
        mentionAutomata = AutomatonSet(mentionGroups, maxStates: automatonStates)
        needsDigitRun = gates.contains { $0.minDigits != nil }
    }

    static func approximation(of rule: CompiledRule) -> EdgedPattern? {
        let flags = rule.definition.flags
        return EdgedPattern.approximating(rule.regex.pattern, caseless: flags.contains(.caseless), extended: flags.contains(.extended))
    }

    /// Which rules can match `text` (into `scratch.candidates`): one automaton pass and one
    /// digit pass, instead of running every regex over every byte. Sound by construction (a
    /// rule is skipped only when a literal, a digit run or an approximation that all its
    /// matches contain is absent) and checked by tests that compare scans with the prefilter
    /// on and off.
    func findCandidates(in text: UnsafeBufferPointer<UInt8>, scratch: DetectionScratch, isPost: Bool = true) {
        guard usesPrefilter else { return scratch.candidates.withUnsafeMutableBufferPointer { $0.update(repeating: true) } }
        scratch.hits.withUnsafeMutableBufferPointer { $0.update(repeating: false) }
        scratch.positions?.reset()
        let caches = scratch.caches(for: isPost ? automata : mailAutomata)
        let positions = scratch.positions
        if caches.count == 2 {
            RuleAutomaton.scan(text, caches: caches[0], caches[1], found: &scratch.hits, positions: positions)
        } else {
            for index in caches.indices { caches[index].scan(text, found: &scratch.hits, positions: positions) }
        }
        let digits = needsDigitRun ? longestDigitRun(text) : 0
        // Through buffers: written through the scratch's array, each rule of each text asked
        // whether the array was shared before its verdict was stored.
        gates.withUnsafeBufferPointer { gates in
            scratch.hits.withUnsafeBufferPointer { hits in
                scratch.candidates.withUnsafeMutableBufferPointer { candidates in
                    for (index, gate) in gates.enumerated() {
                        candidates[index] =
                            (!gate.needsKeyword || hits[3 * index]) && (!gate.needsContext || hits[3 * index + 1])
                            && (gate.minDigits.map { digits >= $0 } ?? true) && (!gate.hasApproximation || hits[3 * index + 2])
                    }
                }
            }
        }
    }

    /// A detector like this one over the same rules compiled again, for a second worker to
    /// use: objects of its own (rules, regexes, automata, the scorer), so the two workers do
    /// not retain and release the same ones, whose counts then move between cores (the scorer
    /// models are copies of this detector's, not read again). This one when the rules cannot
    /// be compiled again as they were (the rule set's version would differ).
    public func replica() -> Detector {
        guard let rules = try? ruleSet.compiledAgain(), rules.version == ruleSet.version else { return self }
        return Detector(
            ruleSet: rules, fingerprinter: fingerprinter, maxFindingsPerRule: maxFindingsPerRule, prefilter: usesPrefilter,
            automatonStates: automatonStates)
    }

    /// A fresh per-worker scratch sized for this rule set.
    public func makeScratch(limits: MatchLimits = MatchLimits()) -> DetectionScratch {
        DetectionScratch(
            match: MatchScratch(maxCaptureCount: ruleSet.maxCaptureCount, limits: limits), ruleIDs: ruleSet.rules.map(\.definition.id),
            positions: trackedTags.isEmpty || automata.isEmpty ? nil : TagPositions(tracking: trackedTags, tagCount: 3 * gates.count))
    }

    /// Every confirmed finding in `text`, ordered by position then rule.
    /// - Parameter only: run just this rule (example checks and lint ask about one rule at a time).
    /// - Parameter isPost: false for mail and attachment descriptions, whose text the rules
    ///   scored by a posts-only model skip.
    public func findings(
        in text: UnsafeBufferPointer<UInt8>, scratch detection: DetectionScratch, profile: RuleProfile? = nil, only: Int? = nil,
        isPost: Bool = true
    ) -> [Finding] {
        var found = [Finding]()
        collectFindings(in: text, scratch: detection, profile: profile, only: only, isPost: isPost, into: &found)
        return found
    }

    /// ``findings(in:scratch:profile:only:isPost:)`` in the caller's list, emptied first, which
    /// a worker keeps from text to text (a fresh list, grown by appends, was two allocations a post).
    /// - Parameter hasWords: false for characters that encode data, which the rules that judge
    ///   words skip.
    func collectFindings(
        in text: UnsafeBufferPointer<UInt8>, scratch detection: DetectionScratch, profile: RuleProfile?, only: Int?, isPost: Bool,
        hasWords: Bool = true, into found: inout [Finding]
    ) {
        found.removeAll(keepingCapacity: true)
        detection.lastScore = nil
        detection.mentions.removeAll(keepingCapacity: true)
        let prefilterStart = profile == nil ? 0 : RuleProfile.now()
        findCandidates(in: text, scratch: detection, isPost: isPost)
        if let profile {
            profile.prefilterNanoseconds += RuleProfile.now() - prefilterStart
            profile.prefilterBytes += UInt64(text.count)
        }
        let scratch = detection.match
        var windows = [ClosedRange<Int>]()
        swap(&windows, &detection.windows)
        defer { swap(&windows, &detection.windows) }
        for index in ruleSet.rules.indices
        where detection.candidates[index] && (only == nil || only == index) && (isPost || !postsOnly[index])
            && (hasWords || !isDerogatory[index])
        {
            let rule = ruleSet.rules[index]
            let ruleStart = profile == nil ? 0 : RuleProfile.now()
            let limitHitsBefore = scratch.limitHits
            defer {
                if let profile {
                    profile.candidates[index] += 1
                    profile.nanoseconds[index] += RuleProfile.now() - ruleStart
                    profile.limitHits[index] += scratch.limitHits - limitHitsBefore
                }
            }
            var start = 0
            var count = 0
            detection.ruleWindow = nil
            searchWindows(rule: index, in: text, scratch: detection, into: &windows)
            search: for window in windows {
                start = max(start, window.lowerBound)
                while start <= window.upperBound, count < maxFindingsPerRule {
                    let latest = window.upperBound < text.count ? window.upperBound : nil
                    let match: Range<Int>
                    if rule.matchesTextStartOnly {
                        guard start == 0 else { break }
                        match = 0..<0
                    } else {
                        guard case .match(let found) = rule.regex.firstMatch(in: text, from: start, latestStart: latest, scratch: scratch)
                        else { break }
                        match = found
                    }
                    var value: Range<Int>?
                    var moreValues = [Range<Int>]()
                    for group in rule.valueGroups {
                        guard let part = scratch.range(ofGroup: group) else { continue }
                        if value == nil { value = part } else { moreValues.append(part) }
                    }
                    if confirm(rule: index, match: match, value: value ?? match, in: text, scratch: detection) {
                        // A scored rule points at the word that weighed most in its verdict.
                        if rule.scorer != nil, let word = detection.strongestWord {
                            found.append(Finding(rule: index, match: word, value: word))
                        } else {
                            found.append(Finding(rule: index, match: match, value: value ?? match, moreValues: moreValues))
                        }
                        count += 1
                    }
                    // A scored rule reports one finding per scored window: once that window
                    // reaches the end of the text, every later match lies inside it (on a
                    // post, shorter than the window, every match after the first).
                    if checks[index].scoring != nil, detection.ruleWindow?.upperBound == text.count { break search }
                    start = match.isEmpty ? Self.nextCharacter(after: match.upperBound, in: text) : match.upperBound
                    // No approximation end left in the window for a next match: a search
                    // would fail (after almost every match of a lexicon rule in a post, a
                    // third of its searches).
                    if let slack = gates[index].endSlack, window.upperBound < min(match.upperBound + 1 + slack, text.count) { break }
                }
            }
            if let profile, count > 0 {
                profile.confirmed[index] += 1
                profile.matches[index] += count
            }
        }
        found.sort { ($0.match.lowerBound, $0.rule) < ($1.match.lowerBound, $1.rule) }
    }

    /// Per rule, whether its regex runs on `text`: it passed the prefilter and has a window left.
    func rulesToRun(in text: UnsafeBufferPointer<UInt8>, scratch: DetectionScratch) -> [Bool] {
        findCandidates(in: text, scratch: scratch)
        return gates.indices.map { scratch.candidates[$0] && !searchWindows(rule: $0, in: text, scratch: scratch).isEmpty }
    }

    /// Why rule `index`'s regex runs over the whole of a text its gate passes, not in windows
    /// around the places its approximation occurs; nil when it is windowed.
    public func unwindowedReason(rule index: Int) -> String? {
        let gate = gates[index]
        guard gate.window == nil, startFinders[index] == nil || !usesPrefilter else { return nil }
        guard gate.hasApproximation else {
            guard let approximation = Self.approximation(of: ruleSet.rules[index]) else {
                return "the prefilter cannot model its pattern (back-references, recursion or conditionals)"
            }
            if approximation.occursEverywhere {
                return "its pattern is zero-width assertions only (such as `\\A`), which every text holds: it is a candidate everywhere"
            }
            return "gated by token keywords or a digit run only, with no approximation of its pattern to window around"
        }
        return "a match has no length bound (`*`, `+` or `{n,}`) and may be empty: its regex runs over the whole text"
    }

    /// Where rule `index`'s matches can start in `text`, as closed ranges of byte offsets in
    /// order: the whole text; or, for a rule with a bounded match, the `window` bytes before
    /// each place its approximation ends (every match is an approximation match, so it ends
    /// at such a place, or one byte before it when the approximation checks the next byte),
    /// and for an unbounded one, from the earliest place a match ending at such a place can
    /// start (its approximation read backwards) up to it, or, when a match may be empty,
    /// everything up to the last such place;
    /// with a context distance, only places with a context word close enough. Empty when no
    /// place is left.
    func searchWindows(rule index: Int, in text: UnsafeBufferPointer<UInt8>, scratch: DetectionScratch) -> [ClosedRange<Int>] {
        var windows = [ClosedRange<Int>]()
        searchWindows(rule: index, in: text, scratch: scratch, into: &windows)
        return windows
    }

    /// ``searchWindows(rule:in:scratch:)`` in `windows`, emptied first: the scan's list, kept
    /// from rule to rule and text to text (a fresh array per rule per text was an allocation
    /// for every candidate rule of every post, and a list both kept in the scratch and
    /// returned was retained and released for each).
    func searchWindows(
        rule index: Int, in text: UnsafeBufferPointer<UInt8>, scratch: DetectionScratch, into windows: inout [ClosedRange<Int>]
    ) {
        windows.removeAll(keepingCapacity: true)
        let whole = 0...text.count
        guard usesPrefilter, gates[index].hasApproximation, let positions = scratch.positions,
            !positions.overflowed[3 * index + 2]
        else {
            windows.append(whole)
            return
        }
        guard let width = gates[index].window else {
            // No length bound: a match may start anywhere up to the last place the
            // approximation ends, but not after it (on a post, most of a profanity search was
            // the fruitless rest of the text after its one match), and, when the approximation
            // can be read backwards, not before the earliest place a match ending at one of
            // those places can start.
            guard let finder = startFinders[index], let slack = gates[index].endSlack else {
                if let last = positions.ends[3 * index + 2].last { windows.append(0...last) }
                return
            }
            let cache = scratch.caches(for: finder)[0]
            for end in positions.ends[3 * index + 2] {
                // The match ends at `end`, or one byte before it when the approximation checked
                // the byte after (at the text's end it may not have): both are read back.
                var earliest = cache.earliestStart(in: text, before: end)
                if slack > 0, let before = cache.earliestStart(in: text, before: end - slack) { earliest = min(earliest ?? before, before) }
                guard let lower = earliest else { continue }  // no match ends there
                Self.addWindow(from: lower, to: end, in: text, to: &windows)
            }
            return
        }
        var ends = positions.ends[3 * index + 2][...]
        if let within = gates[index].contextWithin, trackedTags.contains(3 * index + 1) {
            guard !positions.overflowed[3 * index + 1] else {
                windows.append(whole)
                return
            }
            // A context word ending at c lies in [match start − within, match end + within]
            // only if c is within `within + width + 1` bytes before, or `within + 1` after, the end.
            let words = positions.ends[3 * index + 1]
            var next = 0
            ends =
                ends.filter { end in
                    while next < words.count, words[next] < end - width - within - 1 { next += 1 }
                    return next < words.count && words[next] <= end + within + 1
                }[...]
        }
        for end in ends { Self.addWindow(from: max(0, end - 1 - width), to: end, in: text, to: &windows) }
    }

    /// Adds the starts `lower...end` to `windows` (ordered by their ends, `end` the latest),
    /// `lower` moved back to a character's first byte, where PCRE2 starts a search. Windows it
    /// reaches merge into it: a later end's match may start before earlier windows.
    static func addWindow(from lower: Int, to end: Int, in text: UnsafeBufferPointer<UInt8>, to windows: inout [ClosedRange<Int>]) {
        var lower = lower
        while lower > 0, text[lower] & 0xC0 == 0x80 { lower -= 1 }
        while let last = windows.last, lower <= last.upperBound + 1 {
            lower = min(last.lowerBound, lower)
            windows.removeLast()
        }
        windows.append(lower...end)
    }

    /// The checks a match of one rule must pass, as plain values: reading them from the rule's
    /// definition copied its parts (each check's strings and lists retained and released, for
    /// every match of every post), so only the checks a rule has touch the rule itself.
    struct Checks: Sendable {
        var validator: Validator?
        var minEntropy: Double?
        var hasExcludes: Bool
        /// For a rule that tells mentions of its words from uses: whether a quoted match is one.
        /// Kept here so a match reads no part of the rule's definition, whose lists both
        /// workers share (a definition's mention, copied per match, had its list retained from
        /// two cores: a sixth of the extra retains of `--jobs 2` over `--jobs 1` on posts).
        var mentionQuoted: Bool?
        var scoring: Scoring?

        init(_ rule: CompiledRule) {
            validator = rule.definition.validator
            minEntropy = rule.definition.minEntropy
            hasExcludes = !rule.excludes.isEmpty
            mentionQuoted = rule.definition.mention?.quoted
            if let scorer = rule.scorer, let requirement = rule.definition.scorer {
                scoring = Scoring(
                    scorer: scorer, window: requirement.window, minWords: requirement.minWords,
                    minScore: requirement.minScore ?? scorer.minScore)
            }
        }
    }

    /// A scored rule's classifier and what it asks of a text.
    struct Scoring: Sendable {
        /// Not retained: the rule set this detector holds keeps the model, and a reference
        /// read from here was retained and released at every score.
        unowned(unsafe) let scorer: LinearTextScorer
        let window: Int
        let minWords: Int
        let minScore: Double
    }

    func confirm(
        rule index: Int, match: Range<Int>, value: Range<Int>, in text: UnsafeBufferPointer<UInt8>, scratch detection: DetectionScratch
    ) -> Bool {
        let checks = self.checks[index]
        let scratch = detection.match
        if let validator = checks.validator, !validator.isValid(text[value]) { return false }
        if let minimum = checks.minEntropy, Self.entropy(text[value]) < minimum { return false }
        if checks.hasExcludes {
            let matched = UnsafeBufferPointer(rebasing: text[match])
            for exclude in ruleSet.rules[index].excludes where exclude.matches(matched, scratch: scratch) { return false }
        }
        if let within = gates[index].contextWithin, let contextRegex = ruleSet.rules[index].contextRegex {
            let window = max(0, match.lowerBound - within)..<min(text.count, match.upperBound + within)
            guard contextRegex.matches(UnsafeBufferPointer(rebasing: text[window]), scratch: scratch) else { return false }
        }
        if let quoted = checks.mentionQuoted, isMention(match, of: index, quoted: quoted, in: text, scratch: detection) {
            return false
        }
        if let scoring = checks.scoring {
            // One finding per scored window: a second word inside it adds nothing.
            guard let score = score(around: match, scoring: scoring, in: text, scratch: detection) else { return false }
            return score >= scoring.minScore
        }
        return true
    }

    /// Bytes before a match that a mention pattern looks at ("the word", "called him a").
    static let mentionLookBehind = 48

    /// Whether a match is a mention of the words, not a use: quoted on both sides, or right
    /// after one of the rule's mention phrases.
    func isMention(
        _ match: Range<Int>, of index: Int, quoted: Bool, in text: UnsafeBufferPointer<UInt8>, scratch: DetectionScratch
    ) -> Bool {
        if quoted, Self.isQuoted(match, in: text) { return true }
        guard let regex = ruleSet.rules[index].mentionRegex else { return false }
        var lower = max(0, match.lowerBound - Self.mentionLookBehind)
        while lower > 0, text[lower] & 0xC0 == 0x80 { lower -= 1 }
        let before = UnsafeBufferPointer(rebasing: text[lower..<match.lowerBound])
        guard let number = mentionAutomatonOfRule[index] else { return regex.matches(before, scratch: scratch.match) }
        // Rules with the same mention phrases share an automaton, and often match at the same
        // place (`profanity`, `derogatory-remark` and `insult` on one word): asked once there.
        if let known = scratch.mentions.first(where: { $0.automaton == number && $0.at == match.lowerBound }) {
            return known.isMention
        }
        let isMention = scratch.occurs(in: before, automaton: number, of: mentionAutomata) && regex.matches(before, scratch: scratch.match)
        scratch.mentions.append((number, match.lowerBound, isMention))
        return isMention
    }

    /// A straight or curly quotation mark (or apostrophe) right before and right after `match`.
    static func isQuoted(_ match: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        func quoteEnds(at end: Int) -> Bool {  // a quote whose last byte is at end - 1
            guard end > 0 else { return false }
            if text[end - 1] == 0x22 || text[end - 1] == 0x27 { return true }
            // U+2018, U+2019, U+201C, U+201D: E2 80 98/99/9C/9D.
            return end >= 3 && text[end - 3] == 0xE2 && text[end - 2] == 0x80 && [0x98, 0x99, 0x9C, 0x9D].contains(text[end - 1])
        }
        func quoteStarts(at start: Int) -> Bool {
            guard start < text.count else { return false }
            if text[start] == 0x22 || text[start] == 0x27 { return true }
            return start + 2 < text.count && text[start] == 0xE2 && text[start + 1] == 0x80
                && [0x98, 0x99, 0x9C, 0x9D].contains(text[start + 2])
        }
        return quoteEnds(at: match.lowerBound) && quoteStarts(at: match.upperBound)
    }

    /// The classifier's score of the text within `window` bytes of `match` (widened to whole
    /// words); 0 when it is not prose enough to judge (``ProseShape/readsAsProse(minWords:)``);
    /// nil when the match lies inside the window this rule scored last, so a post (shorter than
    /// the window) is reported once. Rules sharing a model share the score of the same window,
    /// and its shape (a post is scored once, not once per rule).
    func score(around match: Range<Int>, scoring: Scoring, in text: UnsafeBufferPointer<UInt8>, scratch: DetectionScratch) -> Double? {
        let scorer = scoring.scorer
        let window = scoring.window
        if let last = scratch.ruleWindow, last.contains(match.lowerBound), match.upperBound <= last.upperBound { return nil }
        var lower = max(0, match.lowerBound - window)
        while lower > 0, LinearTextScorer.isWordByte(text[lower - 1]) { lower -= 1 }
        var upper = min(text.count, match.upperBound + window)
        while upper < text.count, LinearTextScorer.isWordByte(text[upper]) { upper += 1 }
        scratch.ruleWindow = lower..<upper
        if let last = scratch.lastScore, last.scorer == ObjectIdentifier(scorer), last.range == lower..<upper {
            scratch.strongestWord = last.strongestWord
            return last.shape.readsAsProse(minWords: scoring.minWords) ? last.score : 0
        }
        let score = scorer.score(UnsafeBufferPointer(rebasing: text[lower..<upper]), scratch: scratch.scorer)
        let shape = scratch.scorer.shape
        scratch.strongestWord = scratch.scorer.strongestWord.map { (lower + $0.lowerBound)..<(lower + $0.upperBound) }
        scratch.lastScore = (ObjectIdentifier(scorer), lower..<upper, score, shape, scratch.strongestWord)
        return shape.readsAsProse(minWords: scoring.minWords) ? score : 0
    }

    /// Shannon entropy in bits per byte: random-looking secrets score high, words low.
    static func entropy(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        return counts.reduce(0.0) { sum, count in
            guard count > 0 else { return sum }
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }

    static func nextCharacter(after index: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        var next = index + 1
        while next < text.count, text[next] & 0xC0 == 0x80 { next += 1 }
        return next
    }

    /// The spans to mask in a unit's excerpts: every finding's value (in `spans` already), and
    /// every other place the same value occurs in the unit, added to them (a password repeated
    /// later in the text is no less secret because no rule matched its second copy).
    ///
    /// A value met before is searched once. The values searched (`searched`, the caller's
    /// list, emptied first) are compared directly while they are few (a unit has one to three;
    /// hashing each into a set cost 830 instructions), and through a set once there are many.
    static func addRepeats(to spans: inout [SensitiveSpan], in text: [UInt8], searched: inout [Range<Int>]) {
        searched.removeAll(keepingCapacity: true)
        var searchedMany: Set<ArraySlice<UInt8>>?
        func isNew(_ value: Range<Int>) -> Bool {
            if searchedMany == nil, searched.count >= 16 { searchedMany = Set(searched.map { text[$0] }) }
            if searchedMany != nil { return searchedMany!.insert(text[value]).inserted }
            guard !searched.contains(where: { text[$0] == text[value] }) else { return false }
            searched.append(value)
            return true
        }
        for index in spans.indices where spans[index].style != .none && spans[index].range.count >= 4 {
            let value = spans[index]
            guard isNew(value.range) else { continue }
            var start = 0
            while let hit = text.firstIndex(of: text[value.range], from: start) {
                if hit != value.range.lowerBound { spans.append(SensitiveSpan(range: hit..<(hit + value.range.count), style: value.style)) }
                start = hit + 1
            }
        }
    }

    /// What a finding's fingerprint hashes: its one value as it is (so single-part rules keep
    /// their fingerprints), or every part joined by a unit separator.
    static func fingerprintValue(_ finding: Finding, in text: [UInt8]) -> ArraySlice<UInt8> {
        guard !finding.moreValues.isEmpty else { return text[finding.value] }
        var joined = Array(text[finding.value])
        for range in finding.moreValues {
            joined.append(0x1F)
            joined += text[range]
        }
        return joined[...]
    }

    /// A rule's target as an incident states it: a person is a colleague in mail and a member of
    /// the public in a social post, the distinction discipline tiers and statistics draw.
    static func incidentTarget(_ target: RemarkTarget?, isMail: Bool) -> String? {
        guard let target else { return nil }
        guard target == .person else { return target.rawValue }
        return isMail ? "colleague" : "public"
    }

    /// The spans to mask for a unit's findings, in `spans` (emptied first): every sensitive part
    /// of every finding, and its repeats (``addRepeats(to:in:searched:)``).
    func sensitiveSpans(of found: [Finding], in text: [UInt8], into spans: inout [SensitiveSpan], searched: inout [Range<Int>]) {
        // A plain loop over each rule's mask style: `flatMap` over `ruleSet.rules[…].definition`
        // copied the rule's whole definition for every value.
        spans.removeAll(keepingCapacity: true)
        for finding in found {
            spans.append(SensitiveSpan(range: finding.value, style: masks[finding.rule]))
            for range in finding.moreValues { spans.append(SensitiveSpan(range: range, style: masks[finding.rule])) }
        }
        Self.addRepeats(to: &spans, in: text, searched: &searched)
    }

    /// Each finding of rule `rule` in `text` with the masked excerpt an incident would store
    /// (what `patterns lint` checks for values left readable).
    public func maskedExcerpts(in text: String, rule: Int, scratch: DetectionScratch) -> [(finding: Finding, excerpt: String)] {
        let bytes = Array(text.utf8)
        let found = bytes.withUnsafeBufferPointer { findings(in: $0, scratch: scratch, only: rule) }
        var spans = [SensitiveSpan]()
        var searched = [Range<Int>]()
        sensitiveSpans(of: found, in: bytes, into: &spans, searched: &searched)
        return found.map { ($0, ExcerptBuilder.excerpt(of: bytes, match: $0.match, spans: spans)) }
    }

    /// The incidents of one document: one per (rule, value) per message, in unit order.
    public func incidents(in document: Document, scratch: DetectionScratch, profile: RuleProfile? = nil) -> [Incident] {
        var incidents = [Incident]()
        appendIncidents(in: document, org: nil, scratch: scratch, profile: profile, to: &incidents)
        return incidents
    }

    /// ``incidents(in:scratch:profile:)`` appended to the caller's list (a batch's), each with
    /// `org` set as it is made: returned in an array of their own, then copied into the batch
    /// with the org set, every incident was copied twice on its way there.
    public func appendIncidents(
        in document: Document, org: String?, scratch: DetectionScratch, profile: RuleProfile? = nil, to incidents: inout [Incident]
    ) {
        // This document's fingerprints so far, looked up in its incidents while they are few (one
        // to three in most messages and posts; a set per document cost an allocation and a
        // string hash per incident), in a set once there are many.
        let first = incidents.count
        var seenMany: Set<Fingerprint>?
        func isNew(_ fingerprint: Fingerprint) -> Bool {
            if seenMany == nil, incidents.count - first > 32 { seenMany = Set(incidents[first...].map(\.fingerprint)) }
            if seenMany != nil { return seenMany!.insert(fingerprint).inserted }
            return !incidents[first...].contains { $0.fingerprint == fingerprint }
        }
        let isMail = Channel(platform: document.platform) == .email
        // The worker's lists, reused from unit to unit and document to document.
        var found = [Finding]()
        var spans = [SensitiveSpan]()
        var searched = [Range<Int>]()
        swap(&found, &scratch.found)
        swap(&spans, &scratch.spans)
        swap(&searched, &scratch.searched)
        defer {
            swap(&found, &scratch.found)
            swap(&spans, &scratch.spans)
            swap(&searched, &scratch.searched)
        }
        // The document's identity, which every fingerprint holds: worked out at its first
        // finding, once (a string put together per finding before).
        var identity: String?
        for var unit in document.units {
            // Matched as a reader sees it (a no-break space is a space, a soft hyphen nothing);
            // excerpted as it was written.
            // A calendar's or a contact's text as it shows it (excerpted so too): unfolded.
            if let unfolded = ContentLines.unfolded(unit.bytes) { unit.bytes = unfolded }
            let written = unit.bytes
            var origin: [Int]?
            if let seen = LookalikeCharacters.normalized(unit.bytes) {
                origin = seen.origin
                unit.bytes = seen.text
            }
            if let emblem = unit.emblem {
                var incident = emblemIncident(emblem, unit: unit, in: document)
                incident.org = org
                if isNew(incident.fingerprint) { incidents.append(incident) }
            }
            let isPost = !isMail && !unit.isMachineText && unit.attachment == nil
            unit.bytes.withUnsafeBufferPointer {
                // The rules a posts-only classifier decides judge what a person posted: not
                // mail, not the description of an attachment, and not a file's text (a PDF, a
                // document, a picture's words, shared beside a post or read as an input), which
                // the model, trained on tweets, judged as one: "Here's to the crazy ones", in
                // five PDFs of the corpora, was a derogatory remark. The lexicon rules still
                // read files. The derogatory rules skip characters that encode data.
                collectFindings(
                    in: $0, scratch: scratch, profile: profile, only: nil, isPost: isPost,
                    hasWords: unit.authorship != .encodedData, into: &found)
            }
            // Derogatory words inside armour (an encrypted message inline in a mail, a key) or
            // inside lines of base64 (an attachment quoted whole in a bounce) are what the data
            // spells by chance. Looked for only when such a rule matched.
            if found.contains(where: { isDerogatory[$0.rule] }) {
                let blocks = Armour.blocks(in: unit.bytes) + Base64Lines.runs(in: unit.bytes)
                if !blocks.isEmpty {
                    found.removeAll { finding in isDerogatory[finding.rule] && blocks.contains { $0.contains(finding.match.lowerBound) } }
                }
            }
            let spaced = spacedReading(
                of: written, hasWords: unit.authorship != .encodedData, besides: found, origin: origin, scratch: scratch, profile: profile)
            guard !found.isEmpty || spaced != nil else { continue }
            // Every value either reading found is masked in every excerpt of the unit.
            sensitiveSpans(of: found, in: unit.bytes, into: &spans, searched: &searched)
            if let origin {
                for index in spans.indices { spans[index].range = Self.written(spans[index].range, origin: origin) }
            }
            if let spaced {
                var more = [SensitiveSpan]()
                var searchedMore = [Range<Int>]()
                sensitiveSpans(of: spaced.found, in: spaced.text, into: &more, searched: &searchedMore)
                spans += more.map { SensitiveSpan(range: Self.written($0.range, origin: spaced.origin), style: $0.style) }
            }
            // Hash the attachment now, in this worker, so it lets its bytes go (``Attachment/sha256``).
            _ = unit.attachment?.sha256
            /// The incidents of one reading's findings in `text`, whose bytes came from `origin`
            /// in the text as written (nil: they are that text).
            func report(_ found: [Finding], in text: [UInt8], origin: [Int]?) {
                // Findings come sorted by position, so rules that matched the same place are
                // neighbours and share one excerpt (half the incidents of real posts: the scored
                // rules and `profanity` point at the same word).
                // (Two variables, not an optional tuple: copying and destroying one that holds a
                // string went through outlined code, 80 instructions a finding.)
                var lastExcerptMatch: Range<Int>?
                var lastExcerpt = ""
                for finding in found {
                    let rule = scratch.ruleIDs[finding.rule]
                    let fields = incidentFields[finding.rule]
                    let known = identity ?? document.identity
                    identity = known
                    let fingerprint = fingerprinter.fingerprint(
                        rule: rule, identity: known, value: Self.fingerprintValue(finding, in: text))
                    guard isNew(fingerprint) else { continue }
                    let excerpt =
                        (lastExcerptMatch == finding.match ? lastExcerpt : nil)
                        ?? ExcerptBuilder.excerpt(
                            of: written, match: origin.map { Self.written(finding.match, origin: $0) } ?? finding.match, spans: spans)
                    lastExcerptMatch = finding.match
                    lastExcerpt = excerpt
                    // Made in the append: a local incident whose `org` was set after was copied into
                    // the array and then destroyed (a dozen strings retained and released each).
                    incidents.append(
                        Incident(
                            rule: rule, category: fields.category, severity: fields.severity,
                            source: document.source, offset: document.offset, messageID: document.messageID,
                            author: document.author, timestamp: document.timestamp, platform: document.platform,
                            location: unit.location, attachment: unit.attachment,
                            excerpt: excerpt, fingerprint: fingerprint, kind: fields.kind?.rawValue,
                            target: Self.incidentTarget(fields.target, isMail: isMail), org: org))
                }
            }
            report(found, in: unit.bytes, origin: origin)
            if let spaced { report(spaced.found, in: spaced.text, origin: spaced.origin) }
        }
    }

    /// The findings in the text as written, `written`, read with its spaced letters together
    /// (``SpacedLetters``) that the reading as written did not make: the text read, where each of
    /// its bytes came from in `written`, and the findings. Nil when the text has no spaced
    /// letters, or they hide nothing new.
    ///
    /// Every rule reads it but those a posts-only classifier decides (`isPost: false`): the
    /// classifier judges prose as written, and words run together are no one's prose. A finding
    /// of a rule that the reading as written made at the same place (`earlier`, in the text as
    /// read, whose bytes came from `origin`; nil: from the same places) is left out: the
    /// profanity rule reads `f u c k` itself, and would find it twice.
    /// - Parameter hasWords: false for characters that encode data, which the derogatory rules skip.
    func spacedReading(
        of written: [UInt8], hasWords: Bool, besides earlier: [Finding], origin earlierOrigin: [Int]?, scratch: DetectionScratch,
        profile: RuleProfile?
    ) -> (text: [UInt8], origin: [Int], found: [Finding])? {
        guard var (text, origin) = SpacedLetters.collapsed(written) else { return nil }
        if let seen = LookalikeCharacters.normalized(text) {
            origin = seen.origin.map { origin[$0] }
            text = seen.text
        }
        var found = [Finding]()
        text.withUnsafeBufferPointer {
            collectFindings(in: $0, scratch: scratch, profile: profile, only: nil, isPost: false, hasWords: hasWords, into: &found)
        }
        let made = earlier.map { finding in (finding.rule, earlierOrigin.map { Self.written(finding.match, origin: $0) } ?? finding.match) }
        found.removeAll { finding in
            let place = Self.written(finding.match, origin: origin)
            return made.contains { $0.0 == finding.rule && $0.1.overlaps(place) }
        }
        return found.isEmpty ? nil : (text, origin, found)
    }
}

extension Detector {
    /// Where a range of text matched as read (``LookalikeCharacters``) was written.
    static func written(_ range: Range<Int>, origin: [Int]) -> Range<Int> { origin[range.lowerBound]..<origin[range.upperBound] }

    /// The incident of a picture that shows an organisation's emblem; its fingerprint hashes the
    /// picture's SHA-256 and the reference, so the same picture in the same message is one incident.
    func emblemIncident(_ emblem: EmblemMatch, unit: TextUnit, in document: Document) -> Incident {
        let picture = unit.attachment?.sha256 ?? unit.location
        let fingerprint = fingerprinter.fingerprint(
            rule: EmblemMatch.rule, identity: document.identity, value: Array("\(picture)/\(emblem.reference)".utf8))
        let excerpt =
            "picture resembles the emblem of \(emblem.organisation) (\(emblem.reference)), similarity "
            + String(format: "%.2f", emblem.similarity)
        return Incident(
            rule: EmblemMatch.rule, category: .logo, severity: EmblemMatch.severity, source: document.source, offset: document.offset,
            messageID: document.messageID, author: document.author, timestamp: document.timestamp, platform: document.platform,
            location: unit.location, attachment: unit.attachment, excerpt: excerpt, fingerprint: fingerprint,
            similarity: emblem.similarity)
    }
}

/// One worker's mutable state for a ``Detector``: PCRE2 match data, the automaton's built
/// states, and the per-text gate results, reused for every text so the hot path allocates
/// nothing for them. Never shared, so its properties skip run-time exclusivity checks (see
/// ``ScorerScratch``): they were made for every text, several times.
public final class DetectionScratch {
    /// PCRE2 match data, match context and JIT stack.
    public let match: MatchScratch
    /// The built states of the automata of each ``AutomatonSet`` this worker has scanned with
    /// (one set when mail and posts share it), in the set's order.
    @exclusivity(unchecked) private var automatonCaches = [(set: ObjectIdentifier, caches: [AutomatonCache])]()
    /// Per text: where the windowed rules' approximations and context words end.
    let positions: TagPositions?
    /// Per text: the automaton's tags found (three per rule: keyword, context word,
    /// approximation), and the rules whose regex runs.
    @exclusivity(unchecked) var hits: [Bool]
    @exclusivity(unchecked) var candidates: [Bool]
    /// Scorer rules: the feature marks, and the last window scored in the current text.
    let scorer = ScorerScratch()
    /// The rule ids this worker's incidents carry: its own copies. Every incident retains and
    /// releases its rule id (and copies of it, on the way to the output), and an id longer than
    /// fifteen bytes is a shared object: from two workers, each count went from core to core.
    let ruleIDs: [String]
    /// A unit's findings, the spans its excerpts mask and the values searched for repeats:
    /// lists kept from text to text (``Detector/appendIncidents(in:org:scratch:profile:to:)``).
    @exclusivity(unchecked) var found = [Finding]()
    @exclusivity(unchecked) var spans = [SensitiveSpan]()
    @exclusivity(unchecked) var searched = [Range<Int>]()
    /// The scorer is named by its identity (it lives as long as the detector, and this is
    /// cleared per text): holding the object made the tuple one that outlined code copied and
    /// destroyed, 80 instructions a time, for every scored window and every text.
    @exclusivity(unchecked) var lastScore:
        (scorer: ObjectIdentifier, range: Range<Int>, score: Double, shape: ProseShape, strongestWord: Range<Int>?)?
    /// The window the current rule scored last (one finding per window).
    @exclusivity(unchecked) var ruleWindow: Range<Int>?
    /// The list ``Detector/searchWindows(rule:in:scratch:into:)`` builds a scan's windows in.
    @exclusivity(unchecked) var windows = [ClosedRange<Int>]()
    /// The word, in the text, that weighed most in the last score.
    @exclusivity(unchecked) var strongestWord: Range<Int>?
    /// What the mention phrases of a mention automaton said of the place each match of the
    /// current text began at (``Detector/isMention(_:of:quoted:in:scratch:)``).
    @exclusivity(unchecked) var mentions = [(automaton: Int, at: Int, isMention: Bool)]()

    init(match: MatchScratch, ruleIDs: [String], positions: TagPositions?) {
        self.match = match
        self.positions = positions
        hits = [Bool](repeating: false, count: 3 * ruleIDs.count)
        candidates = [Bool](repeating: true, count: ruleIDs.count)
        self.ruleIDs = ruleIDs.map(String.distinctCopy(of:))
    }

    /// The one tag of a mention automaton's scan.
    @exclusivity(unchecked) private var mentionFound = [false]

    /// Whether the one pattern of automaton `number` of `set` (a mention automaton) occurs in `text`.
    func occurs(in text: UnsafeBufferPointer<UInt8>, automaton number: Int, of set: AutomatonSet) -> Bool {
        mentionFound[0] = false
        caches(for: set)[number].scan(text, found: &mentionFound)
        return mentionFound[0]
    }

    /// PCRE2 match- or depth-limit hits so far.
    public var limitHits: Int { match.limitHits }

    /// This worker's caches for `set`'s automata, made (and the automata built) on first use.
    func caches(for set: AutomatonSet) -> [AutomatonCache] {
        let key = ObjectIdentifier(set)
        for entry in automatonCaches where entry.set == key { return entry.caches }
        let made = set.automata.map { $0.makeCache() }
        automatonCaches.append((key, made))
        return made
    }
}

/// The automata of one kind of text (posts or mail), built when a worker first needs them:
/// building one costs a few tens of milliseconds, which a scan of mail alone or of posts
/// alone (most scans, and every nightly scan of a few new files) need not pay for the other.
final class AutomatonSet: @unchecked Sendable {
    private let lock = NSLock()
    private let groups: [[(tag: Int, pattern: EdgedPattern)]]
    private let maxStates: Int
    /// Guarded by `lock`.
    private var built: [RuleAutomaton]?

    private let anchored: Bool

    /// - Parameter anchored: automata whose patterns match only from where reading starts
    ///   (``RuleAutomaton/init(patterns:maxStates:twoStreamsFrom:anchored:)``).
    init(_ groups: [[(tag: Int, pattern: EdgedPattern)]], maxStates: Int, anchored: Bool = false) {
        self.groups = groups
        self.maxStates = maxStates
        self.anchored = anchored
    }

    var isEmpty: Bool { groups.isEmpty }

    /// Whether ``automata`` has been asked for (tests check a scan of one kind builds only its own).
    var isBuilt: Bool { lock.withLock { built != nil } }

    /// One automaton per group, the same objects on every call.
    var automata: [RuleAutomaton] {
        lock.withLock {
            if let built { return built }
            let made = groups.map { RuleAutomaton(patterns: $0, maxStates: maxStates, anchored: anchored) }
            built = made
            return made
        }
    }
}
