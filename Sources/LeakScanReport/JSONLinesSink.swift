import LeakScanCore
import LeakScanPipeline

/// Writes incidents as JSON Lines (``IncidentJSONLines``), one batch per write.
public final class JSONLinesSink: ScanSink {
    let output: IncidentOutput

    public init(output: IncidentOutput) {
        self.output = output
    }

    public func batch(_ batch: ScanBatch) throws {
        guard !batch.incidents.isEmpty else { return }
        var bytes = [UInt8]()
        bytes.reserveCapacity(batch.incidents.count * 512)
        var encoder = IncidentJSONLines.Encoder()
        // By index: a for-in loop copied each incident (a dozen strings retained and released).
        for index in batch.incidents.indices { encoder.encode(batch.incidents[index], into: &bytes) }
        try output.write(bytes)
    }

    public func finish(_ summary: ScanSummary) throws { try output.close() }
}
