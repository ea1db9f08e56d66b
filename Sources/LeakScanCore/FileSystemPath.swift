#if canImport(Glibc)
    import Glibc
#endif

/// File names are bytes on Linux, and old Maildirs hold names written by Latin-1 systems
/// (`caf\xE9.eml`) that are not UTF-8. A Swift `String` cannot hold such bytes, and Foundation
/// replaces them with U+FFFD, after which the file cannot be opened. LeakScan keeps every path
/// as a `String` in which each byte that is not part of valid UTF-8 stands as one private-use
/// character (U+F700 + byte), and turns it back into the same bytes to open, stat or list it.
/// Valid UTF-8 names are unchanged; outputs show an undecodable byte as that character.
public enum FileSystemPath {
    static let escapeBase: UInt32 = 0xF700

    /// The path string for a name's raw bytes.
    public static func string(fromBytes bytes: some Collection<UInt8>) -> String {
        // Almost every name is valid UTF-8 holding no escape character (whose lead byte is 0xEF).
        if !bytes.contains(0xEF), let plain = String(validating: bytes, as: UTF8.self) { return plain }
        var scalars = String.UnicodeScalarView()
        var remaining = Array(bytes)[...]
        while let lead = remaining.first {
            let length = UTF8Encoding.sequenceLength(lead)
            if length > 0, remaining.count >= length, let scalar = decodeOne(remaining.prefix(length)) {
                scalars.append(scalar)
                remaining = remaining.dropFirst(length)
            } else {
                // A byte that starts no valid sequence stands for itself, escaped.
                scalars.append(Unicode.Scalar(escapeBase + UInt32(lead))!)
                remaining = remaining.dropFirst()
            }
        }
        return String(scalars)
    }

    static func isEscape(_ scalar: Unicode.Scalar) -> Bool { (escapeBase + 0x80...escapeBase + 0xFF).contains(scalar.value) }

    /// The raw bytes of a path string, NUL-terminated, for system calls.
    public static func bytes(_ path: String) -> [CChar] {
        var bytes = [CChar]()
        bytes.reserveCapacity(path.utf8.count + 1)
        for scalar in path.unicodeScalars {
            if isEscape(scalar) {
                bytes.append(CChar(bitPattern: UInt8(scalar.value - escapeBase)))
            } else {
                bytes += String(scalar).utf8.map { CChar(bitPattern: $0) }
            }
        }
        bytes.append(0)
        return bytes
    }

    /// The scalar that exactly these bytes encode, if they are one valid UTF-8 sequence.
    static func decodeOne(_ bytes: ArraySlice<UInt8>) -> Unicode.Scalar? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator), String(scalar).utf8.elementsEqual(bytes) else { return nil }
        // A name holding one of the escape characters itself has it escaped byte by byte, so
        // that every path string maps back to exactly one byte string.
        return isEscape(scalar) ? nil : scalar
    }

    /// Calls `body` with the NUL-terminated bytes of a path string. A path holding no escape
    /// character (every path but a few old Latin-1 names) is its own UTF-8, passed without a
    /// copy: a nightly scan opens and stats one path per Maildir message.
    public static func withSystemPath<Result>(_ path: String, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        let escaped = path.utf8.withContiguousStorageIfAvailable { $0.contains(0xEF) } ?? path.utf8.contains(0xEF)
        guard escaped else { return path.withCString(body) }
        return bytes(path).withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// `open(2)` on a path string.
    public static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 {
        withSystemPath(path) { Glibc.open($0, flags, mode) }
    }

    /// `stat(2)` on a path string; nil when it fails.
    /// `path` with its folder's symbolic links and `.` and `..` resolved (the file itself
    /// need not exist yet); nil when the folder cannot be resolved.
    public static func resolved(_ path: String) -> String? {
        var folder = "."
        var name = path
        if let slash = path.lastIndex(of: "/") {
            folder = slash == path.startIndex ? "/" : String(path[..<slash])
            name = String(path[path.index(after: slash)...])
        }
        return resolvedFolder(folder).map { $0 + name }
    }

    /// `folder` with its symbolic links and `.` and `..` resolved, ending in `/`, so a name
    /// appended to it is a ``resolved(_:)`` path; nil when it cannot be resolved.
    public static func resolvedFolder(_ folder: String) -> String? {
        guard let real = withSystemPath(folder, { Glibc.realpath($0, nil) }) else { return nil }
        defer { free(real) }
        let resolved = string(fromBytes: UnsafeRawBufferPointer(start: real, count: strlen(real)))
        return resolved == "/" ? "/" : resolved + "/"
    }

    public static func stat(_ path: String) -> Glibc.stat? {
        var info = Glibc.stat()
        let result = withSystemPath(path) { systemStat($0, &info) }
        return result == 0 ? info : nil
    }

    /// One directory entry: its path-string name, and whether the directory itself says it is
    /// a regular file (so a walk of a Maildir of 100,000 messages needs no `stat` per message).
    public struct Entry: Sendable {
        public var name: String
        public var isRegularFile: Bool
    }

    /// The entries of a directory (without `.` and `..`); nil when it cannot be listed.
    public static func entries(of directory: String) -> [Entry]? {
        guard let handle = withSystemPath(directory, { opendir($0) }) else { return nil }
        defer { closedir(handle) }
        var entries = [Entry]()
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                string(fromBytes: UnsafeRawBufferPointer(rebasing: raw.prefix { $0 != 0 }))
            }
            if name == "." || name == ".." { continue }
            entries.append(Entry(name: name, isRegularFile: entry.pointee.d_type == UInt8(DT_REG)))
        }
        return entries
    }
}

/// The `stat(2)` function, which a static method named `stat` would otherwise shadow.
private func systemStat(_ path: UnsafePointer<CChar>, _ info: UnsafeMutablePointer<stat>) -> Int32 { stat(path, info) }
