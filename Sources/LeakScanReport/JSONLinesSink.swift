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
        // In place: a for-in loop, and then the array's subscript, copied each incident (a
        // dozen strings retained and released).
        batch.incidents.withUnsafeBufferPointer { incidents in
            for index in incidents.indices { encoder.encode(at: incidents.baseAddress! + index, into: &bytes) }
        }
        try output.write(bytes)
    }

    public func finish(_ summary: ScanSummary) throws { try output.close() }
}
