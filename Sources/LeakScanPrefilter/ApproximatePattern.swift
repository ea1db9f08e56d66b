/// A regular language over bytes that contains every string a PCRE2 pattern can match: the
/// pattern with look-arounds, anchors and word boundaries dropped, non-ASCII characters
/// widened to "a run of bytes ≥ 0x80", and long counted repeats widened to unbounded ones.
/// Dropping a condition only adds strings, so when this language does not occur in a text,
/// the pattern cannot match it.
indirect enum ApproximatePattern: Sendable {
    case character(CharacterClass)
    case sequence([ApproximatePattern])
    case choice([ApproximatePattern])
    case repetition(ApproximatePattern, min: Int, max: Int?)
    /// A zero-width assertion (matches the empty string here). A look-around whose body is a
    /// single character class keeps that class, so a caller can model it at the pattern's edges.
    case assertion(Lookaround?)

    struct Lookaround: Sendable {
        var behind: Bool
        var negative: Bool
        var characters: CharacterClass
    }
}

extension ApproximatePattern {
    /// The most bytes a match can span: a character is at most 4 bytes of UTF-8, an assertion
    /// none; nil when a repeat is unbounded (`*`, `+`, `{n,}`). What lets a rule's regex run
    /// only in a window around each place its approximation occurs.
    var maxWidth: Int? {
        switch self {
        case .character(let characters): return characters.nonASCII ? 4 : 1
        case .assertion: return 0
        case .sequence(let items):
            var total = 0
            for item in items {
                guard let width = item.maxWidth else { return nil }
                total += width
            }
            return total
        case .choice(let items):
            var widest = 0
            for item in items {
                guard let width = item.maxWidth else { return nil }
                widest = max(widest, width)
            }
            return widest
        case .repetition(let item, _, let max):
            guard let max, let width = item.maxWidth else { return nil }
            return max * width
        }
    }

    /// The language of the matches read backwards, each one's bytes in reverse order: what a
    /// search for where a match starts reads, from its end. A non-ASCII character is a run of
    /// high bytes either way, and an assertion matches the empty string either way.
    var reversed: ApproximatePattern {
        switch self {
        case .character, .assertion: return self
        case .sequence(let items): return .sequence(items.reversed().map(\.reversed))
        case .choice(let items): return .choice(items.map(\.reversed))
        case .repetition(let item, let min, let max): return .repetition(item.reversed, min: min, max: max)
        }
    }

    /// Whether every match spans at least one byte.
    var isNeverEmpty: Bool {
        switch self {
        case .character: return true
        case .assertion: return false
        case .sequence(let items): return items.contains { $0.isNeverEmpty }
        case .choice(let items): return !items.isEmpty && items.allSatisfy { $0.isNeverEmpty }
        case .repetition(let item, let min, _): return min > 0 && item.isNeverEmpty
        }
    }
}
