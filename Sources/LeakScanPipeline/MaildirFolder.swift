import Foundation

/// A Maildir's `cur/` or `new/` folder as the walk found it. Its messages never change under
/// their names, so a folder whose entry (device, inode, modification time) is what it was when
/// every message in it had been read holds nothing new: a planner with state can skip it
/// without listing it (``ScanPlanner/unchangedMessages(in:)``).
public struct MaildirFolder: Sendable, Equatable {
    public var path: String
    public var device: UInt64
    public var inode: UInt64
    /// The folder's modification time in nanoseconds since 1970: adding, removing or renaming
    /// a message (a flag change) sets it.
    public var modified: Int64
    /// When the folder was looked at, in nanoseconds since 1970 (taken before it was listed).
    public var observed: Int64

    public init(path: String, device: UInt64, inode: UInt64, modified: Int64, observed: Int64) {
        self.path = path
        self.device = device
        self.inode = inode
        self.modified = modified
        self.observed = observed
    }
}

/// A Maildir folder the walk listed, with the files it gave the scan.
public struct ListedMaildirFolder: Sendable, Equatable {
    public var folder: MaildirFolder
    public var files: [String]
    /// Whether every entry was a plain file (hidden ones aside, which are not scanned). What is
    /// inside a subfolder or behind a link can change without the folder's time changing.
    public var onlyFiles: Bool

    public init(folder: MaildirFolder, files: [String], onlyFiles: Bool) {
        self.folder = folder
        self.files = files
        self.onlyFiles = onlyFiles
    }
}
