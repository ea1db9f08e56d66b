/// A nondeterministic automaton over bytes, built by Thompson's construction.
struct NFA: Sendable {
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
