import Foundation
import LeakScanCore

/// A published rate LeakScan's measurements are set beside.
public struct Baseline: Sendable, Equatable {
    public enum Measure: String, Sendable { case investigated, disciplined, terminated }

    public var label: String
    public var channel: Channel
    public var measure: Measure
    public var value: Double
    /// Organisations surveyed.
    public var sample: Int
    public var source: String

    /// Proofpoint, "Outbound Email and Data Loss Prevention in Today's Enterprise, 2009": 220
    /// US companies with 1,000+ staff, past 12 months, share of organisations (see
    /// ../shared/reference/BASELINES.md for the press sources).
    public static let shipped: [Baseline] = {
        let source = "Proofpoint 2009 survey (220 US organisations, past 12 months)"
        let rows: [(Channel, Measure, Double)] = [
            (.socialNetworking, .investigated, 0.17), (.socialNetworking, .disciplined, 0.10), (.socialNetworking, .terminated, 0.08),
            (.email, .investigated, 0.43), (.email, .disciplined, 0.51), (.email, .terminated, 0.31),
            (.blogMessageBoard, .investigated, 0.18), (.blogMessageBoard, .disciplined, 0.17), (.blogMessageBoard, .terminated, 0.09),
            (.videoSharing, .investigated, 0.18), (.videoSharing, .disciplined, 0.15), (.videoSharing, .terminated, 0.08),
            (.smsTwitter, .investigated, 0.13),
        ]
        return rows.map { channel, measure, value in
            Baseline(label: "\(channel.rawValue): \(measure.rawValue)", channel: channel, measure: measure, value: value, sample: 220, source: source)
        }
    }()

    /// The Met's outcomes for 27 officers disciplined for misusing social networking sites in
    /// the 18 months to November 2009 (FOI answer reported by Lewis PR), keyed by tier name.
    public static let metOutcomes: [(outcome: String, people: Int)] = [
        ("words of advice", 5), ("written warning", 18), ("formal misconduct", 4), ("dismissal", 0),
    ]
}

/// A measured rate beside its baseline.
public struct BaselineComparison: Sendable {
    public var baseline: Baseline
    public var measured: Rate
    public var difference: Double { measured.value - baseline.value }
    /// Whether the baseline lies inside the measured 95% interval.
    public var baselineInsideInterval: Bool { (measured.low...measured.high).contains(baseline.value) }
}
