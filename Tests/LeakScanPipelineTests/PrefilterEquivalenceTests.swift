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

    /// The OLID training and validation tweets as one posts file (JSON Lines), every tweet as written.
    static func olidPosts() throws -> String {
        let folder = root.deletingLastPathComponent().appendingPathComponent("shared/corpora/labelled/olid-train")
        var lines = [String]()
        for split in ["train_text.txt", "val_text.txt"] {
            let text = try String(contentsOf: folder.appendingPathComponent(split), encoding: .utf8)
            for tweet in text.split(separator: "\n") {
                let object = ["id": "\(lines.count)", "author": "@user", "text": String(tweet)]
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            }
        }
        let path = NSTemporaryDirectory() + "leakscan-olid-\(UUID().uuidString).jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func corporaGiveIdenticalIncidents() throws {
        let shared = root.deletingLastPathComponent().appendingPathComponent("shared/corpora")
        let paths =
            ["email", "labelled/davidson-hate-speech/data/labeled_data.csv"].map { shared.appendingPathComponent($0).path }
            + [root.appendingPathComponent("Samples").path, try Self.olidPosts()]
        let on = Self.output(paths, prefilter: true, rules: rules)
        let off = Self.output(paths, prefilter: false, rules: rules)
        #expect(on == off)
        #expect(String(decoding: on, as: UTF8.self).split(separator: "\n").count > 5000)
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
