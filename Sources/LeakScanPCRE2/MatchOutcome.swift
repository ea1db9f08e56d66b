/// What one match attempt produced.
public enum MatchOutcome: Sendable, Equatable {
    /// Byte range of the whole match.
    case match(Range<Int>)
    case noMatch
    /// The match, depth or JIT-stack limit stopped the attempt; counted in the scratch.
    case limitExceeded
    /// Any other PCRE2 matching error, with PCRE2's message.
    case failed(String)
}
