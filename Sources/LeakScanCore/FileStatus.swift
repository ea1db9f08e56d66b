#if canImport(Glibc)
    import Glibc
#endif

/// What `fstat(2)` said of a file when it was opened for reading: what the state database
/// records of an input it read, taken from the descriptor that read it (no second look-up of
/// the path, which a nightly scan of a Maildir would pay once per message).
public struct FileStatus: Sendable, Equatable {
    public var size: UInt64
    /// Modification time, seconds since 1970.
    public var modified: Double
    public var inode: UInt64

    public init(size: UInt64, modified: Double, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
    }

    public init(_ info: stat) {
        self.init(
            size: UInt64(info.st_size), modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
            inode: UInt64(info.st_ino))
    }

    /// The status of an open descriptor; nil when `fstat` fails.
    public static func of(descriptor: Int32) -> FileStatus? {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? FileStatus(info) : nil
    }
}
