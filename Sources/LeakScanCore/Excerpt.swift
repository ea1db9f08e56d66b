/// A byte range of a text unit that holds a sensitive value, and how to mask it.
public struct SensitiveSpan: Sendable, Equatable {
    public var range: Range<Int>
    public var style: MaskStyle

    public init(range: Range<Int>, style: MaskStyle) {
        self.range = range
        self.style = style
    }
}

/// Builds the short, masked excerpt stored in an incident record.
///
/// Every sensitive span that falls inside the excerpt window is masked, not only the one the
/// incident is about: a second copy of an identifier next to the first must not leak either.
public enum ExcerptBuilder {
    /// Bytes of context kept on each side of the match.
    public static let contextBytes = 40
    /// What a `full` mask prints: fixed width, so it does not reveal the value's length.
    public static let fullMask = "********"
    /// The bytes of ``fullMask``, all `*`.
    static let fullMaskLength = 8
    /// The UTF-8 bytes of the ellipsis (U+2026) an excerpt cut short shows.
    static let ellipsisLength = 3

    /// The excerpt for a match at `match` in `text`, masking every span in `spans`.
    public static func excerpt(
        of text: [UInt8], match: Range<Int>, spans: [SensitiveSpan], context: Int = contextBytes
    ) -> String {
        excerpt(of: text, match: match, spans: spans, context: context, wordAtATime: true)
    }

    /// - Parameter wordAtATime: false writes every byte in turn (tests compare the two ways).
    static func excerpt(
        of text: [UInt8], match: Range<Int>, spans: [SensitiveSpan], context: Int, wordAtATime: Bool
    ) -> String {
        var window = max(0, match.lowerBound - context)..<min(text.count, match.upperBound + context)
        // Never cut a sensitive span in two: a half-visible span would escape its own masking.
        for span in spans where span.style != .none && span.range.overlaps(window) {
            window = min(window.lowerBound, span.range.lowerBound)..<max(window.upperBound, span.range.upperBound)
        }
        window = alignToCharacters(window, in: text)

        // On the stack when it is small, as nearly every window is: an array of actions was an
        // allocation for every excerpt.
        return withUnsafeTemporaryAllocation(of: ByteAction.self, capacity: window.count) { actions in
            actions.initialize(repeating: .keep)
            for span in spans where span.range.overlaps(window) {
                mark(span, in: text, window: window, actions: actions)
            }
            return render(text, window: window, actions: UnsafeBufferPointer(actions), wordAtATime: wordAtATime)
        }
    }

    /// `keep` is 0: eight kept bytes read together are a zero word (``keptAsWritten``).
    enum ByteAction: UInt8 { case keep = 0, star, full }

    /// Moves the window's ends off UTF-8 continuation bytes so no character is cut.
    static func alignToCharacters(_ window: Range<Int>, in text: [UInt8]) -> Range<Int> {
        var lower = window.lowerBound
        var upper = window.upperBound
        while lower < upper, isContinuation(text[lower]) { lower += 1 }
        while upper < text.count, isContinuation(text[upper]) { upper += 1 }
        return lower..<upper
    }

    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// Whether a byte is part of the value (masked) rather than punctuation kept for shape.
    static func isValueByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...:
            return true
        default:
            return false
        }
    }

    /// How many leading and trailing characters of an `n`-character value stay visible:
    /// never more than a third of it, none for very short values.
    public static func revealed(count n: Int) -> (leading: Int, trailing: Int) {
        guard n >= 3 else { return (0, 0) }
        let leading = min(4, max(1, n / 4))
        let trailing = n >= 8 ? min(2, n / 8) : 0
        return (leading, trailing)
    }

    static func mark(_ span: SensitiveSpan, in text: [UInt8], window: Range<Int>, actions: UnsafeMutableBufferPointer<ByteAction>) {
        let range = span.range.clamped(to: window)
        switch span.style {
        case .none:
            return
        case .full:
            for index in range { actions[index - window.lowerBound] = .full }
        case .partial:
            // Read through a buffer: the array's checked subscript and a closure per byte made
            // this a tenth of building an excerpt.
            text.withUnsafeBufferPointer { text in
                var characters = 0
                for index in span.range where isValueByte(text[index]) && !isContinuation(text[index]) { characters += 1 }
                let (leading, trailing) = revealed(count: characters)
                var ordinal = -1
                for index in span.range {
                    let byte = text[index]
                    if isValueByte(byte) && !isContinuation(byte) { ordinal += 1 }
                    guard window.contains(index), isValueByte(byte) else { continue }
                    let visible = ordinal < leading || ordinal >= characters - trailing
                    let slot = index - window.lowerBound
                    if !visible && actions[slot] == .keep { actions[slot] = .star }
                }
            }
        }
    }

    /// Writes the excerpt straight into the string's storage: at most an ellipsis on each side
    /// and eight bytes (a full mask) per window byte. Appending byte by byte to an array was
    /// most of the cost of an excerpt, and real posts have an excerpt per incident or two.
    /// The ellipsis and the mask are written as constants, not copied from their arrays: both
    /// workers copied the same two arrays for every excerpt, retaining them from two cores.
    static func render(_ text: [UInt8], window: Range<Int>, actions: UnsafeBufferPointer<ByteAction>, wordAtATime: Bool) -> String {
        let capacity = 2 * ellipsisLength + window.count * fullMaskLength
        return text.withUnsafeBufferPointer { text in
            String(unsafeUninitializedCapacity: capacity) { out in
                var count = 0
                func put(_ byte: UInt8) {
                    out[count] = byte
                    count += 1
                }
                func putEllipsis() {  // U+2026
                    put(0xE2)
                    put(0x80)
                    put(0xA6)
                }
                if window.lowerBound > 0 { putEllipsis() }
                var lastWasSpace = false
                var index = window.lowerBound
                while index < window.upperBound {
                    let slot = index - window.lowerBound
                    if wordAtATime, let kept = keptAsWritten(text, at: index, window: window, actions: actions, afterSpace: lastWasSpace) {
                        UnsafeMutableRawPointer(out.baseAddress! + count).storeBytes(of: kept, as: UInt64.self)
                        count += 8
                        lastWasSpace = text[index + 7] == 0x20
                        index += 8
                        continue
                    }
                    let byte = text[index]
                    switch actions[slot] {
                    case .full:
                        if slot == 0 || actions[slot - 1] != .full {
                            for _ in 0..<fullMaskLength { put(UInt8(ascii: "*")) }
                        }
                        lastWasSpace = false
                    case .star:
                        // One star per character, not per UTF-8 byte.
                        if !isContinuation(byte) { put(UInt8(ascii: "*")) }
                        lastWasSpace = false
                    case .keep:
                        if byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x20 {
                            if !lastWasSpace { put(0x20) }
                            lastWasSpace = true
                        } else if byte < 0x20 || byte == 0x7F {
                            put(UInt8(ascii: "?"))
                            lastWasSpace = false
                        } else {
                            put(byte)
                            lastWasSpace = false
                        }
                    }
                    index += 1
                }
                if window.upperBound < text.count { putEllipsis() }
                return count
            }
        }
    }

    /// The eight bytes at `index` when ``render(_:window:actions:wordAtATime:)`` writes them as they are,
    /// byte for byte: all inside the window and kept, none a control character, a tab, a line
    /// end or DEL, and no space right after a space (`afterSpace`: the byte before was one).
    /// Nil when any might not be (the byte loop then decides), so a text is copied a word at a
    /// time between the places it masks or tidies: byte by byte it was 1.5 % of a scan of posts.
    @inline(__always)
    static func keptAsWritten(
        _ text: UnsafeBufferPointer<UInt8>, at index: Int, window: Range<Int>, actions: UnsafeBufferPointer<ByteAction>,
        afterSpace: Bool
    ) -> UInt64? {
        guard index + 8 <= window.upperBound,
            UnsafeRawPointer(actions.baseAddress! + (index - window.lowerBound)).loadUnaligned(as: UInt64.self) == 0  // all `.keep`
        else { return nil }
        let word = UnsafeRawPointer(text.baseAddress! + index).loadUnaligned(as: UInt64.self)
        // A test may flag a byte that is not one (a borrow from the byte below), never misses
        // one: a false flag only sends the word to the byte loop.
        let spaces = ByteWord.bytes(word, equalTo: 0x20)
        // Little-endian: the word's low byte is the byte at `index`, and `<< 8` moves a byte's
        // flag onto the byte after it.
        guard ByteWord.bytes(word, below: 0x20) | ByteWord.bytes(word, equalTo: 0x7F) == 0, spaces & (spaces << 8) == 0,
            !(afterSpace && word & 0xFF == 0x20)
        else { return nil }
        return word
    }
}
