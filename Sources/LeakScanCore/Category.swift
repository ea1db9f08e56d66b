/// What kind of misuse a rule detects, matching the policy the tool enforces:
/// disclosure of confidential details, use of the organisation's logo, derogatory language.
public enum Category: String, Sendable, Hashable, CaseIterable, Codable {
    case confidential
    case logo
    case derogatory

    /// The case's position in `allCases`, for tables indexed by category.
    public var ordinal: Int {
        switch self {
        case .confidential: 0
        case .logo: 1
        case .derogatory: 2
        }
    }
}
