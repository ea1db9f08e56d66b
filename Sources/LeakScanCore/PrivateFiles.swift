import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files that hold personal data (incident files, statistics, reports, the state database) are
/// created readable by their owner only, and folders made for them too, whatever the umask.
public enum PrivateFiles {
    /// Mode of files LeakScan creates with personal data in them.
    public static let fileMode: mode_t = 0o600
    /// Mode of folders LeakScan creates for them.
    public static let directoryMode: mode_t = 0o700

    /// The folder a file path lives in (`.` for a bare file name). Worked out on the path's
    /// bytes: Foundation's `deletingLastPathComponent` trapped on `-` as an `--output` path.
    public static func directory(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard var end = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        return end == 0 ? "/" : String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Creates the folder for `path` (and its parents) with mode 0700 when it is missing.
    public static func createDirectory(forFile path: String) throws {
        let directory = directory(of: path)
        guard !FileManager.default.fileExists(atPath: directory) else { return }
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(directoryMode)])
    }

    /// Creates `path` empty with mode 0600 when it does not exist; an existing file is left as it is.
    public static func create(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw POSIXFailure(path: path, operation: "create", code: errno) }
        close(descriptor)
    }

    /// Opens `path` for writing from its start, truncated, creating it with mode 0600.
    public static func openForWriting(_ path: String) throws -> FileHandle {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw POSIXFailure(path: path, operation: "open for writing", code: errno) }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Writes `data` to `path` atomically (a temporary file beside it, then rename), mode 0600.
    public static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp.\(getpid())"
        do {
            let handle = try openForWriting(temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw POSIXFailure(path: path, operation: "rename into place", code: code)
        }
    }
}

/// A system call that failed on a path, with the system's reason.
public struct POSIXFailure: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var operation: String
    public var code: Int32

    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}
