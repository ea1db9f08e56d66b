import Foundation
import GRDB
import LeakScanCore

/// What the state database remembers about one input, to scan only what is new next time.
public struct InputState: Sendable, Equatable {
    public var path: String
    public var size: UInt64
    public var modified: Double
    public var inode: UInt64
    /// SHA-256 of the first `prefixLength` bytes when it was scanned: a rewritten or replaced
    /// file no longer matches, and is scanned again whole.
    public var prefixHash: String
    public var prefixLength: Int
    /// Where the next scan picks up: everything before it has been scanned and its incidents
    /// stored (offsets in the reader's own units; see ``Checkpoint``).
    public var checkpoint: Checkpoint
    /// The input was read to its end.
    public var complete: Bool
}

extension InputState {
    /// An input as `status` shows it, not yet scanned (its checkpoint the start).
    init(path: String, status: FileStatus, prefixHash: String, prefixLength: Int) {
        self.init(
            path: path, size: status.size, modified: status.modified, inode: status.inode, prefixHash: prefixHash,
            prefixLength: prefixLength, checkpoint: .start, complete: false)
    }
}
