import ArgumentParser
import Foundation
import LeakScanBench
import LeakScanCore
import LeakScanPipeline

/// `leakscan bench`: what each rule costs and how often it is right, for one or two rule sets.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure rule sets on an archive: per-rule cost, prefilter yield and, with ground truth, precision and recall.",
        discussion: """
            Scans the inputs once per rule set (and per --repeat). Ground truth: --truth FILE (synth's truth.jsonl, \
            scored per rule) or --labels FILE with --label-column, --positive and --category (a labelled CSV or JSON \
            Lines table, scored per record). Writes a Markdown report to stdout and, with --json, the same as JSON.
            """
    )

    @Option(
        name: .customLong("patterns"),
        help: ArgumentHelp("Rule-set directory, gitleaks .toml or Presidio .json; twice to compare.", valueName: "path"))
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
    @OptionGroup var logging: LoggingOptions
    @Argument(help: ArgumentHelp("Inputs to scan (with --labels, the labelled file itself).", valueName: "path")) var paths: [String] = []

    func validate() throws {
        guard (1...2).contains(sets.count) || sets.isEmpty else { throw ValidationError("give --patterns once or twice") }
        guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard truth == nil || labels == nil else { throw ValidationError("use --truth or --labels, not both") }
        guard !paths.isEmpty || labels != nil else { throw ValidationError("give inputs to scan") }
    }

    func run() throws {
        _ = logging.bootstrap()
        let groundTruth = try ExitStatus.orError("cannot read the ground truth") {
            try GroundTruth.load(truthFile: truth, labelsFile: labels, labelColumn: labelColumn, positive: positive, category: category)
        }
        let inputs = paths.isEmpty ? [labels!] : paths
        var results = [SetResult]()
        for (index, directory) in (sets.isEmpty ? [nil] : sets.map(Optional.some)).enumerated() {
            let name = sets.count == 2 ? ["A", "B"][index] : "set"
            let ruleSet = try RuleOptions.load(patterns: directory, orgs: orgs)
            let benchmark = RuleSetBenchmark(
                ruleSet: ruleSet, inputs: inputs,
                options: ScanOptions(jobs: jobs, postFields: posts.fields, directory: ruleSet.directory))
            results.append(
                try benchmark.measure(name: name, directory: directory ?? "shipped rules", repetitions: repetitions, truth: groundTruth))
        }
        print(BenchReport.markdown(results), terminator: "")
        if let json {
            try BenchReport.json(results).write(to: URL(fileURLWithPath: json), options: .atomic)
        }
    }
}

extension Category: ExpressibleByArgument {}
