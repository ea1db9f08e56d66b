import Foundation
import GRDB
import LeakScanCore

/// An input as the state database stores it.
struct StoredInput: Codable, FetchableRecord, TableRecord {
    static let databaseTableName = "input"

    var path: String
    var size: Int64
    var modified: Double
    var inode: Int64
    var prefixHash: String
    var prefixLength: Int
    var offset: Int64
    var fileOffset: Int64?
    var complete: Bool

    var state: InputState {
        InputState(
            path: path, size: UInt64(size), modified: modified, inode: UInt64(bitPattern: inode), prefixHash: prefixHash,
            prefixLength: prefixLength, checkpoint: Checkpoint(offset: UInt64(offset), fileOffset: fileOffset.map(UInt64.init)),
            complete: complete)
    }
}
