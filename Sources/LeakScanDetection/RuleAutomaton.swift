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
final class RuleAutomaton: Sendable {
    /// The distinct tags the patterns report.
    let tags: [Int]
    fileprivate let nfa: NFA
    fileprivate let classes: ByteClasses
    /// Per NFA state: the kept states its empty transitions reach (itself included).
    fileprivate let reach: [[Int32]]
    fileprivate let initial: Int32
    /// NFA state → tag, for states that mean "this pattern has just matched".
    fileprivate let acceptNowMarks: [Int32: Int32]
    /// NFA state → tag, for states that mean "matched if the text ends here".
    fileprivate let acceptAtEndMarks: [Int32: Int32]
    /// Most deterministic states a cache holds before it starts over.
    let maxStates: Int

    init(patterns: [(tag: Int, pattern: EdgedPattern)], maxStates: Int = 16_384) {
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

    func makeCache() -> AutomatonCache { AutomatonCache(self) }

    /// Sets `found[tag] = true` for the tag of every pattern that occurs in `text`.
    func scan(_ text: UnsafeBufferPointer<UInt8>, cache: AutomatonCache, found: inout [Bool]) {
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

/// One worker's deterministic states for one ``RuleAutomaton``, built as texts need them.
/// Its table has a fixed capacity, so it never moves while a text is scanned; when it is
/// full it starts over from the state in hand.
final class AutomatonCache {
    /// Set on table entries that lead to a state where some rule has just matched.
    static let acceptBit: Int32 = 1 << 30
    /// A table entry not built yet.
    static let unknown: Int32 = -1

    private let automaton: RuleAutomaton
    /// `table[state offset + byte class]` → next state offset (state × class count), with
    /// ``acceptBit`` set when that state accepts; ``unknown`` until built.
    let table: UnsafeMutablePointer<Int32>
    private(set) var start: Int32 = 0
    /// Per state: the tags of patterns that have just matched (flat, `acceptNowStart` indexes
    /// it per state, so the loop touches no nested array), and of those that match if the
    /// text ends here.
    private var acceptNowTags = [Int32]()
    private var acceptNowStart: [Int] = [0]
    private(set) var acceptAtEnd = [[Int32]]()
    private var members = [[Int32]]()
    private var index = [StateKey: Int32]()
    private var stamp: [Int]
    private var generation = 0
    private var targets = [Int32]()
    /// Times the cache started over while scanning the current text.
    var resets = 0

    init(_ automaton: RuleAutomaton) {
        self.automaton = automaton
        table = .allocate(capacity: automaton.maxStates * automaton.classes.count)
        stamp = [Int](repeating: 0, count: automaton.nfa.epsilons.count)
        startOver()
    }

    deinit { table.deallocate() }

    func acceptNow(_ state: Int) -> ArraySlice<Int32> { acceptNowTags[acceptNowStart[state]..<acceptNowStart[state + 1]] }

    private func startOver() {
        acceptNowTags.removeAll(keepingCapacity: true)
        acceptNowStart = [0]
        acceptAtEnd.removeAll(keepingCapacity: true)
        members.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
        start = entry(for: closure([automaton.initial]))! & ~Self.acceptBit
    }

    /// Builds the transition from the state at `offset` on `byteClass`; nil when the text has
    /// made the cache start over more than a few times.
    func successor(of offset: Int32, byteClass: Int) -> Int32? {
        targets.removeAll(keepingCapacity: true)
        let nfa = automaton.nfa
        for member in members[Int(offset) / automaton.classes.count] {
            for edge in nfa.edges[Int(member)] where automaton.classes.contains(set: edge.set, byteClass: byteClass) {
                targets.append(edge.target)
            }
        }
        let next = closure(targets)
        if let entry = entry(for: next) {
            table[Int(offset) + byteClass] = entry
            return entry
        }
        resets += 1
        guard resets <= 3 else { return nil }
        startOver()
        return entry(for: next)
    }

    private func closure(_ seeds: [Int32]) -> [Int32] {
        generation += 1
        var result = [Int32]()
        for seed in seeds {
            for state in automaton.reach[Int(seed)] where stamp[Int(state)] != generation {
                stamp[Int(state)] = generation
                result.append(state)
            }
        }
        result.sort()
        return result
    }

    /// The table entry for the state made of `subset`, adding the state if it is new; nil when full.
    private func entry(for subset: [Int32]) -> Int32? {
        let key = StateKey(subset)
        if let known = index[key] { return known }
        guard members.count < automaton.maxStates else { return nil }
        let classCount = automaton.classes.count
        let offset = Int32(members.count * classCount)
        (table + Int(offset)).initialize(repeating: Self.unknown, count: classCount)
        members.append(subset)
        let now = Set(subset.compactMap { automaton.acceptNowMarks[$0] }).sorted()
        acceptNowTags += now
        acceptNowStart.append(acceptNowTags.count)
        acceptAtEnd.append(Set(subset.compactMap { automaton.acceptAtEndMarks[$0] }).sorted())
        let entry = now.isEmpty ? offset : offset | Self.acceptBit
        index[key] = entry
        return entry
    }

    /// A subset with its hash computed once, in one cheap pass (hashing `[Int32]` through
    /// `Hasher` element by element dominated construction time).
    struct StateKey: Hashable {
        let members: [Int32]
        let hash: Int
        init(_ members: [Int32]) {
            self.members = members
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for member in members { hash = (hash ^ UInt64(UInt32(bitPattern: member))) &* 0x100_0000_01b3 }
            self.hash = Int(truncatingIfNeeded: hash)
        }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (left: StateKey, right: StateKey) -> Bool { left.hash == right.hash && left.members == right.members }
    }
}

/// A rule's approximation split at its edges: a leading look-behind and a trailing
/// look-ahead of one character class become conditions on the byte before and after the
/// match, which is what keeps "ass" from gating on "class" and "assess".
struct EdgedPattern: Sendable {
    struct Edge: Sendable {
        /// Bytes allowed next to the match.
        var bytes: ByteSet
        /// The match may also touch the start (or end) of the text.
        var allowsTextEdge: Bool
    }
    var before: Edge?
    var body: ApproximatePattern
    var after: Edge?

    /// A prefilter literal, matched ignoring ASCII case: `^word` must start at a word
    /// boundary (the byte before is no ASCII letter or digit), `word$` must end at one.
    init(literal: String) {
        var bytes = Array(literal.utf8)[...]
        let boundary = Edge(
            bytes: PatternApproximator.letters.union(PatternApproximator.digits).asciiComplement.union(.high), allowsTextEdge: true)
        if bytes.count > 1, bytes.first == UInt8(ascii: "^") {
            bytes = bytes.dropFirst()
            before = boundary
        }
        if bytes.count > 1, bytes.last == UInt8(ascii: "$") {
            bytes = bytes.dropLast()
            after = boundary
        }
        body = .sequence(bytes.map { .character(CharacterClass(literalByte: $0)) })
    }

    init(_ pattern: ApproximatePattern) {
        body = pattern
        guard case .sequence(let items) = pattern else { return }
        let leading = items.prefix { if case .assertion = $0 { true } else { false } }
        let trailing = items.reversed().prefix { if case .assertion = $0 { true } else { false } }
        guard leading.count + trailing.count < items.count else { return }
        before = leading.lazy.compactMap { Self.edge($0, behind: true) }.first
        after = trailing.lazy.compactMap { Self.edge($0, behind: false) }.first
    }

    private static func edge(_ item: ApproximatePattern, behind: Bool) -> Edge? {
        guard case .assertion(let lookaround?) = item, lookaround.behind == behind else { return nil }
        let characters = lookaround.negative ? lookaround.characters.complement : lookaround.characters
        // A negative look-around is kept only when its class is exact: the complement of a
        // widened class would be too narrow, and the gate would lose matches.
        guard characters.exact || !lookaround.negative else { return nil }
        // A non-ASCII neighbour is seen one byte at a time: allow every byte ≥ 0x80.
        return Edge(bytes: characters.nonASCII ? characters.ascii.union(.high) : characters.ascii, allowsTextEdge: lookaround.negative)
    }
}

/// A nondeterministic automaton over bytes, built by Thompson's construction.
private struct NFA: Sendable {
    var epsilons = [[Int32]]()
    var edges = [[(set: Int32, target: Int32)]]()
    /// Distinct byte sets on edges (byte classes are computed from them).
    var sets = [ByteSet]()
    private var setIndex = [ByteSet: Int32]()

    /// Counted repeats up to this bound are unrolled; longer ones are widened to unbounded.
    static let maxUnrolled = 12

    /// Per state: the states its empty transitions reach (itself included) that matter to a
    /// deterministic state — those with byte edges, and marks (no transitions at all).
    func emptyTransitionReach() -> [[Int32]] {
        var stamp = [Int](repeating: -1, count: epsilons.count)
        var stack = [Int32]()
        return epsilons.indices.map { origin in
            stack.append(Int32(origin))
            var members = [Int32]()
            while let state = stack.popLast() {
                guard stamp[Int(state)] != origin else { continue }
                stamp[Int(state)] = origin
                if !edges[Int(state)].isEmpty || epsilons[Int(state)].isEmpty { members.append(state) }
                stack += epsilons[Int(state)]
            }
            return members
        }
    }

    mutating func newState() -> Int32 {
        epsilons.append([])
        edges.append([])
        return Int32(epsilons.count - 1)
    }

    mutating func addEpsilon(from: Int32, to: Int32) { epsilons[Int(from)].append(to) }

    mutating func addEdge(from: Int32, on set: ByteSet, to: Int32) {
        guard !set.isEmpty else { return }
        let index: Int32
        if let known = setIndex[set] {
            index = known
        } else {
            index = Int32(sets.count)
            sets.append(set)
            setIndex[set] = index
        }
        edges[Int(from)].append((index, to))
    }

    /// Adds `pattern` starting at `start`; returns its end state.
    mutating func build(_ pattern: ApproximatePattern, from start: Int32) -> Int32 {
        switch pattern {
        case .assertion:
            return start
        case .character(let characters):
            let end = newState()
            addEdge(from: start, on: characters.ascii, to: end)
            if characters.nonASCII {
                let run = newState()
                addEdge(from: start, on: .high, to: run)
                addEdge(from: run, on: .high, to: run)
                addEpsilon(from: run, to: end)
            }
            return end
        case .sequence(let items):
            return items.reduce(start) { build($1, from: $0) }
        case .choice(let branches):
            let end = newState()
            for branch in branches {
                let branchStart = newState()
                addEpsilon(from: start, to: branchStart)
                addEpsilon(from: build(branch, from: branchStart), to: end)
            }
            return end
        case .repetition(let item, let minimum, let maximum):
            var current = start
            for _ in 0..<min(minimum, Self.maxUnrolled) { current = build(item, from: current) }
            if let maximum, maximum <= Self.maxUnrolled {
                let end = newState()
                addEpsilon(from: current, to: end)
                for _ in minimum..<maximum {
                    let next = newState()
                    addEpsilon(from: current, to: next)
                    current = build(item, from: next)
                    addEpsilon(from: current, to: end)
                }
                return end
            }
            let loop = newState()
            addEpsilon(from: current, to: loop)
            addEpsilon(from: build(item, from: loop), to: loop)
            return loop
        }
    }
}

/// Bytes that no edge of the automaton tells apart share one class; the transition table
/// has a column per class instead of per byte.
private struct ByteClasses: Sendable {
    let classOf: [UInt8]
    let count: Int
    /// `membership[set × count + class]`: the NFA byte set contains the class.
    private let membership: [Bool]

    func contains(set: Int32, byteClass: Int) -> Bool { membership[Int(set) * count + byteClass] }

    init(_ sets: [ByteSet]) {
        var classOf = [Int](repeating: 0, count: 256)
        var count = 1
        for set in sets {
            var split = [Int: Int]()
            for byte in 0..<256 where set.contains(UInt8(byte)) {
                let old = classOf[byte]
                if let new = split[old] {
                    classOf[byte] = new
                } else {
                    split[old] = count
                    classOf[byte] = count
                    count += 1
                }
            }
        }
        // Renumber densely (classes emptied by splits leave gaps).
        var dense = [Int: Int]()
        for byte in 0..<256 where dense[classOf[byte]] == nil { dense[classOf[byte]] = dense.count }
        self.classOf = classOf.map { UInt8(dense[$0]!) }
        self.count = dense.count
        var representative = [Int](repeating: 0, count: dense.count)
        for byte in (0..<256).reversed() { representative[Int(self.classOf[byte])] = byte }
        membership = sets.flatMap { set in representative.map { set.contains(UInt8($0)) } }
    }
}
