import LeakScanCore
import LeakScanExtract

/// Attachments: what a binary part (a file, a picture from a `data:` URI, a picture given as an
/// input) carries, read through the ``AttachmentExtractor`` into units of its own.
extension MIMEWalker {
    /// A binary part (or a picture from a `data:` URI, or a picture file): its description,
    /// then what it carries (``extractedUnits(_:described:nesting:)``).
    func binaryUnits(headers: [HeaderField], type: String, fileName: String?, content: [UInt8], location: String, nesting: Int) -> (
        units: [TextUnit], warnings: [MessageWarning]
    ) {
        let unit = attachmentUnit(headers: headers, type: type, fileName: fileName, content: content, location: location)
        let (inner, warnings) = extractedUnits(content, described: unit, nesting: nesting)
        return ([unit] + inner, warnings)
    }

    /// A file that comes with no headers of its own (given whole, written out in a text, carried
    /// by a record): described by the type its content shows, then read as an attachment is.
    func fileUnits(_ content: [UInt8], fileName: String?, location: String, nesting: Int) -> (
        units: [TextUnit], warnings: [MessageWarning]
    ) {
        binaryUnits(
            headers: [], type: Self.fileType(of: content), fileName: fileName, content: content, location: location, nesting: nesting)
    }

    /// The type a file without headers is described by, from its content (an Office document is a zip).
    static func fileType(of bytes: [UInt8]) -> String { fileTypes[ContentKind.of(bytes)] ?? "application/octet-stream" }

    private static let fileTypes: [ContentKind: String] = [
        .png: "image", .jpeg: "image", .gif: "image", .bmp: "image", .tiff: "image", .webp: "image", .heif: "image",
        .pdf: "application/pdf", .rtf: "application/rtf", .zip: "application/zip", .ole2: "application/x-ole-storage",
    ]

    /// The text inside a binary attachment, as units that carry the attachment's description
    /// and the member path; messages found inside are read as messages.
    func extractedUnits(_ content: [UInt8], described unit: TextUnit, nesting: Int) -> (units: [TextUnit], warnings: [MessageWarning]) {
        guard let extractor, let attachment = unit.attachment else { return ([], []) }
        let extraction = extractor.extract(content, name: attachment.name)
        for (kind, seconds) in extraction.seconds { extractionSeconds[kind, default: 0] += seconds }
        var warnings = extraction.problems.map { MessageWarning($0, attachment: unit.location) }
        var units = [TextUnit]()
        for part in extraction.parts {
            let location = ([unit.location] + part.path).joined(separator: "/")
            var described = attachment
            described.member = part.path.isEmpty ? nil : part.path.joined(separator: "/")
            switch part.content {
            case .utf8(let text): units.append(TextUnit(location: location, bytes: text, attachment: described))
            case .emblem(let match): units.append(TextUnit(location: location, bytes: [], attachment: described, emblem: match))
            case .plain(let bytes):
                // A text file carries what a mail's text does: a signed message written out
                // (`report.txt.asc`), base64 among its words, a file uuencoded.
                var text = sniffedText(bytes)
                if nesting < limits.maxDepth {
                    let encoded = encodedFiles(in: text, location: location, nesting: nesting + 1)
                    text = encoded.text
                    units += encoded.units
                    warnings += encoded.warnings
                }
                units.append(TextUnit(location: location, bytes: text, attachment: described))
            case .html(let bytes):
                units.append(TextUnit(location: location, bytes: HTMLText.text(sniffedText(bytes)), attachment: described))
            case .message(let bytes):
                guard nesting < limits.maxDepth, let (headers, body) = try? MessageParser.split(bytes) else {
                    units.append(TextUnit(location: location, bytes: sniffedText(bytes), attachment: described))
                    continue
                }
                let inner = self.units(headers: headers, body: body, prefix: location + "/", nesting: nesting + 1)
                units += inner.units.map { unit in
                    var unit = unit
                    if unit.attachment == nil { unit.attachment = described }
                    return unit
                }
                warnings += inner.warnings
            }
        }
        return (units, warnings)
    }
}
