import CPCRE2

/// Compile-time options a rule may ask for. UTF with invalid-UTF tolerance is always on:
/// archives contain broken bytes, and a scan must never fail because of them.
public struct RegexOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Letters match regardless of case.
    public static let caseless = RegexOptions(rawValue: PCRE2_CASELESS)
    /// `^` and `$` match at line starts and ends.
    public static let multiline = RegexOptions(rawValue: PCRE2_MULTILINE)
    /// Whitespace and `#` comments in the pattern are ignored.
    public static let extended = RegexOptions(rawValue: PCRE2_EXTENDED)
    /// `.` also matches a newline.
    public static let dotAll = RegexOptions(rawValue: PCRE2_DOTALL)
    /// `\w`, `\b`, `\d` use Unicode properties (slower; off unless a rule needs it).
    public static let unicodeProperties = RegexOptions(rawValue: PCRE2_UCP)
}
