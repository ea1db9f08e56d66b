/// What kind of misuse a rule detects, matching the policy the tool enforces:
/// disclosure of confidential details, use of the organisation's logo, derogatory language.
public enum Category: String, Sendable, Hashable, CaseIterable, Codable {
    case confidential
    case logo
    case derogatory
}
