import Foundation
import LeakScanCore

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
    /// What `fstat` said of the input when it was opened, before any of it was read; nil for
    /// a URI, and for an input read whole by other means (an Outlook file, a picture).
    public var opened: FileStatus?
    /// Of an input read once as it came (a pipe, the standard input): its incidents are kept,
    /// but it has no place to resume from, nor a file to read again (`rescan`).
    public var isStream: Bool

    public init(
        source: String, incidents: [Incident], documents: [DocumentTally], checkpoint: Checkpoint, endsInput: Bool,
        opened: FileStatus? = nil, isStream: Bool = false
    ) {
        self.isStream = isStream
        self.source = source
        self.incidents = incidents
        self.documents = documents
        self.checkpoint = checkpoint
        self.endsInput = endsInput
        self.opened = opened
    }
}
