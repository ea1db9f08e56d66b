import Foundation

/// Text of a Word 97–2003 document (`.doc`), from its `WordDocument` stream and its table
/// stream ([MS-DOC]): the file information block says which table stream holds the piece table
/// (`Clx`), and the piece table maps the document's character positions to runs of text in
/// `WordDocument`, each stored as Windows-1252 bytes or UTF-16. All pieces are read in order:
/// the body, then footnotes, headers and footers, comments, endnotes and text boxes, which
/// Word keeps after the body in the same character stream.
///
/// Word's marks become what the Office Open XML reader gives for the same document: paragraph,
/// line, page and section breaks a line feed, cell and row ends a tab, a field's instructions
/// (`HYPERLINK "…"`, `PAGE`) dropped and its result kept, anchors of pictures, notes and
/// comments dropped. Documents older than Word 97 (Word 6 and 95 have no piece table in this
/// form) and encrypted or obfuscated ones are reported, not read.
///
/// Written here: the only Debian library for the format (wv) is unmaintained and writes text
/// through callbacks with its own formatting, and the text layer is a few tables.
enum WordBinaryText {
    /// The text as UTF-8, at most `maxBytes` of it (and whether it was cut there).
    static func text(
        wordDocument: [UInt8], table0: [UInt8]?, table1: [UInt8]?, maxBytes: Int
    ) -> Result<(text: [UInt8], cut: Bool), LegacyOfficeFailure> {
        let fib = wordDocument
        guard fib.count >= 34, fib.uint16(at: 0) == 0xA5EC else { return .failure(.damaged("no Word file information block")) }
        let nFib = fib.uint16(at: 2)
        guard nFib >= 0xC0 else { return .failure(.unsupported("Word document older than Word 97 (format \(nFib))")) }
        let flags = fib.uint16(at: 10)
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 { return .failure(.encrypted) }
        guard let table = flags & 0x0200 != 0 ? table1 : table0 else { return .failure(.damaged("no table stream")) }
        // FibRgW97 (csw 16-bit words), FibRgLw97 (cslw 32-bit words), then FibRgFcLcb pairs;
        // the Clx is pair 33.
        let csw = Int(fib.uint16(at: 32))
        let lwCountAt = 34 + 2 * csw
        guard fib.count >= lwCountAt + 2 else { return .failure(.damaged("file information block cut short")) }
        let cslw = Int(fib.uint16(at: lwCountAt))
        let fcLcbAt = lwCountAt + 2 + 4 * cslw + 2
        let clxAt = fcLcbAt + 8 * 33
        guard fib.count >= clxAt + 8 else { return .failure(.damaged("file information block cut short")) }
        let fcClx = Int(fib.uint32(at: clxAt))
        let lcbClx = Int(fib.uint32(at: clxAt + 4))
        guard lcbClx > 0, fcClx >= 0, fcClx <= table.count, lcbClx <= table.count - fcClx else {
            return .failure(.damaged("piece table outside the table stream"))
        }
        guard let pieces = Self.pieces(clx: table[fcClx..<(fcClx + lcbClx)]) else {
            return .failure(.damaged("piece table unreadable"))
        }
        var writer = Writer(maxBytes: maxBytes)
        for piece in pieces where !writer.isFull {
            let width = piece.compressed ? 1 : 2
            let (count, overflow) = piece.characters.multipliedReportingOverflow(by: width)
            guard !overflow, piece.offset <= wordDocument.count, count <= wordDocument.count - piece.offset else {
                return .failure(.damaged("text piece outside the WordDocument stream"))
            }
            let bytes = wordDocument[piece.offset..<(piece.offset + count)]
            if piece.compressed {
                for byte in bytes { writer.add(Self.windows1252[Int(byte)]) }
            } else {
                var index = bytes.startIndex
                while index + 1 < bytes.endIndex, !writer.isFull {
                    writer.add(UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8)
                    index += 2
                }
            }
        }
        return .success((writer.finish(), writer.isFull))
    }

    struct Piece {
        var offset: Int
        var characters: Int
        var compressed: Bool
    }

    /// The pieces of a `Clx`: property runs (`Prc`, type 1) skipped, then the `Pcdt` (type 2):
    /// n + 1 character positions and n piece descriptors of 8 bytes.
    static func pieces(clx: ArraySlice<UInt8>) -> [Piece]? {
        var index = clx.startIndex
        while index < clx.endIndex, clx[index] == 0x01 {
            guard index + 3 <= clx.endIndex else { return nil }
            index += 3 + Int(Int16(bitPattern: UInt16(clx[index + 1]) | UInt16(clx[index + 2]) << 8).magnitude)
        }
        guard index + 5 <= clx.endIndex, clx[index] == 0x02 else { return nil }
        let length = Int(Array(clx[(index + 1)..<(index + 5)]).uint32(at: 0))
        let plc = clx[(index + 5)...].prefix(length)
        guard plc.count == length, length >= 16, (length - 4) % 12 == 0 else { return nil }
        let table = Array(plc)
        let count = (length - 4) / 12
        var pieces = [Piece]()
        pieces.reserveCapacity(count)
        for piece in 0..<count {
            let start = Int(table.uint32(at: 4 * piece))
            let end = Int(table.uint32(at: 4 * (piece + 1)))
            guard end >= start else { return nil }
            let fc = table.uint32(at: 4 * (count + 1) + 8 * piece + 2)
            let compressed = fc & 0x4000_0000 != 0
            let offset = Int(fc & 0x3FFF_FFFF)
            pieces.append(Piece(offset: compressed ? offset / 2 : offset, characters: end - start, compressed: compressed))
        }
        return pieces
    }

    /// Turns Word's characters into text: marks to line feeds and tabs, field instructions
    /// and anchors dropped, surrogate pairs joined.
    struct Writer {
        let maxBytes: Int
        var output = [UInt8]()
        /// Open fields, and for each whether its result (after the separator) has started.
        var fields = [Bool]()
        var highSurrogate: UInt16?
        var isFull: Bool { output.count >= maxBytes }

        init(maxBytes: Int) {
            self.maxBytes = maxBytes
        }

        mutating func add(_ unit: UInt16) {
            switch unit {
            case 0x13:
                fields.append(false)
                return
            case 0x14:
                if !fields.isEmpty { fields[fields.count - 1] = true }
                return
            case 0x15:
                _ = fields.popLast()
                return
            default: break
            }
            // Inside a field's instructions.
            if let last = fields.last, !last { return }
            switch unit {
            case 0x0D, 0x0B, 0x0C, 0x0E: append(0x0A)
            case 0x07, 0x09: append(0x09)
            case 0x1E: append(0x2D)  // a non-breaking hyphen
            case 0xD800...0xDBFF: highSurrogate = unit
            case 0xDC00...0xDFFF:
                if let high = highSurrogate {
                    append(0x10000 + (UInt32(high) - 0xD800) << 10 + (UInt32(unit) - 0xDC00))
                }
                highSurrogate = nil
            case 0..<0x20: break  // anchors: pictures (1, 8), notes (2), comments (5), optional hyphens (0x1F)
            default: append(UInt32(unit))
            }
        }

        mutating func append(_ value: UInt32) {
            guard !isFull, let scalar = Unicode.Scalar(value) else { return }
            output.append(contentsOf: UTF8.encode(scalar)!)
        }

        func finish() -> [UInt8] { Array(output.prefix(maxBytes)) }
    }

    /// Windows-1252 to UTF-16, for pieces stored a byte a character.
    static let windows1252: [UInt16] = (0..<256).map { byte in
        let high: [UInt16] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        return (0x80..<0xA0).contains(byte) ? high[byte - 0x80] : UInt16(byte)
    }
}
