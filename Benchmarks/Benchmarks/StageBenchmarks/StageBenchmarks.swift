import Benchmark
import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanFraming
import LeakScanMIME
import LeakScanPipeline
import LeakScanRules
import LeakScanSynth
import Logging

/// One benchmark per pipeline stage, over the same seeded synthetic archive (8 MiB):
/// mbox split, MIME decode, prefilter, PCRE2 confirmation, and the whole pipeline.
let benchmarks: @Sendable () -> Void = {
    let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "leakscan-stage-benchmarks")
    var config = SynthConfig()
    config.targetBytes = 8 << 20
    config.seed = 7
    if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("mail.mbox").path) {
        _ = try? SyntheticArchive(config: config).write(to: directory)
    }
    let mbox = directory.appendingPathComponent("mail.mbox").path
    let bytes = (try? FileManager.default.attributesOfItem(atPath: mbox)[.size] as? Int) ?? 0
    let rules = try! RuleSet.load(
        directory: RuleSet.bundledDirectory(), organisationsFile: directory.appendingPathComponent("organisations.yaml"))
    let raws = Array(try! MboxReader(path: mbox))
    let builder = EmailDocumentBuilder()
    let documents = raws.compactMap { try? builder.document(from: $0, source: mbox).0 }
    let units = documents.flatMap(\.units).map(\.bytes)
    let withPrefilter = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("benchmark-key".utf8)))
    let withoutPrefilter = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("benchmark-key".utf8)), prefilter: false)

    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds,
        maxDuration: .seconds(10), maxIterations: 20)
    let scale = bytes / (1 << 20)

    Benchmark("mbox split (\(scale) MiB per iteration)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Array(try! MboxReader(path: mbox)).count)
        }
    }
    Benchmark("MIME decode (\(scale) MiB per iteration)") { benchmark in
        let builder = EmailDocumentBuilder()
        for _ in benchmark.scaledIterations {
            for raw in raws { blackHole(try? builder.document(from: raw, source: mbox)) }
        }
    }
    Benchmark("detect with prefilter (\(scale) MiB per iteration)") { benchmark in
        let scratch = withPrefilter.makeScratch()
        for _ in benchmark.scaledIterations {
            for unit in units { unit.withUnsafeBufferPointer { blackHole(withPrefilter.findings(in: $0, scratch: scratch)) } }
        }
    }
    Benchmark("detect, PCRE2 only (\(scale) MiB per iteration)") { benchmark in
        let scratch = withoutPrefilter.makeScratch()
        for _ in benchmark.scaledIterations {
            for unit in units { unit.withUnsafeBufferPointer { blackHole(withoutPrefilter.findings(in: $0, scratch: scratch)) } }
        }
    }
    Benchmark("whole pipeline, 1 job (\(scale) MiB per iteration)") { benchmark in
        for _ in benchmark.scaledIterations {
            let pipeline = ScanPipeline(
                detector: withPrefilter, options: ScanOptions(jobs: 1, directory: rules.directory), logger: Logger(label: "bench"))
            blackHole(pipeline.run(paths: [mbox], into: DiscardingSink()))
        }
    }
}

/// Takes every event and keeps nothing: the pipeline's own cost, without a writer's.
final class DiscardingSink: ScanSink {
    func batch(_ batch: ScanBatch) throws {}
}
