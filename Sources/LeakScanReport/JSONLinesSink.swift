import LeakScanCore
import LeakScanPipeline

/// Writes incidents as JSON Lines (``IncidentJSONLines``), one batch per write.
///
/// A batch comes encoded by the worker that found it (``prepare(_:)``); one that comes as
/// incidents alone (behind the state sink, which passes on only the new ones) is encoded here
/// the same way.
public final class JSONLinesSink: ScanSink {
    let output: IncidentOutput

    public init(output: IncidentOutput) {
        self.output = output
    }

    /// A batch's JSON Lines, encoded by the worker that found its incidents (``ScanSink/prepare(_:)``):
    /// with two workers, half the batches were encoded by the other one, whose core fetched
    /// and counted references to incident strings made in this one's cache (the sink's samples
    /// went from 878 with one worker to 1,414 with two, about half of what two cost beyond one).
    public func prepare(_ incidents: [Incident]) -> (any Sendable)? {
        IncidentJSONLines.lines(of: incidents)
    }

    public func batch(_ batch: ScanBatch) throws {
        guard !batch.incidents.isEmpty else { return }
        let lines = batch.prepared as? EncodedLines ?? IncidentJSONLines.lines(of: batch.incidents)
        try lines.withBytes { try output.write(UnsafeRawBufferPointer($0)) }
    }

    public func finish(_ summary: ScanSummary) throws { try output.close() }
}
