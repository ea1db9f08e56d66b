import Foundation
import LeakScanCore
import Testing

@testable import LeakScanPipeline

/// Something a batch result holds, to see when the result is let go.
private final class HeldByResult: Sendable {}

/// The sequence of batches handed to it, by their checkpoints.
private final class BatchOrder: ScanSink {
    private(set) var checkpoints = [UInt64]()
    func batch(_ batch: ScanBatch) throws { checkpoints.append(batch.checkpoint.offset) }
}

/// Results go to the sink in sequence order, whoever finishes first, and a result another
/// worker emitted is let go by the worker that made it, at its next delivery.
@Suite struct OrderedDeliveryTests {
    private func result(_ sequence: Int, holding held: HeldByResult) -> BatchResult {
        BatchResult(
            batch: Batch(
                sequence: sequence, source: "posts.jsonl", items: [], checkpoint: Checkpoint(offset: UInt64(sequence), fileOffset: nil),
                begins: nil),
            incidents: [], documents: [], summary: ScanSummary(), problems: [], prepared: held)
    }

    @Test func aResultEmittedByAnotherWorkerIsLetGoByItsMaker() {
        let sink = BatchOrder()
        let delivery = OrderedDelivery(sink: sink, progress: nil, window: 8, workers: 2)
        var held = [HeldByResult(), HeldByResult(), HeldByResult()]
        weak let first = held[0]
        weak let second = held[1]
        // Worker 1 finishes batch 1 first: it waits for batch 0.
        delivery.deliver(result(1, holding: held[1]), worker: 1)
        #expect(sink.checkpoints.isEmpty)
        // Worker 0 delivers batch 0 and so emits both.
        delivery.deliver(result(0, holding: held[0]), worker: 0)
        held.removeFirst(2)
        #expect(sink.checkpoints == [0, 1])
        #expect(first == nil, "worker 0 lets go of its own result once emitted")
        #expect(second != nil, "batch 1 is kept for worker 1, which made it")
        // Worker 1's next delivery lets it go.
        delivery.deliver(result(2, holding: held[0]), worker: 1)
        #expect(sink.checkpoints == [0, 1, 2])
        #expect(second == nil)
    }
}
