import Foundation
import LeakScanCore

/// Receives what a scan finds, as ordered events, in the spirit of ripgrep's `Sink`: for each
/// input, `begin`, then its batches (with the problems met in them), then `end`; `finish` once
/// at the end. The pipeline calls a sink from one thread at a time, in input order, whatever
/// the number of workers, so a sink needs no locking of its own.
///
/// Throwing from any event stops the scan: the pipeline reads no further and reports the
/// error in the summary (`outputError`). Writers of incidents, statistics and the state
/// database are sinks; the pipeline knows none of them.
public protocol ScanSink: AnyObject {
    /// An input starts, read from `checkpoint` (``Checkpoint/start``: the whole input).
    func begin(input: String, from checkpoint: Checkpoint) throws
    /// Incidents and scanned documents of one batch, in input order.
    func batch(_ batch: ScanBatch) throws
    /// Something wrong with one message or input; the scan goes on.
    func problem(_ problem: ScanProblem) throws
    /// The input has been read: how much, and where a later scan picks up.
    func end(input: InputReport) throws
    /// The scan is over.
    func finish(_ summary: ScanSummary) throws
}

extension ScanSink {
    public func begin(input: String, from checkpoint: Checkpoint) throws {}
    public func problem(_ problem: ScanProblem) throws {}
    public func end(input: InputReport) throws {}
    public func finish(_ summary: ScanSummary) throws {}
}

/// One batch of one input as a sink sees it.
public struct ScanBatch: Sendable {
    public var source: String
    public var incidents: [Incident]
    /// One entry per document scanned, incidents or not: what statistics count as messages.
    public var documents: [DocumentTally]
    /// Where a later scan picks up once this batch is stored: everything before it is scanned.
    public var checkpoint: Checkpoint
    /// The input has been read to its end with this batch.
    public var endsInput: Bool

    public init(source: String, incidents: [Incident], documents: [DocumentTally], checkpoint: Checkpoint, endsInput: Bool) {
        self.source = source
        self.incidents = incidents
        self.documents = documents
        self.checkpoint = checkpoint
        self.endsInput = endsInput
    }
}

/// What statistics need of a scanned document: who (organisation), where (platform) and when.
public struct DocumentTally: Sendable, Equatable {
    public var org: String?
    public var platform: String
    public var timestamp: Date?

    public init(org: String?, platform: String, timestamp: Date?) {
        self.org = org
        self.platform = platform
        self.timestamp = timestamp
    }
}

/// Decides where each input starts: whoever keeps state between runs.
public protocol ScanPlanner: AnyObject {
    func plan(_ path: String) -> InputPlan
}

/// Where to start reading an input.
public enum InputPlan: Sendable, Equatable {
    /// Unchanged since the last scan: not read at all.
    case skip
    /// Read from this checkpoint (``Checkpoint/start``: the whole input).
    case scan(from: Checkpoint)
}

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
