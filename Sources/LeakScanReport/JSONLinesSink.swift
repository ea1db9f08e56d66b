import LeakScanCore
import LeakScanPipeline

/// Writes incidents as JSON Lines (``IncidentJSONLines``), one batch per write.
///
/// The encoder and the byte buffer live from batch to batch (the pipeline calls a sink from one
/// thread at a time): the encoder then writes each rule's opening and closing once per scan, not
/// once per batch, and a batch of real posts (about 220 KB of JSON) reuses the last one's room.
public final class JSONLinesSink: ScanSink {
    let output: IncidentOutput
    private var encoder = IncidentJSONLines.Encoder()
    private var bytes = [UInt8]()
    /// The largest buffer kept for the next batch: one batch of a huge file does not hold its
    /// size for the rest of the scan.
    static let keptBufferBytes = 4 << 20

    public init(output: IncidentOutput) {
        self.output = output
    }

    public func batch(_ batch: ScanBatch) throws {
        guard !batch.incidents.isEmpty else { return }
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(batch.incidents.count * 512)
        // In place: a for-in loop, and then the array's subscript, copied each incident (a
        // dozen strings retained and released).
        batch.incidents.withUnsafeBufferPointer { incidents in
            for index in incidents.indices { encoder.encode(at: incidents.baseAddress! + index, into: &bytes) }
        }
        try output.write(bytes)
        if bytes.capacity > Self.keptBufferBytes { bytes = [] }
    }

    public func finish(_ summary: ScanSummary) throws { try output.close() }
}
