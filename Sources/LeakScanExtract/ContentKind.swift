/// What a blob of bytes is, decided from its content (magic numbers and structure), never from
/// its name or declared type: a leaked spreadsheet renamed `.txt` or sent as
/// `application/octet-stream` is still a spreadsheet.
public enum ContentKind: String, Sendable, Equatable {
    case zip, gzip, bzip2, xz, sevenZip = "7z", rar, tar
    case pdf, rtf
    /// An OLE2 compound file: legacy Office (`.doc`, `.xls`, `.ppt`) or an Outlook `.msg`.
    case ole2
    case png, jpeg, gif, bmp, tiff, webp
    /// An email message stored as a file.
    case message
    case html
    /// Text (any charset): CSV, TXT, JSON, XML, logs.
    case text
    case binary

    /// Whether libarchive reads it as a container.
    public var isContainer: Bool { [.zip, .gzip, .bzip2, .xz, .sevenZip, .rar, .tar].contains(self) }

    public var isImage: Bool { [.png, .jpeg, .gif, .bmp, .tiff, .webp].contains(self) }

    /// The kind of `bytes`.
    public static func of(_ bytes: [UInt8]) -> ContentKind {
        magic(bytes) ?? textKind(bytes)
    }

    /// The kind when `bytes` start with a binary format's signature; nil for text, without
    /// reading further (cheap enough for every text part of every message).
    public static func magic(_ bytes: [UInt8]) -> ContentKind? {
        guard let first = bytes.first, signatureStarts.contains(first) || bytes.count > 257 else { return nil }
        for (signature, kind) in signatures where bytes.starts(with: signature) { return kind }
        if bytes.count > 262, bytes[257..<262].elementsEqual(ustar) { return .tar }
        if bytes.starts(with: riff), bytes.count >= 12, bytes[8..<12].elementsEqual(webpTag) { return .webp }
        if bytes.starts(with: bitmap), bytes.count > 26, bytes[14] >= 12, bytes[15] == 0 { return .bmp }
        // PDF readers accept the header anywhere in the first kilobyte.
        let head = bytes.prefix(1024)
        var index = head.startIndex
        while let percent = head[index...].firstIndex(of: UInt8(ascii: "%")) {
            if head[percent...].starts(with: pdfHeader) { return .pdf }
            index = percent + 1
        }
        return nil
    }

    static let signatures: [([UInt8], ContentKind)] = [
        ([0x50, 0x4B, 0x03, 0x04], .zip), ([0x50, 0x4B, 0x05, 0x06], .zip), ([0x50, 0x4B, 0x07, 0x08], .zip),
        ([0x1F, 0x8B], .gzip), (Array("BZh".utf8), .bzip2), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], .xz),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], .sevenZip), (Array("Rar!\u{1A}\u{07}".utf8), .rar),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], .ole2), ([0x89, 0x50, 0x4E, 0x47], .png), ([0xFF, 0xD8, 0xFF], .jpeg),
        (Array("GIF8".utf8), .gif), (Array("II*\u{0}".utf8), .tiff), (Array("MM\u{0}*".utf8), .tiff), (Array("{\\rtf".utf8), .rtf),
    ]
    static let signatureStarts = Set(signatures.map { $0.0[0] } + [UInt8(ascii: "R"), UInt8(ascii: "B"), UInt8(ascii: "%")])
    static let ustar = Array("ustar".utf8)
    static let riff = Array("RIFF".utf8)
    static let webpTag = Array("WEBP".utf8)
    static let bitmap = Array("BM".utf8)
    static let pdfHeader = Array("%PDF-".utf8)

    /// Text, HTML or a message; binary when the start holds NULs (outside UTF-16) or is mostly
    /// control bytes.
    static func textKind(_ bytes: [UInt8]) -> ContentKind {
        let head = bytes.prefix(8192)
        guard !head.isEmpty else { return .text }
        let utf16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !utf16 {
            var control = 0
            for byte in head {
                if byte == 0 { return .binary }
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && byte != 0x1B { control += 1 }
            }
            if control * 20 > head.count { return .binary }
        }
        let lower = String(decoding: head.prefix(1024), as: UTF8.self).lowercased()
        if lower.contains("<html") || lower.contains("<!doctype html") { return .html }
        if looksLikeMessage(head) { return .message }
        return .text
    }

    /// Starts with a header block holding at least two of the headers every message has.
    static func looksLikeMessage(_ head: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        guard let first = text.split(separator: "\n", maxSplits: 1).first,
            first.range(of: #"^(From |[A-Za-z][A-Za-z0-9-]*:)"#, options: .regularExpression) != nil
        else { return false }
        let headerBlock = text.components(separatedBy: "\n\n").first?.lowercased() ?? ""
        let known = ["\nfrom:", "\nto:", "\nsubject:", "\ndate:", "\nmessage-id:", "\nreceived:", "\nmime-version:"]
        return known.filter { ("\n" + headerBlock).contains($0) }.count >= 2
    }
}
