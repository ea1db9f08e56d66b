import Foundation
import LeakScanCore

/// Hands every event to several sinks in order (incidents to a file and to SARIF, statistics
/// beside them); the first that throws stops the scan.
public final class SinkFanOut: ScanSink {
    public let sinks: [ScanSink]

    public init(_ sinks: [ScanSink]) {
        self.sinks = sinks
    }

    public func begin(input: String, from checkpoint: Checkpoint) throws {
        for sink in sinks { try sink.begin(input: input, from: checkpoint) }
    }
    public func batch(_ batch: ScanBatch) throws { for sink in sinks { try sink.batch(batch) } }
    public func problem(_ problem: ScanProblem) throws { for sink in sinks { try sink.problem(problem) } }
    public func end(input: InputReport) throws { for sink in sinks { try sink.end(input: input) } }
    public func finish(_ summary: ScanSummary) throws { for sink in sinks { try sink.finish(summary) } }
}
