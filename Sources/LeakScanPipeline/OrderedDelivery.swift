import Foundation
import LeakScanCore
import Synchronization

/// Hands batch results to the sink in sequence order, whatever order workers finish in.
///
/// The worker that delivers the next result in order becomes the emitter: it hands that result
/// and every consecutive one waiting to the sink, with the lock released, while other workers
/// leave their results and go back to scanning. The sink used to be called with the lock held,
/// so a worker finishing a batch waited while another wrote incidents (a tenth of the work on
/// real posts), and `--jobs 2` lost that time.
///
/// SAFETY: all state but `stopped` is guarded by `condition` (`stopped` is atomic). The sink
/// is called by one emitter at a time: only the worker that removed the result numbered `next`
/// emits, and `next` moves on after that result's events; the next emitter takes the lock
/// after the last one released it.
final class OrderedDelivery: @unchecked Sendable {
    private let condition = NSCondition()
    /// Results waiting for their turn, with the worker that made each.
    private var waiting = [Int: (result: BatchResult, worker: Int)]()
    /// Per worker, its results another worker emitted, kept for it to let go. The emitter
    /// freed them before: every incident's strings and lists were released and freed from the
    /// other core (each header fetched from the maker's cache, each block handed back to the
    /// maker's allocator arena), and two workers took 14 % more CPU time for real posts than
    /// one did (6 % since).
    private var emittedForMaker: [[BatchResult]]
    private var next = 0
    private var submitted = 0
    private let window: Int
    private let sink: ScanSink
    private let progress: (@Sendable (ScanSummary) -> Void)?
    private var summary = ScanSummary()
    /// Why the sink stopped the scan, if it did.
    private var sinkError: Error?
    /// Whether `sinkError` is set, read without the lock: the reader asks before every item,
    /// and taking the lock the workers deliver under, once a post, had the reader's core
    /// fetching its line from theirs.
    private let stopped = Atomic<Bool>(false)

    /// - Parameter workers: how many workers deliver, numbered from 0.
    init(sink: ScanSink, progress: (@Sendable (ScanSummary) -> Void)?, window: Int, workers: Int) {
        self.sink = sink
        self.progress = progress
        self.window = max(1, window)
        emittedForMaker = Array(repeating: [], count: max(1, workers))
    }

    var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// The sink's ``ScanSink/prepare(_:)`` of a batch's incidents, on the calling worker,
    /// without the lock.
    func prepare(_ incidents: [Incident]) -> (any Sendable)? {
        incidents.isEmpty ? nil : sink.prepare(incidents)
    }

    /// Blocks the reader while `window` batches are read but not yet delivered.
    func waitForRoom() {
        condition.lock()
        while submitted - next >= window && sinkError == nil { condition.wait() }
        submitted += 1
        condition.unlock()
    }

    /// Leaves `result`, made by `worker`, and emits every result whose turn has come; then
    /// lets go, outside the lock, of this worker's results that others emitted.
    func deliver(_ result: BatchResult, worker: Int) {
        var handedBack = [BatchResult]()
        condition.lock()
        waiting[result.batch.sequence] = (result, worker)
        // `next` moves on only once its result has been emitted: while another worker emits,
        // the result it needs is not waiting here, so this worker leaves its own and returns.
        while let (ready, maker) = waiting.removeValue(forKey: next) {
            if sinkError == nil {
                summary = summary + ready.summary
                let running = summary
                condition.unlock()
                let failure: Error?
                do {
                    try emit(ready)
                    failure = nil
                    progress?(running)
                } catch {
                    failure = error
                }
                condition.lock()
                if let failure {
                    sinkError = failure
                    stopped.store(true, ordering: .releasing)
                }
            }
            next += 1
            condition.broadcast()  // room for the reader
            if maker != worker { emittedForMaker[maker].append(consume ready) }
        }
        swap(&handedBack, &emittedForMaker[worker])
        condition.unlock()
        handedBack.removeAll()
    }

    /// One result's events, in their order: the input begins, the reader's problems and the
    /// batch's own, the batch, the input ends.
    private func emit(_ result: BatchResult) throws {
        let batch = result.batch
        if let begins = batch.begins { try sink.begin(input: batch.source, from: begins) }
        for problem in batch.readerProblems + result.problems { try sink.problem(problem) }
        if let checkpoint = batch.checkpoint {
            try sink.batch(
                ScanBatch(
                    source: batch.source, incidents: result.incidents, documents: result.documents, checkpoint: checkpoint,
                    endsInput: batch.endsInput, opened: batch.opened, isStream: batch.isStream, prepared: result.prepared))
        }
        if let ends = batch.ends { try sink.end(input: ends) }
    }

    /// The whole scan's summary, after every batch was delivered; `finish` goes to the sink.
    func finish(adding inputs: ScanSummary) -> ScanSummary {
        condition.lock()
        defer { condition.unlock() }
        var total = summary + inputs
        if let sinkError { total.outputError = "\(sinkError)" }
        do {
            try sink.finish(total)
        } catch {
            total.outputError = total.outputError ?? "\(error)"
        }
        return total
    }
}
