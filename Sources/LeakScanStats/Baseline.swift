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
}

/// `baselines.json`, shipped as a resource: the published figures as data, each with its source.
public struct BaselineData: Sendable {
    public var proofpoint: [Baseline]
    public var metOutcomes: [(outcome: String, people: Int)]
    /// The Met's disciplined officers per 1,000 officers per year, from the FOI answer and the
    /// headcount assumption in the file.
    public var metPeoplePerThousandPerYear: Double
    public var metSource: String
    public var otherFigures: [String]

    static let tierOrder = ["words of advice", "written warning", "formal misconduct", "dismissal"]

    /// Why the shipped baselines could not be read.
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The baselines shipped beside the binary (`Resources/baselines.json`, with their sources).
    /// Throws, rather than traps, when the resource bundle was not installed with the binary.
    public static func shipped() throws -> BaselineData {
        let bundle = "LeakScan_LeakScanStats.resources"
        guard let url = ResourceLocator.url(bundle: bundle, path: "baselines.json") else {
            throw LoadError(description: "\(bundle)/baselines.json is missing beside the binary; install the resource bundles with it")
        }
        return try BaselineData(json: Data(contentsOf: url))
    }

    public init(json data: Data) throws {
        let Malformed = { LoadError(description: "baselines.json does not have the expected fields") }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let survey = root["proofpoint_2009"] as? [String: Any], let rows = survey["rows"] as? [[String: Any]],
            let source = survey["source"] as? String, let sample = survey["sample"] as? Int,
            let foi = root["foi_2009"] as? [String: Any], let met = foi["met_officers"] as? [String: Any],
            let outcomes = met["outcomes"] as? [String: Int], let disciplined = met["disciplined"] as? Int,
            let months = met["window_months"] as? Int, let headcount = met["headcount_assumption"] as? Int
        else { throw Malformed() }
        var baselines = [Baseline]()
        for row in rows {
            guard let channel = (row["channel"] as? String).flatMap(Channel.init(rawValue:)) else { throw Malformed() }
            for measure in [Baseline.Measure.investigated, .disciplined, .terminated] {
                if let value = row[measure.rawValue] as? Double {
                    baselines.append(
                        Baseline(
                            label: "\(channel.rawValue): \(measure.rawValue)", channel: channel, measure: measure, value: value,
                            sample: sample, source: source))
                }
            }
        }
        proofpoint = baselines
        metOutcomes = Self.tierOrder.map { ($0, outcomes[$0] ?? 0) }
        metPeoplePerThousandPerYear = Double(disciplined) / Double(headcount) * 1000 * 12 / Double(months)
        metSource = (foi["source"] as? String ?? "") + " Headcount: " + (met["headcount_note"] as? String ?? "")
        otherFigures = (foi["other"] as? [[String: String]] ?? []).map { "\($0["body"] ?? ""): \($0["figure"] ?? "")" }
    }
}

/// A measured rate beside its baseline.
public struct BaselineComparison: Sendable {
    public var baseline: Baseline
    public var measured: Rate
    public var difference: Double { measured.value - baseline.value }
    /// Whether the baseline lies inside the measured 95% interval.
    public var baselineInsideInterval: Bool { (measured.low...measured.high).contains(baseline.value) }
}
