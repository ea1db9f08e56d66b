/// Text of a PowerPoint 97–2003 presentation (`.ppt`), from its `PowerPoint Document` stream
/// ([MS-PPT]): a tree of records (an 8-byte header: version and instance, type, length;
/// version 0xF marks a container), whose text atoms hold what slides, notes, masters and
/// outlines say — `TextCharsAtom` in UTF-16, `TextBytesAtom` a byte a character (the low byte
/// of UTF-16), `CString` for names such as a comment's text. They are read in stream order,
/// each atom a line; a vertical tab (a line break inside a paragraph) and a carriage return (a
/// paragraph's end) become line feeds.
///
/// Written here for the reason ``WordBinaryText`` is; the text layer is three record types.
enum PowerPointBinaryText {
    /// The presentation's text as UTF-8, at most `maxBytes` of it (and whether it was cut).
    static func text(document: [UInt8], maxBytes: Int) -> Result<(text: [UInt8], cut: Bool), LegacyOfficeFailure> {
        guard document.count >= 8, document.uint16(at: 0) & 0x000F == 0x000F else {
            return .failure(.damaged("no record container at the start of the PowerPoint Document stream"))
        }
        var output = [UInt8]()
        var offset = 0
        // Containers are walked in place: their records follow their header.
        while offset + 8 <= document.count, output.count < maxBytes {
            let version = document.uint16(at: offset) & 0x000F
            let type = document.uint16(at: offset + 2)
            let length = Int(document.uint32(at: offset + 4))
            let body = offset + 8
            if version == 0x000F {
                offset = body
                continue
            }
            let end = length <= document.count - body ? body + length : document.count
            let atom = document[body..<end]
            switch type {
            case 0x0FA0, 0x0FBA:  // TextCharsAtom, CString: UTF-16LE
                let text = String(
                    decoding: stride(from: atom.startIndex, to: atom.endIndex - 1, by: 2).map {
                        UInt16(atom[$0]) | UInt16(atom[$0 + 1]) << 8
                    }, as: UTF16.self)
                // The application's own tags (`___PPT10`) name no one's text.
                if !text.hasPrefix("___PPT") { append(text, to: &output) }
            case 0x0FA8:  // TextBytesAtom: each byte a UTF-16 code unit's low byte
                append(String(decoding: atom.map { UInt16($0) }, as: UTF16.self), to: &output)
            case 0x2F14:  // CryptSession10Container: the text atoms are encrypted
                return .failure(.encrypted)
            default: break
            }
            offset = end
        }
        let cut = output.count >= maxBytes
        return .success((Array(output.prefix(maxBytes)), cut))
    }

    static func append(_ text: String, to output: inout [UInt8]) {
        guard !text.isEmpty else { return }
        for byte in text.utf8 { output.append(byte == 0x0D || byte == 0x0B ? 0x0A : byte) }
        output.append(0x0A)
    }
}
