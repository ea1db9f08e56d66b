/// Finds which of many literals occur in a text, ignoring ASCII case, in one pass:
/// an Aho-Corasick automaton compiled into a full transition table, so each input byte costs
/// one table lookup whatever the number of literals.
///
/// Written here rather than taken from a package: none on this platform's package list offers
/// a byte-level multi-literal matcher, and the table layout is what makes the pass fast.
struct LiteralSet: Sendable {
    /// `transitions[state << 8 | byte]` → next state, ASCII case folded in; the sign bit is
    /// set when the next state has outputs, so the hot loop makes one load per byte.
    private let transitions: [Int32]
    /// A literal ending at a state: its tag, its length, and whether it must start or end at
    /// a word boundary (the neighbouring byte is no ASCII letter or digit).
    struct Output: Sendable, Equatable {
        var tag: Int
        var length: Int
        var wordStart: Bool
        var wordEnd: Bool
    }

    /// The literals that end at each state (including via failure links), flat:
    /// `outputs[outputStart[state]..<outputStart[state + 1]]`, so the hot loop touches no
    /// nested array (and no reference counts).
    private let outputs: [Output]
    private let outputStart: [Int32]
    let isEmpty: Bool

    static let fold: [UInt8] = (0...255).map { byte in
        let value = UInt8(byte)
        return value >= 0x41 && value <= 0x5A ? value | 0x20 : value
    }

    /// - Parameter literals: each literal with the tag reported when it occurs (a rule index).
    ///   A literal written `^word` must start at a word boundary, `word$` must end at one.
    init(_ literals: [(bytes: [UInt8], tag: Int)]) {
        var children = [[Int32]]()
        var output = [[Output]]()
        func newState() -> Int32 {
            children.append([Int32](repeating: -1, count: 256))
            output.append([])
            return Int32(children.count - 1)
        }
        _ = newState()
        for (literal, tag) in literals {
            var bytes = literal[...]
            let wordStart = bytes.first == UInt8(ascii: "^") && bytes.count > 1
            if wordStart { bytes = bytes.dropFirst() }
            let wordEnd = bytes.last == UInt8(ascii: "$") && bytes.count > 1
            if wordEnd { bytes = bytes.dropLast() }
            guard !bytes.isEmpty else { continue }
            var state: Int32 = 0
            for byte in bytes.map({ Self.fold[Int($0)] }) {
                if children[Int(state)][Int(byte)] < 0 { children[Int(state)][Int(byte)] = newState() }
                state = children[Int(state)][Int(byte)]
            }
            let entry = Output(tag: tag, length: bytes.count, wordStart: wordStart, wordEnd: wordEnd)
            if !output[Int(state)].contains(entry) { output[Int(state)].append(entry) }
        }
        // Breadth-first: failure links, and missing transitions filled from the failure state.
        var failure = [Int32](repeating: 0, count: children.count)
        var table = [Int32](repeating: 0, count: children.count * 256)
        var queue = [Int32]()
        for byte in 0..<256 {
            let child = children[0][byte]
            if child >= 0 {
                table[byte] = child
                failure[Int(child)] = 0
                queue.append(child)
            }
        }
        var head = 0
        while head < queue.count {
            let state = Int(queue[head])
            head += 1
            output[state] += output[Int(failure[state])].filter { !output[state].contains($0) }
            for byte in 0..<256 {
                let child = children[state][byte]
                if child >= 0 {
                    failure[Int(child)] = table[Int(failure[state]) << 8 | byte]
                    table[state << 8 | byte] = child
                    queue.append(child)
                } else {
                    table[state << 8 | byte] = table[Int(failure[state]) << 8 | byte]
                }
            }
        }
        transitions = table.indices.map { index in
            let next = table[(index & ~0xFF) | Int(Self.fold[index & 0xFF])]
            return output[Int(next)].isEmpty ? next : next | Int32.min
        }
        outputs = output.flatMap { $0 }
        outputStart = output.reduce(into: [0]) { starts, list in starts.append(starts.last! + Int32(list.count)) }
        isEmpty = literals.isEmpty
    }

    static let wordByte: [Bool] = (0...255).map { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Sets `found[tag] = true` for every literal tag that occurs in `text`.
    func scan(_ text: UnsafeBufferPointer<UInt8>, found: inout [Bool]) {
        guard !isEmpty else { return }
        withUnsafeBuffers(found: &found) { table, outputs, outputStart, wordByte, found in
            var state = 0
            for index in 0..<text.count {
                let entry = table[state << 8 | Int(text[index])]
                state = Int(entry & Int32.max)
                guard entry < 0 else { continue }
                for output in outputs[Int(outputStart[state])..<Int(outputStart[state + 1])] where !found[output.tag] {
                    let start = index + 1 - output.length
                    if output.wordStart && start > 0 && wordByte[Int(text[start - 1])] { continue }
                    if output.wordEnd && index + 1 < text.count && wordByte[Int(text[index + 1])] { continue }
                    found[output.tag] = true
                }
            }
        }
    }

    private func withUnsafeBuffers(
        found: inout [Bool],
        _ body: (
            UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Output>, UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Bool>,
            UnsafeMutableBufferPointer<Bool>
        ) -> Void
    ) {
        transitions.withUnsafeBufferPointer { table in
            outputs.withUnsafeBufferPointer { outputs in
                outputStart.withUnsafeBufferPointer { outputStart in
                    Self.wordByte.withUnsafeBufferPointer { wordByte in
                        found.withUnsafeMutableBufferPointer { found in body(table, outputs, outputStart, wordByte, found) }
                    }
                }
            }
        }
    }
}

/// The longest run of digits in a text, where single spaces, dashes, dots or slashes between
/// digits do not break the run ("4111 1111-1111 1111" is a run of 16): the cheap gate for
/// identifiers that have no literal to look for.
func longestDigitRun(_ text: UnsafeBufferPointer<UInt8>) -> Int {
    var longest = 0
    var current = 0
    var previousWasDigit = false
    var separatorPending = false
    for byte in text {
        if byte >= 0x30 && byte <= 0x39 {
            current += 1
            if current > longest { longest = current }
            previousWasDigit = true
            separatorPending = false
        } else if previousWasDigit && !separatorPending && (byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x2F) {
            separatorPending = true
            previousWasDigit = false
        } else {
            current = 0
            previousWasDigit = false
            separatorPending = false
        }
    }
    return longest
}
