/// A pattern PCRE2 refused, with PCRE2's own message and the byte offset it points at.
public struct RegexCompileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// PCRE2's error text, e.g. "missing closing parenthesis".
    public let message: String
    /// Byte offset in the pattern where PCRE2 stopped.
    public let offset: Int

    public var description: String { "\(message) at offset \(offset)" }
}
