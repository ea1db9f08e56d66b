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
    /// Each sink's own preparation, in order (nil when none of them made one).
    public func prepare(_ incidents: [Incident]) -> (any Sendable)? {
        let made = sinks.map { $0.prepare(incidents) }
        return made.contains { $0 != nil } ? Prepared(made: made) : nil
    }

    /// Every sink is handed the batch with its own preparation.
    public func batch(_ batch: ScanBatch) throws {
        let made = (batch.prepared as? Prepared)?.made
        for (index, sink) in sinks.enumerated() {
            var own = batch
            own.prepared = made?[index]
            try sink.batch(own)
        }
    }

    /// What each sink prepared of a batch.
    struct Prepared: Sendable {
        var made: [(any Sendable)?]
    }

    public func problem(_ problem: ScanProblem) throws { for sink in sinks { try sink.problem(problem) } }
    public func end(input: InputReport) throws { for sink in sinks { try sink.end(input: input) } }
    public func finish(_ summary: ScanSummary) throws { for sink in sinks { try sink.finish(summary) } }
}
