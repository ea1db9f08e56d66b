import LeakScanCore

/// A container named as an input — a social export downloaded as a zip, a tar of a Maildir, an
/// mbox compressed with bzip2 or xz — read from disk one member at a time, each member's bytes
/// streamed as they are asked for: an export of any size is read in bounded memory, which is
/// why this is not ``ArchiveMembers`` (an attachment, in memory and under its budget). A
/// container inside one (the exports in an evidence bundle) is read from memory. A container
/// that inflates like a decompression bomb is read up to ``ExpansionLimit`` and no further.
public final class ContainerInput {
    public struct Member: Sendable, Equatable {
        /// The path inside the container (for a bare compressed stream, the file's name
        /// without its compression suffix).
        public var name: String
        /// Whether the container holds no members, only this compressed stream.
        public var isBareStream: Bool
        /// Password-protected: its bytes cannot be read.
        public var isEncrypted: Bool
        /// Its size as the container's header states it, when it does.
        public var declaredSize: Int?
    }

    private let cursor: ArchiveCursor
    private let streamName: String
    /// How far the container may inflate, over all its members: past it, the walk ends.
    private let expansion: ExpansionLimit
    /// Bytes of members read so far.
    private var memberBytes: UInt64 = 0
    /// Why the walk ended early, once the container inflated past ``expansion``.
    private var exhausted: ExtractionProblem?

    /// Opens the container at `path`, which its first bytes said is `kind`.
    public convenience init(path: String, kind: ContentKind, expansion: ExpansionLimit = .inputs) throws(ExtractionProblem) {
        let cursor = try Self.cursor(kind)
        if let problem = cursor.open(path: path) { throw problem }
        self.init(cursor: cursor, streamName: Self.streamName(path), expansion: expansion)
    }

    /// Opens the container in `bytes` (a member of another), named `name`, which its first
    /// bytes said is `kind`.
    public convenience init(bytes: [UInt8], name: String, kind: ContentKind, expansion: ExpansionLimit = .inputs) throws(ExtractionProblem)
    {
        let cursor = try Self.cursor(kind)
        if let problem = cursor.open(copyOf: bytes) { throw problem }
        self.init(cursor: cursor, streamName: Self.streamName(name), expansion: expansion)
    }

    private init(cursor: ArchiveCursor, streamName: String, expansion: ExpansionLimit) {
        self.cursor = cursor
        self.streamName = streamName
        self.expansion = expansion
    }

    /// Throws, and ends the walk, once what the container inflated to (its members' bytes, or
    /// what its filter inflated, skipped members included) is past ``expansion``.
    private func checkExpansion() throws(ExtractionProblem) {
        if let exhausted { throw exhausted }
        let (stored, unfiltered) = cursor.filterBytes
        let produced = max(memberBytes, unfiltered)
        guard expansion.isExceeded(produced: produced, consumed: stored) else { return }
        let problem = ExtractionProblem(
            kind: .limit, path: [], reason: expansion.reason(produced: produced, consumed: stored) + "; no member after this point is read")
        exhausted = problem
        throw problem
    }

    private static func cursor(_ kind: ContentKind) throws(ExtractionProblem) -> ArchiveCursor {
        guard let cursor = ArchiveCursor(bareStream: [.gzip, .bzip2, .xz].contains(kind)) else {
            throw ExtractionProblem(kind: .damaged, path: [], reason: "libarchive could not start")
        }
        return cursor
    }

    /// The name of a bare compressed stream's content: the file's name without `.gz`, `.bz2`
    /// or `.xz`.
    static func streamName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return ["gz", "bz2", "xz"].contains(file.split(separator: ".").last ?? "") ? String(file[..<file.lastIndex(of: ".")!]) : file
    }

    /// The next member, nil after the last. A header that cannot be read throws, and ends the
    /// walk (members before it were read).
    public func nextMember() throws(ExtractionProblem) -> Member? {
        // A member that inflated past the limit was reported by its read.
        if exhausted != nil { return nil }
        let step = cursor.next(streamName: streamName)
        try checkExpansion()
        switch step {
        case .end: return nil
        case .failed(let problem): throw problem
        case .member(let name, let size, let encrypted):
            return Member(name: name, isBareStream: cursor.isBareStream, isEncrypted: encrypted, declaredSize: size)
        }
    }

    /// The current member's next bytes (at most `maxCount`), empty at its end.
    public func read(maxCount: Int) throws(ExtractionProblem) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: maxCount)
        let count = bytes.withUnsafeMutableBytes { cursor.read(into: $0) }
        guard count >= 0 else { throw cursor.failure(path: []) }
        bytes.removeSubrange(count...)
        memberBytes += UInt64(count)
        try checkExpansion()
        return bytes
    }
}

extension ExtractionProblem: Error {}
