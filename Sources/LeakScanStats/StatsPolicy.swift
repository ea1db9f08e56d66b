import Foundation
import LeakScanCore

/// How incidents are judged: what counts as a disciplinary-level violation, and which outcome
/// a person's number of incidents leads to.
public struct StatsPolicy: Sendable, Equatable {
    /// An incident at or above this severity is disciplinary-level.
    public var disciplinarySeverity: Severity = .high
    /// Optionally, a person with at least this many incidents (any severity) is too.
    public var disciplinaryCount: Int?
    /// Incidents per person at which each outcome starts, mildest first: the Met's outcomes.
    public var tiers: [(outcome: String, from: Int)] = [
        ("words of advice", 1), ("written warning", 2), ("formal misconduct", 4), ("dismissal", 7),
    ]

    public init() {}

    public static func == (lhs: StatsPolicy, rhs: StatsPolicy) -> Bool {
        lhs.disciplinarySeverity == rhs.disciplinarySeverity && lhs.disciplinaryCount == rhs.disciplinaryCount
            && lhs.tiers.map(\.outcome) == rhs.tiers.map(\.outcome) && lhs.tiers.map(\.from) == rhs.tiers.map(\.from)
    }

    /// The outcome for a person with `count` incidents.
    public func outcome(for count: Int) -> String? {
        tiers.last { count >= $0.from }?.outcome
    }
}
