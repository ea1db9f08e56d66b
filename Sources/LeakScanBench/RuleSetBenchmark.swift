import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanPipeline
import LeakScanRules
import LeakScanScoring
import LeakScanSession
import Logging

/// Measures one rule set on some inputs: each rule's share of rule time, how many texts the
/// prefilter passed to it and how many it confirmed, and, with ground truth, its confusion
/// counts. Scans run through ``ScanSession`` with nothing written.
public struct RuleSetBenchmark {
    public var ruleSet: RuleSet
    public var inputs: [String]
    public var options: ScanOptions

    public init(ruleSet: RuleSet, inputs: [String], options: ScanOptions) {
        self.ruleSet = ruleSet
        self.inputs = inputs
        self.options = options
    }

    /// Scans `repetitions` times; times are the median and the spread, figures from the last run.
    public func measure(name: String, directory: String, repetitions: Int, truth: GroundTruth?) throws -> SetResult {
        var times = [Double]()
        var cpu = [Double]()
        var last: (incidents: [Incident], profile: RuleProfile, summary: ScanSummary)?
        for _ in 0..<max(1, repetitions) {
            let collector = RuleProfileCollector(rules: ruleSet.rules.count)
            let found = IncidentCollector()
            var options = options
            options.ruleProfiles = collector
            // Nothing is written: the collector sink keeps the incidents for scoring.
            var configuration = ScanSession.Configuration(
                ruleSet: ruleSet, inputs: inputs, fingerprintKey: Array("leakscan-bench".utf8), options: options)
            configuration.outputs = []
            configuration.sinks = [found]
            let cpuBefore = ProcessUsage.cpuSeconds()
            let started = Date()
            let summary = try ScanSession(configuration, logger: Logger(label: "leakscan.bench")).run().summary
            times.append(Date().timeIntervalSince(started))
            cpu.append(ProcessUsage.cpuSeconds() - cpuBefore)
            last = (found.incidents, collector.total, summary)
        }
        let run = last!
        let scored = truth?.score(run.incidents, rules: ruleSet.rules.map { ($0.definition.id, $0.definition.category) })
        let totalRuleTime = max(1, run.profile.nanoseconds.reduce(0, +) + run.profile.prefilterNanoseconds)
        let rows = ruleSet.rules.enumerated().map { index, rule in
            RuleRow(
                id: rule.definition.id, category: rule.definition.category,
                cpuShare: Double(run.profile.nanoseconds[index]) / Double(totalRuleTime),
                candidates: run.profile.candidates[index], confirmed: run.profile.confirmed[index],
                matches: run.profile.matches[index], limitHits: run.profile.limitHits[index],
                quality: scored.map { $0.rules[rule.definition.id] ?? Confusion() })
        }
        let median = times.sorted()[times.count / 2]
        var result = SetResult(
            name: name, directory: directory, rules: rows,
            prefilterShare: Double(run.profile.prefilterNanoseconds) / Double(totalRuleTime),
            prefilterSeconds: Double(run.profile.prefilterNanoseconds) / 1e9, prefilterBytes: run.profile.prefilterBytes,
            seconds: median, spread: (times.min()!, times.max()!), cpuSeconds: cpu.sorted()[cpu.count / 2],
            messages: run.summary.messages, bytes: run.summary.bytes, peakResidentMebibytes: ProcessUsage.peakResidentMebibytes(),
            categories: scored?.categories ?? [:], extractionSeconds: run.summary.extractionSeconds)
        result.scorers = scorerSummaries()
        return result
    }

    /// The set's trained scorers, each with the rules that use it and its strongest features.
    func scorerSummaries() -> [ScorerSummary] {
        var summaries = [(scorer: LinearTextScorer, summary: ScorerSummary)]()
        for rule in ruleSet.rules {
            guard let scorer = rule.scorer, let model = rule.definition.scorer?.model else { continue }
            if let index = summaries.firstIndex(where: { $0.scorer === scorer }) {
                summaries[index].summary.rules.append(rule.definition.id)
            } else {
                let top = scorer.topFeatures(15).map { (feature: $0.text, weight: Double($0.weight)) }
                summaries.append(
                    (
                        scorer,
                        ScorerSummary(model: model, rules: [rule.definition.id], featureCount: scorer.features.count, topFeatures: top)
                    ))
            }
        }
        return summaries.map(\.summary)
    }
}

/// Gathers every incident of a scan, for scoring against ground truth.
final class IncidentCollector: ScanSink {
    private(set) var incidents = [Incident]()

    func batch(_ batch: ScanBatch) throws { incidents += batch.incidents }
}
