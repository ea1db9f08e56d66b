import LeakScanCore

/// Reads JSON Lines: one JSON value a line, blank lines skipped.
///
/// A line longer than a read's chunk comes from the ``LineReader`` in pieces; they are joined,
/// so a long post (a pasted document, a dump of a thread) is one record, not two halves that
/// are each invalid JSON and were reported corrupt, its identifiers unscanned. A line past
/// `maxRecordBytes` cannot be held whole: it is read as text in parts of that many bytes from
/// each part's start (a place the text alone fixes, so a scan resumed after a part makes the
/// same parts), the first marked as cut (``RawPost/cutReason``), so its characters are still
/// matched and memory stays bounded.
final class JSONLinesReader {
    let lines: LineReader
    let maxRecordBytes: Int
    /// Whether the line being read is past the record limit: its further parts are text too.
    private var inOverLongLine: Bool
    /// Bytes of that line read and not yet returned, and the input offset of the first.
    private var rest: [UInt8] = []
    private var restOffset: UInt64 = 0
    /// Where emptied arrays come back from the workers (``RecycledBytes``), and those taken
    /// from it and not filled yet.
    var recycled: RecycledBytes?
    private var spare = [[UInt8]]()

    /// A read resumed inside a line (after a part of a line past the limit) goes on reading
    /// that line's parts.
    init(lines: LineReader, maxRecordBytes: Int) {
        self.lines = lines
        self.maxRecordBytes = maxRecordBytes
        inOverLongLine = lines.lineContinues
        restOffset = lines.consumedOffset
    }

    func next() -> RawPost? {
        if inOverLongLine { return nextPart(first: false) }
        while true {
            // Most lines lie whole in the reader's buffer, and are copied from it in place.
            if let post = lines.withCompleteLine({ line, offset in post(from: line, at: offset) }) {
                guard var post else { continue }
                post.endOffset = lines.consumedOffset
                return post
            }
            guard let (first, offset, _) = lines.nextLine() else { return nil }
            var line = first
            if lines.lineContinues {
                var joined = Array(first)
                while lines.lineContinues, joined.count <= maxRecordBytes, let (piece, _, _) = lines.nextLine() { joined += piece }
                if joined.count > maxRecordBytes {
                    rest = joined
                    restOffset = offset
                    inOverLongLine = true
                    return nextPart(first: true)
                }
                line = joined[...]
            }
            guard var post = line.withUnsafeBufferPointer({ post(from: $0, at: offset) }) else { continue }
            post.endOffset = lines.consumedOffset
            return post
        }
    }

    /// The post of a line (leading blanks left out), or nil for a blank line.
    private func post(from line: UnsafeBufferPointer<UInt8>, at offset: UInt64) -> RawPost? {
        guard let start = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
            line[start...].contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 })
        else { return nil }
        return RawPost(offset: offset, body: .json(bytes(UnsafeBufferPointer(rebasing: line[start...]))))
    }

    /// A copy of `line`, in an array handed back by a worker when there is one.
    private func bytes(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        if spare.isEmpty, let recycled { recycled.take(256, into: &spare) }
        guard var array = spare.popLast() else { return Array(line) }
        array.append(contentsOf: line)
        return array
    }

    /// The next part of a line past the limit: `maxRecordBytes` bytes (not ending inside a
    /// character), or what is left of the line.
    private func nextPart(first: Bool) -> RawPost? {
        while rest.count <= maxRecordBytes, lines.lineContinues || rest.isEmpty, let (piece, _, _) = lines.nextLine() {
            rest += piece
            if !lines.lineContinues { break }
        }
        let end = UTF8Encoding.characterStart(in: rest, atOrBefore: min(rest.count, maxRecordBytes), above: maxRecordBytes - 3)
        var post = RawPost(offset: restOffset, body: .text(Array(rest[..<end])))
        if first {
            post.cutReason = "a JSON line longer than \(maxRecordBytes) bytes: read as text, in parts of that size"
        }
        rest.removeFirst(end)
        restOffset += UInt64(end)
        inOverLongLine = !rest.isEmpty || lines.lineContinues
        post.endOffset = inOverLongLine ? restOffset : lines.consumedOffset
        return end > 0 ? post : nil
    }
}
