/// Reads JSON Lines: one JSON value a line, blank lines skipped.
///
/// A line longer than a read's chunk comes from the ``LineReader`` in pieces; they are joined,
/// so a long post (a pasted document, a dump of a thread) is one record, not two halves that
/// are each invalid JSON and were reported corrupt, its identifiers unscanned. A line past
/// `maxRecordBytes` cannot be held whole: it is read as text in parts of about that size, the
/// first marked as cut (``RawPost/cutReason``), so its characters are still matched and
/// memory stays bounded.
final class JSONLinesReader {
    let lines: LineReader
    let maxRecordBytes: Int
    /// Whether the line being read is past the record limit: its further parts are text too.
    private var inOverLongLine = false

    init(lines: LineReader, maxRecordBytes: Int) {
        self.lines = lines
        self.maxRecordBytes = maxRecordBytes
    }

    func next() -> RawPost? {
        while let (first, offset, _) = lines.nextLine() {
            var line = first
            if lines.lineContinues || inOverLongLine {
                var joined = Array(first)
                while lines.lineContinues, joined.count < maxRecordBytes, let (piece, _, _) = lines.nextLine() { joined += piece }
                if lines.lineContinues || inOverLongLine {
                    var post = RawPost(offset: offset, body: .text(joined))
                    if !inOverLongLine {
                        post.cutReason =
                            "a JSON line longer than \(maxRecordBytes) bytes: read as text, in parts of about that size"
                    }
                    inOverLongLine = lines.lineContinues
                    post.endOffset = lines.consumedOffset
                    return post
                }
                line = joined[...]
            }
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }
            if trimmed.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }) { continue }
            var post = RawPost(offset: offset, body: .json(Array(trimmed)))
            post.endOffset = lines.consumedOffset
            return post
        }
        return nil
    }
}
