import Foundation
import LeakScanCore
import Testing

@testable import LeakScanFraming

/// Records longer than a read's chunk (256 KiB) are whole, a record past the size limit is cut
/// and reported with nothing lost, and CSV rows are what Python's `csv` module reads.
@Suite struct LongRecordFramingTests {
    static func file(_ bytes: [UInt8], suffix: String) throws -> String {
        let path = NSTemporaryDirectory() + "leakscan-long-\(UUID().uuidString)\(suffix)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every row of `path` as ``CSVReader`` reads it, the header row included, blank rows left out.
    static func csvRows(_ path: String) throws -> [[String]] {
        let reader = CSVReader(lines: LineReader(source: try FileByteSource(path: path)))
        var rows = [[String]]()
        while let record = reader.nextRecord() {
            if record.fields != [""] { rows.append(record.fields) }
        }
        return rows
    }

    /// Python's rows of each file (`scripts/oracle/python_csv_rows.py`).
    static func pythonRows(_ paths: [String]) throws -> [[[String]]] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/oracle/python_csv_rows.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode([[String]].self, from: Data($0.utf8))
        }
    }

    /// The Davidson tweets (24,783 rows, quoted fields with newlines and doubled quotes) and a
    /// hand-made export with what real ones hold: CRLF rows, a quoted field of lines, a field of
    /// 600 KB (a row longer than two chunks, with quotes in it), a quote inside an unquoted field
    /// and text after a closing quote, a field of bytes that are not UTF-8.
    @Test func rowsAreWhatPythonsCSVModuleReads() throws {
        let davidson = corpora.deletingLastPathComponent().appendingPathComponent("labelled/davidson-hate-speech/data/labeled_data.csv")
        let long = String(repeating: "word \"\"quoted\"\" and more ", count: 27_000)
        var made = Array("id,author,text\r\n1,ann,\"first line\r\nsecond, with a comma\"\r\n".utf8)
        made += Array("2,bob,\"\(long)\"\r\n3,cy,say \"hi\" now\r\n4,dee,\"closed\"then more,extra\r\n".utf8)
        made += Array("5,eve,".utf8) + [0xFF, 0xC3, 0x28] + Array(" bytes\n\n6,fay,last row without a line end".utf8)
        let path = try Self.file(made, suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let python = try Self.pythonRows([davidson.path, path])
        #expect(python.count == 2)
        let ours = [try Self.csvRows(davidson.path), try Self.csvRows(path)]
        #expect(ours[0].count > 24_000)
        #expect(ours[1].count == 7)
        #expect(ours[1][2][2].utf8.count > 600_000)
        for (file, (mine, theirs)) in zip(ours, python).enumerated() {
            #expect(mine.count == theirs.count, "file \(file)")
            for (index, (row, expected)) in zip(mine, theirs).enumerated() where row != expected {
                Issue.record("file \(file) row \(index): \(row.map { $0.prefix(80) }) != \(expected.map { $0.prefix(80) })")
                break
            }
        }
    }

    /// Text records of `path` from `checkpoint`: offset, end and text (an encoded file's as
    /// `E:` and its characters, a JSON line's as `J:` and its text).
    static func textRecords(_ path: String, from checkpoint: Checkpoint = .start) throws -> [(UInt64, UInt64, String)] {
        try ArchiveReader(path: path, from: checkpoint).compactMap { item in
            guard case .post(let post) = item else { return nil }
            switch post.body {
            case .text(let bytes): return (post.offset, post.endOffset, String(decoding: bytes, as: UTF8.self))
            case .encoded(_, let bytes): return (post.offset, post.endOffset, "E:" + String(decoding: bytes, as: UTF8.self))
            case .json(let bytes): return (post.offset, post.endOffset, "J:" + String(decoding: bytes, as: UTF8.self))
            case .fields: return nil
            }
        }
    }

    /// A scan killed after any record of a text with lines longer than a read (words, no blank
    /// at all, two-byte characters, a line whose rest is blanks) and resumed at that record's
    /// end reads the rest as a whole read does. Lines were cut where a read's chunk ended, so a
    /// resumed read cut them elsewhere, and its records (and incidents) were new.
    @Test func aScanResumedAfterAnyRecordReadsTheRestAsAWholeReadDoes() throws {
        var words = ""
        while words.utf8.count < 700_000 { words += "word\(words.utf8.count % 9_973) " }
        let long = [
            words, String(repeating: "x", count: 600_000), String(repeating: "é", count: 300_000),
            String(repeating: "y", count: 270_000) + String(repeating: " ", count: 40), "short line",
            // A cut leaves a token of base64 alone on the line's rest: not the start of a run.
            String(repeating: "w ", count: 131_050) + String(repeating: "QUJD", count: 20),
            (0..<3).map { _ in String(repeating: "ZGVm", count: 19) }.joined(separator: "\n"), "end of it",
        ]
        for separator in ["\n", "\n\n"] {  // read by line, and by paragraph
            let text = "head\n\n" + long.joined(separator: separator) + "\nlast line\n"
            let bytes = Array(text.utf8)
            let path = try Self.file(bytes, suffix: ".txt")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let whole = try Self.textRecords(path)
            #expect(whole.count > 12)
            #expect(whole.allSatisfy { $0.2.utf8.count <= LineReader.chunkSize })
            #expect(!whole.contains { $0.2.contains("\u{FFFD}") })
            for (index, record) in whole.enumerated() where record.1 < UInt64(bytes.count) {
                let resumed = try Self.textRecords(path, from: Checkpoint(offset: record.1, fileOffset: record.1))
                let rest = whole[(index + 1)...]
                #expect(resumed.count == rest.count, "after record \(index) (\(separator.count) line feeds)")
                #expect(zip(resumed, rest).allSatisfy { $0.0 == $1.0 && $0.2 == $1.2 }, "after record \(index)")
            }
        }
    }

    /// A scan resumed after a part of a JSON line past the limit reads the line's other parts
    /// as text, as the whole read does, not the rest of the line as a corrupt JSON record.
    @Test func aScanResumedInsideAJSONLineOverTheLimitReadsItsParts() throws {
        let long = #"{"id":"2","text":""# + (0..<150_000).map { "w\($0) " }.joined() + #""}"#
        let text = #"{"id":"1","text":"before"}"# + "\n" + long + "\n" + #"{"id":"3","text":"after"}"# + "\n"
        let path = try Self.file(Array(text.utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        func records(from checkpoint: Checkpoint) throws -> [(UInt64, UInt64, String)] {
            try ArchiveReader(path: path, maxMessageBytes: 300_000, from: checkpoint).compactMap { item in
                guard case .post(let post) = item else { return nil }
                switch post.body {
                case .text(let bytes): return (post.offset, post.endOffset, String(decoding: bytes, as: UTF8.self))
                case .json(let bytes): return (post.offset, post.endOffset, "J:" + String(decoding: bytes, as: UTF8.self))
                default: return nil
                }
            }
        }
        let whole = try records(from: .start)
        #expect(whole.count >= 5)
        #expect(whole.filter { $0.2.hasPrefix("J:") }.count == 2)
        for (index, record) in whole.enumerated().dropLast() {
            let resumed = try records(from: Checkpoint(offset: record.1, fileOffset: record.1))
            let rest = whole[(index + 1)...]
            #expect(resumed.count == rest.count && zip(resumed, rest).allSatisfy { $0.0 == $1.0 && $0.2 == $1.2 }, "after record \(index)")
        }
    }

    /// A quote left open makes the rest of the file one quoted field. The record is cut at the
    /// limit and marked; the rows after it are records of their own, and every row's text is in
    /// some record, once.
    @Test func aQuoteLeftOpenCutsTheRecordAndLosesNoRow() throws {
        var text = "id,author,text\n1,ann,\"a stray quote\n"
        for row in 2...3_000 { text += "\(row),user\(row),token-\(row)-end plain text\n" }
        let path = try Self.file(Array(text.utf8), suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path, maxMessageBytes: 8_192)
        #expect(reader.format == .csv)
        var joined = ""
        var cut = [UInt64]()
        var records = 0
        for case .post(let post) in reader {
            guard case .fields(let fields) = post.body else { continue }
            records += 1
            if post.cutReason != nil { cut.append(post.offset) }
            joined += (fields["text"] ?? "") + "\n" + (fields["id"] ?? "") + "\n"
        }
        #expect(reader.error == nil)
        #expect(cut == [15])  // the record of the open quote, at row 1
        #expect(records > 2_500)
        var seen = [Substring: Int]()
        for word in joined.split(whereSeparator: { $0.isWhitespace || $0 == "," }) where word.hasPrefix("token-") {
            seen[word, default: 0] += 1
        }
        #expect(seen.count == 2_999)
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(seen["token-2-end"] == 1 && seen["token-3000-end"] == 1)
    }

    /// JSON Lines posts of 300 KB, 600 KB and 1.2 MB are one record each, at their offsets;
    /// before, each was cut at the chunk and both halves were reported as corrupt JSON.
    @Test func aJSONLineLongerThanAChunkIsOneRecord() throws {
        var lines = [#"{"id":"1","text":"short"}"#]
        for (id, size) in [(2, 300_000), (3, 600_000), (4, 1_200_000)] {
            lines.append(#"{"id":"\#(id)","text":""# + String(repeating: "x", count: size) + #" AB 12 34 56 C"}"#)
        }
        lines.append(#"{"id":"5","text":"after"}"#)
        let text = lines.joined(separator: "\n") + "\n"
        let path = try Self.file(Array(text.utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path)
        #expect(reader.format == .jsonLines)
        var expectedOffset: UInt64 = 0
        var read = [String]()
        for case .post(let post) in reader {
            guard case .json(let bytes) = post.body else {
                Issue.record("record at \(post.offset) is not JSON")
                continue
            }
            #expect(post.offset == expectedOffset)
            #expect(post.cutReason == nil)
            read.append(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines))
            expectedOffset += UInt64(bytes.count)
            #expect(post.endOffset == expectedOffset)
        }
        #expect(read == lines)
    }

    /// A JSON line past the record limit is read as text in parts: the parts, in order, are
    /// the line's bytes exactly; the first says why; the next line is JSON again.
    @Test func aJSONLineOverTheLimitIsReadAsTextInParts() throws {
        let long = #"{"id":"2","text":""# + (0..<120_000).map { "w\($0) " }.joined() + #""}"#
        let text = #"{"id":"1","text":"before"}"# + "\n" + long + "\n" + #"{"id":"3","text":"after"}"# + "\n"
        let path = try Self.file(Array(text.utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path, maxMessageBytes: 100_000)
        var parts = [UInt8]()
        var reasons = [String?]()
        var json = [String]()
        for case .post(let post) in reader {
            switch post.body {
            case .text(let bytes):
                #expect(post.offset == UInt64(27 + parts.count))
                parts += bytes
                reasons.append(post.cutReason)
            case .json(let bytes): json.append(String(decoding: bytes, as: UTF8.self))
            default: Issue.record("unexpected record at \(post.offset)")
            }
        }
        #expect(String(decoding: parts, as: UTF8.self) == long + "\n")
        #expect(reasons.count >= 2)
        #expect(reasons.first??.contains("longer than 100000 bytes") == true)
        #expect(reasons.dropFirst().allSatisfy { $0 == nil })
        #expect(json == [#"{"id":"1","text":"before"}"# + "\n", #"{"id":"3","text":"after"}"# + "\n"])
    }

    /// A JSON array's element past the limit is matched as text up to the limit, and said so;
    /// a trailing comma past the limit (`[1,2,]`) crashed the reader, which removed a comma it
    /// had not kept.
    @Test func aJSONArrayElementOverTheLimitIsReadAsTextUpToIt() throws {
        let text =
            #"[{"id":"1","text":"NINO AB 12 34 56 C "# + String(repeating: "x", count: 10_000) + #"","list":[1,2,]},"#
            + #"{"id":"2","text":"card"}]"# + "\n"
        let path = try Self.file(Array(text.utf8), suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path, maxMessageBytes: 5_000)
        #expect(reader.format == .jsonArray)
        let posts = reader.compactMap { item -> RawPost? in
            guard case .post(let post) = item else { return nil }
            return post
        }
        try #require(posts.count == 2)
        guard case .text(let start) = posts[0].body, case .json(let second) = posts[1].body else {
            Issue.record("\(posts.map(\.body))")
            return
        }
        #expect(start == Array(Array(text.utf8)[1..<5_001]))
        #expect(posts[0].cutReason?.contains("longer than 5000 bytes") == true)
        #expect(String(decoding: second, as: UTF8.self) == #"{"id":"2","text":"card"}"#)
        #expect(posts[1].cutReason == nil)
    }

    /// A first line longer than the limit leaves the format undecided by content: a `.jsonl`
    /// name makes it JSON Lines (read as text in parts), any other a JSON document.
    @Test func aFirstLineOverTheLimitIsJSONLinesByItsName() throws {
        let text = #"{"id":"1","text":""# + String(repeating: "word ", count: 30_000) + #""}"# + "\n" + #"{"id":"2"}"# + "\n"
        for (suffix, format) in [(".jsonl", InputFormat.jsonLines), (".NDJSON", .jsonLines), (".json", .jsonArray)] {
            let path = try Self.file(Array(text.utf8), suffix: suffix)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(try ArchiveReader(path: path, maxMessageBytes: 50_000).format == format, "\(suffix)")
            #expect(try ArchiveReader(path: path).format == .jsonLines, "\(suffix)")
        }
    }
}
