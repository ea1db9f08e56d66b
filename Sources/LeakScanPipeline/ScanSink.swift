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
    /// Work on a batch's incidents that needs no order, done by the worker that found them
    /// before the batch waits its turn (ripgrep's printers format a file's matches in the
    /// thread that searched it): what it returns comes back as the batch's ``ScanBatch/prepared``.
    /// Called from several workers at once, and while other events are under way: it may read
    /// what never changes, and nothing else of the sink.
    func prepare(_ incidents: [Incident]) -> (any Sendable)?
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
    public func prepare(_ incidents: [Incident]) -> (any Sendable)? { nil }
    public func begin(input: String, from checkpoint: Checkpoint) throws {}
    public func problem(_ problem: ScanProblem) throws {}
    public func end(input: InputReport) throws {}
    public func finish(_ summary: ScanSummary) throws {}
}
