import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Paths that name a file on a Hadoop-compatible filesystem rather than on local disk:
/// `hdfs://namenode/mail/2026.mbox`, `s3a://bucket/posts/`, `abfs://…`, `file:///data/x.mbox`.
public enum RemotePath {
    /// Whether `path` is a URI (`scheme://…`, the scheme a letter then letters, digits, `+ - .`).
    public static func isURI(_ path: String) -> Bool {
        guard let separator = path.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = path.utf8[..<separator]
        guard let first = scheme.first, isLetter(first),
            scheme.allSatisfy({ isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E })
        else { return false }
        return path.utf8[separator...].starts(with: "://".utf8)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}

/// Why a request to the Hadoop filesystem failed, in words for the scan's problem report.
public struct HadoopFileSystemError: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Reads files on Hadoop-compatible filesystems through `scripts/hadoop/HadoopFileServer.java`,
/// run as a child process (`$LEAKSCAN_HADOOP_FS`, usually `scripts/hadoop/leakscan-hadoop-fs`).
///
/// LeakScan links no JVM: the cluster's own Hadoop client (with the site's core-site.xml,
/// Kerberos or cloud credentials) is the one piece that reads every scheme a cluster has, and it
/// runs in the server. The protocol is a line per request and a line per reply, with raw bytes
/// after a read's reply, so a scan reads a remote file in the same large chunks as a local one.
/// One server serves the whole process; requests are serialised.
public final class HadoopFileSystem: @unchecked Sendable {
    /// The environment variable that holds the command starting the server (run by `/bin/sh -c`).
    public static let commandVariable = "LEAKSCAN_HADOOP_FS"

    /// What a path is.
    public enum Status: Equatable, Sendable {
        case file(size: UInt64)
        case directory
        case missing
    }

    /// One entry of a directory listing.
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var isDirectory: Bool
        public var size: UInt64

        public init(name: String, isDirectory: Bool, size: UInt64) {
            self.name = name
            self.isDirectory = isDirectory
            self.size = size
        }
    }

    private let command: String
    private let process: Process
    /// Kept for their file handles, which own (and close) the descriptors below.
    private let requestPipe: Pipe
    private let replyPipe: Pipe
    private let requests: Int32
    private let replies: Int32
    private var buffer = [UInt8]()
    private var bufferStart = 0
    /// Set once the server has gone: every later request fails at once with this.
    private var ended: HadoopFileSystemError?
    private let lock = NSLock()

    private nonisolated(unsafe) static var sharedServer: Result<HadoopFileSystem, HadoopFileSystemError>?
    private static let sharedLock = NSLock()

    /// The process's server, started on first use from `$LEAKSCAN_HADOOP_FS`.
    public static func shared() throws(HadoopFileSystemError) -> HadoopFileSystem {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if sharedServer == nil {
            if let command = ProcessInfo.processInfo.environment[commandVariable], !command.isEmpty {
                do {
                    sharedServer = .success(try HadoopFileSystem(command: command))
                } catch {
                    sharedServer = .failure(error)
                }
            } else {
                sharedServer = .failure(
                    HadoopFileSystemError(
                        "reading a Hadoop filesystem URI needs \(commandVariable): the command that starts "
                            + "scripts/hadoop/leakscan-hadoop-fs"))
            }
        }
        return try sharedServer!.get()
    }

    /// Starts a server with `command` (a shell command line); its standard error is LeakScan's.
    public init(command: String) throws(HadoopFileSystemError) {
        self.command = command
        // A server that dies makes the next request's write fail with EPIPE, reported as an
        // error, instead of killing this process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let input = Pipe()
        let output = Pipe()
        requestPipe = input
        replyPipe = output
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = input
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            throw HadoopFileSystemError("cannot start the Hadoop filesystem server (\(command)): \(error)")
        }
        requests = input.fileHandleForWriting.fileDescriptor
        replies = output.fileHandleForReading.fileDescriptor
        // Keep our ends from leaking into later children (which would keep the server alive).
        _ = fcntl(requests, F_SETFD, FD_CLOEXEC)
        _ = fcntl(replies, F_SETFD, FD_CLOEXEC)
    }

    /// Closing the requests ends the server's input, and it exits.
    deinit {
        try? requestPipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Whether `uri` is a file (and its size), a directory, or not there.
    public func status(_ uri: String) throws(HadoopFileSystemError) -> Status {
        try exchange { () throws(HadoopFileSystemError) -> Status in
            try send("stat", uri)
            let reply = try replyFields()
            switch reply.first {
            case "file":
                guard reply.count == 2, let size = UInt64(reply[1]) else { throw protocolError(reply) }
                return .file(size: size)
            case "dir": return .directory
            case "missing": return .missing
            default: throw try failure(reply)
            }
        }
    }

    /// The entries of directory `uri`, sorted by name.
    public func list(_ uri: String) throws(HadoopFileSystemError) -> [Entry] {
        try exchange { () throws(HadoopFileSystemError) -> [Entry] in
            try send("list", uri)
            let reply = try replyFields()
            guard reply.first == "ok" else { throw try failure(reply) }
            guard reply.count == 2, let count = Int(reply[1]) else { throw protocolError(reply) }
            var entries = [Entry]()
            for _ in 0..<count {
                let fields = try replyFields(maxSplits: 2)
                guard fields.count == 3, let size = UInt64(fields[1]) else { throw protocolError(fields) }
                entries.append(Entry(name: fields[2], isDirectory: fields[0] == "dir", size: size))
            }
            return entries
        }
    }

    /// Up to `maxCount` bytes of `uri` from `offset`; fewer only at the end of the file.
    public func read(_ uri: String, offset: UInt64, maxCount: Int) throws(HadoopFileSystemError) -> [UInt8] {
        try exchange { () throws(HadoopFileSystemError) -> [UInt8] in
            try send("read", uri, String(offset), String(maxCount))
            let reply = try replyFields()
            guard reply.first == "ok" else { throw try failure(reply) }
            guard reply.count == 2, let count = Int(reply[1]), count <= maxCount else { throw protocolError(reply) }
            return try take(count)
        }
    }

    // MARK: The wire

    private func exchange<T>(_ body: () throws(HadoopFileSystemError) -> T) throws(HadoopFileSystemError) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let ended { throw ended }
        do {
            return try body()
        } catch {
            if ended != nil { throw ended! }
            throw error
        }
    }

    private func send(_ fields: String...) throws(HadoopFileSystemError) {
        guard !fields.contains(where: { $0.contains("\t") || $0.contains("\n") }) else {
            throw HadoopFileSystemError("a path holding a tab or a line feed cannot be sent to the Hadoop filesystem server")
        }
        let line = Array((fields.joined(separator: "\t") + "\n").utf8)
        var sent = 0
        while sent < line.count {
            let count = line[sent...].withUnsafeBytes { Glibc.write(requests, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw end("it stopped taking requests") }
            sent += count
        }
    }

    /// The next reply line, split at tabs (at most `maxSplits` times).
    private func replyFields(maxSplits: Int = .max) throws(HadoopFileSystemError) -> [String] {
        while true {
            if let newline = buffer[bufferStart...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[bufferStart..<newline], as: UTF8.self)
                bufferStart = newline + 1
                return line.split(separator: "\t", maxSplits: maxSplits, omittingEmptySubsequences: false).map(String.init)
            }
            try fill()
        }
    }

    private func take(_ count: Int) throws(HadoopFileSystemError) -> [UInt8] {
        while buffer.count - bufferStart < count { try fill(atLeast: count - (buffer.count - bufferStart)) }
        let bytes = Array(buffer[bufferStart..<(bufferStart + count)])
        bufferStart += count
        return bytes
    }

    /// Reads more of the server's output into the buffer (dropping what was consumed).
    private func fill(atLeast wanted: Int = 1) throws(HadoopFileSystemError) {
        if bufferStart > 0 {
            buffer.removeSubrange(0..<bufferStart)
            bufferStart = 0
        }
        let chunk = Swift.max(wanted, 1 << 16)
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count: Int
        repeat {
            count = buffer[old...].withUnsafeMutableBytes { Glibc.read(replies, $0.baseAddress, chunk) }
        } while count < 0 && errno == EINTR
        buffer.removeSubrange((old + Swift.max(count, 0))...)
        guard count > 0 else { throw end("it ended") }
    }

    /// The server has gone: say so now and for every later request.
    private func end(_ what: String) -> HadoopFileSystemError {
        let error = HadoopFileSystemError("the Hadoop filesystem server (\(command)) failed: \(what); its messages are above")
        ended = error
        return error
    }

    private func failure(_ reply: [String]) throws(HadoopFileSystemError) -> HadoopFileSystemError {
        guard reply.first == "error" else { throw protocolError(reply) }
        return HadoopFileSystemError(reply.dropFirst().joined(separator: " "))
    }

    /// A reply the protocol does not allow: nothing after it can be trusted.
    private func protocolError(_ reply: [String]) -> HadoopFileSystemError {
        end("unexpected reply \"\(reply.joined(separator: " ").prefix(200))\"")
    }
}
