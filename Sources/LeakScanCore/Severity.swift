/// How serious one incident of a rule is. Ordered: `low < medium < high < critical`.
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case low
    case medium
    case high
    case critical

    /// The case's position in `allCases` (its rank), for tables indexed by severity.
    public var ordinal: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.ordinal < rhs.ordinal }
}
