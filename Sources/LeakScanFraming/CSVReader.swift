/// Reads CSV with a header row (RFC 4180: quoted fields, doubled quotes, newlines inside
/// quotes; LF or CRLF), giving each row as column → value.
final class CSVReader {
    let lines: LineReader
    var header: [String]?

    /// - Parameter header: the column names, when they were read already (a resumed scan reads
    ///   them from the start of the file, then continues at its checkpoint).
    init(lines: LineReader, header: [String]? = nil) {
        self.lines = lines
        self.header = header
    }

    /// Reads the header row.
    func readHeader() -> [String] {
        let names = nextRecord()?.0.map { $0.trimmingQuotesAndSpaces() } ?? []
        header = names
        return names
    }

    func next() -> RawPost? {
        if header == nil { _ = readHeader() }
        while let (row, offset) = nextRecord() {
            if row.count == 1 && row[0].isEmpty { continue }
            var fields = [String: String]()
            for (index, name) in header!.enumerated() where index < row.count {
                fields[name] = row[index]
            }
            var post = RawPost(offset: offset, body: .fields(fields))
            post.endOffset = lines.consumedOffset
            return post
        }
        return nil
    }

    /// One record, joining lines while a quoted field is open.
    func nextRecord() -> ([String], UInt64)? {
        guard let (first, offset, _) = lines.nextLine() else { return nil }
        var record = Array(first)
        while Self.hasOpenQuote(record), let (more, _, _) = lines.nextLine() {
            record += more
        }
        // Trimmed as bytes: to `String`, "\r\n" is one character, which `hasSuffix("\n")` misses.
        while let last = record.last, last == 0x0A || last == 0x0D { record.removeLast() }
        return (Self.fields(String(decoding: record, as: UTF8.self)), offset)
    }

    static func hasOpenQuote(_ record: [UInt8]) -> Bool {
        record.reduce(0) { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) } % 2 == 1
    }

    static func fields(_ record: String) -> [String] {
        var fields = [String]()
        var current = ""
        var quoted = false
        var iterator = record.makeIterator()
        var lookahead: Character?
        while let character = lookahead ?? iterator.next() {
            lookahead = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        current.append("\"")
                    } else {
                        quoted = false
                        lookahead = next
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
