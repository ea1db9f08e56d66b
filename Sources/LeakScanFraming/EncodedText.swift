import LeakScanCore

/// A file written out as text inside a text: a run of base64 lines (a mail part saved as it was
/// sent, a part kept in an XML dump, a data dump) or a uuencoded file (`begin 644 photo.jpg` to
/// `end`). Read a line or a paragraph at a time, its encoded characters were "posts" that the
/// derogatory rules fired on, and what it holds (a picture, a document) went unread; it is a
/// record of its own (``RawPost/Body/encoded``), read as the file it encodes. What stands
/// before and after it is read as the text it is.
public enum EncodedText: Sendable, Equatable {
    case base64
    /// With the file name its `begin` line gives.
    case uuencode(name: String)

    /// The file name of a uuencode `begin` line (`begin 644 name`: octal mode, then the name);
    /// nil for any other line (`begin the meeting at 10`). Shared with the mail reader, which
    /// finds uuencoded files in message bodies.
    public static func uuencodedName(_ line: ArraySlice<UInt8>) -> String? {
        guard line.starts(with: Array("begin ".utf8)) else { return nil }
        let words = line.split(separator: 0x20, maxSplits: 2)
        guard words.count == 3, words[1].allSatisfy({ (0x30...0x37).contains($0) }) else { return nil }
        return String(decoding: words[2], as: UTF8.self).trimming(.blanksAndNewlines)
    }

    /// Whether `line` (line end removed) is a uuencoded line: its characters lie in space…`` ` ``
    /// and its first says how many bytes it holds; a full line (45 bytes) starts `M` and has 61.
    static func isUuencoded(_ line: ArraySlice<UInt8>, full: Bool = false) -> Bool {
        guard let first = line.first, line.count <= 62, line.allSatisfy({ (0x20...0x60).contains($0) }) else { return false }
        return !full || (first == UInt8(ascii: "M") && line.count == 61)
    }
}
