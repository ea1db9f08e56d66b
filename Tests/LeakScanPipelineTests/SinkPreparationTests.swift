import Foundation
import LeakScanCore
import LeakScanPipeline
import LeakScanReport
import Logging
import Testing

/// Notes what it prepared, on which incidents, and what each batch brought back.
final class PreparingSink: ScanSink, @unchecked Sendable {
    let tag: String
    private let lock = NSLock()
    private(set) var preparedCounts = [Int]()
    private(set) var received = [String?]()

    init(tag: String) {
        self.tag = tag
    }

    func prepare(_ incidents: [Incident]) -> (any Sendable)? {
        lock.withLock { preparedCounts.append(incidents.count) }
        return "\(tag):\(incidents.count)"
    }

    func batch(_ batch: ScanBatch) throws {
        received.append(batch.prepared as? String)
    }
}

/// A sink's preparation of a batch's incidents is made by the worker that found them and comes
/// back with that batch, to that sink only, and only while the incidents are the ones it was
/// made of.
@Suite struct SinkPreparationTests {
    /// Through nested fan-outs, each sink is handed its own preparation of each batch; a sink
    /// that prepares nothing is handed nil.
    @Test func eachSinkIsHandedItsOwnPreparationOfEachBatch() throws {
        let archive = try makeArchive(count: 300, plantEvery: 7)
        let first = PreparingSink(tag: "first")
        let second = PreparingSink(tag: "second")
        let plain = Collector()
        let sink = SinkFanOut([first, SinkFanOut([plain, second])])
        let pipeline = ScanPipeline(
            detector: detector, options: ScanOptions(jobs: 2, batchMessages: 5), logger: Logger(label: "test"))
        let summary = pipeline.run(paths: [archive.path], into: sink)
        #expect(summary.incidents == archive.planted)
        // Batches with incidents are prepared, each once per sink; the others are not.
        #expect(first.preparedCounts.reduce(0, +) == archive.planted)
        #expect(first.preparedCounts.sorted() == second.preparedCounts.sorted())
        let expected = first.received.map { $0?.replacingOccurrences(of: "first:", with: "second:") }
        #expect(second.received == expected)
        #expect(first.received.compactMap { $0 }.count == first.preparedCounts.count)
        #expect(first.received.allSatisfy { $0 == nil || $0!.hasPrefix("first:") })
    }

    /// Changing a batch's incidents lets go of what was prepared of them (the state sink passes
    /// on only the new incidents).
    @Test func changedIncidentsLetGoOfTheirPreparation() {
        let incident = Incident(
            rule: "uk-nino", category: .confidential, severity: .high, source: "s", offset: 0, messageID: nil, author: nil,
            timestamp: nil, location: "body", excerpt: "AB ** ** ** C", fingerprint: Fingerprint(high: 0, low: 0))
        var batch = ScanBatch(source: "s", incidents: [incident, incident], documents: [], checkpoint: .start, endsInput: true)
        batch.prepared = [UInt8]("prepared".utf8)
        var kept = batch
        kept.source = "t"
        #expect(kept.prepared as? [UInt8] == [UInt8]("prepared".utf8))
        batch.incidents.removeLast()
        #expect(batch.prepared == nil)
    }

    /// The JSON Lines sink writes what it prepared, and encodes a batch that comes unprepared
    /// (or whose incidents changed) itself: the same lines either way.
    @Test func jsonLinesWritesThePreparedBytesOrEncodesTheIncidents() throws {
        let archive = try makeArchive(count: 500, plantEvery: 3)
        var written = [String]()
        for jobs in [1, 2] {
            let path = NSTemporaryDirectory() + "leakscan-prepared-\(UUID().uuidString).jsonl"
            let pipeline = ScanPipeline(
                detector: detector, options: ScanOptions(jobs: jobs, batchMessages: 9), logger: Logger(label: "test"))
            pipeline.run(paths: [archive.path], into: SinkFanOut([JSONLinesSink(output: try IncidentOutput(path: path))]))
            written.append(try String(contentsOfFile: path, encoding: .utf8))
        }
        let (collector, _) = scan([archive.path], jobs: 1)
        let unprepared = String(decoding: collector.output, as: UTF8.self)
        #expect(!unprepared.isEmpty)
        #expect(written == [unprepared, unprepared])
    }
}
