import Foundation
import LeakScanDetection
import LeakScanPipeline
import LeakScanRules
import LeakScanSynth
import Testing

/// The scanner recovers a known truth: every incident `synth` plants (in every encoding) is
/// found, and nothing else is.
@Suite struct SynthGroundTruthTests {
    static func archive(seed: UInt64) throws -> (URL, [TruthRecord]) {
        var config = SynthConfig()
        config.organisations = 60
        config.staffPerOrganisation = 10
        config.targetBytes = 3 << 20
        config.backgroundRate = 0.05
        config.seed = seed
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "leakscan-synth-\(UUID().uuidString)")
        return (directory, try SyntheticArchive(config: config).write(to: directory))
    }

    @Test func everyPlantedIncidentIsFoundAndNothingElse() throws {
        let (directory, truth) = try Self.archive(seed: 11)
        let organisations = try RuleSet.load(
            directory: root.appendingPathComponent("Patterns"), organisationsFile: directory.appendingPathComponent("organisations.yaml"))
        let detector = Detector(ruleSet: organisations, fingerprinter: Fingerprinter(key: Array("synth-test-key".utf8)))
        let collector = Collector()
        let summary = ScanPipeline(detector: detector, options: ScanOptions(jobs: 2), logger: .init(label: "t")).run(
            paths: [directory.appendingPathComponent("mail.mbox").path, directory.appendingPathComponent("social.jsonl").path],
            write: collector.write, report: collector.report)
        #expect(collector.reported.isEmpty)
        let found = String(decoding: collector.output, as: UTF8.self).split(separator: "\n").map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(object["message_id"]!) \(object["rule"]!)"
        }
        let planted = truth.map { "\($0.messageID) \($0.rule)" }
        #expect(Set(found) == Set(planted))
        #expect(found.count == planted.count)
        #expect(summary.incidents == truth.count)
        // Every encoding was exercised.
        #expect(Set(truth.map(\.encoding)).isSuperset(of: ["plain", "base64", "quoted-printable", "html", "cp1252", "forwarded", "json"]))
        // The organisation-level rates are exact: round(0.17 × 60) = 10 and round(0.10 × 60) = 6.
        let socialLeakOrganisations = Set(truth.filter { $0.channel != "email" && $0.category == .confidential && $0.severity < .high }.map(\.organisation))
        let disciplinaryOrganisations = Set(truth.filter { $0.severity >= .high }.map(\.organisation))
        #expect(socialLeakOrganisations.count == 10)
        #expect(disciplinaryOrganisations.count == 6)
    }

    @Test func sameSeedSameBytes() throws {
        let (a, _) = try Self.archive(seed: 5)
        let (b, _) = try Self.archive(seed: 5)
        let (c, _) = try Self.archive(seed: 6)
        for name in ["mail.mbox", "social.jsonl", "truth.jsonl"] {
            let first = try Data(contentsOf: a.appendingPathComponent(name))
            #expect(first == (try Data(contentsOf: b.appendingPathComponent(name))), "\(name)")
            #expect(first != (try Data(contentsOf: c.appendingPathComponent(name))), "\(name)")
        }
    }
}
