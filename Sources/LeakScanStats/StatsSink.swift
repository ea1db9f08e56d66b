import LeakScanCore
import LeakScanPipeline

/// Accumulates a scan's statistics: every document scanned (the denominators), every incident
/// found (before any state filtering: statistics describe the archive, not what is new), the
/// bytes scanned per input, and the attachment contents that could not be read.
public final class StatsSink: ScanSink {
    public private(set) var state = StatsState()

    public init() {}

    public func batch(_ batch: ScanBatch) throws {
        for document in batch.documents { state.record(document: document) }
        for incident in batch.incidents { state.record(incident: incident) }
    }

    public func end(input: InputReport) throws {
        state.inputBytes[input.path, default: 0] += input.bytesRead
    }

    public func finish(_ summary: ScanSummary) throws {
        state.unreadAttachments.merge(summary.unextracted, uniquingKeysWith: +)
    }
}
