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
