import Foundation
import LeakScanCore

/// Reads text in no other format (``InputFormat/text``) as paragraphs or as lines, decided
/// once per file from its start (``isLineOriented(_:)``):
/// - prose — notes, a README, a letter — that separates its paragraphs with blank lines is
///   read a paragraph a record (up to about ``recordLimit`` bytes, cut at line ends), so rules
///   that look for words near each other see what the writer put together;
/// - text with no blank line — a log, a list of names or numbers, a dump of posts one per line
///   (as labelled tweet sets are kept) — is read a line a record, so a rule that
///   judges a post whole judges each line, not the first kilobyte of a run of them;
/// - a calendar or contact cards (`BEGIN:VCALENDAR`, `BEGIN:VCARD`) are read as paragraphs, so
///   that the lines they fold are read unfolded (``ContentLines``).
///
/// A line longer than ``lineCut`` is cut at a blank before that many bytes from its record's
/// start, and what follows the cut starts the next record, so no word is split and nothing is
/// dropped.
///
/// A file encoded inside the text (``EncodedText``: a run of base64 lines, a uuencoded file) is
/// a record of its own, ``RawPost/Body/encoded``: read a line or a paragraph at a time, its
/// characters were "words" that the derogatory rules fired on, and what it encodes went
/// unread. A text that is nothing else is one such record.
///
/// Bytes are read as UTF-8 (what is not UTF-8 becomes U+FFFD, as in the other line formats):
/// identifiers are ASCII in every charset.
final class PlainTextReader {
    /// Records grow by whole lines to at least this many bytes before they are cut.
    static let recordLimit = 64 << 10
    /// How far back from a cut inside a line a blank is looked for.
    static let blankSearch = 256
    /// Where a line longer than this is cut, counted from the record's start: a place fixed by
    /// the text alone, so a scan resumed at a cut (a killed scan's checkpoint) cuts the rest
    /// of the line where a whole read does. Cut where a read's chunk ended, the places moved
    /// with the reads: a resumed scan framed the rest of the line at other offsets (and so
    /// gave its incidents other fingerprints).
    static let lineCut = LineReader.chunkSize

    let lines: LineReader
    /// Whether each line is a record (else each paragraph).
    let byLine: Bool
    /// Most bytes of an encoded file's record (the rest, records of their own).
    let maxBytes: Int
    /// The rest of a line cut inside, and its offset: the next record's start.
    private var carry: [UInt8] = []
    private var carryOffset: UInt64 = 0
    /// Lines read ahead to tell an encoded file from text, not yet in a record: the next
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

    init(lines: LineReader, byLine: Bool, maxBytes: Int = 64 << 20) {
        self.lines = lines
        self.byLine = byLine
        self.maxBytes = maxBytes
    }

    /// Whether text is read a line a record: no blank line stands between two lines with
    /// something on them in `start` (a file's first 64 KiB).
    static func isLineOriented(_ start: ArraySlice<UInt8>) -> Bool {
        // A calendar or contact cards: a paragraph, whose folded lines are read unfolded (``ContentLines``).
        if ContentLines.objectStart(start) != nil { return false }
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

    /// The line's bytes without its line end (and, when `blanks`, without blanks around them),
    /// when it is a whole line (it starts one, and ends one or the input) of at most 1,000
    /// bytes; otherwise nil. A uuencoded line keeps its blanks: a space encodes zero bits.
    func trimmed(_ line: Line, blanks: Bool = true) -> ArraySlice<UInt8>? {
        guard line.startsLine, line.bytes.last == 0x0A || lines.isExhausted, line.bytes.count <= 1002 else { return nil }
        if blanks { return Base64Lines.trimmed(line.bytes) }
        var bytes = line.bytes
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        return bytes
    }

    /// The number of base64 characters on `line` when it holds nothing else; otherwise 0.
    func base64Length(_ line: Line) -> Int {
        trimmed(line).flatMap(Base64Lines.base64Length) ?? 0
    }

    /// The encoded file the line in hand starts, told by the next line:
    /// - base64: it and the next line each could open a run (``Base64Lines/opensRun(_:)``: inside text, a word
    ///   on the line after one long token is not the end of a file);
    /// - uuencode: it is a `begin 644 name` line and the next a full encoded line.
    /// A run's two lines are left to be read again; otherwise only the next line is.
    private func encodedFile(startingWith line: Line) -> EncodedText? {
        guard let bytes = trimmed(line) else { return nil }
        let base64 = Base64Lines.opensRun(bytes)
        let name = base64 ? nil : EncodedText.uuencodedName(bytes)
        guard base64 || name != nil, let following = nextLine() else { return nil }
        ahead.insert(following, at: 0)
        let encoding: EncodedText? =
            if let name {
                trimmed(following, blanks: false).map { EncodedText.isUuencoded($0, full: true) } == true ? .uuencode(name: name) : nil
            } else {
                trimmed(following).map(Base64Lines.opensRun) == true ? .base64 : nil
            }
        if encoding != nil { ahead.insert(line, at: 0) }
        return encoding
    }

    /// An encoded file as one record, from its first line. A base64 run ends before a line of
    /// another kind or after a short line (its last); a uuencoded file after its `end` line or
    /// before a line of another kind; either at `maxBytes`.
    private func nextEncodedFile(_ encoding: EncodedText) -> RawPost? {
        var text = [UInt8]()
        var offset: UInt64?
        var closed = false
        while text.count < maxBytes, let line = nextLine() {
            let inFile: Bool
            var last = false
            if offset == nil {
                inFile = true  // the line told already
            } else if case .base64 = encoding {
                let length = base64Length(line)
                inFile = length > 0
                last = length < Base64Lines.fullLine
            } else {
                let bytes = trimmed(line, blanks: false)
                last = bytes?.elementsEqual("end".utf8) == true
                inFile = last || bytes.map { EncodedText.isUuencoded($0) } == true
            }
            guard inFile else {
                if case .base64 = encoding, let (data, rest) = Self.splitAtTag(line) {
                    // The run's last characters with a closing tag after them (`…2Q==</body>`,
                    // as XML dumps of mail write it): they end the file; the tag is text.
                    text += data
                    ahead.insert(rest, at: 0)
                } else {
                    ahead.insert(line, at: 0)
                }
                closed = true
                break
            }
            if offset == nil { offset = line.offset }
            text += line.bytes
            if last {
                closed = true
                break
            }
        }
        guard let offset else { return nil }
        lastRecordIsClosed = closed || text.count >= maxBytes
        var post = RawPost(offset: offset, body: .encoded(encoding, text))
        post.endOffset = nextOffset
        return post
    }

    /// A line that starts with base64 characters (blanks before them allowed) and goes on with
    /// a closing tag `</`: the characters, and the rest of the line from the tag on.
    static func splitAtTag(_ line: Line) -> (data: ArraySlice<UInt8>, rest: Line)? {
        guard line.startsLine, let tag = line.bytes.firstIndex(of: UInt8(ascii: "<")),
            line.bytes[tag...].starts(with: "</".utf8)
        else { return nil }
        let data = line.bytes[..<tag]
        guard data.contains(where: Base64Lines.isBase64),
            data.allSatisfy({ Base64Lines.isBase64($0) || $0 == 0x20 || $0 == 0x09 })
        else { return nil }
        let offset = line.offset + UInt64(tag - line.bytes.startIndex)
        return (data, Line(bytes: line.bytes[tag...], offset: offset, startsLine: false))
    }

    func next() -> RawPost? {
        var text = carry
        var offset = carryOffset
        carry = []
        if text.count > Self.lineCut { return cutRecord(text, at: offset, lineStart: 0) }
        if byLine, text.last == 0x0A { return record(text, at: offset, closed: true) }  // the rest of a line cut before
        var closed = false
        // Inside PEM armour (`-----BEGIN … KEY-----` to `-----END …-----`): one record, whatever
        // its lines, so a rule sees a key whole; its base64 is not a file.
        var armoured = false
        // The start in `text` of the line being added (0 for the rest of a line cut before).
        var lineStart = 0
        while let line = nextLine() {
            let lineOffset = line.offset
            // (Blanks that end a line cut before are that line's end, not a blank line.)
            if line.startsLine, line.bytes.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) {
                if text.isEmpty { continue }  // blank lines between paragraphs
                if armoured {
                    text += line.bytes
                    continue
                }
                closed = true
                break
            }
            if !armoured, let encoding = encodedFile(startingWith: line) {
                if text.isEmpty { return nextEncodedFile(encoding) }
                closed = true  // the text before the file is a record of its own
                break
            }
            if line.startsLine { lineStart = text.count }
            let line = line.bytes
            if text.isEmpty { offset = lineOffset }
            text += line
            if text.count > Self.lineCut { return cutRecord(text, at: offset, lineStart: lineStart) }
            if line.starts(with: Armour.begin) { armoured = true }
            if line.starts(with: Armour.end) { armoured = false }
            if byLine && !armoured && line.last == 0x0A {
                closed = true
                break
            }
            // A record ends at a line end (inside a line only at a cut).
            if text.count >= Self.recordLimit, line.last == 0x0A || lines.isExhausted { break }
        }
        guard !text.isEmpty else { return nil }
        return record(text, at: offset, closed: closed)
    }

    /// The record of `text`, its line end left out.
    private func record(_ text: [UInt8], at offset: UInt64, closed: Bool) -> RawPost {
        var text = text
        lastRecordIsClosed = closed
        while let last = text.last, last == 0x0A || last == 0x0D { text.removeLast() }
        var post = RawPost(offset: offset, body: .text(text))
        post.endOffset = nextOffset
        return post
    }

    /// The record of `text` (starting at input offset `offset`) up to a cut inside its last
    /// line, which passes ``lineCut``: after the last blank before that place, else before the
    /// character there; what follows goes on to the next record. Records before the line's
    /// start (`lineStart`) are whole lines, so no cut moves into them.
    private func cutRecord(_ text: [UInt8], at offset: UInt64, lineStart: Int) -> RawPost {
        let window = text[min(max(lineStart, Self.lineCut - Self.blankSearch), Self.lineCut)..<Self.lineCut]
        let blank = window.lastIndex(where: { $0 == 0x20 || $0 == 0x09 }).map { $0 + 1 } ?? Self.lineCut
        // Not inside a character (of at most four bytes).
        let cut = UTF8Encoding.characterStart(in: text, atOrBefore: blank, above: max(Self.lineCut - 3, lineStart + 1))
        carry = Array(text[cut...])
        carryOffset = offset + UInt64(cut)
        lastRecordIsClosed = false
        var post = RawPost(offset: offset, body: .text(Array(text[..<cut])))
        post.endOffset = carryOffset
        return post
    }
}
