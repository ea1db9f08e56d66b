import Foundation
import LeakScanDetection
import LeakScanPipeline
import LeakScanRules
import LeakScanSynth
import Testing

/// The prefilter may never lose a match: every corpus and a synthetic archive give identical
/// incident output with the prefilter on and off.
@Suite struct PrefilterEquivalenceTests {
    static func output(_ paths: [String], prefilter: Bool, rules: RuleSet) -> [UInt8] {
        let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("prefilter-key".utf8)), prefilter: prefilter)
        let collector = Collector()
        _ = ScanPipeline(detector: detector, options: ScanOptions(jobs: 2, directory: rules.directory), logger: .init(label: "t"))
            .run(paths: paths, into: collector)
        return collector.output
    }

    @Test func corporaGiveIdenticalIncidents() throws {
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/corpora")
        let paths =
            ["email", "labelled/davidson-hate-speech/data/labeled_data.csv"].map { shared.appendingPathComponent($0).path }
            + [root.appendingPathComponent("Samples").path]
        let on = Self.output(paths, prefilter: true, rules: rules)
        let off = Self.output(paths, prefilter: false, rules: rules)
        #expect(on == off)
        #expect(String(decoding: on, as: UTF8.self).split(separator: "\n").count > 1000)
    }

    @Test func synthArchiveGivesIdenticalIncidents() throws {
        var config = SynthConfig()
        config.organisations = 80
        config.targetBytes = 4 << 20
        config.backgroundRate = 0.05
        config.seed = 21
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "leakscan-prefilter-\(UUID().uuidString)")
        try SyntheticArchive(config: config).write(to: directory)
        let withOrgs = try RuleSet.load(
            directory: root.appendingPathComponent("Patterns"), organisationsFile: directory.appendingPathComponent("organisations.yaml"))
        let paths = ["mail.mbox", "social.jsonl"].map { directory.appendingPathComponent($0).path }
        let on = Self.output(paths, prefilter: true, rules: withOrgs)
        #expect(on == Self.output(paths, prefilter: false, rules: withOrgs))
        #expect(!on.isEmpty)
    }

    @Test func everyMatchExamplePassesItsRulesGate() {
        let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: [1]), prefilter: true)
        #expect(ExampleChecker(detector: detector).failures().isEmpty)
    }
}
