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
    let reach: FlatLists
    /// Per NFA state: its byte edges' sets and targets (flat, so building a deterministic
    /// state walks plain buffers instead of retaining nested arrays).
    let edgeSets: FlatLists
    let edgeTargets: FlatLists
    let initial: Int32
    /// Per NFA state: the tag of the pattern it means "has just matched", or -1.
    let acceptNowMarks: [Int32]
    /// Per NFA state: the tag of the pattern it means "matched if the text ends here", or -1.
    let acceptAtEndMarks: [Int32]
    /// Most deterministic states a cache holds before it starts over.
    let maxStates: Int
    /// Bytes after which a stream may start in the start state (``splitPoint(in:allowing:)``).
    let splitBytes: ByteSet

    /// Texts at least this long are read as two streams.
    let splitLength: Int
    /// What every deterministic state holds (``Baseline``).
    let baseline: Baseline

    /// - Parameter twoStreamsFrom: the shortest text read as two streams (tests set it out of
    ///   reach to compare with one stream). Posts are short (a tweet's text is 109 bytes on
    ///   average) and their automata's tables do not stay in the first-level cache, so even
    ///   they gain from two chains of loads: from 64 bytes instead of 512, the prefilter's
    ///   median time on 20 MB of real posts fell from 0.42 s to 0.35 s (`leakscan bench`,
    ///   eight alternating runs).
    /// - Parameter anchored: patterns match only from the start of what is read, not anywhere
    ///   in it (``AutomatonCache/earliestStart(in:before:)`` reads such an automaton backwards
    ///   from one place); their edge conditions are then not checked.
    public init(
        patterns: [(tag: Int, pattern: EdgedPattern)], maxStates: Int = 16_384, twoStreamsFrom: Int = 64, anchored: Bool = false
    ) {
        var nfa = NFA()
        initial = nfa.newState()
        // Anchored, the scanning state is an inert one (no edge, no pattern after it), so every
        // deterministic state's baseline is nothing and a state with no members is dead.
        let scanning = nfa.newState()
        if !anchored {
            nfa.addEdge(from: scanning, on: .all, to: scanning)
            nfa.addEpsilon(from: initial, to: scanning)
        }
        var acceptNowMarks = [Int32: Int32]()
        var acceptAtEndMarks = [Int32: Int32]()
        var splitBytes = ByteSet(0x09...0x0A).union(ByteSet(0x20...0x20))
        for entry in patterns {
            let pattern = entry.pattern
            let tag = Int32(entry.tag)
            let begin = nfa.newState()
            if anchored {
                nfa.addEpsilon(from: initial, to: begin)
            } else if let before = pattern.before {
                nfa.addEdge(from: scanning, on: before.bytes, to: begin)
                if before.allowsTextEdge {
                    nfa.addEpsilon(from: initial, to: begin)
                    splitBytes = splitBytes.intersection(before.bytes)
                }
            } else {
                nfa.addEpsilon(from: scanning, to: begin)
            }
            let end = nfa.build(pattern.body, from: begin)
            let accept = nfa.newState()
            acceptNowMarks[accept] = tag
            if !anchored, let after = pattern.after {
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
        reach = FlatLists(nfa.emptyTransitionReach())
        edgeSets = FlatLists(nfa.edges.map { $0.map(\.set) })
        edgeTargets = FlatLists(nfa.edges.map { $0.map(\.target) })
        tags = Array(Set(patterns.map(\.tag))).sorted()
        // Flat, -1 for no tag: building a state looks up every NFA state it holds.
        func flat(_ marks: [Int32: Int32]) -> [Int32] {
            var flat = [Int32](repeating: -1, count: nfa.epsilons.count)
            for (state, tag) in marks { flat[Int(state)] = tag }
            return flat
        }
        self.acceptNowMarks = flat(acceptNowMarks)
        self.acceptAtEndMarks = flat(acceptAtEndMarks)
        baseline = Baseline(
            scanning: scanning, reach: reach, edgeSets: edgeSets, edgeTargets: edgeTargets, classes: classes,
            acceptNowMarks: self.acceptNowMarks, acceptAtEndMarks: self.acceptAtEndMarks)
        self.maxStates = max(2, maxStates)
        self.splitBytes = splitBytes
        splitLength = max(2, twoStreamsFrom)
    }

    public func makeCache() -> AutomatonCache { AutomatonCache(self) }

    /// Sets `found[tag] = true` for the tag of every pattern that occurs in `text`, and, for
    /// the tags `positions` tracks, records every offset where such a pattern ends (just past
    /// its last byte, or one byte further when it has a trailing edge condition).
    ///
    /// Each byte costs one table load whose address depends on the load before, so one stream
    /// is bound by memory latency (the load was 83 % of the loop's samples). A text of
    /// `splitLength` bytes or more is therefore read as two interleaved streams, from the
    /// start and from a point near the middle (``splitPoint(in:allowing:)``): two independent
    /// chains of loads. The second starts in the start state, so what it sees is a subset of
    /// what the text holds there (a pattern that began before the split point is missed); the
    /// first goes on past the split point until its state equals the second's at the same
    /// offset (from there they would see the same things) or the text ends. Found tags are the
    /// same as one stream's; positions are sorted and repeated ones dropped.
    public func scan(
        _ text: UnsafeBufferPointer<UInt8>, cache: AutomatonCache, found: inout [Bool], positions: TagPositions? = nil
    ) {
        var remaining = tags.count(where: { !found[$0] })
        guard remaining > 0 else { return }
        found.withUnsafeMutableBufferPointer { found in
            withReader(of: text, cache: cache, found: found.baseAddress!, remaining: &remaining, positions: positions) { reader in
                guard text.count >= splitLength, let middle = Self.splitPoint(in: text, allowing: splitBytes) else {
                    return reader.oneStream()
                }
                positions?.secondStreamFrom = middle
                if !reader.twoStreams(middle: middle) {
                    positions?.readAgainAsOneStream()
                    reader.oneStream()
                }
                positions?.settle()
            }
        }
    }

    /// ``scan(_:cache:found:positions:)`` of two automata over one text (posts run the
    /// derogatory rules' and the others'), their streams read in one loop: four independent
    /// chains of table loads instead of two chains twice (two instead of one twice, for a text
    /// read as one stream). The loop waits on those loads, so more chains cost little: on
    /// 110 MiB of real posts the automata's samples fell from about 1,440 to 1,180 and the
    /// scan's time by 2 %. Found tags and positions are those of the two scans one after the
    /// other; the automata's tags must differ.
    public static func scan(
        _ text: UnsafeBufferPointer<UInt8>, caches first: AutomatonCache, _ second: AutomatonCache, found: inout [Bool],
        positions: TagPositions? = nil
    ) {
        let (one, other) = (first.automaton, second.automaton)
        var remaining = (one.tags.count(where: { !found[$0] }), other.tags.count(where: { !found[$0] }))
        guard remaining.0 > 0, remaining.1 > 0 else {
            one.scan(text, cache: first, found: &found, positions: positions)
            other.scan(text, cache: second, found: &found, positions: positions)
            return
        }
        found.withUnsafeMutableBufferPointer { found in
            one.withReader(of: text, cache: first, found: found.baseAddress!, remaining: &remaining.0, positions: positions) { x in
                other.withReader(of: text, cache: second, found: found.baseAddress!, remaining: &remaining.1, positions: positions) { y in
                    guard text.count >= max(one.splitLength, other.splitLength),
                        let middle = splitPoint(in: text, allowing: one.splitBytes.intersection(other.splitBytes))
                    else { return Reader.oneStream(x, y) }
                    positions?.secondStreamFrom = middle
                    let done = Reader.twoStreams(x, y, middle: middle)
                    if !done.0 || !done.1 {
                        // A cache started over (or gave up) on the way: what was not read to the
                        // end is read again as one stream, as one automaton's scan does.
                        positions?.readAgainAsOneStream()
                        if !done.0 { x.oneStream() }
                        if !done.1 { y.oneStream() }
                    }
                    positions?.settle()
                }
            }
        }
    }

    /// Runs `body` with a reader of `text` for this automaton, its cache's count of restarts zeroed.
    private func withReader(
        of text: UnsafeBufferPointer<UInt8>, cache: AutomatonCache, found: UnsafeMutablePointer<Bool>,
        remaining: UnsafeMutablePointer<Int>, positions: TagPositions?, _ body: (Reader) -> Void
    ) {
        guard let base = text.baseAddress else { return }
        cache.resets = 0
        classes.classOf.withUnsafeBufferPointer { classOf in
            body(
                Reader(
                    automaton: self, cache: cache, table: cache.table, classOf: classOf.baseAddress!, base: base, count: text.count,
                    classCount: classes.count, found: found, remaining: remaining, positions: positions,
                    // With positions to record the scan reads to the end; else it stops once every tag is found.
                    stopWhenAllFound: positions?.tracksAny != true))
        }
    }

    /// One automaton's reading of one text: its steps, what a stream does at the text's end,
    /// and the stream loops. Plain pointers, and references held for the whole text: the
    /// loops read them on every byte, captured variables were checked for exclusive access at
    /// run time on every accepting byte (`swift_beginAccess`), and an `unowned(unsafe)`
    /// reference was retained and released at every call through it.
    struct Reader {
        /// What the scan does after a byte.
        enum Next { case go, stop, cacheStartedOver }

        let automaton: RuleAutomaton
        let cache: AutomatonCache
        let table: UnsafeMutablePointer<Int32>
        let classOf: UnsafePointer<UInt8>
        let base: UnsafePointer<UInt8>
        let count: Int
        let classCount: Int
        let found: UnsafeMutablePointer<Bool>
        /// This automaton's tags not found yet.
        let remaining: UnsafeMutablePointer<Int>
        let positions: TagPositions?
        let stopWhenAllFound: Bool

        /// The rare part of a step: building a state, or reporting the patterns that end here.
        func slowStep(_ state: inout Int32, entry: Int32, byteClass: Int, offset: Int) -> Next {
            var entry = entry
            var startedOver = false
            if entry < 0 {
                let resets = cache.resets
                guard let next = cache.successor(of: state, byteClass: byteClass) else {
                    // The text keeps leading to new states: give up on it, gating nothing.
                    for tag in automaton.tags { found[tag] = true }
                    positions?.giveUp()
                    remaining.pointee = 0
                    return .stop
                }
                entry = next
                startedOver = cache.resets != resets
            }
            state = entry & ~AutomatonCache.acceptBit
            // What ends at this byte is reported even when the cache started over on it: one
            // stream goes on from the state in hand, and skipping the report lost the pattern
            // (a look-ahead edge's pattern, on its last byte).
            if entry & AutomatonCache.acceptBit != 0 {
                for tag in cache.acceptNow(Int(state) / classCount) {
                    positions?.record(Int(tag), at: offset + 1)
                    guard !found[Int(tag)] else { continue }
                    found[Int(tag)] = true
                    remaining.pointee -= 1
                }
                if remaining.pointee == 0 && stopWhenAllFound { return .stop }
            }
            return startedOver ? .cacheStartedOver : .go
        }

        /// Moves `state` over the byte at `offset`.
        @inline(__always) func step(_ state: inout Int32, at offset: Int) -> Next {
            let byteClass = Int(classOf[Int(base[offset])])
            let entry = table[Int(state) &+ byteClass]
            if UInt32(bitPattern: entry) < UInt32(AutomatonCache.acceptBit) {
                state = entry
                return .go
            }
            return slowStep(&state, entry: entry, byteClass: byteClass, offset: offset)
        }

        /// Reads the text as one stream, from `offset` in `state` (the whole text by default).
        func oneStream(from offset: Int = 0, in state: Int32? = nil) {
            var state = state ?? cache.start
            for offset in offset..<count {
                switch step(&state, at: offset) {
                case .go, .cacheStartedOver: continue  // one stream goes on from the state in hand
                case .stop: return
                }
            }
            endOfText(state)
        }

        /// Two readers' ``oneStream(from:in:)`` in one loop. A reader that stops (it gave up,
        /// or found every tag with nothing to record) leaves the rest to the other.
        static func oneStream(_ x: Reader, _ y: Reader) {
            var (xState, yState) = (x.cache.start, y.cache.start)
            for offset in 0..<x.count {
                if x.step(&xState, at: offset) == .stop { return y.oneStream(from: offset, in: yState) }
                if y.step(&yState, at: offset) == .stop { return x.oneStream(from: offset + 1, in: xState) }
            }
            x.endOfText(xState)
            y.endOfText(yState)
        }

        func endOfText(_ state: Int32) {
            for tag in cache.acceptAtEnd[Int(state) / classCount] {
                positions?.record(Int(tag), at: count)
                found[Int(tag)] = true
            }
        }

        /// How many of the second stream's states the first may compare its own with.
        func tracked(middle: Int) -> Int { min(RuleAutomaton.synchronisationSpan, count - middle) }

        /// Reads the text as two streams split at `middle`; false when the cache started over
        /// on the way (the other stream's state is then stale) and one stream must read it.
        func twoStreams(middle: Int) -> Bool {
            var first = cache.start
            var second = cache.start
            // The second stream's state after each of its first bytes: where the first may stop.
            let secondStates = cache.streamStates
            let tracked = tracked(middle: middle)
            // `middle` is at least half the text: the second stream ends first.
            var offset = 0
            while middle + offset < count {
                let a = step(&first, at: offset)
                guard a == .go else { return a == .stop }
                let b = step(&second, at: middle + offset)
                guard b == .go else { return b == .stop }
                if offset < tracked { secondStates[offset] = second }
                offset += 1
            }
            // What the second stream holds at the end the text holds too.
            endOfText(second)
            positions?.secondStreamFrom = nil  // the first stream's from here on
            return firstStream(from: offset, in: first, middle: middle)
        }

        /// Two readers' ``twoStreams(middle:)`` in one loop; per reader, false when it must
        /// read the text again as one stream (its cache, or the other's, started over on the
        /// way, or the other gave up); true when it read its part or gave up on the text.
        static func twoStreams(_ x: Reader, _ y: Reader, middle: Int) -> (Bool, Bool) {
            var (xFirst, xSecond, yFirst, ySecond) = (x.cache.start, x.cache.start, y.cache.start, y.cache.start)
            let (xStates, yStates) = (x.cache.streamStates, y.cache.streamStates)
            let tracked = x.tracked(middle: middle)
            var offset = 0
            // A step that does not simply go on ends the shared loop before its reader's other
            // stream steps (its cache may have started over, making that state stale): the
            // reader is done if it gave up on the text, and the other reads it again.
            while middle + offset < x.count {
                let a = x.step(&xFirst, at: offset)
                guard a == .go else { return (a == .stop, false) }
                let c = y.step(&yFirst, at: offset)
                guard c == .go else { return (false, c == .stop) }
                let b = x.step(&xSecond, at: middle + offset)
                guard b == .go else { return (b == .stop, false) }
                let d = y.step(&ySecond, at: middle + offset)
                guard d == .go else { return (false, d == .stop) }
                if offset < tracked {
                    xStates[offset] = xSecond
                    yStates[offset] = ySecond
                }
                offset += 1
            }
            x.endOfText(xSecond)
            y.endOfText(ySecond)
            x.positions?.secondStreamFrom = nil
            return (x.firstStream(from: offset, in: xFirst, middle: middle), y.firstStream(from: offset, in: yFirst, middle: middle))
        }

        /// The first stream from `offset` on, once the second has read the rest of the text: until
        /// its state is the second's at the same offset, or the text ends. False when the cache
        /// started over on the way.
        func firstStream(from offset: Int, in state: Int32, middle: Int) -> Bool {
            var first = state
            var offset = offset
            let tracked = tracked(middle: middle)
            while offset < count {
                if offset >= middle, offset - middle <= tracked {
                    // Same state at the same offset: the second stream has read the rest.
                    if first == (offset == middle ? cache.start : cache.streamStates[offset - middle - 1]) { return true }
                }
                let a = step(&first, at: offset)
                guard a == .go else { return a == .stop }
                offset += 1
            }
            endOfText(first)
            return true
        }
    }

    /// How far past the split point the first stream looks for the second one's state.
    static let synchronisationSpan = 256

    /// Where a second stream can start near the middle of `text`: just after a byte of
    /// `splitBytes`, bytes that every pattern allowed at the start of a text also allows before
    /// it (a space or a line break, for the word-boundary patterns), so the start state claims
    /// nothing the text lacks there.
    static func splitPoint(in text: UnsafeBufferPointer<UInt8>, allowing splitBytes: ByteSet) -> Int? {
        let lowest = text.count / 2
        for middle in lowest..<min(text.count, lowest + 256) where splitBytes.contains(text[middle - 1]) { return middle }
        return nil
    }
}

/// The NFA states every deterministic state holds: the scanning state (its loop keeps it in every
/// state) and what its empty transitions reach, the first positions of the patterns that may
/// start anywhere. Hundreds of them with many patterns, against the handful of partial matches
/// that tell one state from another. A state is therefore kept as its other members only, and
/// where the baseline goes on each byte class is worked out once here: building a state used to
/// walk every baseline member's edges, for every new transition of every worker.
struct Baseline: Sendable {
    /// Words of one bit per NFA state.
    let words: Int
    /// The baseline's members, as bits.
    let mask: [UInt64]
    /// Per byte class: the closure of where the baseline's members go on that class, less the
    /// baseline itself (which the scanning loop brings back): the partial matches that byte starts.
    let successors: FlatLists
    /// The tags the baseline's own members mean: just matched, and matched at the end of a text.
    let acceptNow: Set<Int32>
    let acceptAtEnd: Set<Int32>

    init(
        scanning: Int32, reach: FlatLists, edgeSets: FlatLists, edgeTargets: FlatLists, classes: ByteClasses,
        acceptNowMarks: [Int32], acceptAtEndMarks: [Int32]
    ) {
        let states = acceptNowMarks.count
        words = (states + 63) / 64
        let members = reach.items[reach.starts[Int(scanning)]..<reach.starts[Int(scanning) + 1]]
        var mask = [UInt64](repeating: 0, count: words)
        for member in members { mask[Int(member) >> 6] |= 1 << UInt64(member & 63) }
        self.mask = mask
        successors = FlatLists(
            (0..<classes.count).map { byteClass in
                var reached = Set<Int32>()
                for member in members {
                    for edge in edgeSets.starts[Int(member)]..<edgeSets.starts[Int(member) + 1]
                    where classes.contains(set: edgeSets.items[edge], byteClass: byteClass) {
                        let target = Int(edgeTargets.items[edge])
                        reached.formUnion(reach.items[reach.starts[target]..<reach.starts[target + 1]])
                    }
                }
                return reached.filter { mask[Int($0) >> 6] & (1 << UInt64($0 & 63)) == 0 }.sorted()
            })
        acceptNow = Self.tags(of: members, in: acceptNowMarks)
        acceptAtEnd = Self.tags(of: members, in: acceptAtEndMarks)
    }

    /// The tags `marks` gives the NFA states `states` (-1 is no tag).
    static func tags(of states: some Sequence<Int32>, in marks: [Int32]) -> Set<Int32> {
        Set(states.lazy.map { marks[Int($0)] }.filter { $0 >= 0 })
    }
}

/// Lists of integers stored end to end: list `i` is `items[starts[i]..<starts[i + 1]]`.
struct FlatLists: Sendable {
    let starts: [Int]
    let items: [Int32]

    init(_ lists: [[Int32]]) {
        var starts = [0]
        starts.reserveCapacity(lists.count + 1)
        for list in lists { starts.append(starts[starts.count - 1] + list.count) }
        self.starts = starts
        items = lists.flatMap { $0 }
    }
}

/// Where some patterns of a ``RuleAutomaton`` end in one text: one worker's reusable lists,
/// one per tracked tag. A list that would grow past `capacity` is dropped and marked
/// unbounded (the caller then treats the tag as found everywhere), so one text full of hits
/// costs no more than one without positions.
public final class TagPositions {
    /// Per tag: whether it is tracked (looked up for every accepting byte).
    let tracked: [Bool]
    /// The tracked tags, so resetting for each text touches only their lists.
    let trackedTags: [Int]
    let capacity: Int
    /// One worker's, never shared: no run-time exclusivity checks (see ``AutomatonCache``).
    @exclusivity(unchecked) public private(set) var ends: [[Int]]
    /// Per tag: positions were not all kept (too many, or the automaton gave up on the text).
    @exclusivity(unchecked) public private(set) var overflowed: [Bool]
    /// The tags with positions or an overflow in the current text: what ``reset()`` clears.
    /// Clearing every tracked tag's list for every text cost more than recording did, once
    /// every approximation was tracked (55 M instructions on 20 MB of posts).
    @exclusivity(unchecked) private var touched = [Int]()
    /// Per tag: where the second of two streams ends its patterns (``secondStreamFrom``), in
    /// order, merged into ``ends`` by ``settle()``.
    @exclusivity(unchecked) private var secondEnds: [[Int]]
    /// While two streams read a text: the offset the second began at. Ends past it are the
    /// second's: its first byte ends past it, and the first stream reaches no further until the
    /// second is done.
    @exclusivity(unchecked) var secondStreamFrom: Int?
    /// Whether one stream read the text again after two had begun, so the lists hold both reads.
    @exclusivity(unchecked) var isInterleaved = false
    /// Room for ``settle()``'s merge, kept from text to text.
    @exclusivity(unchecked) private var merged = [Int]()
    var tracksAny: Bool { !trackedTags.isEmpty }

    public init(tracking tags: Set<Int>, tagCount: Int, capacity: Int = 512) {
        tracked = (0..<tagCount).map { tags.contains($0) }
        trackedTags = tags.sorted()
        self.capacity = capacity
        ends = [[Int]](repeating: [], count: tagCount)
        secondEnds = [[Int]](repeating: [], count: tagCount)
        overflowed = [Bool](repeating: false, count: tagCount)
    }

    /// Empties every list for the next text.
    public func reset() {
        for tag in touched {
            ends[tag].removeAll(keepingCapacity: true)
            secondEnds[tag].removeAll(keepingCapacity: true)
            overflowed[tag] = false
        }
        touched.removeAll(keepingCapacity: true)
    }

    @inline(__always) func record(_ tag: Int, at offset: Int) {
        guard tracked[tag], !overflowed[tag] else { return }
        guard ends[tag].count + secondEnds[tag].count < capacity else {
            overflowed[tag] = true
            return
        }
        if ends[tag].isEmpty && secondEnds[tag].isEmpty { touched.append(tag) }
        if let secondStreamFrom, offset > secondStreamFrom {
            if secondEnds[tag].last != offset { secondEnds[tag].append(offset) }
        } else if ends[tag].last != offset {
            ends[tag].append(offset)
        }
    }

    /// The text is read again as one stream after two had begun: what it records goes into
    /// ``ends`` beside what the two recorded, put in order by ``settle()``.
    func readAgainAsOneStream() {
        secondStreamFrom = nil
        isInterleaved = true
    }

    func giveUp() {
        for tag in trackedTags { overflowed[tag] = true }
        touched = trackedTags
    }

    /// Puts each list in order without repeats, after two streams recorded into it: each
    /// stream's own list is in order, so the two are merged. Sorting them together was a
    /// quarter of a scan of Cyrillic text, where some approximations end at nearly every byte.
    /// Only the lists of this text's tags: looking at every tracked tag's, three times a post
    /// (once per automaton), was 1 % of a scan of posts.
    func settle() {
        for tag in touched where !secondEnds[tag].isEmpty || isInterleaved {
            defer { secondEnds[tag].removeAll(keepingCapacity: true) }
            guard !overflowed[tag] else { continue }
            // One stream read the text again after two had begun: the first list holds both
            // reads, out of order (the second stream's, apart, are in order). The merge drops repeats.
            if isInterleaved { ends[tag].sort() }
            swap(&merged, &ends[tag])
            ends[tag].removeAll(keepingCapacity: true)
            var first = 0
            var second = 0
            let later = secondEnds[tag]
            while first < merged.count || second < later.count {
                let next: Int
                if second == later.count || first < merged.count && merged[first] <= later[second] {
                    next = merged[first]
                    first += 1
                } else {
                    next = later[second]
                    second += 1
                }
                if ends[tag].last != next { ends[tag].append(next) }
            }
        }
        isInterleaved = false
        secondStreamFrom = nil
    }
}
