/// One pass over a text that tells which of many patterns occur in it: the rules' keywords,
/// their context words, and the ``ApproximatePattern``s of rules with no literal, compiled
/// together into one automaton over bytes (Thompson construction) and run as a lazily built
/// deterministic automaton, as RE2 and Rust's regex do: a deterministic state (a set of
/// automaton states) is built the first time the text leads to it and then costs one table
/// lookup per byte, whatever the number of patterns. Each pattern reports a tag; a rule whose
/// tags are absent cannot match the text, so its PCRE2 regex is not run.
///
/// Approximations gate the rules that would otherwise run their regex over every text (the
/// obfuscation-tolerant lexicon rules, identifiers made of letters and digits). The automaton
/// is shared read-only; each worker keeps its own ``AutomatonCache`` of built states, bounded
/// in size. Written here because no package on this platform compiles regexes into a byte
/// automaton, and PCRE2 has no such mode.
public final class RuleAutomaton: Sendable {
    /// The distinct tags the patterns report.
    let tags: [Int]
    let nfa: NFA
    let classes: ByteClasses
    /// Per NFA state: the kept states its empty transitions reach (itself included).
    let reach: [[Int32]]
    let initial: Int32
    /// NFA state → tag, for states that mean "this pattern has just matched".
    let acceptNowMarks: [Int32: Int32]
    /// NFA state → tag, for states that mean "matched if the text ends here".
    let acceptAtEndMarks: [Int32: Int32]
    /// Most deterministic states a cache holds before it starts over.
    let maxStates: Int

    public init(patterns: [(tag: Int, pattern: EdgedPattern)], maxStates: Int = 16_384) {
        var nfa = NFA()
        initial = nfa.newState()
        let scanning = nfa.newState()
        nfa.addEdge(from: scanning, on: .all, to: scanning)
        nfa.addEpsilon(from: initial, to: scanning)
        var acceptNowMarks = [Int32: Int32]()
        var acceptAtEndMarks = [Int32: Int32]()
        for entry in patterns {
            let pattern = entry.pattern
            let tag = Int32(entry.tag)
            let begin = nfa.newState()
            if let before = pattern.before {
                nfa.addEdge(from: scanning, on: before.bytes, to: begin)
                if before.allowsTextEdge { nfa.addEpsilon(from: initial, to: begin) }
            } else {
                nfa.addEpsilon(from: scanning, to: begin)
            }
            let end = nfa.build(pattern.body, from: begin)
            let accept = nfa.newState()
            acceptNowMarks[accept] = tag
            if let after = pattern.after {
                nfa.addEdge(from: end, on: after.bytes, to: accept)
                if after.allowsTextEdge {
                    // A state with no transitions stays in every subset it is reached in.
                    let atEnd = nfa.newState()
                    nfa.addEpsilon(from: end, to: atEnd)
                    acceptAtEndMarks[atEnd] = tag
                }
            } else {
                nfa.addEpsilon(from: end, to: accept)
                acceptAtEndMarks[accept] = tag
            }
        }
        self.nfa = nfa
        classes = ByteClasses(nfa.sets)
        reach = nfa.emptyTransitionReach()
        tags = Array(Set(patterns.map(\.tag))).sorted()
        self.acceptNowMarks = acceptNowMarks
        self.acceptAtEndMarks = acceptAtEndMarks
        self.maxStates = max(2, maxStates)
    }

    public func makeCache() -> AutomatonCache { AutomatonCache(self) }

    /// Sets `found[tag] = true` for the tag of every pattern that occurs in `text`.
    public func scan(_ text: UnsafeBufferPointer<UInt8>, cache: AutomatonCache, found: inout [Bool]) {
        var remaining = tags.count(where: { !found[$0] })
        guard remaining > 0 else { return }
        cache.resets = 0
        let table = cache.table
        let classOf = classes.classOf
        let acceptBit = AutomatonCache.acceptBit
        var state = cache.start
        classOf.withUnsafeBufferPointer { classOf in
            for byte in text {
                let byteClass = Int(classOf[Int(byte)])
                var entry = table[Int(state) &+ byteClass]
                if UInt32(bitPattern: entry) < UInt32(acceptBit) {
                    state = entry
                    continue
                }
                if entry < 0 {
                    guard let next = cache.successor(of: state, byteClass: byteClass) else {
                        // The text keeps leading to new states: give up on it, gating nothing.
                        for tag in tags { found[tag] = true }
                        remaining = 0
                        return
                    }
                    entry = next
                }
                state = entry & ~acceptBit
                guard entry & acceptBit != 0 else { continue }
                for tag in cache.acceptNow(Int(state) / classes.count) where !found[Int(tag)] {
                    found[Int(tag)] = true
                    remaining -= 1
                }
                if remaining == 0 { return }
            }
        }
        guard remaining > 0 else { return }
        for tag in cache.acceptAtEnd[Int(state) / classes.count] { found[Int(tag)] = true }
    }
}
