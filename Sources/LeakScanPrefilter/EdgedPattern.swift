/// A rule's approximation split at its edges: a leading look-behind and a trailing
/// look-ahead of one character class become conditions on the byte before and after the
/// match, which is what keeps "ass" from gating on "class" and "assess".
public struct EdgedPattern: Sendable {
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
    public init(literal: String) {
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

    /// The most bytes a match of the pattern spans, or nil when it has no bound.
    public var maxWidth: Int? { body.maxWidth }

    /// Whether the approximation matches in every text: it is zero-width assertions only (`\A`,
    /// `^`, `\b`, which approximating turns into the empty string) with no condition on its
    /// neighbours. It gates nothing, so a rule made of it is a candidate everywhere rather than
    /// a tag the automaton tracks in every post (8 % of a posts scan, for `derogatory-post`).
    public var occursEverywhere: Bool { maxWidth == 0 && before == nil && after == nil }

    /// The body's matches read backwards, with no edge conditions (``ApproximatePattern/reversed``):
    /// read from where a match of this pattern ends, by an `anchored` ``RuleAutomaton``, it
    /// accepts at every place such a match can start (and, its edges dropped, maybe more).
    public var reversedBody: EdgedPattern { EdgedPattern(before: nil, body: body.reversed, after: nil) }

    private init(before: Edge?, body: ApproximatePattern, after: Edge?) {
        self.before = before
        self.body = body
        self.after = after
    }

    /// How many bytes past the end of a match its approximation's end may lie: one when the
    /// approximation checks the byte after the match, else none. Nil when a match may be
    /// empty. Every match then ends at an approximation end `e` with `e - slack ≤ end ≤ e`,
    /// so after a match ending at `m`, the next one (starting at `m` or later, non-empty)
    /// ends at an approximation end of at least `m + 1 + slack` (or at the end of the text).
    public var endSlack: Int? { body.isNeverEmpty ? (after == nil ? 0 : 1) : nil }

    /// The approximation of a PCRE2 pattern: a regular language that contains every match
    /// (``PatternApproximator``); nil for a pattern it cannot model (back-references,
    /// recursion, conditionals), which must then run over every text.
    public static func approximating(_ pattern: String, caseless: Bool, extended: Bool) -> EdgedPattern? {
        (try? PatternApproximator.approximate(pattern, caseless: caseless, extended: extended)).map(EdgedPattern.init)
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
