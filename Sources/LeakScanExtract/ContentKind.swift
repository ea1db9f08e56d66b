import LeakScanCore
import LeakScanOutlook

/// What a blob of bytes is, decided from its content (magic numbers and structure), never from
/// its name or declared type: a leaked spreadsheet renamed `.txt` or sent as
/// `application/octet-stream` is still a spreadsheet.
public enum ContentKind: String, Sendable, Equatable {
    case zip, gzip, bzip2, xz, sevenZip = "7z", rar, tar
    case pdf, rtf
    /// An OLE2 compound file: legacy Office (`.doc`, `.xls`, `.ppt`) or an Outlook `.msg`.
    case ole2
    case png, jpeg, gif, bmp, tiff, webp
    /// HEIF (an iPhone's HEIC photos) and AVIF.
    case heif
    /// A CMS (PKCS #7) structure holding signed or encrypted data: the body of an opaque-signed
    /// or encrypted S/MIME message (`smime.p7m`).
    case cms
    /// An OpenPGP message in binary (`.gpg`, `.pgp`): signed, compressed, stored or encrypted
    /// (``OpenPGPMessage``).
    case openPGP
    /// A TNEF stream: Outlook's `winmail.dat` (`TNEFStream`).
    case tnef
    /// An email message stored as a file.
    case message
    case html
    /// Text (any charset): CSV, TXT, JSON, XML, logs.
    case text
    case binary

    /// Whether libarchive reads it as a container.
    public var isContainer: Bool { [.zip, .gzip, .bzip2, .xz, .sevenZip, .rar, .tar].contains(self) }

    public var isImage: Bool { [.png, .jpeg, .gif, .bmp, .tiff, .webp, .heif].contains(self) }

    /// The kind of a file that is read whole, as an attachment is, when it is an input or a
    /// member of one: a picture, a PDF, an RTF document, or a zip that is an Office or
    /// OpenDocument file (``isOfficePackage(_:)``) — the documents people share in chats, which
    /// Messenger, WhatsApp and Slack exports keep beside the messages. Nil for anything else.
    public static func wholeFile(_ leadingBytes: [UInt8]) -> ContentKind? {
        guard let kind = magic(leadingBytes) else { return nil }
        if kind.isImage || kind == .pdf || kind == .rtf { return kind }
        return kind == .zip && isOfficePackage(leadingBytes) ? .zip : nil
    }

    /// Whether a zip's first member is a part of an Office (OOXML) or OpenDocument file:
    /// `[Content_Types].xml` (as Office writes them), `_rels/` or `docProps/` (as other tools
    /// do), or an uncompressed `mimetype` naming an OpenDocument type (which that format puts
    /// first). No export or bundle starts with those.
    public static func isOfficePackage(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 30, bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
        let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
        let extraLength = Int(bytes[28]) | Int(bytes[29]) << 8
        let name = bytes.dropFirst(30).prefix(nameLength)
        if name.elementsEqual("mimetype".utf8) {
            return bytes.dropFirst(30 + nameLength + extraLength).starts(with: Array("application/vnd.oasis.opendocument".utf8))
        }
        return ["[Content_Types].xml", "_rels/", "docProps/"].contains { name.starts(with: Array($0.utf8)) }
    }

    /// The kind of `bytes`.
    public static func of(_ bytes: [UInt8]) -> ContentKind {
        magic(bytes) ?? textKind(bytes)
    }

    /// The kind when `bytes` start with a binary format's signature; nil for text, without
    /// reading further (cheap enough for every text part of every message: the signatures are
    /// looked up by first byte and the PDF header's `%` found with `memchr`, where trying every
    /// signature and walking the first kilobyte a byte at a time cost thousands of
    /// instructions per part).
    public static func magic(_ bytes: [UInt8]) -> ContentKind? {
        guard let first = bytes.first, signatureStarts.contains(first) || bytes.count > 257 else { return nil }
        for (signature, kind) in signaturesByFirstByte[Int(first)] where bytes.starts(with: signature) { return kind }
        if bytes.count >= 512, bytes[257..<262].elementsEqual(ustar), isTarHeader(bytes) { return .tar }
        if bytes.starts(with: riff), bytes.count >= 12, bytes[8..<12].elementsEqual(webpTag) { return .webp }
        if bytes.starts(with: bitmap), bytes.count > 26, bytes[14] >= 12, bytes[15] == 0 { return .bmp }
        if bytes.count >= 12, bytes[4..<8].elementsEqual(fileType), heifBrands.contains(where: { bytes[8..<12].elementsEqual($0) }) {
            return .heif
        }
        if first == 0x30, isCMS(bytes) { return .cms }
        if first & 0x80 != 0, OpenPGPMessage.startsMessage(bytes[...]) { return .openPGP }
        // PDF readers accept the header anywhere in the first kilobyte.
        let head = bytes.prefix(1024)
        var index = head.startIndex
        var hasPDFHeader = false
        while !hasPDFHeader, let percent = head.firstIndex(of: UInt8(ascii: "%"), from: index) {
            hasPDFHeader = head[percent...].starts(with: pdfHeader)
            index = percent + 1
        }
        return hasPDFHeader ? .pdf : nil
    }

    static let signatures: [([UInt8], ContentKind)] = [
        ([0x50, 0x4B, 0x03, 0x04], .zip), ([0x50, 0x4B, 0x05, 0x06], .zip), ([0x50, 0x4B, 0x07, 0x08], .zip),
        ([0x1F, 0x8B], .gzip), (Array("BZh".utf8), .bzip2), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], .xz),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], .sevenZip), (Array("Rar!\u{1A}\u{07}".utf8), .rar),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], .ole2), ([0x89, 0x50, 0x4E, 0x47], .png), ([0xFF, 0xD8, 0xFF], .jpeg),
        (Array("GIF8".utf8), .gif), (Array("II*\u{0}".utf8), .tiff), (Array("MM\u{0}*".utf8), .tiff), (Array("{\\rtf".utf8), .rtf),
        (TNEFStream.signature, .tnef),
    ]
    static let signatureStarts = Set(
        signatures.map { $0.0[0] } + [UInt8(ascii: "R"), UInt8(ascii: "B"), UInt8(ascii: "%"), 0x30 /* a CMS SEQUENCE */]
            + OpenPGPMessage.headerBytes)
    /// `signatures` by their first byte, in their order.
    static let signaturesByFirstByte: [[([UInt8], ContentKind)]] = (0..<256).map { byte in
        signatures.filter { $0.0[0] == UInt8(byte) }
    }
    static let ustar = Array("ustar".utf8)

    /// Whether the first 512 bytes are a tar header by its checksum (the octal sum of its bytes
    /// with the checksum field read as spaces), so text that holds `ustar` at byte 257 is not
    /// taken for a tar.
    static func isTarHeader(_ bytes: [UInt8]) -> Bool {
        let field = bytes[148..<156].drop { $0 == 0x20 }.prefix { (0x30...0x37).contains($0) }
        guard !field.isEmpty else { return false }
        let stored = field.reduce(0) { $0 * 8 + Int($1 - 0x30) }
        let sum = bytes[0..<512].indices.reduce(0) { $0 + ((148..<156).contains($1) ? 0x20 : Int(bytes[$1])) }
        return stored == sum
    }
    /// Whether `bytes` open a CMS ContentInfo (a DER or BER SEQUENCE whose first element is the
    /// OID of signed data, enveloped data or authenticated-enveloped data). Text that starts
    /// with `0` fails at the second byte or the third.
    static func isCMS(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 16, bytes[0] == 0x30 else { return false }
        // The SEQUENCE's length: short form, indefinite (0x80), or long form of up to four bytes.
        let lengthBytes = bytes[1] < 0x80 || bytes[1] == 0x80 ? 0 : Int(bytes[1] & 0x7F)
        guard lengthBytes <= 4 else { return false }
        let type = bytes.dropFirst(2 + lengthBytes)
        guard type.starts(with: cmsTypePrefix), type.count > cmsTypePrefix.count else { return false }
        return [0x02, 0x03].contains(type[type.startIndex + cmsTypePrefix.count]) || type.starts(with: authEnvelopedType)
    }
    /// OID 1.2.840.113549.1.7 (PKCS #7 content types) as DER, tag and length included; `.2` is
    /// signed data, `.3` enveloped data.
    static let cmsTypePrefix: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07]
    /// OID 1.2.840.113549.1.9.16.1.23, authenticated-enveloped data (RFC 5083).
    static let authEnvelopedType: [UInt8] = [0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x01, 0x17]
    static let riff = Array("RIFF".utf8)
    static let webpTag = Array("WEBP".utf8)
    static let bitmap = Array("BM".utf8)
    static let fileType = Array("ftyp".utf8)
    /// The `ftyp` brands of still pictures; a video's (`isom`, `mp42`, `qt  `) are not among them.
    static let heifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis"].map { Array($0.utf8) }
    static let pdfHeader = Array("%PDF-".utf8)

    /// Text, HTML or a message; binary when the start holds NULs (outside UTF-16) or is mostly
    /// control bytes.
    static func textKind(_ bytes: [UInt8]) -> ContentKind {
        let head = bytes.prefix(8192)
        guard !head.isEmpty else { return .text }
        let utf16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !utf16, !head.looksLikeText { return .binary }
        let start = head.prefix(1024)
        if start.containsCaseless("<html") || start.containsCaseless("<!doctype html") { return .html }
        if looksLikeMessage(head) { return .message }
        return .text
    }

    /// Starts with a header block holding at least two of the headers every message has. On
    /// bytes, comparing ASCII letters without case: no other character lower-cases to the
    /// letters of these names, and building strings (Foundation's search, a regular
    /// expression, Unicode lower-casing) for every text attachment was a percent of a mail scan.
    static func looksLikeMessage(_ head: ArraySlice<UInt8>) -> Bool {
        // The first line that is not empty starts `From ` or with a header name and a colon.
        guard let lineStart = head.firstIndex(where: { $0 != 0x0A }) else { return false }
        let line = head[lineStart...]
        if !line.starts(with: "From ".utf8) {
            guard let first = line.first, isLetter(first),
                let end = line.dropFirst().firstIndex(where: { !(isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-")) }),
                line[end] == UInt8(ascii: ":")
            else { return false }
        }
        // The header block ends at the first blank line (two line feeds in a row).
        var blockEnd = head.endIndex
        var index = head.startIndex
        while index + 1 < head.endIndex {
            if head[index] == 0x0A && head[index + 1] == 0x0A {
                blockEnd = index
                break
            }
            index += 1
        }
        let block = head[..<blockEnd]
        let known = ["from:", "to:", "subject:", "date:", "message-id:", "received:", "mime-version:"]
        // A name at the block's start, or right after a line feed.
        return known.filter { name in
            block.startsCaseless(with: name) || block.containsCaseless("\n" + name)
        }.count >= 2
    }

    /// Starts with a MIME entity's first field (`Content-…:` or `MIME-Version:`): what an
    /// S/MIME signature encloses, a part's headers rather than a whole message's.
    public static func looksLikeMIMEEntity(_ head: ArraySlice<UInt8>) -> Bool {
        let line = head.drop { $0 == 0x0A || $0 == 0x0D }
        return line.startsCaseless(with: "content-") || line.startsCaseless(with: "mime-version:")
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

}
