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
    public var tiers: [(outcome: String, from: Int)] = zip(StatsPolicy.outcomes, [1, 2, 4, 7]).map { ($0, $1) }

    public init() {}

    /// The Met's outcomes in order, for ``withTiers(_:)``.
    public static let outcomes = ["words of advice", "written warning", "formal misconduct", "dismissal"]

    /// This policy with the outcomes starting at the counts in `starts` ("1,2,4,7": four
    /// ascending counts from 1), or nil when `starts` is not that.
    public func withTiers(_ starts: String) -> StatsPolicy? {
        let fields = starts.split(separator: ",", omittingEmptySubsequences: false)
        let counts = fields.compactMap { Int($0) }
        guard fields.count == Self.outcomes.count, counts.count == fields.count, counts == counts.sorted(), counts[0] >= 1
        else { return nil }
        var policy = self
        policy.tiers = zip(Self.outcomes, counts).map { ($0, $1) }
        return policy
    }

    public static func == (lhs: StatsPolicy, rhs: StatsPolicy) -> Bool {
        lhs.disciplinarySeverity == rhs.disciplinarySeverity && lhs.disciplinaryCount == rhs.disciplinaryCount
            && lhs.tiers.map(\.outcome) == rhs.tiers.map(\.outcome) && lhs.tiers.map(\.from) == rhs.tiers.map(\.from)
    }

    /// The outcome for a person with `count` incidents.
    public func outcome(for count: Int) -> String? {
        tiers.last { count >= $0.from }?.outcome
    }
}
