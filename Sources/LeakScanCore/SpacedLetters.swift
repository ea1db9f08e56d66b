import CByteScan

/// Text written with its characters apart, one by one: `O F F I C I A L - S E N S I T I V E`,
/// `A B 1 2 3 4 5 6 C`, `s.e.c.r.e.t`. A reader reads it at a glance; a filter that looks for
/// words does not. It is how a marking or an identifier is slipped past one, and the shape a
/// letter-spaced heading takes when a PDF's text is extracted.
///
/// ``collapsed(_:)`` gives such a text with each run's characters together, for a second
/// reading. The first reading, as written, stays for every rule: collapsing in place lost what
/// the profanity rule finds, whose own pattern reads spaced letters (`f u c k i n g i d i o t`
/// became one word, `fuckingidiot`).
public enum SpacedLetters {
    /// Fewest letters and digits a run holds: three apart are initials or a list (`a b c`, `U.S.A`).
    public static let minLettersAndDigits = 4
    /// Most spaces between two runs that stand for the space between their words
    /// (`O F F I C I A L   S E N S I T I V E`); the run's characters stand one space apart.
    static let widestWordGap = 4

    /// `bytes` with every spaced run's characters together, and where each of its bytes came from
    /// (`origin[i]`, the offset in `bytes`; one more entry, `bytes.count`, for the end). Nil when
    /// `bytes` has no run.
    public static func collapsed(_ bytes: [UInt8]) -> (text: [UInt8], origin: [Int])? {
        bytes.withUnsafeBufferPointer { buffer -> (text: [UInt8], origin: [Int])? in
            let found = runs(in: buffer)
            guard !found.isEmpty else { return nil }
            var text = [UInt8]()
            var origin = [Int]()
            text.reserveCapacity(buffer.count)
            origin.reserveCapacity(buffer.count + 1)
            func copy(_ range: Range<Int>) {
                text += buffer[range]
                origin += range
            }
            var next = 0
            for (index, run) in found.enumerated() {
                let gap = next..<run.characters[0].lowerBound
                if index > 0, found[index - 1].mark == 0x20, run.mark == 0x20, (2...widestWordGap).contains(gap.count),
                    buffer[gap].allSatisfy({ $0 == 0x20 })
                {
                    text.append(0x20)
                    origin.append(gap.lowerBound)
                } else {
                    copy(gap)
                }
                for character in run.characters { copy(character) }
                next = run.characters[run.characters.count - 1].upperBound
            }
            copy(next..<buffer.count)
            origin.append(buffer.count)
            return (text, origin)
        }
    }

    /// A run: its characters' byte ranges, in order, and the mark between them: a space, or a
    /// full stop, hyphen or underscore throughout the run with ASCII letters and digits only
    /// between them (`s.e.c.r.e.t`, `0-7-7-0-0`).
    struct Run {
        var characters: [Range<Int>]
        var mark: UInt8
    }

    /// The spaced runs of `buffer`, in order and apart. A candidate is a mark with the same byte
    /// two or three places on (a one- or two-byte character between), sought sixteen places at
    /// a time (``leakscan_spaced_candidate``): one byte at a time, this pass was 2.6 % of a
    /// scan of real posts, and eight at a time it still went byte by byte through text with
    /// letters outside ASCII.
    static func runs(in buffer: UnsafeBufferPointer<UInt8>) -> [Run] {
        var found = [Run]()
        guard let base = buffer.baseAddress else { return found }
        var index = 1
        while index + 2 < buffer.count {
            index = leakscan_spaced_candidate(base, index, buffer.count)
            guard index + 2 < buffer.count else { break }
            guard let (run, isSpaced) = run(around: index, in: buffer) else {
                index += 1
                continue
            }
            if isSpaced, found.last.map({ $0.characters.last!.upperBound <= run.characters[0].lowerBound }) ?? true {
                found.append(run)
            }
            // Past the whole run, taken or not: every separator in it leads to the same run, and
            // walking it again from each was quadratic (400 KB of `! ! ! …` took minutes).
            index = max(index + 1, run.characters[run.characters.count - 1].upperBound)
        }
        return found
    }

    /// The whole run holding the separator at `separator` (its mark, a character after it), and
    /// whether it is a spaced run: enough letters and digits, and no part of a longer token.
    /// Nil when no character stands alone before the separator.
    static func run(around separator: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (run: Run, isSpaced: Bool)? {
        let mark = buffer[separator]
        // Back to the run's first character: characters one mark apart.
        guard var first = character(endingAt: separator, mark: mark, in: buffer) else { return nil }
        while first.lowerBound >= 2, buffer[first.lowerBound - 1] == mark,
            let earlier = character(endingAt: first.lowerBound - 1, mark: mark, in: buffer)
        {
            first = earlier
        }
        var characters = [first]
        var end = first.upperBound
        while end < buffer.count, buffer[end] == mark, let following = character(startingAt: end + 1, mark: mark, in: buffer) {
            characters.append(following)
            end = following.upperBound
        }
        let run = Run(characters: characters, mark: mark)
        // A mark run is part of a longer token when the mark goes on past its edge (`10.1.2.3.4`).
        if mark != 0x20,
            first.lowerBound > 0 && buffer[first.lowerBound - 1] == mark
                || end + 1 < buffer.count && buffer[end] == mark && isLetterOrDigit(buffer[end + 1])
        {
            return (run, false)
        }
        let lettersAndDigits = characters.count { range in
            range.count == 2 || (range.count == 1 && isLetterOrDigit(buffer[range.lowerBound]))
        }
        return (run, lettersAndDigits >= minLettersAndDigits)
    }

    /// The one character standing alone between marks (or the text's edge) that ends right
    /// before `end`, nil when there is none there.
    static func character(endingAt end: Int, mark: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard end > 0 else { return nil }
        var start = end - 1
        while start > 0, end - start < 4, buffer[start] & 0xC0 == 0x80 { start -= 1 }
        let range = start..<end
        guard isCharacter(range, mark: mark, in: buffer), start == 0 || isEdge(buffer[start - 1], mark: mark) else { return nil }
        return range
    }

    /// The one character standing alone that starts at `start`, nil when there is none there.
    static func character(startingAt start: Int, mark: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard start < buffer.count else { return nil }
        // A byte that leads no sequence is taken alone (and is no character).
        let range = start..<min(buffer.count, start + max(1, UTF8Encoding.sequenceLength(buffer[start])))
        guard isCharacter(range, mark: mark, in: buffer), range.upperBound == buffer.count || isEdge(buffer[range.upperBound], mark: mark)
        else { return nil }
        return range
    }

    /// Whether `range` holds one character a run of `mark` may hold: between spaces any that is
    /// not white space (a hyphen between spaced words is part of the marking); between other
    /// marks an ASCII letter or digit.
    static func isCharacter(_ range: Range<Int>, mark: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let lead = buffer[range.lowerBound]
        guard mark == 0x20 else { return range.count == 1 && isLetterOrDigit(lead) }
        guard range.count == UTF8Encoding.sequenceLength(lead) else { return false }
        return range.count > 1 ? lead >= 0xC2 : lead > 0x20 && lead < 0x7F
    }

    /// What may stand beside a run's character: its mark; for a space-marked run, white space
    /// too; for the others, anything but a letter or digit.
    static func isEdge(_ byte: UInt8, mark: UInt8) -> Bool {
        mark == 0x20 ? byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D : !isLetterOrDigit(byte)
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || (byte >= 0x30 && byte <= 0x39)
    }
}
