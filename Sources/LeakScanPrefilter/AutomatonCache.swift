/// One worker's deterministic states for one ``RuleAutomaton``, built as texts need them.
/// Its table has a fixed capacity, so it never moves while a text is scanned; when it is
/// full it starts over from the state in hand.
///
/// A cache belongs to one worker and is never shared, so its properties skip Swift's run-time
/// exclusivity checks (`@exclusivity(unchecked)`; the compiler still checks statically): the
/// scan loop reads them on every accepting byte, and the checks were a twentieth of a scan of
/// short posts (`swift_beginAccess`).
public final class AutomatonCache {
    /// Set on table entries that lead to a state where some rule has just matched.
    static let acceptBit: Int32 = 1 << 30
    /// A table entry not built yet.
    static let unknown: Int32 = -1

    /// The automaton whose states these are.
    public let automaton: RuleAutomaton
    /// `table[state offset + byte class]` → next state offset (state × class count), with
    /// ``acceptBit`` set when that state accepts; ``unknown`` until built.
    let table: UnsafeMutablePointer<Int32>
    /// The second stream's states while a text is read as two (``RuleAutomaton/scan``).
    let streamStates: UnsafeMutablePointer<Int32>
    private(set) var start: Int32 = 0
    /// Per state: the tags of patterns that have just matched (flat, `acceptNowStart` indexes
    /// it per state, so the loop touches no nested array), and of those that match if the
    /// text ends here.
    @exclusivity(unchecked) private var acceptNowTags = [Int32]()
    @exclusivity(unchecked) private var acceptNowStart: [Int] = [0]
    @exclusivity(unchecked) private(set) var acceptAtEnd = [[Int32]]()
    /// Per state: its NFA states beyond the ``Baseline`` every state holds, ascending.
    @exclusivity(unchecked) private var members = [[Int32]]()
    @exclusivity(unchecked) private var index = [StateKey: Int32]()
    /// One bit per NFA state: the closure being built, read back in ascending order.
    @exclusivity(unchecked) private var closureBits: [UInt64]
    @exclusivity(unchecked) private var targets = [Int32]()
    /// The last ``closure(_:byteClass:)``, in one reused buffer: most closures lead to a state
    /// built already, and a fresh array per closure, grown by appends, was reallocated five
    /// times on average (132,292 allocations for 25,646 closures on 2 MB of posts).
    @exclusivity(unchecked) private var closureResult = [Int32]()
    /// Times the cache started over while scanning the current text.
    @exclusivity(unchecked) var resets = 0

    init(_ automaton: RuleAutomaton) {
        self.automaton = automaton
        table = .allocate(capacity: automaton.maxStates * automaton.classes.count)
        streamStates = .allocate(capacity: RuleAutomaton.synchronisationSpan)
        closureBits = [UInt64](repeating: 0, count: automaton.baseline.words)
        startOver()
    }

    deinit {
        table.deallocate()
        streamStates.deallocate()
    }

    /// ``RuleAutomaton/scan(_:cache:found:positions:)`` with this cache's own automaton, which
    /// a caller then need not hold (retained and released per text, for every automaton of
    /// every post, when read out for the call).
    public func scan(_ text: UnsafeBufferPointer<UInt8>, found: inout [Bool], positions: TagPositions? = nil) {
        automaton.scan(text, cache: self, found: &found, positions: positions)
    }

    /// For an `anchored` automaton of reversed patterns (``EdgedPattern/reversedBody``): read
    /// backwards from `end`, the smallest offset from which a pattern matches the bytes up to
    /// `end`; nil when none does. Reading stops where no pattern can still match, so a call
    /// costs about a table load for each byte of the longest partial match. 0 when the cache
    /// had to start over too often to tell: no match can start before it.
    public func earliestStart(in text: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        resets = 0
        let classCount = automaton.classes.count
        var state = start
        var earliest: Int?
        var position = end
        automaton.classes.classOf.withUnsafeBufferPointer { classOf in
            while position > 0 {
                position -= 1
                let byteClass = Int(classOf[Int(text[position])])
                var next = table[Int(state) + byteClass]
                if next == Self.unknown {
                    guard let built = successor(of: state, byteClass: byteClass) else {
                        earliest = 0
                        return
                    }
                    next = built
                }
                if next & Self.acceptBit != 0 { earliest = position }
                state = next & ~Self.acceptBit
                if members[Int(state) / classCount].isEmpty { return }
            }
        }
        return earliest
    }

    func acceptNow(_ state: Int) -> ArraySlice<Int32> { acceptNowTags[acceptNowStart[state]..<acceptNowStart[state + 1]] }

    private func startOver() {
        acceptNowTags.removeAll(keepingCapacity: true)
        acceptNowStart = [0]
        acceptAtEnd.removeAll(keepingCapacity: true)
        members.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
        closure([automaton.initial], byteClass: nil)
        start = entry(for: closureResult)! & ~Self.acceptBit
    }

    /// Builds the transition from the state at `offset` on `byteClass`; nil when the text has
    /// made the cache start over more than a few times.
    func successor(of offset: Int32, byteClass: Int) -> Int32? {
        targets.removeAll(keepingCapacity: true)
        let automaton = automaton
        let classCount = automaton.classes.count
        automaton.edgeSets.starts.withUnsafeBufferPointer { starts in
            automaton.edgeSets.items.withUnsafeBufferPointer { sets in
                automaton.edgeTargets.items.withUnsafeBufferPointer { targetStates in
                    automaton.classes.membership.withUnsafeBufferPointer { membership in
                        for member in members[Int(offset) / classCount] {
                            for edge in starts[Int(member)]..<starts[Int(member) + 1]
                            where membership[Int(sets[edge]) * classCount + byteClass] {
                                targets.append(targetStates[edge])
                            }
                        }
                    }
                }
            }
        }
        closure(targets, byteClass: byteClass)
        if let entry = entry(for: closureResult) {
            table[Int(offset) + byteClass] = entry
            return entry
        }
        resets += 1
        guard resets <= 3 else { return nil }
        let next = closureResult  // starting over builds the start state in the same buffer
        startOver()
        return entry(for: next)
    }

    /// The NFA states the empty transitions reach from `seeds`, and from where the baseline goes
    /// on `byteClass` (when a byte was read), less the baseline: ascending, the key of a
    /// deterministic state. Marked in a bit set and read back word by word: collecting them in
    /// a list and sorting it was a third of building a state with hundreds of rules. The
    /// result is left in ``closureResult``.
    private func closure(_ seeds: [Int32], byteClass: Int?) {
        var result = [Int32]()
        swap(&result, &closureResult)  // held once, so it is reused in place
        result.removeAll(keepingCapacity: true)
        defer { closureResult = result }
        let reach = automaton.reach
        let baseline = automaton.baseline
        if seeds.isEmpty, let byteClass {
            // Only what the byte starts: the baseline's list, ascending and without the baseline.
            result += baseline.successors.items[baseline.successors.starts[byteClass]..<baseline.successors.starts[byteClass + 1]]
            return
        }
        reach.starts.withUnsafeBufferPointer { starts in
            reach.items.withUnsafeBufferPointer { items in
                closureBits.withUnsafeMutableBufferPointer { bits in
                    var lowest = bits.count
                    var highest = -1
                    func mark(_ states: UnsafeBufferPointer<Int32>.SubSequence) {
                        for state in states {
                            let word = Int(state) >> 6
                            bits[word] |= 1 << UInt64(state & 63)
                            lowest = min(lowest, word)
                            highest = max(highest, word)
                        }
                    }
                    if let byteClass {
                        baseline.successors.items.withUnsafeBufferPointer { started in
                            mark(started[baseline.successors.starts[byteClass]..<baseline.successors.starts[byteClass + 1]])
                        }
                    }
                    for seed in seeds { mark(items[starts[Int(seed)]..<starts[Int(seed) + 1]]) }
                    guard highest >= lowest else { return }
                    baseline.mask.withUnsafeBufferPointer { mask in
                        for word in lowest...highest where bits[word] != 0 {
                            var remaining = bits[word] & ~mask[word]
                            bits[word] = 0
                            while remaining != 0 {
                                result.append(Int32(word << 6 | remaining.trailingZeroBitCount))
                                remaining &= remaining - 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The table entry for the state made of `subset`, adding the state if it is new; nil when full.
    private func entry(for subset: [Int32]) -> Int32? {
        let found = StateKey(subset)
        if let known = index[found] { return known }
        guard members.count < automaton.maxStates else { return nil }
        // A new state keeps a copy of its own size: `subset` is usually the reused closure buffer.
        let key = found.copied()
        let classCount = automaton.classes.count
        let offset = Int32(members.count * classCount)
        (table + Int(offset)).initialize(repeating: Self.unknown, count: classCount)
        members.append(key.members)
        let baseline = automaton.baseline
        let now = baseline.acceptNow.union(Baseline.tags(of: subset, in: automaton.acceptNowMarks)).sorted()
        acceptNowTags += now
        acceptNowStart.append(acceptNowTags.count)
        acceptAtEnd.append(baseline.acceptAtEnd.union(Baseline.tags(of: subset, in: automaton.acceptAtEndMarks)).sorted())
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
        private init(members: [Int32], hash: Int) {
            self.members = members
            self.hash = hash
        }
        /// The same key over members in storage of their own, exactly as large as they are.
        func copied() -> StateKey {
            let count = members.count
            let copy = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
                _ = buffer.initialize(from: members)
                initialized = count
            }
            return StateKey(members: copy, hash: hash)
        }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (left: StateKey, right: StateKey) -> Bool { left.hash == right.hash && left.members == right.members }
    }
}
