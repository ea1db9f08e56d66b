import LeakScanCore
import LeakScanExtract
import LeakScanFraming
import LeakScanMIME

/// The reading thread's side of a scan: it cuts what the readers frame into batches, numbers
/// them in input order, hands them to the workers (waiting while the most allowed are in
/// flight), and keeps the summary of what was read.
final class BatchFeed {
    private let work: BoundedQueue<Batch>
    private let delivery: OrderedDelivery
    private let batchMessages: Int
    private let batchBytes: Int
    private let stop: ScanStop?
    private var sequence = 0
    /// What reading found: inputs, bytes, inputs that could not be read.
    var summary = ScanSummary()

    init(work: BoundedQueue<Batch>, delivery: OrderedDelivery, options: ScanOptions) {
        self.work = work
        self.delivery = delivery
        batchMessages = options.batchMessages
        batchBytes = options.batchBytes
        stop = options.stop
    }

    /// Whether the scan stopped (a sink failed, stdout's reader went away, or a stop was asked for).
    var isStopped: Bool { delivery.isStopped || stop?.signal != nil }

    func submit(_ batch: inout Batch) {
        batch.sequence = sequence
        sequence += 1
        delivery.waitForRoom()
        work.put(batch)
    }

    /// Adds `item` to `batch`; a batch that is then full is submitted, with the checkpoint
    /// `checkpoint` gives when it gives one, and `batch` starts again empty.
    func add(_ item: consuming RawItem, to batch: inout Batch, checkpoint: () -> Checkpoint? = { nil }) {
        batch.byteCount += item.byteCount
        // Moved in, not copied: a post costs the reading thread little else.
        batch.items.append(item)
        guard batch.items.count >= batchMessages || batch.byteCount >= batchBytes else { return }
        if let checkpoint = checkpoint() { batch.checkpoint = checkpoint }
        submit(&batch)
        batch = Batch(
            sequence: 0, source: batch.source, items: [], checkpoint: batch.checkpoint, opened: batch.opened, isStream: batch.isStream)
    }

    /// The problem of a file or member that is not read, counted with the attachments not read
    /// (by reason), as an attachment's would be.
    func notRead(_ source: String, _ kind: ExtractionProblem.Kind, _ reason: String) -> ScanProblem {
        summary.unextracted[MessageWarning.Kind(kind).rawValue, default: 0] += 1
        return ScanProblem(kind: .unextracted, source: source, offset: nil, reason: "\(kind.rawValue): \(reason)")
    }

    /// An item that only carries a problem to its place in the order.
    func report(_ problem: ScanProblem) {
        var item = Batch(sequence: 0, source: problem.source, items: [], readerProblems: [problem])
        submit(&item)
    }

    /// Ends an input that is read whole every time (an Outlook store, a container) with
    /// `batch`, its last: the input's checkpoint is its size once it was read to its end, so
    /// an unchanged one is skipped next time; else its start.
    func finishWhole(
        _ batch: inout Batch, format: String, records: Int, bytesRead: UInt64, uncoveredBytes: UInt64 = 0, size: UInt64, complete: Bool
    ) {
        let checkpoint = complete ? Checkpoint(offset: size, fileOffset: size) : .start
        let ends = InputReport(
            path: batch.source, format: format, bytesRead: bytesRead, records: records, uncoveredBytes: uncoveredBytes,
            checkpoint: checkpoint, complete: complete)
        summary.bytesRead += bytesRead
        summary.inputs.append(ends)
        batch.endsInput = complete
        batch.checkpoint = checkpoint
        batch.ends = ends
        submit(&batch)
    }

    /// What reading `source` with `reader` came to, as problems: not one record in it, bytes no
    /// record covers, an error that ended it early (counted as an unreadable input).
    func endProblems(of reader: ArchiveReader, source: String) -> [ScanProblem] {
        var problems = [ScanProblem]()
        let uncovered = reader.trailingBytes
        if reader.records == 0 && uncovered > 0 {
            problems.append(
                ScanProblem(
                    kind: .unscanned, source: source, offset: 0,
                    reason: "read as \(reader.format.rawValue) but not one record found; nothing in it was scanned"))
        } else if uncovered > 0 {
            problems.append(
                ScanProblem(
                    kind: .unscanned, source: source, offset: nil,
                    reason: "\(uncovered) bytes after the end of the JSON array belong to no record and were not scanned"))
        }
        if let error = reader.error {
            summary.unreadableInputs += 1
            problems.append(ScanProblem(kind: .unreadable, source: source, offset: nil, reason: error.reason))
        }
        return problems
    }

    /// A file that is one record, read whole (an Outlook .msg, a picture).
    func submitWhole(_ file: String, format: String, item: RawItem, size: UInt64) {
        summary.files += 1
        var batch = Batch(sequence: 0, source: file, items: [item], checkpoint: .start, begins: .start)
        finishWhole(&batch, format: format, records: 1, bytesRead: size, size: size, complete: true)
    }
}
