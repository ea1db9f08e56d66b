import Foundation
import LeakScanCore
import LeakScanCrypto
import LeakScanExtract
import LeakScanFraming

/// Walks a message's MIME tree and produces the text units to scan: decoded subject, every
/// text part decoded to UTF-8 (base64, quoted-printable, uuencode; any charset; HTML turned
/// into text), nested `message/rfc822` messages as messages of their own, and a description
/// (name, type, size, SHA-256, Content-ID) of every binary attachment, followed by the text
/// the attachment carries (``AttachmentExtractor``): documents, archives and the messages in them.
///
/// Owns a ``CharsetDecoder`` (iconv state), so one walker per worker.
public final class MIMEWalker {
    public let limits: MIMELimits
    let charsets = CharsetDecoder()
    let extractor: AttachmentExtractor?
    /// Seconds spent extracting, per content kind (`pdf`, `zip`, `docx`…), since the last
    /// ``takeExtractionSeconds()``.
    var extractionSeconds = [String: Double]()

    public init(limits: MIMELimits = MIMELimits()) {
        self.limits = limits
        extractor = limits.extraction.map { AttachmentExtractor(limits: $0, images: limits.images) }
    }

    /// One piece of a message, in document order, after transfer decoding but before charset
    /// conversion: the form in which MIME libraries' test oracles state their expectations.
    public enum Leaf: Sendable, Equatable {
        /// A (nested) message's Subject, already decoded to UTF-8.
        case subject(location: String, text: [UInt8])
        /// A text part: its transfer-decoded bytes and declared charset.
        case text(location: String, type: String, charset: String?, isAttachment: Bool, content: [UInt8])
        /// A binary part.
        case binary(location: String, type: String, fileName: String?, headers: [HeaderField], content: [UInt8])
        /// Text scanned as it is: a preamble, an epilogue, or a part beyond the depth limit.
        case raw(location: String, content: [UInt8])
    }

    /// State of one message's walk.
    struct Walk {
        var leaves = [Leaf]()
        var warnings = [MessageWarning]()
        var parts = 0
        var depthWarned = false
        var partsWarned = false
    }

    /// The leaves of a message with these headers and body, and warnings about limits hit.
    public func leaves(headers: [HeaderField], body: ArraySlice<UInt8>) -> (leaves: [Leaf], warnings: [MessageWarning]) {
        var walk = Walk()
        message(headers: headers, body: body, prefix: "", depth: 0, walk: &walk)
        return (walk.leaves, walk.warnings)
    }

    /// Seconds spent reading attachments per content kind since the last call, for `bench`
    /// and the summary.
    public func takeExtractionSeconds() -> [String: Double] {
        defer { extractionSeconds = [:] }
        return extractionSeconds
    }

    /// The units to scan for a message with these headers and body.
    public func units(headers: [HeaderField], body: ArraySlice<UInt8>) -> (units: [TextUnit], warnings: [MessageWarning]) {
        units(headers: headers, body: body, prefix: "", nesting: 0)
    }

    /// - Parameters:
    ///   - prefix: location prefix of a message found inside an attachment.
    ///   - nesting: messages inside attachments above this one, bounded like MIME depth.
    func units(headers: [HeaderField], body: ArraySlice<UInt8>, prefix: String, nesting: Int) -> (
        units: [TextUnit], warnings: [MessageWarning]
    ) {
        var (leaves, warnings) = leaves(headers: headers, body: body)
        var units = [TextUnit]()
        for leaf in leaves {
            switch leaf {
            case .subject(let location, let text):
                units.append(TextUnit(location: prefix + location, bytes: text))
            case .text(let location, let type, let charset, _, let content):
                var text = charsets.utf8(content, charset: charset)
                if type == "text/html" {
                    if limits.images != nil {
                        for (number, image) in DataURIImages.images(in: content).enumerated() {
                            let read = binaryUnits(
                                headers: [], type: image.type, fileName: nil, content: image.bytes,
                                location: prefix + location + "/data-uri-\(number + 1)", nesting: nesting)
                            units += read.units
                            warnings += read.warnings
                        }
                    }
                    text = HTMLText.text(text)
                }
                // A text attachment too (`report.txt.asc`, a signed message written out).
                let encoded = encodedFiles(in: text, location: prefix + location, nesting: nesting)
                text = encoded.text
                units += encoded.units
                warnings += encoded.warnings
                units.append(TextUnit(location: prefix + location, bytes: text))
            case .binary(let location, let type, let fileName, let headers, let content):
                let read = binaryUnits(
                    headers: headers, type: type, fileName: fileName, content: content, location: prefix + location, nesting: nesting)
                units += read.units
                warnings += read.warnings
            case .raw(let location, let content):
                units.append(TextUnit(location: prefix + location, bytes: content))
            }
        }
        return (units, warnings)
    }

    /// A text file of unknown charset as UTF-8: UTF-16 by its byte-order mark, UTF-8 when it
    /// is valid, else Windows-1252 (what a spreadsheet saved as CSV on Windows is).
    func sniffedText(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.starts(with: [0xFF, 0xFE]) { return charsets.utf8(bytes.dropFirst(2), charset: "UTF-16LE") }
        if bytes.starts(with: [0xFE, 0xFF]) { return charsets.utf8(bytes.dropFirst(2), charset: "UTF-16BE") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
        if bytes.withUnsafeBufferPointer(UTF8Encoding.isValid) { return bytes }
        return charsets.utf8(bytes, charset: "windows-1252")
    }

    /// A text leaf's content as the UTF-8 text LeakScan scans (charset converted, HTML kept
    /// as markup): what a MIME library's "decoded text content" means.
    public func decodedText(charset: String?, content: [UInt8]) -> [UInt8] {
        charsets.utf8(content, charset: charset)
    }

    /// Decoded text of a header value (RFC 2047 words).
    public func headerText(_ field: HeaderField) -> [UInt8] {
        HeaderDecoding.decodeEncodedWords(field.value, charsets: charsets)
    }

    func message(headers: [HeaderField], body: ArraySlice<UInt8>, prefix: String, depth: Int, walk: inout Walk) {
        if let subject = headers.first(named: "Subject") {
            walk.leaves.append(.subject(location: prefix + "subject", text: headerText(subject)))
        }
        entity(headers: headers, body: body, path: "", prefix: prefix, depth: depth, walk: &walk)
    }

    static let textLikeTypes: Set<String> = [
        "application/json", "application/xml", "application/xhtml+xml", "application/javascript", "application/x-sh",
        "application/csv", "message/delivery-status", "message/disposition-notification", "message/feedback-report",
        "text/rfc822-headers", "application/pgp-signature", "application/x-yaml",
    ]

    /// - Parameter defaultType: the type of a part without Content-Type: `text/plain`, but
    ///   `message/rfc822` inside `multipart/digest` (RFC 2046 §5.1.5).
    func entity(
        headers: [HeaderField], body: ArraySlice<UInt8>, path: String, prefix: String, depth: Int,
        defaultType: String = "text/plain", walk: inout Walk
    ) {
        walk.parts += 1
        if walk.parts > limits.maxParts {
            if !walk.partsWarned {
                walk.warnings.append(
                    MessageWarning(
                        kind: .mimeLimit, reason: "more than \(limits.maxParts) MIME parts; the rest of the message was not scanned"))
                walk.partsWarned = true
            }
            return
        }
        let contentType = headers.first(named: "Content-Type").map { HeaderDecoding.parameters($0.value, charsets: charsets) }
        // A type without a subtype ("text") is invalid and read as text/plain (RFC 2045 §5.2).
        let declared = contentType?.value ?? ""
        let type = declared.isEmpty ? defaultType : declared.utf8.contains(UInt8(ascii: "/")) ? declared : "text/plain"
        let disposition = headers.first(named: "Content-Disposition").map { HeaderDecoding.parameters($0.value, charsets: charsets) }
        let fileName = disposition?.parameters["filename"] ?? contentType?.parameters["name"]
        let encoding = headers.first(named: "Content-Transfer-Encoding").map { $0.text.trimmingQuotesAndSpaces().lowercased() } ?? ""

        if type == "multipart/encrypted" {
            // RFC 1847 (PGP/MIME, RFC 3156): a control part and the encrypted data, which only
            // the recipient's key opens. Read as text, the data was the armour's characters.
            let scheme = contentType?.parameters["protocol"].map { "multipart/encrypted, \($0)" } ?? "multipart/encrypted"
            walk.warnings.append(
                MessageWarning(
                    kind: .encrypted, location: prefix + (path.isEmpty ? "body" : path),
                    reason: "encrypted message (\(scheme)): readable only with the recipient's key"))
            return
        }
        if type.hasPrefix("multipart/"), let boundary = contentType?.parameters["boundary"] {
            guard depth < limits.maxDepth else {
                warnDepth(&walk)
                walk.leaves.append(.raw(location: prefix + (path.isEmpty ? "body" : path), content: Array(body)))
                return
            }
            multipart(
                body: body, boundary: Array(boundary.utf8), path: path, prefix: prefix, depth: depth,
                partType: type == "multipart/digest" ? "message/rfc822" : "text/plain", walk: &walk)
            return
        }
        let decoded = decode(body, encoding: encoding)
        // message/partial carries a fragment of a message (the first one starts with its
        // headers): read like a message, so a leak split across fragments is still seen.
        if ["message/rfc822", "message/global", "message/partial", "message/news"].contains(type) {
            guard depth < limits.maxDepth else {
                warnDepth(&walk)
                return
            }
            let inner = path.isEmpty ? "message" : path
            if let (innerHeaders, innerBody) = try? MessageParser.split(decoded) {
                message(headers: innerHeaders, body: innerBody, prefix: prefix + inner + "/", depth: depth + 1, walk: &walk)
            } else {
                // A later message/partial fragment has no header of its own: its text is body.
                walk.leaves.append(.text(location: prefix + inner, type: "text/plain", charset: nil, isAttachment: false, content: decoded))
            }
            return
        }
        let isAttachment = disposition?.value == "attachment"
        if type.hasPrefix("multipart/") {
            // No boundary: the parts cannot be told apart, so scan it all as text.
            walk.leaves.append(
                .text(
                    location: prefix + (path.isEmpty ? "body" : path), type: "text/plain", charset: nil, isAttachment: false,
                    content: decoded))
            return
        }
        let location = prefix + (fileName ?? (path.isEmpty ? "body" : path))
        // Declared text whose bytes are a document or an archive (a zip sent as text/plain)
        // is read for what it is.
        let textual = type.hasPrefix("text/") || Self.textLikeTypes.contains(type)
        if textual, limits.extraction == nil || ContentKind.magic(decoded) == nil {
            walk.leaves.append(
                .text(
                    location: location, type: type, charset: contentType?.parameters["charset"], isAttachment: isAttachment,
                    content: decoded))
            return
        }
        walk.leaves.append(.binary(location: location, type: type, fileName: fileName, headers: headers, content: decoded))
    }

    func warnDepth(_ walk: inout Walk) {
        if !walk.depthWarned {
            walk.warnings.append(
                MessageWarning(kind: .mimeLimit, reason: "MIME nesting deeper than \(limits.maxDepth); deeper parts scanned as raw text"))
            walk.depthWarned = true
        }
    }

    /// A binary part as text for the rules (decoded name, type, Content-ID) plus its facts.
    func attachmentUnit(headers: [HeaderField], type: String, fileName: String?, content: [UInt8], location: String) -> TextUnit {
        var description = ""
        if let fileName { description += "filename=\"\(fileName)\"\n" }
        description += "Content-Type: \(type)\n"
        for name in ["Content-ID", "Content-Location", "Content-Description"] {
            if let field = headers.first(named: name) {
                description += "\(name): " + String(decoding: headerText(field), as: UTF8.self) + "\n"
            }
        }
        var unit = TextUnit(
            location: location, bytes: Array(description.utf8),
            attachment: Attachment(name: fileName, contentType: type, content: content, digest: { SHA256Hash.hash($0).hexString() }))
        unit.authorship = .description
        return unit
    }

    /// Files written out inside a text part: a uuencoded file (`begin 644 name` … `end`), and
    /// runs of base64 lines that decode to a file LeakScan reads (an attachment quoted whole in
    /// a bounce, a part pasted without its headers). Each is read as an attachment is, and its
    /// lines leave the part's text: read as words, their characters spelled derogatory
    /// incidents, and the file went unread (a uuencoded document's NINO was missed). A PGP
    /// message written in the text (`-----BEGIN PGP MESSAGE-----`, as a mail client signs or
    /// encrypts inline) gives what it signed or stored, read as the file it is
    /// (``OpenPGPMessage``), or is reported as encrypted. Base64 that decodes to no such file
    /// (a key, an encrypted message) stays in the text.
    func encodedFiles(in text: [UInt8], location: String, nesting: Int) -> (text: [UInt8], units: [TextUnit], warnings: [MessageWarning]) {
        var cuts = [Range<Int>]()
        var units = [TextUnit]()
        var warnings = [MessageWarning]()
        func read(_ content: [UInt8], fileName: String?, location: String) {
            let read = fileUnits(content, fileName: fileName, location: location, nesting: nesting)
            units += read.units
            warnings += read.warnings
        }
        for (lines, name) in Self.uuencodedFiles(in: text) {
            read(TransferDecoding.uudecode(text[lines]), fileName: name, location: Self.sibling(of: location, named: name))
            cuts.append(lines)
        }
        var armoured = [Range<Int>]()
        for block in Armour.blocks(in: text) where text[block.lowerBound...].starts(with: Self.pgpMessageArmour) {
            let contents = OpenPGPMessage.read(Self.dearmoured(text[block]), maxBytes: limits.extraction?.maxEntryBytes ?? 0)
            warnings += contents.problems.map { MessageWarning(kind: MessageWarning.Kind($0.kind), location: location, reason: $0.reason) }
            for (number, file) in contents.files.enumerated() {
                let name = file.name ?? (contents.files.count == 1 ? "pgp-message" : "pgp-message-\(number + 1)")
                read(file.bytes, fileName: file.name, location: Self.sibling(of: location, named: name))
            }
            if !contents.files.isEmpty { cuts.append(block) }
            armoured.append(block)
        }
        var number = 0
        let runs = Base64Lines.runs(in: text)
        for run in runs where !(cuts + armoured).contains(where: { $0.overlaps(run) }) {
            let decoded = TransferDecoding.base64(text[run])
            guard !decoded.isEmpty, ContentKind.of(decoded) != .binary else { continue }
            number += 1
            read(decoded, fileName: nil, location: location + "/base64-\(number)")
            cuts.append(run)
        }
        // Base64 among the words: a file pasted on one line is read as the file (and leaves
        // the text); a sentence is read beside the text that encodes it.
        for (token, decoded) in EncodedTokens.decoded(in: text, skipping: cuts + armoured + runs) {
            number += 1
            switch decoded {
            case .file(let bytes):
                read(bytes, fileName: nil, location: location + "/base64-\(number)")
                cuts.append(token)
            case .text(let bytes): units.append(TextUnit(location: location + "/base64-\(number)", bytes: bytes))
            }
        }
        guard !cuts.isEmpty else { return (text, units, warnings) }
        var kept = [UInt8]()
        var from = 0
        // Cuts can overlap (a PGP message written inside a uuencoded file's lines).
        for cut in cuts.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            kept += text[from..<max(from, cut.lowerBound)]
            from = max(from, cut.upperBound)
        }
        kept += text[from...]
        return (kept, units, warnings)
    }

    /// The uuencoded files in `text`, in order: each one's lines, from its `begin` line to the
    /// end of its `end` line (or of the text), and the name the `begin` line gives. Old mail
    /// sends several files this way, one after another. Found by searching for `begin ` rather
    /// than walking every line: every text part of every mail is looked through.
    static func uuencodedFiles(in text: [UInt8]) -> [(lines: Range<Int>, name: String)] {
        var files = [(lines: Range<Int>, name: String)]()
        var from = 0
        search: while let begin = text.firstIndex(of: uuencodeBegin[...], from: from) {
            from = begin + 1
            guard begin == 0 || text[begin - 1] == 0x0A else { continue }
            let beginEnd = text.firstIndex(of: 0x0A, from: begin).map { $0 + 1 } ?? text.count
            guard let name = EncodedText.uuencodedName(Base64Lines.trimmed(text[begin..<beginEnd])) else { continue }
            var lineStart = beginEnd
            while lineStart < text.count {
                let lineEnd = text.firstIndex(of: 0x0A, from: lineStart).map { $0 + 1 } ?? text.count
                if Base64Lines.trimmed(text[lineStart..<lineEnd]).elementsEqual("end".utf8) {
                    files.append((begin..<lineEnd, name))
                    from = lineEnd
                    continue search
                }
                lineStart = lineEnd
            }
            files.append((begin..<text.count, name))
            break
        }
        return files
    }

    static let uuencodeBegin = Array("begin ".utf8)

    /// The packets of an armoured OpenPGP message (RFC 9580 §6.2): the base64 after the
    /// armour's header lines (which end at the first blank line), up to the checksum line
    /// (`=` and four characters) or the `-----END` line.
    static func dearmoured(_ block: ArraySlice<UInt8>) -> [UInt8] {
        var lines = block.split(separator: 0x0A, omittingEmptySubsequences: false).dropFirst().map(Base64Lines.trimmed)
        if let blank = lines.firstIndex(where: \.isEmpty), lines[..<blank].allSatisfy({ $0.contains(UInt8(ascii: ":")) }) {
            lines.removeSubrange(...blank)
        }
        let data = lines.prefix { !$0.starts(with: Armour.end) && !($0.first == UInt8(ascii: "=") && $0.count == 5) }
        return TransferDecoding.base64(data.joined())
    }

    static let pgpMessageArmour = Array("-----BEGIN PGP MESSAGE-----".utf8)

    /// `name` in the same nested message as `location` (`2/body` → `2/name`).
    static func sibling(of location: String, named name: String) -> String {
        guard let slash = location.lastIndex(of: "/") else { return name }
        return String(location[...slash]) + name
    }

    func decode(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8] {
        switch encoding {
        case "base64": return TransferDecoding.base64(body)
        case "quoted-printable": return TransferDecoding.quotedPrintable(body)
        case "x-uuencode", "uuencode", "x-uue": return TransferDecoding.uudecode(body)
        default: return Array(body)
        }
    }

    /// Splits a multipart body on its boundary lines. Tolerates a missing final boundary
    /// (the last part runs to the end), boundary lines with trailing blanks, and text before
    /// the first boundary or after the last (scanned as `preamble` / `epilogue` when not blank).
    func multipart(
        body: ArraySlice<UInt8>, boundary: [UInt8], path: String, prefix: String, depth: Int, partType: String,
        walk: inout Walk
    ) {
        let delimiter = Array("--".utf8) + boundary
        var partStarts = [(start: Int, delimiterStart: Int)]()
        var closeAt: (delimiterStart: Int, after: Int)?
        var lineStart = body.startIndex
        var ranges = [Range<Int>]()
        var preambleEnd: Int?
        while lineStart < body.endIndex {
            let lineEnd = body.firstIndex(of: 0x0A, from: lineStart) ?? body.endIndex
            let next = min(lineEnd + 1, body.endIndex)
            if body[lineStart] == UInt8(ascii: "-"), body[lineStart..<lineEnd].starts(with: delimiter) {
                let rest = body[(lineStart + delimiter.count)..<lineEnd]
                let isClose = rest.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")])
                let trailing = isClose ? rest.dropFirst(2) : rest
                if trailing.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if preambleEnd == nil { preambleEnd = lineStart }
                    if let open = partStarts.last {
                        ranges.append(open.start..<max(open.start, Self.trimLineBreak(body, before: lineStart)))
                    }
                    partStarts.removeAll()
                    if isClose {
                        closeAt = (lineStart, next)
                        break
                    }
                    partStarts.append((next, lineStart))
                }
            }
            lineStart = next
        }
        if closeAt == nil, let open = partStarts.last { ranges.append(open.start..<body.endIndex) }
        guard let preambleEnd else {
            // The boundary never appears: scan the body as text rather than lose it.
            walk.leaves.append(.raw(location: prefix + (path.isEmpty ? "body" : path), content: Array(body)))
            return
        }
        let base = path.isEmpty ? "" : path + "."
        addIfText(body[body.startIndex..<preambleEnd], location: prefix + base + "preamble", walk: &walk)
        for (index, range) in ranges.enumerated() {
            let part = body[range]
            let partPath = base + String(index + 1)
            let (headers, partBody) = Self.splitPart(part)
            entity(
                headers: headers, body: partBody, path: partPath, prefix: prefix, depth: depth + 1, defaultType: partType,
                walk: &walk)
        }
        if let closeAt {
            addIfText(body[closeAt.after...], location: prefix + base + "epilogue", walk: &walk)
        }
    }

    func addIfText(_ bytes: ArraySlice<UInt8>, location: String, walk: inout Walk) {
        let meaningful = bytes.contains { $0 > 0x20 }
        // The customary "This is a multi-part message in MIME format." carries nothing.
        if meaningful, bytes.count > 64 || !bytes.containsCaseless("mime") {
            walk.leaves.append(.raw(location: location, content: Array(bytes)))
        }
    }

    /// The part's headers and body; a part with no header block is all body.
    static func splitPart(_ part: ArraySlice<UInt8>) -> ([HeaderField], ArraySlice<UInt8>) {
        if part.first == 0x0A { return ([], part.dropFirst()) }
        if part.starts(with: [0x0D, 0x0A]) { return ([], part.dropFirst(2)) }
        if let (headers, body) = try? MessageParser.split(Array(part)) {
            let offset = part.count - body.count
            return (headers, part[(part.startIndex + offset)...])
        }
        return ([], part)
    }

    /// The CRLF or LF before a boundary belongs to the boundary (RFC 2046 §5.1.1).
    static func trimLineBreak(_ body: ArraySlice<UInt8>, before index: Int) -> Int {
        var end = index
        if end > body.startIndex, body[end - 1] == 0x0A { end -= 1 }
        if end > body.startIndex, body[end - 1] == 0x0D { end -= 1 }
        return end
    }
}
