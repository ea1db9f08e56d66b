import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanPipeline
import LeakScanReport
import LeakScanRules
import LeakScanSynth
import Logging
import Testing

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let rules = try! RuleSet.load(directory: root.appendingPathComponent("Patterns"))
let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("pipeline-test-key".utf8)))

/// A deterministic mbox: `count` messages, every `plantEvery`-th with a NINO, and junk
/// (a corrupt message) at `corruptAt`.
func makeArchive(count: Int, plantEvery: Int, corruptAt: Int? = nil) throws -> (path: String, planted: Int, corruptOffset: UInt64?) {
    var text = ""
    var planted = 0
    var corruptOffset: UInt64?
    var generator = SplitMix64(seed: 7)
    let words = ["rota", "shift", "briefing", "canteen", "overtime", "training", "parking", "leave", "kit", "radio"]
    for index in 0..<count {
        if index == corruptAt {
            corruptOffset = UInt64(text.utf8.count)
            text += "From junk Mon Jan  1 00:00:00 2001\n\u{0}\u{0}binary\n\n"
            continue
        }
        text += "From user\(index)@met.example Mon Jan  1 00:00:00 2001\n"
        text += "From: User \(index) <user\(index)@met.example>\nMessage-ID: <m\(index)@met.example>\n"
        text += "Date: Mon, 1 Jan 2001 00:00:00 +0000\nSubject: \(words[Int(generator.next() % 10)])\n\n"
        for _ in 0..<Int(generator.next() % 20 + 1) {
            text += (0..<12).map { _ in words[Int(generator.next() % 10)] }.joined(separator: " ") + "\n"
        }
        if index % plantEvery == 0 {
            // A distinct, valid NINO per planted message.
            let digits = String(format: "%06d", index)
            let pairs = stride(from: 0, to: 6, by: 2).map { Array(digits)[$0..<($0 + 2)] }.map { String($0) }
            text += "my NI number is AB \(pairs.joined(separator: " ")) C\n"
            planted += 1
        }
        text += "\n"
    }
    let path = NSTemporaryDirectory() + "leakscan-pipeline-\(UUID().uuidString).mbox"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return (path, planted, corruptOffset)
}

/// Collects what the pipeline hands its sink: incidents as JSON Lines, and the problems.
final class Collector: ScanSink {
    private(set) var output = [UInt8]()
    private(set) var reported = [ScanProblem]()

    func batch(_ batch: ScanBatch) throws {
        for incident in batch.incidents { IncidentJSONLines.encode(incident, into: &output) }
    }

    func problem(_ problem: ScanProblem) throws { reported.append(problem) }
}

/// Takes a millisecond per batch and notes whether it was ever entered while busy.
final class SlowSink: ScanSink, @unchecked Sendable {
    private let busy = NSLock()
    private(set) var overlapped = false
    private(set) var checkpoints = [UInt64]()
    private(set) var incidents = 0

    func batch(_ batch: ScanBatch) throws {
        guard busy.try() else {
            overlapped = true
            return
        }
        defer { busy.unlock() }
        checkpoints.append(batch.checkpoint.offset)
        incidents += batch.incidents.count
        Thread.sleep(forTimeInterval: 0.001)
    }
}

func scan(_ paths: [String], jobs: Int, batchMessages: Int = 256, detector: Detector = detector) -> (Collector, ScanSummary) {
    let collector = Collector()
    let pipeline = ScanPipeline(
        detector: detector, options: ScanOptions(jobs: jobs, batchMessages: batchMessages), logger: Logger(label: "test"))
    let summary = pipeline.run(paths: paths, into: collector)
    return (collector, summary)
}

@Suite struct ScanPipelineTests {
    @Test func outputIsByteIdenticalForAnyJobCount() throws {
        let archive = try makeArchive(count: 3000, plantEvery: 37)
        let (one, summaryOne) = scan([archive.path], jobs: 1)
        for (jobs, batch) in [(2, 256), (2, 7), (4, 1)] {
            let (many, summary) = scan([archive.path], jobs: jobs, batchMessages: batch)
            #expect(many.output == one.output, "jobs \(jobs), batch \(batch)")
            #expect(summary == summaryOne)
        }
        #expect(summaryOne.messages == 3000)
        #expect(summaryOne.byRule["uk-nino"] == archive.planted)
        let lines = String(decoding: one.output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == summaryOne.incidents)
        // Offsets ascend: input order.
        let offsets = lines.compactMap { line -> Int? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["offset"] as? Int
        }
        #expect(offsets == offsets.sorted())
    }

    /// The sink is called outside the delivery lock, by whichever worker delivers the next
    /// result in order; a slow sink must still see one call at a time, every batch, in order.
    @Test func aSlowSinkSeesOneCallAtATimeInOrder() throws {
        let archive = try makeArchive(count: 400, plantEvery: 9)
        let sink = SlowSink()
        let pipeline = ScanPipeline(
            detector: detector, options: ScanOptions(jobs: 4, batchMessages: 3), logger: Logger(label: "test"))
        let summary = pipeline.run(paths: [archive.path], into: sink)
        #expect(!sink.overlapped)
        #expect(sink.checkpoints == sink.checkpoints.sorted())
        #expect(sink.checkpoints.count == (400 + 2) / 3)
        #expect(sink.incidents == summary.incidents)
        #expect(summary.byRule["uk-nino"] == archive.planted)
    }

    @Test func corruptMessageIsReportedAndTheRestIsScanned() throws {
        let archive = try makeArchive(count: 200, plantEvery: 10, corruptAt: 55)
        let (collector, summary) = scan([archive.path], jobs: 2, batchMessages: 16)
        #expect(summary.corruptMessages == 1)
        #expect(summary.messages == 200)
        #expect(summary.byRule["uk-nino"] == archive.planted)
        let problem = try #require(collector.reported.first)
        #expect(problem.kind == .corrupt)
        #expect(problem.source == archive.path)
        #expect(problem.offset == archive.corruptOffset)
        #expect(problem.reason.contains("NUL"))
    }

    @Test func unreadableInputIsReportedAndOthersStillScanned() throws {
        let archive = try makeArchive(count: 20, plantEvery: 5)
        let (collector, summary) = scan(["/nonexistent/a.mbox", archive.path], jobs: 2)
        #expect(summary.unreadableInputs == 1)
        #expect(summary.byRule["uk-nino"] == archive.planted)
        #expect(collector.reported.map(\.kind) == [.unreadable])
    }

    /// A zip that is damaged from its first member on is reported as unreadable, with what was
    /// lost, and the other inputs are scanned.
    @Test func aDamagedZipIsReportedAndTheOtherInputsScanned() throws {
        let archive = try makeArchive(count: 20, plantEvery: 5)
        let zip = NSTemporaryDirectory() + "leakscan-export-\(UUID().uuidString).zip"
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00] + Array(repeating: 0, count: 40)).write(to: URL(fileURLWithPath: zip))
        let (collector, summary) = scan([zip, archive.path], jobs: 2)
        #expect(summary.unreadableInputs == 1)
        #expect(summary.byRule["uk-nino"] == archive.planted)
        let problem = try #require(collector.reported.first)
        #expect(problem.kind == .unreadable)
        #expect(problem.source == zip)
        #expect(problem.reason.hasPrefix("zip archive damaged: "), "\(problem.reason)")
        #expect(problem.reason.hasSuffix("; no member after this point was read"), "\(problem.reason)")
    }

    @Test func directoriesAreWalkedInNameOrder() throws {
        let directory = NSTemporaryDirectory() + "leakscan-dir-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        let a = try makeArchive(count: 10, plantEvery: 3)
        let b = try makeArchive(count: 10, plantEvery: 2)
        try FileManager.default.copyItem(atPath: a.path, toPath: directory + "/sub/b.mbox")
        try FileManager.default.copyItem(atPath: b.path, toPath: directory + "/a.mbox")
        try FileManager.default.createSymbolicLink(atPath: directory + "/sub/loop", withDestinationPath: directory)
        let (collector, summary) = scan([directory], jobs: 2)
        #expect(summary.files == 2)
        #expect(summary.byRule["uk-nino"] == a.planted + b.planted)
        let sources = String(decoding: collector.output, as: UTF8.self).split(separator: "\n").map { $0.contains("/a.mbox") }
        #expect(sources.first == true && sources.last == false)
    }

    /// The summary counts every incident written, by rule and by category and severity, on
    /// real tweets (many rules, several incidents a post) and the demo mail, whatever the
    /// batches: workers count a batch's incidents before the summary adds them.
    @Test func theSummaryCountsTheIncidentsWritten() throws {
        let paths = [try PrefilterEquivalenceTests.olidPosts(), root.appendingPathComponent("Samples").path]
        for (jobs, batch) in [(1, 256), (2, 3)] {
            let (collector, summary) = scan(paths, jobs: jobs, batchMessages: batch)
            var byRule = [String: Int]()
            var byClass = [String: Int]()
            for line in String(decoding: collector.output, as: UTF8.self).split(separator: "\n") {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let rule = try #require(object["rule"] as? String)
                byRule[rule, default: 0] += 1
                byClass["\(object["category"] ?? "") \(object["severity"] ?? "")", default: 0] += 1
            }
            #expect(byRule.count >= 5, "\(byRule)")
            #expect(summary.byRule == byRule)
            #expect(summary.incidents == byRule.values.reduce(0, +))
            for category in Category.allCases {
                for severity in Severity.allCases {
                    #expect(summary.count(category, severity) == byClass["\(category.rawValue) \(severity.rawValue)", default: 0])
                }
            }
        }
    }
}
