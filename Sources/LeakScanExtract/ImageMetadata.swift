import Foundation
import LeakScanOutlook
import LeakScanZlib

/// Words a picture carries beside its pixels: the captions, titles, comments and keywords
/// cameras, phones and photo programs store in it (EXIF's `ImageDescription`, `UserComment` and
/// Windows' `XPTitle`, `XPComment`, `XPKeywords`, `XPSubject`, in JPEG, TIFF and WebP; a JPEG's
/// or GIF's comment; PNG's text chunks; XMP's title, description and subject). A photo of a briefing captioned with its
/// marking, or tagged with an operation's name, says so there and nowhere on the image. Read
/// whether or not text recognition is on, since it costs no decoding. Who took the picture, the
/// camera and the program are not read: they are no one's words about it.
///
/// Written here: a JPEG's segments, a TIFF directory and PNG's chunks are simple framing, and
/// no library on this platform reads the text fields alone (libexif reads EXIF, not PNG or XMP).
enum ImageMetadata {
    /// The text of `bytes` (a picture of `kind`), one field a line as `name: value`, and why
    /// its metadata stopped early (what was read before is kept).
    static func text(_ bytes: [UInt8], kind: ContentKind) -> (text: [UInt8], damage: String?) {
        var fields = Fields()
        switch kind {
        case .jpeg: readJPEG(bytes, into: &fields)
        case .png: readPNG(bytes, into: &fields)
        case .tiff: readTIFF(bytes[...], into: &fields)
        case .webp: readWebP(bytes, into: &fields)
        case .gif: readGIF(bytes, into: &fields)
        default: break
        }
        return (fields.text, fields.damage)
    }

    struct Fields {
        var text = [UInt8]()
        var damage: String?

        mutating func add(_ name: String, _ value: String) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
            guard !trimmed.isEmpty else { return }
            text += Array("\(name): \(trimmed)\n".utf8)
        }

        mutating func damaged(_ reason: String) { damage = damage ?? reason }
    }

    /// A JPEG's segments up to its image data: APP1 (EXIF, XMP) and COM.
    static func readJPEG(_ bytes: [UInt8], into fields: inout Fields) {
        var index = 2
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { return fields.damaged("JPEG segments out of step at byte \(index)") }
            let marker = bytes[index + 1]
            // Fill bytes, and markers without a length.
            if marker == 0xFF {
                index += 1
                continue
            }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                index += 2
                continue
            }
            if marker == 0xDA || marker == 0xD9 { return }  // the image data: no metadata after it
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return fields.damaged("JPEG segment cut short") }
            let body = bytes[(index + 4)..<(index + 2 + length)]
            if marker == 0xE1, body.starts(with: Array("Exif\0\0".utf8)) {
                readTIFF(body.dropFirst(6), into: &fields)
            } else if marker == 0xE1, body.starts(with: xmpSignature) {
                readXMP(Array(body.dropFirst(xmpSignature.count)), into: &fields)
            } else if marker == 0xFE {
                fields.add("Comment", String(decoding: body, as: UTF8.self))
            }
            index += 2 + length
        }
        fields.damaged("JPEG cut short before its image data")
    }

    static let xmpSignature = Array("http://ns.adobe.com/xap/1.0/\0".utf8)

    /// EXIF's fields in TIFF form: the first directory's, and its EXIF directory's.
    static func readTIFF(_ tiff: ArraySlice<UInt8>, into fields: inout Fields) {
        let data = Array(tiff)
        guard data.count >= 8 else { return fields.damaged("EXIF data cut short") }
        let little: Bool
        switch (data[0], data[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return fields.damaged("EXIF data without a byte order")
        }
        func u16(_ at: Int) -> Int {
            little ? Int(data[at]) | Int(data[at + 1]) << 8 : Int(data[at]) << 8 | Int(data[at + 1])
        }
        func u32(_ at: Int) -> Int { little ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2) }
        var directories = [u32(4)]
        var visited = Set<Int>()
        while let offset = directories.popLast() {
            guard visited.insert(offset).inserted, visited.count <= 4 else { continue }
            guard offset >= 8, offset <= data.count - 2 else { return fields.damaged("an EXIF directory outside its data") }
            let count = u16(offset)
            guard count <= (data.count - offset - 2) / 12 else { return fields.damaged("an EXIF directory cut short") }
            for entry in 0..<count {
                let at = offset + 2 + 12 * entry
                let tag = u16(at)
                let type = u16(at + 2)
                let items = u32(at + 4)
                if tag == 0x8769 {  // the EXIF directory
                    directories.append(u32(at + 8))
                    continue
                }
                guard let name = exifNames[tag] else { continue }
                // ASCII, BYTE and UNDEFINED values are one byte an item; four or fewer are in place.
                guard type == 1 || type == 2 || type == 7 else { continue }
                let start = items <= 4 ? at + 8 : u32(at + 8)
                guard start >= 0, items <= data.count, start <= data.count - items else {
                    fields.damaged("an EXIF value outside its data")
                    continue
                }
                let value = data[start..<(start + items)]
                switch tag {
                case 0x9286: fields.add(name, userComment(value, little: little))
                case 0x9C9B...0x9C9F: fields.add(name, LittleEndianUTF16.string(value))
                default: fields.add(name, String(decoding: value.prefix { $0 != 0 }, as: UTF8.self))
                }
            }
        }
    }

    /// The EXIF fields people write into: a caption, a comment, Windows' title, comment, keywords and subject.
    static let exifNames: [Int: String] = [
        0x010E: "ImageDescription", 0x9286: "UserComment", 0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9E: "XPKeywords",
        0x9C9F: "XPSubject",
    ]

    /// A `UserComment`: eight bytes naming its character code (`ASCII`, `UNICODE`, or none), then the text.
    static func userComment(_ value: ArraySlice<UInt8>, little: Bool) -> String {
        guard value.count >= 8 else { return "" }
        let code = value.prefix(8)
        let text = value.dropFirst(8)
        if code.starts(with: Array("UNICODE".utf8)) {
            if little { return LittleEndianUTF16.string(text) }
            var swapped = [UInt8]()
            var index = text.startIndex
            while index + 1 < text.endIndex {
                swapped += [text[index + 1], text[index]]
                index += 2
            }
            return LittleEndianUTF16.string(swapped)
        }
        return String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A WebP's `EXIF` and `XMP ` chunks (RIFF: a four-byte tag, a little-endian length, the
    /// data padded to an even length).
    static func readWebP(_ bytes: [UInt8], into fields: inout Fields) {
        // The file's length as its header gives it: its metadata chunks come after the picture's.
        guard bytes.count >= 12, bytes.count >= Int(bytes.uint32(at: 4)) + 8 else { return fields.damaged("WebP cut short") }
        var index = 12
        while index + 8 <= bytes.count {
            let tag = String(decoding: bytes[index..<(index + 4)], as: UTF8.self)
            let length = Int(bytes.uint32(at: index + 4))
            guard length <= bytes.count - index - 8 else { return fields.damaged("WebP chunk \(tag) cut short") }
            let body = bytes[(index + 8)..<(index + 8 + length)]
            if tag == "EXIF" { readTIFF(body.starts(with: Array("Exif\0\0".utf8)) ? body.dropFirst(6) : body, into: &fields) }
            if tag == "XMP " { readXMP(Array(body), into: &fields) }
            index += 8 + length + length % 2
        }
        if index < bytes.count { fields.damaged("WebP cut short inside a chunk header") }
    }

    /// A GIF's comment extensions (`0x21 0xFE`, then sub-blocks), read up to its first image.
    static func readGIF(_ bytes: [UInt8], into fields: inout Fields) {
        guard bytes.count >= 13 else { return fields.damaged("GIF header cut short") }
        var index = 13
        if bytes[10] & 0x80 != 0 { index += 3 << (Int(bytes[10] & 0x07) + 1) }  // the global colour table
        while index + 1 < bytes.count, bytes[index] == 0x21 {
            let label = bytes[index + 1]
            index += 2
            var data = [UInt8]()
            while index < bytes.count, bytes[index] != 0 {
                let size = Int(bytes[index])
                guard index + 1 + size <= bytes.count else { return fields.damaged("GIF extension cut short") }
                if label == 0xFE { data += bytes[(index + 1)..<(index + 1 + size)] }
                index += 1 + size
            }
            guard index < bytes.count else { return fields.damaged("GIF extension cut short") }
            index += 1
            if label == 0xFE { fields.add("Comment", String(decoding: data, as: UTF8.self)) }
        }
        // Reached: the first image's descriptor, or the trailer.
        guard index < bytes.count, bytes[index] == 0x2C || bytes[index] == 0x3B else {
            return fields.damaged("GIF cut short before its first image")
        }
    }

    /// A PNG's text chunks (`tEXt`, `zTXt`, `iTXt`, XMP in `iTXt`), up to its image data's end.
    static func readPNG(_ bytes: [UInt8], into fields: inout Fields) {
        var index = 8
        while index + 12 <= bytes.count {
            let length = Int(bytes.uint32BigEndian(at: index))
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            guard length <= bytes.count - index - 12 else { return fields.damaged("PNG chunk \(type) cut short") }
            let body = bytes[(index + 8)..<(index + 8 + length)]
            if type == "IEND" { return }
            if type == "tEXt" || type == "zTXt" || type == "iTXt" { readPNGText(type, body, into: &fields) }
            index += 12 + length
        }
        fields.damaged("PNG cut short before its end")
    }

    /// One text chunk: a keyword, then Latin-1 text (`tEXt`), compressed Latin-1 (`zTXt`), or
    /// UTF-8 after a compression flag, a language and a translated keyword (`iTXt`).
    static func readPNGText(_ type: String, _ body: ArraySlice<UInt8>, into fields: inout Fields) {
        guard let end = body.firstIndex(of: 0) else { return fields.damaged("PNG \(type) chunk without a keyword") }
        let keyword = String(body[..<end].map { Character(Unicode.Scalar($0)) })
        guard !skippedKeywords.contains(keyword) else { return }
        var rest = body[(end + 1)...]
        var compressed = type == "zTXt"
        var latin1 = type != "iTXt"
        if type == "zTXt" {
            rest = rest.dropFirst()  // the compression method
        } else if type == "iTXt" {
            guard rest.count >= 2 else { return fields.damaged("PNG iTXt chunk cut short") }
            compressed = rest[rest.startIndex] != 0
            rest = rest.dropFirst(2)
            for _ in 0..<2 {  // language tag, translated keyword
                guard let stop = rest.firstIndex(of: 0) else { return fields.damaged("PNG iTXt chunk cut short") }
                rest = rest[(stop + 1)...]
            }
            latin1 = false
        }
        var text = Array(rest)
        if compressed {
            let inflated = Inflater.inflated(rest, wrapping: .zlib, maxBytes: maxTextBytes)
            if let problem = inflated.problem { fields.damaged("PNG \(type) chunk: \(problem)") }
            text = inflated.bytes
        }
        if keyword == "XML:com.adobe.xmp" { return readXMP(text, into: &fields) }
        fields.add(keyword, latin1 ? String(text.map { Character(Unicode.Scalar($0)) }) : String(decoding: text, as: UTF8.self))
    }

    /// Keywords of text chunks that hold no one's words about the picture.
    static let skippedKeywords: Set = ["Author", "Software", "Creation Time", "Source", "Copyright", "Disclaimer", "raw profile type exif"]

    /// The most text one compressed chunk gives.
    static let maxTextBytes = 1 << 20

    /// XMP's `dc:title`, `dc:description` and `dc:subject` (their `rdf:li` items), and
    /// Photoshop's `Headline`.
    static func readXMP(_ xml: [UInt8], into fields: inout Fields) {
        var field: String?
        var value = [UInt8]()
        let damage = XMLEvents.walk(xml) { event, _ in
            switch event {
            case .start(let name, _):
                if xmpNames.contains(name) { field = name }
                value = []
            case .end(let name):
                if let current = field, name == "li" || name == current {
                    fields.add(current, String(decoding: value, as: UTF8.self))
                    value = []
                }
                if name == field { field = nil }
            case .text(let bytes):
                if field != nil { value.append(contentsOf: bytes) }
            }
        }
        if let damage { fields.damaged("XMP: \(damage)") }
    }

    static let xmpNames: Set = ["title", "description", "subject", "Headline"]
}

extension Array where Element == UInt8 {
    func uint32BigEndian(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }
}
