/// Reads CSV with a header row (RFC 4180: quoted fields, doubled quotes, newlines inside
/// quotes; LF or CRLF), giving each row as column → value.
///
/// A record is bounded by `maxRecordBytes`: a quote left open (a stray `"` in a hand-made
/// export) would otherwise make the rest of the file one record, held whole. The record is
/// cut where the line (or the 256 KiB read of a longer line) that passes the limit ends, and
/// marked (``RawPost/cutReason``); the lines after it are records of their own, so nothing
/// goes unscanned.
final class CSVReader {
    let lines: LineReader
    let maxRecordBytes: Int
    var header: [String]?

    /// - Parameter header: the column names, when they were read already (a resumed scan reads
    ///   them from the start of the file, then continues at its checkpoint).
    init(lines: LineReader, header: [String]? = nil, maxRecordBytes: Int = 64 << 20) {
        self.lines = lines
        self.header = header
        self.maxRecordBytes = maxRecordBytes
    }

    /// Reads the header row.
    func readHeader() -> [String] {
        let names = nextRecord()?.fields.map { $0.trimmingQuotesAndSpaces() } ?? []
        header = names
        return names
    }

    func next() -> RawPost? {
        if header == nil { _ = readHeader() }
        while let (row, offset, isCut) = nextRecord() {
            if row.count == 1 && row[0].isEmpty { continue }
            var fields = [String: String]()
            for (index, name) in header!.enumerated() where index < row.count {
                fields[name] = row[index]
            }
            var post = RawPost(offset: offset, body: .fields(fields))
            post.endOffset = lines.consumedOffset
            if isCut {
                post.cutReason =
                    "a CSV record longer than \(maxRecordBytes) bytes (a quote left open?): cut where a line or a read ends past that size; the lines after it are read as records of their own"
            }
            return post
        }
        return nil
    }

    /// One record: lines joined while a quoted field is open (and the pieces of a line longer
    /// than a read's chunk), up to the record limit. Quotes are counted once per line added:
    /// recounted over the whole record, a quote left open made reading quadratic (a 16 MB
    /// export took minutes).
    func nextRecord() -> (fields: [String], offset: UInt64, isCut: Bool)? {
        guard let (first, offset, _) = lines.nextLine() else { return nil }
        var record = Array(first)
        var quotes = Self.quoteCount(first)
        while quotes % 2 == 1 || lines.lineContinues, record.count < maxRecordBytes, let (more, _, _) = lines.nextLine() {
            record += more
            quotes += Self.quoteCount(more)
        }
        let isCut = quotes % 2 == 1 || lines.lineContinues
        while let last = record.last, last == 0x0A || last == 0x0D { record.removeLast() }
        return (Self.fields(record[...]), offset, isCut)
    }

    static func quoteCount(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }
    }

    /// The fields of one record's bytes, split byte by byte (every byte the syntax uses is
    /// ASCII, so no UTF-8 sequence is split): a quote opens a quoted field only at the field's
    /// start, a doubled quote inside one is a quote, and what follows a closing quote up to the
    /// next comma is kept, as Python's `csv` module reads it.
    static func fields(_ record: ArraySlice<UInt8>) -> [String] {
        var fields = [String]()
        var current = [UInt8]()
        var quoted = false
        var index = record.startIndex
        while index < record.endIndex {
            let byte = record[index]
            index += 1
            if quoted {
                guard byte == UInt8(ascii: "\"") else {
                    current.append(byte)
                    continue
                }
                if index < record.endIndex, record[index] == UInt8(ascii: "\"") {
                    current.append(byte)
                    index += 1
                } else {
                    quoted = false
                }
            } else if byte == UInt8(ascii: "\"") && current.isEmpty {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields
    }
}
