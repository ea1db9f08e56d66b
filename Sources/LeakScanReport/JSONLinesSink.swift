import LeakScanCore
import LeakScanPipeline

/// Writes incidents as JSON Lines (``IncidentJSONLines``), one batch per write.
///
/// A batch comes encoded by the worker that found it (``prepare(_:)``). One that comes as
/// incidents alone (behind the state sink, which passes on only the new ones) is encoded here,
/// with an encoder and a byte buffer kept from batch to batch (the pipeline calls a sink from
/// one thread at a time): each rule's opening and closing are then written once per scan, and
/// a batch of real posts (about 220 KB of JSON) reuses the last one's room.
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

    /// A batch's JSON Lines, encoded by the worker that found its incidents (``ScanSink/prepare(_:)``):
    /// with two workers, half the batches were encoded by the other one, whose core fetched
    /// and counted references to incident strings made in this one's cache (the sink's samples
    /// went from 878 with one worker to 1,414 with two, about half of what two cost beyond one).
    public func prepare(_ incidents: [Incident]) -> (any Sendable)? {
        var encoder = IncidentJSONLines.Encoder()
        var bytes = [UInt8]()
        Self.encode(incidents, with: &encoder, into: &bytes)
        return bytes
    }

    public func batch(_ batch: ScanBatch) throws {
        guard !batch.incidents.isEmpty else { return }
        if let prepared = batch.prepared as? [UInt8] { return try output.write(prepared) }
        bytes.removeAll(keepingCapacity: true)
        Self.encode(batch.incidents, with: &encoder, into: &bytes)
        try output.write(bytes)
        if bytes.capacity > Self.keptBufferBytes { bytes = [] }
    }

    /// Appends `incidents`' lines to `bytes`. In place: a for-in loop, and then the array's
    /// subscript, copied each incident (a dozen strings retained and released).
    static func encode(_ incidents: [Incident], with encoder: inout IncidentJSONLines.Encoder, into bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + incidents.count * 512)
        incidents.withUnsafeBufferPointer { incidents in
            for index in incidents.indices { encoder.encode(at: incidents.baseAddress! + index, into: &bytes) }
        }
    }

    public func finish(_ summary: ScanSummary) throws { try output.close() }
}
