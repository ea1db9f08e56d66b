import Dispatch
import Foundation

/// Per-rule cost and yield, for `leakscan bench`: how often the prefilter let a rule's regex
/// run, how often it then confirmed something, and the time spent. One per worker (no locks on
/// the hot path); ``RuleProfileCollector`` adds them up.
public final class RuleProfile: @unchecked Sendable {
    /// Texts the prefilter passed to the rule's regex.
    public var candidates: [Int]
    /// Texts in which the rule confirmed at least one finding.
    public var confirmed: [Int]
    /// Findings (before per-message de-duplication).
    public var matches: [Int]
    /// Time in the rule's regex, validator and checks.
    public var nanoseconds: [UInt64]
    /// Match attempts stopped by PCRE2's limits.
    public var limitHits: [Int]
    /// Time in the shared prefilter passes.
    public var prefilterNanoseconds: UInt64 = 0
    /// Bytes of decoded text the prefilter read (its speed, set beside other candidate finders).
    public var prefilterBytes: UInt64 = 0

    public init(rules: Int) {
        candidates = Array(repeating: 0, count: rules)
        confirmed = Array(repeating: 0, count: rules)
        matches = Array(repeating: 0, count: rules)
        nanoseconds = Array(repeating: 0, count: rules)
        limitHits = Array(repeating: 0, count: rules)
    }

    func add(_ other: RuleProfile) {
        for index in candidates.indices {
            candidates[index] += other.candidates[index]
            confirmed[index] += other.confirmed[index]
            matches[index] += other.matches[index]
            nanoseconds[index] += other.nanoseconds[index]
            limitHits[index] += other.limitHits[index]
        }
        prefilterNanoseconds += other.prefilterNanoseconds
        prefilterBytes += other.prefilterBytes
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// Adds up the workers' profiles when they finish.
public final class RuleProfileCollector: @unchecked Sendable {
    private let lock = NSLock()
    public let total: RuleProfile

    public init(rules: Int) {
        total = RuleProfile(rules: rules)
    }

    public func add(_ profile: RuleProfile) {
        lock.withLock { total.add(profile) }
    }
}
