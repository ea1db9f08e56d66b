import Foundation
import LeakScanOutlook

/// The properties a Word, Excel or PowerPoint 97–2003 file keeps beside its text, in its
/// `\u{5}SummaryInformation` and `\u{5}DocumentSummaryInformation` streams ([MS-OLEPS] property
/// sets): its title, subject, keywords, comments and category, and the custom properties
/// (`Classification: OFFICIAL-SENSITIVE`, which labelling tools and document libraries set and
/// which never appears on the page). Read as the Office Open XML and OpenDocument properties
/// are: one value a line, a custom one as `name: value`; who wrote and edited the file, its
/// dates, counts and the program's name are not text anyone wrote into it.
///
/// Written here: the format is a header, a table of offsets and typed values, and no library
/// on this platform reads it (libolecf only opens the streams).
enum OLEPropertySets {
    /// The text of the property-set streams `streams`, and why one of them could not be read
    /// to its end (what was read before the damage is kept).
    static func text(_ streams: [[UInt8]]) -> (text: [UInt8], damage: String?) {
        var text = [UInt8]()
        var damage: String?
        for stream in streams {
            do throws(Damage) {
                try read(stream, into: &text)
            } catch {
                damage = damage ?? error.reason
            }
        }
        return (text, damage)
    }

    struct Damage: Error {
        var reason: String
    }

    /// The summary information's format id, `F29F85E0-4FF9-1068-AB91-08002B27B3D9`, as stored.
    static let summary: [UInt8] = [0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10, 0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9]
    /// The document summary information's, `D5CDD502-2E9C-101B-9397-08002B2CF9AE`.
    static let documentSummary: [UInt8] = [
        0x02, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE,
    ]
    /// The custom properties', `D5CDD505-2E9C-101B-9397-08002B2CF9AE`.
    static let userDefined: [UInt8] = [0x05, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE]

    /// Per format id, the properties people write: summary information's title (2), subject
    /// (3), keywords (5) and comments (6); document summary information's category (2).
    static let written: [([UInt8], Set<UInt32>)] = [(summary, [2, 3, 5, 6]), (documentSummary, [2])]

    /// Appends the text of one property-set stream.
    static func read(_ stream: [UInt8], into text: inout [UInt8]) throws(Damage) {
        guard stream.count >= 28, stream.uint16(at: 0) == 0xFFFE else { throw Damage(reason: "document properties unreadable") }
        let sets = Int(stream.uint32(at: 24))
        guard sets <= 2, stream.count >= 28 + 20 * sets else { throw Damage(reason: "document properties cut short") }
        for index in 0..<sets {
            let entry = 28 + 20 * index
            let id = Array(stream[entry..<(entry + 16)])
            let offset = Int(stream.uint32(at: entry + 16))
            if id == userDefined {
                try readSet(stream, at: offset, named: true, into: &text)
            } else if let wanted = written.first(where: { $0.0 == id })?.1 {
                try readSet(stream, at: offset, wanted: wanted, into: &text)
            }
        }
    }

    /// Appends the values of the set at `start`: those `wanted` lists, or, for custom
    /// properties (`named`), each under the name its dictionary (property 0) gives it.
    static func readSet(
        _ stream: [UInt8], at start: Int, wanted: Set<UInt32> = [], named: Bool = false, into text: inout [UInt8]
    ) throws(Damage) {
        guard start >= 0, start <= stream.count - 8 else { throw Damage(reason: "document properties cut short") }
        let size = Int(stream.uint32(at: start))
        let count = Int(stream.uint32(at: start + 4))
        guard size >= 8, size <= stream.count - start, count <= (size - 8) / 8 else {
            throw Damage(reason: "document properties cut short")
        }
        let set = Array(stream[start..<(start + size)])
        var entries = [(id: UInt32, offset: Int)]()
        for index in 0..<count {
            let offset = Int(set.uint32(at: 8 + 8 * index + 4))
            guard offset >= 8, offset <= set.count - 4 else { throw Damage(reason: "a document property outside its set") }
            entries.append((set.uint32(at: 8 + 8 * index), offset))
        }
        // The code page 8-bit strings are in (property 1): UTF-8, UTF-16, or a Windows one.
        let codePage = entries.first { $0.id == 1 }.map { UInt16(truncatingIfNeeded: set.uint32(at: $0.offset + 4)) } ?? 1252
        var names = [UInt32: [UInt8]]()
        if named, let dictionary = entries.first(where: { $0.id == 0 }) {
            names = try Self.names(set, at: dictionary.offset, codePage: codePage)
        }
        for entry in entries where entry.id > 1 && (named || wanted.contains(entry.id)) {
            guard let value = try Self.value(set, at: entry.offset, codePage: codePage), !value.isEmpty else { continue }
            if named { text += (names[entry.id] ?? Array("property \(entry.id)".utf8)) + Array(": ".utf8) }
            text += value + [0x0A]
        }
    }

    /// A custom property set's dictionary: property id → name.
    static func names(_ set: [UInt8], at offset: Int, codePage: UInt16) throws(Damage) -> [UInt32: [UInt8]] {
        let count = Int(set.uint32(at: offset))
        var names = [UInt32: [UInt8]]()
        var index = offset + 4
        for _ in 0..<min(count, set.count) {
            guard index <= set.count - 8 else { throw Damage(reason: "document property names cut short") }
            let id = set.uint32(at: index)
            let length = Int(set.uint32(at: index + 4))
            index += 8
            // Characters, a null included: two bytes each when the set is UTF-16 (padded to four).
            let width = codePage == 1200 ? 2 : 1
            guard length <= (set.count - index) / width else { throw Damage(reason: "document property names cut short") }
            names[id] = Self.decoded(set[index..<(index + length * width)], codePage: codePage)
            index += length * width
            if width == 2 { index += (4 - (length * 2) % 4) % 4 }
        }
        return names
    }

    /// The value at `offset` as text: strings, integers, reals and truth values; nil for the
    /// other types (dates, binary data, vectors).
    static func value(_ set: [UInt8], at offset: Int, codePage: UInt16) throws(Damage) -> [UInt8]? {
        let type = set.uint16(at: offset)
        let at = offset + 4
        func need(_ bytes: Int) throws(Damage) {
            guard bytes <= set.count - at else { throw Damage(reason: "a document property's value cut short") }
        }
        switch type {
        case 0x1E, 0x08:  // VT_LPSTR, VT_BSTR: a byte count, then the string in the set's code page
            try need(4)
            let length = Int(set.uint32(at: at))
            try need(4 + length)
            return decoded(set[(at + 4)..<(at + 4 + length)], codePage: codePage)
        case 0x1F:  // VT_LPWSTR: a character count, then UTF-16
            try need(4)
            let length = Int(set.uint32(at: at))
            guard length <= (set.count - at - 4) / 2 else { throw Damage(reason: "a document property's value cut short") }
            return decoded(set[(at + 4)..<(at + 4 + 2 * length)], codePage: 1200)
        case 0x02:  // VT_I2
            try need(2)
            return Array(String(Int16(bitPattern: set.uint16(at: at))).utf8)
        case 0x03, 0x16:  // VT_I4, VT_INT
            try need(4)
            return Array(String(Int32(bitPattern: set.uint32(at: at))).utf8)
        case 0x12, 0x13, 0x17:  // VT_UI2 (stored in four bytes), VT_UI4, VT_UINT
            try need(4)
            return Array(String(set.uint32(at: at)).utf8)
        case 0x14:  // VT_I8
            try need(8)
            return Array(String(Int64(bitPattern: set.uint64(at: at))).utf8)
        case 0x15:  // VT_UI8
            try need(8)
            return Array(String(set.uint64(at: at)).utf8)
        case 0x05:  // VT_R8
            try need(8)
            let number = Double(bitPattern: set.uint64(at: at))
            guard number.isFinite else { return nil }
            return Array((number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)).utf8)
        case 0x0B:  // VT_BOOL
            try need(2)
            return Array((set.uint16(at: at) == 0 ? "false" : "true").utf8)
        default:
            return nil
        }
    }

    /// A string in `codePage` as UTF-8, up to its first null: UTF-8 and UTF-16 as they are,
    /// any other code page through Windows-1252 (which keeps ASCII, all a marking is written in).
    static func decoded(_ bytes: ArraySlice<UInt8>, codePage: UInt16) -> [UInt8] {
        var text = [UInt8]()
        switch codePage {
        case 65001:
            text += bytes.prefix { $0 != 0 }
            return Array(String(decoding: text, as: UTF8.self).utf8)
        case 1200:
            return Array(LittleEndianUTF16.string(bytes).utf8)
        default:
            let units = bytes.prefix { $0 != 0 }.map { WordBinaryText.windows1252[Int($0)] }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
    }
}
