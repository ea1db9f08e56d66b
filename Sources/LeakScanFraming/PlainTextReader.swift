import Foundation
import LeakScanCore

/// Reads text in no other format (``InputFormat/text``) as paragraphs or as lines, decided
/// once per file from its start (``isLineOriented(_:)``):
/// - prose — notes, a README, a letter — that separates its paragraphs with blank lines is
///   read a paragraph a record (up to about ``recordLimit`` bytes, cut at line ends), so rules
///   that look for words near each other see what the writer put together;
/// - text with no blank line — a log, a list of names or numbers, a dump of posts one per line
///   (as labelled tweet sets are kept), a contact card — is read a line a record, so a rule that
///   judges a post whole judges each line, not the first kilobyte of a run of them.
///
/// A line longer than a read's chunk is cut at a blank near the chunk's end, and what follows
/// the cut starts the next record, so no word is split and nothing is dropped.
///
/// A run of base64 lines inside the text (a mail part kept in an XML or text dump, a file
/// pasted into a note) is a record of its own, ``RawPost/Body/encoded``: read a line or a
/// paragraph at a time, its characters were "words" that the derogatory rules fired on, and
/// what it encodes went unread.
///
/// Bytes are read as UTF-8 (what is not UTF-8 becomes U+FFFD, as in the other line formats):
/// identifiers are ASCII in every charset.
final class PlainTextReader {
    /// Records grow by whole lines to at least this many bytes before they are cut.
    static let recordLimit = 64 << 10
    /// How far back from a cut inside a line a blank is looked for.
    static let blankSearch = 256

    let lines: LineReader
    /// Whether each line is a record (else each paragraph).
    let byLine: Bool
    /// Set when the text encodes a binary file: read as one record, up to `maxBytes`.
    let encoding: EncodedText?
    let maxBytes: Int
    /// The rest of a line cut inside, and its offset: the next record's start.
    private var carry: [UInt8] = []
    private var carryOffset: UInt64 = 0
    /// Lines read ahead to tell a run of base64 from text, not yet in a record: the next
    /// records start with them.
    private var ahead: [Line] = []

    struct Line {
        var bytes: ArraySlice<UInt8>
        var offset: UInt64
        var startsLine: Bool
    }
    /// Whether the last record returned ended where text appended to the file would start a
    /// record of its own: at a blank line (paragraphs) or a line end (lines). A last paragraph
    /// would continue with text appended without a blank line, so a later scan reads it again
    /// (``ArchiveReader/checkpoint``).
    private(set) var lastRecordIsClosed = true

    init(lines: LineReader, byLine: Bool, encoding: EncodedText? = nil, maxBytes: Int = 64 << 20) {
        self.lines = lines
        self.byLine = byLine
        self.encoding = encoding
        self.maxBytes = maxBytes
    }

    /// The encoded file's text as one record (what is past `maxBytes`, records of its own).
    func nextEncoded(_ encoding: EncodedText) -> RawPost? {
        var text = [UInt8]()
        var offset: UInt64?
        while text.count < maxBytes, let (line, lineOffset, _) = lines.nextLine() {
            if offset == nil { offset = lineOffset }
            text += line
        }
        guard let offset else { return nil }
        lastRecordIsClosed = false
        var post = RawPost(offset: offset, body: .encoded(encoding, text))
        post.endOffset = lines.consumedOffset
        return post
    }

    /// Whether text is read a line a record: no blank line stands between two lines with
    /// something on them in `start` (a file's first 64 KiB).
    static func isLineOriented(_ start: ArraySlice<UInt8>) -> Bool {
        var sawText = false
        var blankAfterText = false
        var lineStart = start.startIndex
        while lineStart < start.endIndex {
            guard let lineEnd = start[lineStart...].firstIndex(of: 0x0A) else { break }  // a cut last line says nothing
            let blank = start[lineStart..<lineEnd].allSatisfy { $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
            if !blank && blankAfterText { return false }
            if blank { blankAfterText = sawText } else { sawText = true }
            lineStart = lineEnd + 1
        }
        return true
    }

    /// The next line, from those read ahead first. (A line's slice keeps the buffer it was
    /// read from: the reader's next read does not change it.)
    private func nextLine() -> Line? {
        if !ahead.isEmpty { return ahead.removeFirst() }
        return lines.nextLine().map { Line(bytes: $0.bytes, offset: $0.offset, startsLine: $0.startsLine) }
    }

    /// Where the next record starts: at the first line read ahead, or where the reader is.
    private var nextOffset: UInt64 { ahead.first?.offset ?? lines.consumedOffset }

    /// The number of base64 characters on `line` (blanks around them and its line end aside)
    /// when it holds nothing else, starts a line, ends one (or the input) and has at most 1,000;
    /// otherwise 0.
    func encodedLength(_ line: Line) -> Int {
        guard line.startsLine, line.bytes.last == 0x0A || lines.isExhausted else { return 0 }
        var bytes = line.bytes
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { bytes.removeLast() }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        return bytes.count <= 1000 && bytes.allSatisfy(EncodedText.isBase64) ? bytes.count : 0
    }

    /// Whether the line in hand starts a run of base64: it and the next line each have at least
    /// ``EncodedText/fullLine`` characters (inside text, a word on the line after one long
    /// token is not the end of an encoded file). A run's two lines are left to be read again;
    /// otherwise only the next line is.
    private func startsEncodedRun(_ line: Line) -> Bool {
        guard encodedLength(line) >= EncodedText.fullLine, let following = nextLine() else { return false }
        let continues = encodedLength(following) >= EncodedText.fullLine
        ahead.insert(following, at: 0)
        if continues { ahead.insert(line, at: 0) }
        return continues
    }

    /// A run of base64 lines as one record: it ends before a line of another kind, after a
    /// short line (the last of an encoded file), or at `maxBytes`.
    private func nextEncodedRun() -> RawPost? {
        var text = [UInt8]()
        var offset: UInt64?
        var closed = false
        while text.count < maxBytes, let line = nextLine() {
            let length = encodedLength(line)
            guard length > 0, offset == nil || line.startsLine else {
                ahead.insert(line, at: 0)
                closed = true
                break
            }
            if offset == nil { offset = line.offset }
            text += line.bytes
            if length < EncodedText.fullLine {
                closed = true
                break
            }
        }
        guard let offset else { return nil }
        lastRecordIsClosed = closed || text.count >= maxBytes
        var post = RawPost(offset: offset, body: .encoded(.base64, text))
        post.endOffset = nextOffset
        return post
    }

    func next() -> RawPost? {
        if let encoding { return nextEncoded(encoding) }
        var text = carry
        var offset = carryOffset
        carry = []
        var closed = false
        while let line = nextLine() {
            let lineOffset = line.offset
            if line.bytes.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) {
                if text.isEmpty { continue }  // blank lines between paragraphs
                closed = true
                break
            }
            if startsEncodedRun(line) {
                if text.isEmpty { return nextEncodedRun() }
                closed = true  // the text before the run is a record of its own
                break
            }
            let line = line.bytes
            if text.isEmpty { offset = lineOffset }
            text += line
            if byLine && line.last == 0x0A {
                closed = true
                break
            }
            guard text.count >= Self.recordLimit else { continue }
            if line.last != 0x0A, !lines.isExhausted {
                // Cut inside an over-long line: the part after its last blank goes on (in a
                // run with no blank, a last character of several bytes goes on whole).
                let tail = text.suffix(Self.blankSearch)
                let cut =
                    tail.lastIndex(where: { $0 == 0x20 || $0 == 0x09 }).map { $0 + 1 }
                    ?? tail.suffix(4).lastIndex(where: { $0 >= 0xC0 }) ?? text.endIndex
                carry = Array(text[cut...])
                carryOffset = offset + UInt64(cut)
                text.removeSubrange(cut...)
            }
            break
        }
        guard !text.isEmpty else { return nil }
        lastRecordIsClosed = closed
        while let last = text.last, last == 0x0A || last == 0x0D { text.removeLast() }
        var post = RawPost(offset: offset, body: .text(text))
        post.endOffset = carry.isEmpty ? nextOffset : carryOffset
        return post
    }
}
