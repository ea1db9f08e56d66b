import Foundation
import LeakScanCore

/// One batch of one input as a sink sees it.
public struct ScanBatch: Sendable {
    public var source: String
    /// Changing them lets go of ``prepared``, which was made of the incidents as they were.
    public var incidents: [Incident] { didSet { prepared = nil } }
    /// What the receiving sink's ``ScanSink/prepare(_:)`` made of exactly these incidents, on
    /// the worker that found them; nil when it made nothing, or the incidents changed since.
    public var prepared: (any Sendable)?
    /// One entry per document scanned, incidents or not: what statistics count as messages.
    public var documents: [DocumentTally]
    /// Where a later scan picks up once this batch is stored: everything before it is scanned.
    public var checkpoint: Checkpoint
    /// The input has been read to its end with this batch.
    public var endsInput: Bool
    /// What `fstat` said of the input when it was opened, before any of it was read; nil for
    /// a URI, and for an input read whole by other means (an Outlook file, a picture).
    public var opened: FileStatus?
    /// Of an input read once as it came (a pipe, the standard input): its incidents are kept,
    /// but it has no place to resume from, nor a file to read again (`rescan`).
    public var isStream: Bool

    public init(
        source: String, incidents: [Incident], documents: [DocumentTally], checkpoint: Checkpoint, endsInput: Bool,
        opened: FileStatus? = nil, isStream: Bool = false, prepared: (any Sendable)? = nil
    ) {
        self.isStream = isStream
        self.prepared = prepared
        self.source = source
        self.incidents = incidents
        self.documents = documents
        self.checkpoint = checkpoint
        self.endsInput = endsInput
        self.opened = opened
    }
}
