/// What kind of misuse a rule detects, matching the policy the tool enforces:
/// disclosure of confidential details, use of the organisation's logo, derogatory language.
public enum Category: String, Sendable, Hashable, CaseIterable, Codable {
    case confidential
    case logo
    case derogatory
}

/// How serious one incident of a rule is. Ordered: `low < medium < high < critical`.
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case low
    case medium
    case high
    case critical

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

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
