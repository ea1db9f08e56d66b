/// A text file that is a binary file written out as text: base64 (a mail part saved as it was
/// sent, a data dump) or uuencode (`begin 644 photo.jpg`). Read a line a record, its lines of
/// encoded characters were "posts" that the derogatory rules fired on, and what it holds (a
/// picture, a document) went unread; it is read as the file it encodes instead.
public enum EncodedText: Sendable, Equatable {
    case base64
    /// With the file name its `begin` line gives.
    case uuencode(name: String)

    /// The encoding of a text whose start (its first 64 KiB) is wholly base64 lines — at least
    /// two, each of 40 to 1,000 characters of the base64 alphabet but the last — or holds a
    /// uuencode `begin` line followed by a full encoded line. A PEM key, whose `-----BEGIN`
    /// line the rules look for, is not wholly base64, and stays text.
    static func encoding(of start: ArraySlice<UInt8>) -> EncodedText? {
        var lines = start.split(separator: 0x0A, omittingEmptySubsequences: true).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }.filter { !$0.isEmpty }
        // A cut last line says nothing.
        if start.last != 0x0A, !lines.isEmpty { lines.removeLast() }
        if let begin = lines.firstIndex(where: { $0.starts(with: Array("begin ".utf8)) }), begin + 1 < lines.count,
            lines[begin + 1].first == UInt8(ascii: "M"), lines[begin + 1].count == 61
        {
            let words = lines[begin].split(separator: 0x20, maxSplits: 2)
            if words.count == 3, words[1].allSatisfy({ (0x30...0x37).contains($0) }) {
                return .uuencode(name: String(decoding: words[2], as: UTF8.self))
            }
        }
        guard lines.count >= 2 else { return nil }
        for (index, line) in lines.enumerated() {
            guard line.count <= 1000, index == lines.count - 1 || line.count >= fullLine, line.allSatisfy(isBase64) else { return nil }
        }
        return .base64
    }

    /// The fewest characters of a base64 line that is not the last of its run (MIME writes 76,
    /// PEM 64, uuencode 60): a line of prose has blanks, so it is never one.
    static let fullLine = 40

    static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): true
        default: false
        }
    }
}
