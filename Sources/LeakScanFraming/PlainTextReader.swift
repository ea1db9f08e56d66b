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

    func next() -> RawPost? {
        if let encoding { return nextEncoded(encoding) }
        var text = carry
        var offset = carryOffset
        carry = []
        var closed = false
        while let (line, lineOffset, _) = lines.nextLine() {
            if line.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) {
                if text.isEmpty { continue }  // blank lines between paragraphs
                closed = true
                break
            }
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
        post.endOffset = carry.isEmpty ? lines.consumedOffset : carryOffset
        return post
    }
}
