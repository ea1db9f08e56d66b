import Foundation
import LeakScanCore
import LeakScanPipeline
import Logging

/// A scan's use of the state database: it plans where each input starts (unchanged inputs
/// skipped, grown ones resumed from their checkpoint) and stores each batch's incidents with
/// the checkpoint that covers them in one transaction, handing `downstream` (the incident
/// writers) only what was not stored before, inside that transaction: a write that fails
/// stores nothing, so the next run reports it again.
public final class StateSink: ScanSink, ScanPlanner {
    let store: StateStore
    let run: Int64
    let rulesVersion: String
    let full: Bool
    let reportAll: Bool
    let downstream: ScanSink
    let logger: Logger
    /// What each input looked like when it was planned (its checkpoint is stored with that).
    private var observed = [String: InputState]()
    private let lock = NSLock()
    /// Incidents stored for the first time in this scan.
    public private(set) var newIncidents = 0

    /// - Parameters:
    ///   - full: read every input whole, even unchanged ones.
    ///   - reportAll: hand `downstream` every incident found (except false positives), not only new ones.
    public init(
        store: StateStore, run: Int64, rulesVersion: String, full: Bool, reportAll: Bool, downstream: ScanSink, logger: Logger
    ) {
        self.store = store
        self.run = run
        self.rulesVersion = rulesVersion
        self.full = full
        self.reportAll = reportAll
        self.downstream = downstream
        self.logger = logger
    }

    public func plan(_ path: String) -> InputPlan {
        guard let now = StateStore.observe(path) else { return .scan(from: .start) }
        lock.withLock { observed[path] = now }
        if full { return .scan(from: .start) }
        let decision = (try? store.decide(path, current: now)) ?? .whole(reason: "unknown")
        logger.debug("\(path): \(decision)")
        switch decision {
        case .unchanged: return .skip
        case .appended(let checkpoint): return .scan(from: checkpoint)
        case .whole: return .scan(from: .start)
        }
    }

    public func begin(input: String, from checkpoint: Checkpoint) throws { try downstream.begin(input: input, from: checkpoint) }
    public func problem(_ problem: ScanProblem) throws { try downstream.problem(problem) }
    public func end(input: InputReport) throws { try downstream.end(input: input) }
    public func finish(_ summary: ScanSummary) throws { try downstream.finish(summary) }

    public func batch(_ batch: ScanBatch) throws {
        guard let now = lock.withLock({ observed[batch.source] }) ?? StateStore.observe(batch.source) else {
            throw CheckpointError(path: batch.source)
        }
        // Even when every incident is written, those marked false positive are not.
        let suppressed = reportAll ? try store.falsePositives() : []
        try store.commit(
            incidents: batch.incidents, source: batch.source, checkpoint: batch.checkpoint, endsInput: batch.endsInput, observed: now,
            rulesVersion: rulesVersion, run: run
        ) { fresh in
            var shown = batch
            shown.incidents = reportAll ? batch.incidents.filter { !suppressed.contains($0.fingerprint) } : fresh
            try downstream.batch(shown)
            newIncidents += fresh.count
        }
    }
}

/// An input that vanished or became unreadable during the scan: its checkpoint cannot be
/// recorded, so the scan stops (status 2) and the next one reads it again.
public struct CheckpointError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "\(path) can no longer be read to record its checkpoint" }
}
