import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanPipeline
import LeakScanRules
import LeakScanStats
import LeakScanSynth
import Testing

/// The scanner recovers a known truth: every incident `synth` plants (in every encoding) is
/// found, nothing else is, and the statistics give back the planted organisation-level rates.
@Suite struct SynthGroundTruthTests {
    static func archive(seed: UInt64, organisations: Int = 200, bytes: Int = 3 << 20) throws -> (URL, [TruthRecord]) {
        var config = SynthConfig()
        config.organisations = organisations
        config.staffPerOrganisation = 10
        config.targetBytes = bytes
        config.backgroundRate = 0.05
        config.months = 12
        config.seed = seed
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "leakscan-synth-\(UUID().uuidString)")
        return (directory, try SyntheticArchive(config: config).write(to: directory))
    }

    static func scanArchive(_ directory: URL, inputs: [String] = ["mail.mbox", "social.jsonl"]) throws -> (Collector, StatsState, RuleSet) {
        let rules = try RuleSet.load(
            directory: root.appendingPathComponent("Patterns"), organisationsFile: directory.appendingPathComponent("organisations.yaml"))
        let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("synth-test-key".utf8)))
        let collector = Collector()
        let statistics = StatsSink()
        ScanPipeline(detector: detector, options: ScanOptions(jobs: 2, directory: rules.directory), logger: .init(label: "t"))
            .run(paths: inputs.map { directory.appendingPathComponent($0).path }, into: SinkFanOut([statistics, collector]))
        return (collector, statistics.state, rules)
    }

    /// Wilson score interval, written out independently of LeakScanStats.Rate.
    static func referenceWilson(_ x: Int, _ n: Int) -> (Double, Double) {
        let z = 1.959964
        let p = Double(x) / Double(n)
        let a = p + z * z / (2 * Double(n))
        let b = z * sqrt(p * (1 - p) / Double(n) + z * z / (4 * Double(n) * Double(n)))
        let c = 1 + z * z / Double(n)
        return ((a - b) / c, (a + b) / c)
    }

    @Test func scanAndStatsRecoverThePlantedTruth() throws {
        let (directory, truth) = try Self.archive(seed: 11)
        let (collector, stats, rules) = try Self.scanArchive(directory)
        #expect(collector.reported.isEmpty)
        // Synth's truth judges the rules it plants (see GroundTruth.score).
        let plantedRules = Set(truth.map(\.rule))
        let found = String(decoding: collector.output, as: UTF8.self).split(separator: "\n").compactMap { line -> String? in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            guard plantedRules.contains(object["rule"] as! String) else { return nil }
            return "\(object["message_id"]!) \(object["rule"]!) \(object["org"]!)"
        }
        let planted = truth.map { "\($0.messageID) \($0.rule) \($0.organisation)" }
        #expect(Set(found) == Set(planted))
        #expect(found.count == planted.count)
        #expect(Set(truth.map(\.encoding)).isSuperset(of: ["plain", "base64", "quoted-printable", "html", "cp1252", "forwarded", "json"]))

        let report = StatsReport(state: stats, directory: rules.directory, baselines: try BaselineData.shipped())
        #expect(report.organisations == 200)
        let social = try #require(report.channels.first { $0.channel == .socialNetworking })
        let all = try #require(report.channels.first { $0.channel == nil })
        // round(0.17 × 200) = 34 organisations with a social-network leak; round(0.10 × 200) = 20 disciplinary.
        #expect(social.leak.count == 34)
        #expect(social.leak.total == 200)
        #expect(all.disciplinary.count == 20)
        let plantedDisciplinary = Set(truth.filter { $0.severity >= .high }.map(\.organisation))
        #expect(plantedDisciplinary.count == 20)
        for (rate, x) in [(social.leak, 34), (all.disciplinary, 20)] {
            let (low, high) = Self.referenceWilson(x, 200)
            #expect(abs(rate.low - low) < 1e-12)
            #expect(abs(rate.high - high) < 1e-12)
        }
        let comparison = try #require(
            report.comparisons.first { $0.baseline.channel == .socialNetworking && $0.baseline.measure == .investigated })
        #expect(comparison.baselineInsideInterval)
        #expect(abs(comparison.difference) < 1e-12)
    }

    @Test func mergingTwoHalvesEqualsTheWhole() throws {
        let (directory, _) = try Self.archive(seed: 12, organisations: 50, bytes: 1 << 20)
        let (_, whole, rules) = try Self.scanArchive(directory)
        let (_, mail, _) = try Self.scanArchive(directory, inputs: ["mail.mbox"])
        let (_, social, _) = try Self.scanArchive(directory, inputs: ["social.jsonl"])
        #expect(mail + social == whole)
        // Through the file format too: decode(encode(a)) + decode(encode(b)) == whole.
        let baselines = try BaselineData.shipped()
        let encode = { (state: StatsState) in
            try StatsJSON.encode(StatsReport(state: state, directory: rules.directory, baselines: baselines), state: state)
        }
        let merged = try StatsJSON.decodeState(encode(mail)) + StatsJSON.decodeState(encode(social))
        #expect(merged == whole)
        #expect(try encode(merged) == encode(whole))
    }

    @Test func sameSeedSameBytes() throws {
        let (a, _) = try Self.archive(seed: 5, organisations: 30, bytes: 1 << 20)
        let (b, _) = try Self.archive(seed: 5, organisations: 30, bytes: 1 << 20)
        let (c, _) = try Self.archive(seed: 6, organisations: 30, bytes: 1 << 20)
        for name in ["mail.mbox", "social.jsonl", "truth.jsonl", "organisations.yaml"] {
            let first = try Data(contentsOf: a.appendingPathComponent(name))
            #expect(first == (try Data(contentsOf: b.appendingPathComponent(name))), "\(name)")
            if name != "organisations.yaml" {
                #expect(first != (try Data(contentsOf: c.appendingPathComponent(name))), "\(name)")
            }
        }
    }
}
