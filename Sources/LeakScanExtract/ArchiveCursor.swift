import CArchive

/// One pass through a container's regular files with libarchive, wherever its bytes are: in
/// memory (an attachment, ``ArchiveMembers``) or on disk (an input, ``ContainerInput``).
///
/// libarchive rather than a hand-written zip reader: it is the reader bsdtar and most Linux
/// tools use, it handles every container people attach or download (and ZIP64, data
/// descriptors, the usual archiver quirks), and it is fuzzed by OSS-Fuzz.
final class ArchiveCursor {
    enum Step {
        /// A regular file, ready for its bytes to be read.
        case member(name: String, declaredSize: Int?, encrypted: Bool)
        case end
        /// A header that could not be read. The walk ends there: some formats report the same
        /// failure again on every later call.
        case failed(ExtractionProblem)
    }

    private let archive: OpaquePointer
    /// Bytes the cursor copied to read (``open(copyOf:)``), freed after the archive.
    private var owned: UnsafeMutableRawBufferPointer?

    /// Reads any container libarchive knows, through any compression filter; with `bareStream`
    /// (a gzip, bzip2 or xz stream of one file) also data with no container around it.
    init?(bareStream: Bool) {
        guard let archive = archive_read_new() else { return nil }
        self.archive = archive
        archive_read_support_filter_all(archive)
        archive_read_support_format_all(archive)
        if bareStream { archive_read_support_format_raw(archive) }
    }

    deinit {
        archive_read_free(archive)
        owned?.deallocate()
    }

    /// Opens bytes that must stay valid until the cursor is done; the problem when they cannot
    /// be read as an archive.
    func open(memory: UnsafeRawBufferPointer) -> ExtractionProblem? {
        archive_read_open_memory(archive, memory.baseAddress, memory.count) == ARCHIVE_OK ? nil : failure(path: [])
    }

    /// Opens a copy of `bytes`, kept for as long as the cursor.
    func open(copyOf bytes: [UInt8]) -> ExtractionProblem? {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        copy.copyBytes(from: bytes)
        owned = copy
        return open(memory: UnsafeRawBufferPointer(rebasing: copy[0..<bytes.count]))
    }

    /// Opens a file, read in blocks (and seeked in, where the format has a directory at its end,
    /// as zip has).
    func open(path: String) -> ExtractionProblem? {
        archive_read_open_filename(archive, path, 64 << 10) == ARCHIVE_OK ? nil : failure(path: [])
    }

    /// Moves to the next regular file (directories, links and devices are passed over).
    /// `streamName` names the content of a bare compressed stream, which has no name of its own.
    func next(streamName: String) -> Step {
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return .end }
            guard status >= ARCHIVE_WARN, let entry else { return .failed(failure(path: [])) }
            let name = isBareStream ? streamName : Self.name(of: entry)
            // AE_IFREG.
            guard isBareStream || archive_entry_filetype(entry) == 0o100000 else { continue }
            let size = archive_entry_size_is_set(entry) != 0 ? Int(max(0, archive_entry_size(entry))) : nil
            return .member(name: name, declaredSize: size, encrypted: archive_entry_is_encrypted(entry) != 0)
        }
    }

    /// Reads the current member's next bytes into `buffer`: the count, 0 at its end, negative
    /// on an error (``failure(path:)`` says which).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        archive_read_data(archive, buffer.baseAddress, buffer.count)
    }

    /// Bytes read from the container as stored, and the same bytes after its compression
    /// filter (gzip, bzip2 or xz around a tar; no filter: the same count). Skipping a member of
    /// a compressed tar inflates it too, so the second counts what reading members does not.
    var filterBytes: (stored: UInt64, unfiltered: UInt64) {
        (UInt64(max(0, archive_filter_bytes(archive, -1))), UInt64(max(0, archive_filter_bytes(archive, 0))))
    }

    /// Whether the data is one compressed stream rather than a container.
    var isBareStream: Bool { archive_format(archive) == ARCHIVE_FORMAT_RAW }

    /// The last error, as encrypted (a password is needed) or damaged, for the member at `path`.
    func failure(path: [String]) -> ExtractionProblem {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unreadable archive"
        let lower = message.lowercased()
        let encrypted = lower.contains("encrypt") || lower.contains("passphrase") || lower.contains("password")
        return ExtractionProblem(kind: encrypted ? .encrypted : .damaged, path: path, reason: message)
    }

    /// The member's path as UTF-8 (libarchive converts legacy zip code pages when it can),
    /// without a leading `./` or `/`, so locations read the same whatever made the archive.
    static func name(of entry: OpaquePointer) -> String {
        var name =
            archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? archive_entry_pathname(entry).map { String(cString: $0) }
            ?? ""
        while name.hasPrefix("./") || name.hasPrefix("/") { name.removeFirst(name.hasPrefix("/") ? 1 : 2) }
        return name.isEmpty ? "member" : name
    }
}
