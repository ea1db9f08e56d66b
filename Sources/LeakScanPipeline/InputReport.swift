import LeakScanCore

/// What a scan made of one input: how much was read and scanned, and where a later scan picks up.
public struct InputReport: Sendable, Equatable {
    public var path: String
    /// `mail`, `json-lines`, `json-array`, `csv`.
    public var format: String
    /// Bytes read (after decompression): with a state database, only what was new.
    public var bytesRead: UInt64
    /// Records (messages, posts) read from it.
    public var records: Int
    /// Bytes read that no record covers (text after a JSON array's end): not scanned.
    public var uncoveredBytes: UInt64
    /// Where a later scan picks up.
    public var checkpoint: Checkpoint
    /// Whether it was read to its end (no read or decompression error).
    public var complete: Bool

    public init(
        path: String, format: String, bytesRead: UInt64, records: Int, uncoveredBytes: UInt64, checkpoint: Checkpoint, complete: Bool
    ) {
        self.path = path
        self.format = format
        self.bytesRead = bytesRead
        self.records = records
        self.uncoveredBytes = uncoveredBytes
        self.checkpoint = checkpoint
        self.complete = complete
    }
}
