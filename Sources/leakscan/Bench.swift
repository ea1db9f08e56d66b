import ArgumentParser
import Foundation
import LeakScanBench
import LeakScanCore
import LeakScanDetection
import LeakScanPipeline
import LeakScanRules
import LeakScanSession
import Logging

/// `leakscan bench`: what each rule costs and how often it is right, for one or two rule sets.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure rule sets on an archive: per-rule cost, prefilter yield and, with ground truth, precision and recall.",
        discussion: """
            Scans the inputs once per rule set (and per --repeat). Ground truth: --truth FILE \
            (synth's truth.jsonl, scored per rule) or --labels FILE with --label-column, \
            --positive and --category (a labelled CSV or JSON Lines table, scored per record). \
            Writes a Markdown report to stdout and, with --json, the same figures as JSON.
            """
    )

    @Option(
        name: .customLong("patterns"),
        help: ArgumentHelp(
            "A rule-set directory, gitleaks .toml or Presidio .json; give it twice to compare two sets (A, then B).", valueName: "path"))
    var sets: [String] = []

    @Option(help: ArgumentHelp("Organisations file for {{org}} placeholders.", valueName: "file")) var orgs: String?
    @Option(help: ArgumentHelp("Ground truth from `leakscan synth` (truth.jsonl).", valueName: "file")) var truth: String?
    @Option(help: ArgumentHelp("Labelled table (CSV or JSON Lines); scored per record.", valueName: "file")) var labels: String?
    @Option(help: "Column holding the label (with --labels).") var labelColumn = "class"
    @Option(help: "Label values meaning positive, comma-separated (with --labels).") var positive = "1"
    @Option(help: "The category the labels are about (with --labels).") var category: Category = .derogatory
    @Option(name: .customLong("repeat"), help: "Runs per set; the report gives the median time and the spread.") var repetitions = 1
    @Option(help: ArgumentHelp("Also write the figures as JSON here.", valueName: "file")) var json: String?
    @Option(name: [.short, .long], help: "Worker queues.") var jobs = 1
    @OptionGroup(title: "Social exports") var posts: PostFieldOptions
    @Argument(help: ArgumentHelp("Inputs to scan (with --labels, the labelled file itself).", valueName: "path")) var paths: [String] = []

    func validate() throws {
        guard (1...2).contains(sets.count) || sets.isEmpty else { throw ValidationError("give --patterns once or twice") }
        guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard truth == nil || labels == nil else { throw ValidationError("use --truth or --labels, not both") }
        guard !paths.isEmpty || labels != nil else { throw ValidationError("give inputs to scan") }
    }

    func run() throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let groundTruth: GroundTruth?
        do {
            if let truth {
                groundTruth = try GroundTruth.planted(file: truth)
            } else if let labels {
                groundTruth = try GroundTruth.labelled(
                    file: labels, labelColumn: labelColumn, positive: Set(positive.split(separator: ",").map(String.init)),
                    category: category)
            } else {
                groundTruth = nil
            }
        } catch {
            printError("leakscan: cannot read the ground truth: \(error)")
            throw ExitStatus.error
        }
        let inputs = paths.isEmpty ? [labels!] : paths
        var results = [SetResult]()
        for (index, directory) in (sets.isEmpty ? [nil] : sets.map(Optional.some)).enumerated() {
            let name = sets.count == 2 ? ["A", "B"][index] : "set"
            results.append(try measure(name: name, directory: directory, inputs: inputs, truth: groundTruth))
        }
        print(BenchReport.markdown(results), terminator: "")
        if let json {
            try BenchReport.json(results).write(to: URL(fileURLWithPath: json), options: .atomic)
        }
    }

    func measure(name: String, directory: String?, inputs: [String], truth: GroundTruth?) throws -> SetResult {
        let ruleSet = try RuleOptions.load(patterns: directory, orgs: orgs)
        var times = [Double]()
        var cpu = [Double]()
        var last: (incidents: [Incident], profile: RuleProfile, messages: Int, bytes: UInt64)?
        for _ in 0..<repetitions {
            let collector = RuleProfileCollector(rules: ruleSet.rules.count)
            let found = IncidentCollector()
            var options = ScanOptions(jobs: jobs, postFields: posts.fields, directory: ruleSet.directory)
            options.ruleProfiles = collector
            // Nothing is written: the collector sink keeps the incidents for scoring.
            var configuration = ScanSession.Configuration(
                ruleSet: ruleSet, inputs: inputs, fingerprintKey: Array("leakscan-bench".utf8), options: options)
            configuration.outputs = []
            configuration.sinks = [found]
            let cpuBefore = Self.cpuSeconds()
            let started = Date()
            let summary = try ScanSession(configuration, logger: Logger(label: "leakscan.bench")).run().summary
            times.append(Date().timeIntervalSince(started))
            cpu.append(Self.cpuSeconds() - cpuBefore)
            last = (found.incidents, collector.total, summary.messages, summary.bytes)
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
        return SetResult(
            name: name, directory: directory ?? "shipped rules", rules: rows,
            prefilterShare: Double(run.profile.prefilterNanoseconds) / Double(totalRuleTime),
            seconds: median, spread: (times.min()!, times.max()!), cpuSeconds: cpu.sorted()[cpu.count / 2],
            messages: run.messages, bytes: run.bytes, peakResidentMebibytes: peakResidentMebibytes(),
            categories: scored?.categories ?? [:])
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// Gathers every incident of a scan, for scoring against ground truth.
final class IncidentCollector: ScanSink {
    private(set) var incidents = [Incident]()

    func batch(_ batch: ScanBatch) throws { incidents += batch.incidents }
}

extension Category: ExpressibleByArgument {}
