import Foundation

/// Text of an Excel 97–2003 workbook (`.xls`), from its `Workbook` stream ([MS-XLS], BIFF8):
/// the shared string table, then each sheet's cells in the order stored (rows in order), a tab
/// between the cells of a row and a line feed between rows, as the Office Open XML reader
/// gives an `.xlsx`. Cells hold shared strings (`LABELSST`), inline strings (`LABEL`), numbers
/// (`NUMBER`, `RK`, `MULRK`; whole numbers written without a fraction, so a card number or a
/// staff number reads as its digits) and formulas' string results (`STRING`).
///
/// Workbooks older than Excel 97 (BIFF5 and before, a `Book` stream) and encrypted ones
/// (`FILEPASS`) are reported, not read. Written here for the reason ``WordBinaryText`` is: no
/// maintained Debian library reads the format's text, and its cells are a few record types.
enum ExcelBinaryText {
    /// Each sheet's text as (part name `sheetN`, UTF-8), at most `maxBytes` in all.
    static func sheets(workbook: [UInt8], maxBytes: Int) -> Result<
        (sheets: [(name: String, text: [UInt8])], cut: Bool), LegacyOfficeFailure
    > {
        var records = RecordReader(bytes: workbook)
        guard let first = records.next(), first.type == 0x0809, first.data.count >= 2, first.data.uint16(at: 0) == 0x0600 else {
            return .failure(.damaged("no BIFF8 workbook globals"))
        }
        var strings = [String]()
        var sheets = [(name: String, text: [UInt8])]()
        var current: SheetWriter?
        var total = 0
        var cut = false
        // Substreams nest (a chart inside a sheet has its own BOF and EOF); the globals are 1.
        var depth = 1
        // The row of a formula whose string result follows in a STRING record.
        var formulaRow: UInt16?
        func finishSheet() {
            guard let sheet = current else { return }
            let text = sheet.output
            total += text.count
            sheets.append(("sheet\(sheets.count + 1)", text))
            current = nil
        }
        while let record = records.next() {
            switch record.type {
            case 0x002F:  // FILEPASS
                return .failure(.encrypted)
            case 0x00FC:  // SST, with its CONTINUE records
                strings = SharedStrings.read(first: record.data, continues: records.continues())
            case 0x0809:  // BOF: a sheet, or a chart inside one
                depth += 1
                if depth == 1 { current = SheetWriter(maxBytes: max(0, maxBytes - total)) }
            case 0x000A:  // EOF
                depth -= 1
                if depth == 0 { finishSheet() }
            case _ where depth != 1:
                break  // inside a chart or other nested substream
            case 0x00FD where record.data.count >= 10:  // LABELSST
                let index = Int(record.data.uint32(at: 6))
                current?.cell(row: record.data.uint16(at: 0), text: index < strings.count ? strings[index] : "")
            case 0x0204 where record.data.count >= 9:  // LABEL
                var reader = StringReader(segments: [record.data[6...]])
                current?.cell(row: record.data.uint16(at: 0), text: reader.string(lengthBytes: 2) ?? "")
            case 0x0203 where record.data.count >= 14:  // NUMBER
                current?.cell(row: record.data.uint16(at: 0), text: Self.number(Double(bitPattern: record.data.uint64(at: 6))))
            case 0x027E where record.data.count >= 10:  // RK
                current?.cell(row: record.data.uint16(at: 0), text: Self.number(Self.rk(record.data.uint32(at: 6))))
            case 0x00BD where record.data.count >= 12:  // MULRK: (xf, rk) pairs after row and first column
                let row = record.data.uint16(at: 0)
                var offset = 4
                while offset + 6 <= record.data.count - 2 {
                    current?.cell(row: row, text: Self.number(Self.rk(record.data.uint32(at: offset + 2))))
                    offset += 6
                }
            case 0x0006 where record.data.count >= 20:  // FORMULA: a number result, or a string's to follow
                let row = record.data.uint16(at: 0)
                if record.data.uint16(at: 12) != 0xFFFF {
                    current?.cell(row: row, text: Self.number(Double(bitPattern: record.data.uint64(at: 6))))
                } else if record.data[6] == 0 {
                    formulaRow = row
                }
            case 0x0207:  // STRING: a formula's string result
                var reader = StringReader(segments: [record.data[...]] + records.continues().map { $0[...] })
                if let text = reader.string(lengthBytes: 2), let row = formulaRow { current?.cell(row: row, text: text) }
                formulaRow = nil
            default: break
            }
            if current?.isFull == true { cut = true }
        }
        finishSheet()
        return .success((sheets.filter { !$0.text.isEmpty }, cut))
    }

    /// A number as a sheet shows it plainly: whole numbers up to 2^53 as their digits.
    static func number(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    /// An `RK` value: a 30-bit integer or the high bits of a double, perhaps divided by 100.
    static func rk(_ raw: UInt32) -> Double {
        let value = raw & 0x02 != 0 ? Double(Int32(bitPattern: raw) >> 2) : Double(bitPattern: UInt64(raw & 0xFFFF_FFFC) << 32)
        return raw & 0x01 != 0 ? value / 100 : value
    }

    /// Records: a 16-bit type, a 16-bit length, the data.
    struct RecordReader {
        let bytes: [UInt8]
        var offset = 0

        mutating func next() -> (type: UInt16, data: [UInt8])? {
            guard offset + 4 <= bytes.count else { return nil }
            let type = bytes.uint16(at: offset)
            let length = Int(bytes.uint16(at: offset + 2))
            let end = min(bytes.count, offset + 4 + length)
            let data = Array(bytes[(offset + 4)..<end])
            offset = end
            return (type, data)
        }

        /// The `CONTINUE` records (0x003C) that follow, consumed.
        mutating func continues() -> [[UInt8]] {
            var found = [[UInt8]]()
            while offset + 4 <= bytes.count, bytes.uint16(at: offset) == 0x003C, let record = next() { found.append(record.data) }
            return found
        }
    }

    /// Reads `XLUnicodeString`s from a record and its continuations: a string's characters
    /// that cross into the next segment start there with a new flags byte (whether they are
    /// one byte or two); its formatting runs and phonetic data do not.
    struct StringReader {
        var segments: [ArraySlice<UInt8>]
        var segment = 0
        var index: Int

        init(segments: [ArraySlice<UInt8>]) {
            self.segments = segments
            index = segments.first?.startIndex ?? 0
        }

        var atEnd: Bool { segment >= segments.count || (segment == segments.count - 1 && index >= segments[segment].endIndex) }

        /// The next byte, moving into the next segment at the end of one.
        mutating func byte() -> UInt8? {
            while segment < segments.count, index >= segments[segment].endIndex {
                segment += 1
                if segment < segments.count { index = segments[segment].startIndex }
            }
            guard segment < segments.count else { return nil }
            defer { index += 1 }
            return segments[segment][index]
        }

        mutating func integer(_ count: Int) -> Int? {
            var value = 0
            for shift in 0..<count {
                guard let byte = byte() else { return nil }
                value |= Int(byte) << (8 * shift)
            }
            return value
        }

        mutating func skip(_ count: Int) {
            for _ in 0..<count where byte() != nil {}
        }

        /// One string whose character count takes `lengthBytes` bytes (2 in cells and the
        /// table), with its flags, formatting runs and phonetic block.
        mutating func string(lengthBytes: Int) -> String? {
            guard let count = integer(lengthBytes), let flags = byte() else { return nil }
            let runs = flags & 0x08 != 0 ? integer(2) ?? 0 : 0
            let phonetic = flags & 0x04 != 0 ? integer(4) ?? 0 : 0
            var wide = flags & 0x01 != 0
            var units = [UInt16]()
            units.reserveCapacity(count)
            while units.count < count {
                // A segment boundary inside the characters: a new flags byte says their width.
                if index >= segments[min(segment, segments.count - 1)].endIndex, segment + 1 < segments.count {
                    segment += 1
                    index = segments[segment].startIndex
                    guard let continued = byte() else { break }
                    wide = continued & 0x01 != 0
                }
                guard let low = byte() else { break }
                units.append(wide ? UInt16(low) | UInt16(byte() ?? 0) << 8 : UInt16(low))
            }
            skip(4 * runs + phonetic)
            return String(decoding: units, as: UTF16.self)
        }
    }

    /// The shared string table: `cstUnique` strings after two counts.
    enum SharedStrings {
        static func read(first: [UInt8], continues: [[UInt8]]) -> [String] {
            guard first.count >= 8 else { return [] }
            let unique = Int(first.uint32(at: 4))
            var reader = StringReader(segments: [first[8...]] + continues.map { $0[...] })
            var strings = [String]()
            strings.reserveCapacity(min(unique, 1 << 20))
            while strings.count < unique, !reader.atEnd, let string = reader.string(lengthBytes: 2) { strings.append(string) }
            return strings
        }
    }

    /// One sheet's text: a tab between cells of a row, a line feed between rows.
    struct SheetWriter {
        let maxBytes: Int
        var output = [UInt8]()
        var row: UInt16?
        var isFull: Bool { output.count >= maxBytes }

        init(maxBytes: Int) {
            self.maxBytes = maxBytes
        }

        mutating func cell(row: UInt16, text: String) {
            guard !isFull else { return }
            if let current = self.row { output.append(current == row ? 0x09 : 0x0A) }
            self.row = row
            output += text.utf8.prefix(maxBytes - output.count)
        }
    }
}
