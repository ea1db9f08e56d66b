/// How much of a matched value an incident record may show.
public enum MaskStyle: String, Sendable, Hashable, CaseIterable, Codable {
    /// Keep a short prefix and suffix of the value, replace the rest: `AB 12 ** ** *C`.
    case partial
    /// Replace the whole value with a fixed-width placeholder (also hides its length).
    case full
    /// Show the value as it is: for rules whose match is not itself sensitive,
    /// such as a protective marking or a logo file name.
    case none
}
