import LeakScanCore

/// A web page saved as a file — the pages of Facebook's and Telegram's HTML exports (the
/// format each offers first), a saved post or profile — read as one record: the whole page,
/// up to the message size limit, scanned as the text a reader sees.
///
/// A page is not cut into its posts: their markup is each site's own and changes with it, so
/// incidents carry the page and its text, not a post's author or time.
final class HTMLPageReader {
    let lines: LineReader
    let maxBytes: Int
    private var done = false

    init(lines: LineReader, maxBytes: Int) {
        self.lines = lines
        self.maxBytes = maxBytes
    }

    /// Whether a file's start (after a byte-order mark and blanks) opens an HTML document.
    static func isPage(_ trimmed: ArraySlice<UInt8>) -> Bool {
        trimmed.first == UInt8(ascii: "<") && (trimmed.startsCaseless(with: "<!doctype html") || trimmed.startsCaseless(with: "<html"))
    }

    /// The page, once; nil after it. A page longer than the limit is cut there (and says so).
    func next() -> RawMessage? {
        guard !done else { return nil }
        done = true
        var bytes = [UInt8]()
        var truncated = false
        let start = lines.consumedOffset
        while let (line, _, _) = lines.nextLine() {
            guard bytes.count + line.count <= maxBytes else {
                bytes += line.prefix(maxBytes - bytes.count)
                truncated = true
                continue
            }
            bytes += line
        }
        var page = RawMessage(offset: start, envelope: [], bytes: bytes, truncatedAt: truncated ? maxBytes : nil)
        page.endOffset = lines.consumedOffset
        return page
    }
}
