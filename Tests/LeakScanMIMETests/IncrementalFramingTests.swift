import Foundation
import LeakScanCore
import LeakScanFraming
import LeakScanMIME
import LeakScanSynth
import Testing

/// A scan that resumes from a checkpoint frames every record exactly as a full scan of the
/// grown file does: random archives of every format that can resume, random append points
/// with 0–3 blank lines before the appended part, LF and CRLF, with and without a final line
/// feed, plain and gzip. Prose is read as paragraphs, and its last paragraph is read again: text
/// appended without a blank line continues it. A log is read by line; blank lines appended to
/// a short one would make it prose, read by paragraph (a change of framing the README notes), so
/// none are appended. Both hold files encoded in base64 and uuencode, each read as a record of
/// its own, and PEM keys, each read whole.
@Suite struct IncrementalFramingTests {
    enum Format: CaseIterable {
        case mbox, mboxGzip, jsonLines, jsonLinesGzip, csv, jsonArray, jsonWrapper, whatsAppChat, plainText, textLines
    }

    /// A record as the detector would see it: where it starts, and its bytes.
    struct Framed: Equatable, CustomStringConvertible {
        var offset: UInt64
        var text: String
        var description: String { "@\(offset) \(text.debugDescription)" }
    }

    static func framed(_ item: RawItem) -> Framed {
        switch item {
        case .email(let message):
            // Blank lines at a message's end separate it from the next one; an append can add
            // some to a message already scanned, which changes no text the rules see.
            var bytes = message.envelope + [0x0A] + message.bytes
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            return Framed(offset: message.offset, text: String(decoding: bytes, as: UTF8.self))
        case .post(let post):
            switch post.body {
            case .json(let bytes): return Framed(offset: post.offset, text: String(decoding: bytes, as: UTF8.self))
            case .fields(let fields): return Framed(offset: post.offset, text: fields.sorted { $0.key < $1.key }.description)
            case .text(let bytes), .encoded(_, let bytes): return Framed(offset: post.offset, text: String(decoding: bytes, as: UTF8.self))
            }
        case .page(let page):
            return Framed(offset: page.offset, text: String(decoding: page.bytes, as: UTF8.self))
        case .file(let bytes, let name):  // never framed by ArchiveReader: files are read whole by the pipeline
            return Framed(offset: 0, text: "\(name): \(bytes.count) bytes")
        }
    }

    static func read(_ path: String, from checkpoint: Checkpoint = .start) throws -> (records: [Framed], checkpoint: Checkpoint) {
        let reader = try ArchiveReader(path: path, from: checkpoint)
        let records = reader.map(framed)
        #expect(reader.error == nil)
        return (records, reader.checkpoint)
    }

    static let words = ["card", "From", "the", "Subject:", ">From", "4111", "boss", "", "a,b", "\"q\"", "é", "From:"]

    static func sentence(_ random: inout SplitMix64) -> String {
        (0..<Int(random.next() % 6 + 1)).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
    }

    /// `count` records of `format`, numbered from `first`, as text with `newline` line ends.
    static func records(_ format: Format, first: Int, count: Int, newline: String, random: inout SplitMix64) -> [String] {
        (first..<(first + count)).map { number in
            switch format {
            case .mbox, .mboxGzip:
                var lines = [
                    "From sender\(number)@example.org Mon Jan  1 00:00:\(10 + number % 50) 2024", "From: sender\(number)@example.org",
                    "Message-ID: <\(number)@example.org>", "Subject: \(sentence(&random))", "",
                ]
                for _ in 0..<Int(random.next() % 4) {
                    let line = sentence(&random)
                    // mboxrd quoting of body lines that look like separators.
                    lines.append(line.hasPrefix("From ") || line.hasPrefix(">From ") ? ">" + line : line)
                }
                return lines.joined(separator: newline)
            case .jsonLines, .jsonLinesGzip, .jsonArray, .jsonWrapper:
                let text = sentence(&random).replacingOccurrences(of: "\"", with: "\\\"")
                return #"{"id": "\#(number)", "text": "\#(text)"}"#
            case .csv:
                let text = sentence(&random).replacingOccurrences(of: "\"", with: "\"\"")
                return "\(number),\"\(text)\""
            case .whatsAppChat:
                // A message, sometimes over several lines, sometimes the app's own (no name).
                let name = number % 3 == 2 ? "" : "Name \(number): "
                let more = (0..<Int(random.next() % 3)).map { _ in newline + sentence(&random) }.joined()
                return "1\(number % 10)/01/2024, 08:\(10 + number % 50) - \(name)\(sentence(&random))\(more)"
            case .plainText:
                // A paragraph of one to three lines, none of them blank.
                let more = (0..<Int(random.next() % 3)).map { _ in newline + "and " + sentence(&random) }.joined()
                return "Note \(number) \(sentence(&random))\(more)"
            case .textLines:
                return "2024-01-0\(number % 10) 08:00 line \(number) \(sentence(&random))"
            }
        }
    }

    /// A record of text that text reads whole: a run of base64 lines (two or three full lines
    /// and a short one) or a uuencoded file, each a record of its own, or a PEM key.
    static func encodedRun(newline: String, random: inout SplitMix64) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        func line(_ count: Int) -> String { String((0..<count).map { _ in alphabet[Int(random.next() % 64)] }) }
        let base64 = (0..<Int(random.next() % 2 + 2)).map { _ in line(76) } + [line(Int(random.next() % 30 + 4)) + "=="]
        switch random.next() % 3 {
        case 0: return base64.joined(separator: newline)
        case 1:
            let uuencoded = (0..<Int(random.next() % 3 + 1)).map { _ in
                "M" + String((0..<60).map { _ in Character(UnicodeScalar(UInt8(0x21 + random.next() % 64))) })
            }
            return (["begin 644 file.bin"] + uuencoded + ["`", "end"]).joined(separator: newline)
        default: return (["-----BEGIN PRIVATE KEY-----"] + base64 + ["-----END PRIVATE KEY-----"]).joined(separator: newline)
        }
    }

    /// Text's records with some made runs of base64, not the last (which text appended to the
    /// file may join) and not the first when `joined` (which may join the file's last line).
    static func withEncodedRuns(_ format: Format, _ records: [String], joined: Bool, newline: String, random: inout SplitMix64)
        -> [String]
    {
        guard format == .plainText || format == .textLines else { return records }
        return records.indices.map { index in
            index == records.count - 1 || (joined && index == 0) || random.next() % 3 != 0
                ? records[index] : encodedRun(newline: newline, random: &random)
        }
    }

    /// The file's text for these records; `final` says whether the last line ends with a line feed.
    static func text(_ format: Format, _ records: [String], newline: String, final: Bool) -> String {
        switch format {
        case .jsonArray:
            return "[" + records.joined(separator: "," + newline) + "]" + newline
        case .jsonWrapper:
            // A Messenger thread: names first (not posts), the messages, the thread's own members.
            return #"{"participants": [{"name": "a [b]"}],"# + newline + #" "messages": ["# + records.joined(separator: "," + newline)
                + "]," + newline + #" "title": "x], [y", "magic_words": []}"# + newline
        case .mbox, .mboxGzip, .plainText:
            return records.joined(separator: newline + newline) + (final ? newline : "")
        case .jsonLines, .jsonLinesGzip, .csv, .whatsAppChat, .textLines:
            return records.joined(separator: newline) + (final ? newline : "")
        }
    }

    static func gzip(_ text: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    static func write(_ format: Format, _ text: String, to path: String, appending: Bool) throws {
        let data = format == .mboxGzip || format == .jsonLinesGzip ? try gzip(text) : Data(text.utf8)
        if appending, let handle = FileHandle(forWritingAtPath: path) {
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
            try handle.close()
        } else {
            try data.write(to: URL(fileURLWithPath: path))
        }
    }

    @Test func resumedScansFrameRecordsAsAFullScanDoes() throws {
        var random = SplitMix64(seed: 2024)
        let directory = NSTemporaryDirectory() + "leakscan-incremental-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var cases = 0
        for index in 0..<320 {
            let format = Format.allCases[index % Format.allCases.count]
            let newline = random.next() % 2 == 0 ? "\n" : "\r\n"
            let gzip = format == .mboxGzip || format == .jsonLinesGzip
            // A gzip member always ends where it was written: its text ends with a line feed.
            let whole = format == .jsonArray || format == .jsonWrapper  // rewritten as a whole when it grows
            let final = gzip || whole || random.next() % 4 != 0
            let blankLines = whole || format == .textLines ? 0 : Int(random.next() % 4)
            // A title paragraph, so that prose is prose however few notes it starts with.
            let header = format == .csv ? ["id,text"] : format == .plainText ? ["Notes"] : []
            var first = Self.records(format, first: 0, count: Int(random.next() % 5 + 1), newline: newline, random: &random)
            var second = Self.records(format, first: first.count, count: Int(random.next() % 4 + 1), newline: newline, random: &random)
            first = Self.withEncodedRuns(format, first, joined: false, newline: newline, random: &random)
            second = Self.withEncodedRuns(format, second, joined: true, newline: newline, random: &random)
            let path = directory + "/case\(index)" + (format == .csv ? ".csv" : "")

            let before = Self.text(format, header + first, newline: newline, final: final)
            try Self.write(format, before, to: path, appending: false)
            let scanned = try Self.read(path)

            // The grown file: appended (a JSON array gets its closing bracket rewritten).
            let grown: String
            if whole {
                grown = Self.text(format, first + second, newline: newline, final: true)
                try Self.write(format, grown, to: path, appending: false)
            } else {
                let separator = (format == .mbox || format == .mboxGzip) && final ? newline : ""
                let appended =
                    String(repeating: newline, count: blankLines) + separator + Self.text(format, second, newline: newline, final: true)
                grown = before + appended
                try Self.write(format, appended, to: path, appending: true)
            }
            let resumed = try Self.read(path, from: scanned.checkpoint)
            let full = try Self.read(path)

            // What the two scans saw, later sightings of a record replacing earlier ones.
            var incremental = [UInt64: Framed]()
            for record in scanned.records + resumed.records { incremental[record.offset] = record }
            let merged = incremental.values.sorted { $0.offset < $1.offset }
            #expect(merged == full.records, "case \(index) \(format) \(grown.debugDescription)")
            // Without a line feed between them, the last old line and the first new one are one line.
            // In text without a blank line between them, the last old paragraph and the first new one.
            let lineFeeds = (before.utf8.last == 0x0A ? 1 : 0) + blankLines
            let joined = lineFeeds < (format == .plainText ? 2 : 1) ? 1 : 0
            let title = format == .plainText ? 1 : 0
            #expect(full.records.count == title + first.count + second.count - joined, "case \(index) \(format) \(grown.debugDescription)")
            // Once read to its end (the grown file ends with a line feed), a resume reads nothing.
            // (Text reads its last paragraph again.)
            let last = format == .plainText ? Array(full.records.suffix(1)) : []
            #expect(try Self.read(path, from: resumed.checkpoint).records == last, "case \(index) \(format)")
            cases += 1
        }
        #expect(cases >= 200)
    }
}

/// Damaged UTF-16 and gzip inputs end in a clear report or in replacement characters, never a crash.
@Suite struct DamagedInputTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "leakscan-damaged-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func utf16WithALoneSurrogateAndAnOddByteIsReadWithReplacements() throws {
        let text = #"{"id": "1", "text": "card 4111"}"# + "\n"
        var bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        bytes += [0x00, 0xD8, 0x41, 0x00, 0x0A, 0x00, 0x7B]  // a high surrogate without its pair, "A\n", half a unit
        let reader = try ArchiveReader(path: try Self.file(bytes))
        #expect(reader.format == .jsonLines)
        let records = Array(reader)
        #expect(reader.error == nil)
        // The unpaired surrogate and the half code unit at the end each become U+FFFD: nothing dropped.
        let texts = records.compactMap { record -> String? in
            guard case .post(let post) = record, case .json(let raw) = post.body else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
        #expect(texts == [#"{"id": "1", "text": "card 4111"}"# + "\n", "\u{FFFD}A\n", "\u{FFFD}"])
    }

    @Test func aTruncatedGzipMemberIsAnErrorAfterTheRecordsBeforeIt() throws {
        let text = String(repeating: #"{"id": "1", "text": "hello"}"# + "\n", count: 2000)
        let compressed = Array(try IncrementalFramingTests.gzip(text))
        let reader = try ArchiveReader(path: try Self.file(Array(compressed.prefix(compressed.count / 2))))
        let records = Array(reader)
        #expect(reader.error?.description.contains("gzip") == true)
        #expect(records.count < 2000)
    }
}

/// A gzip input that inflates like a decompression bomb stops at the expansion limit, the
/// records before it kept; real mail, compressed, stays far below the same limit.
@Suite struct ExpansionLimitTests {
    /// `bytes` written to a fresh file and compressed by gzip: the `.gz` file's path.
    static func gzipFile(_ bytes: Data) throws -> String {
        let path = NSTemporaryDirectory() + "leakscan-expansion-\(UUID().uuidString)"
        try bytes.write(to: URL(fileURLWithPath: path))
        let process = try Process.run(URL(fileURLWithPath: "/bin/gzip"), arguments: ["-f", path])
        process.waitUntilExit()
        return path + ".gz"
    }

    /// The inputs' ratio, checked from the first MiB rather than from 256 MiB.
    static let tight = ExpansionLimit(ratio: ExpansionLimit.inputs.ratio, floor: 1 << 20)

    @Test func aBombStopsAtTheLimitAfterTheMessagesBeforeIt() throws {
        var mbox = Data("From jo@met.example Fri Jan 13 08:02:00 2023\nFrom: jo@met.example\n\nNI AB 12 34 56 C\n\n".utf8)
        mbox += Data("From sam@met.example Fri Jan 13 08:03:00 2023\nFrom: sam@met.example\n\n".utf8)
        mbox += Data(String(repeating: "all work and no play makes jack a dull boy\n", count: 800_000).utf8)
        let path = try Self.gzipFile(mbox)
        let reader = try ArchiveReader(path: path, expansion: Self.tight)
        let records = Array(reader)
        #expect(records.count >= 1)
        #expect(records.first?.offset == 0)
        #expect(reader.error?.reason.contains("decompression bomb") == true, "\(String(describing: reader.error))")
        #expect(reader.bytesRead < 4 << 20, "read \(reader.bytesRead) of \(mbox.count) bytes")

        let unlimited = try ArchiveReader(path: path, expansion: ExpansionLimit(ratio: 0, floor: 0))
        #expect(Array(unlimited).count == 2)
        #expect(unlimited.error == nil)
        #expect(unlimited.bytesRead == UInt64(mbox.count))
    }

    /// Every message file in the corpora, one after another (6.5 MB, 3.6 times under gzip; a
    /// nesting torture test that gzip shrinks 171 times comes early, and takes the first MiB
    /// to 23 times), is read to its end under the same limit.
    @Test func realMailIsReadWhole() throws {
        let corpus = corpora.path
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus).filter {
            $0.hasSuffix(".eml") || $0.hasSuffix(".msg") || ($0 as NSString).lastPathComponent.hasPrefix("msg_")
        }.sorted()
        #expect(files.count > 200)
        var mail = Data()
        for file in files { mail += try Data(contentsOf: URL(fileURLWithPath: corpus + "/" + file)) }
        let reader = try ArchiveReader(path: try Self.gzipFile(mail), expansion: Self.tight)
        _ = Array(reader)
        #expect(reader.error == nil, "\(String(describing: reader.error))")
        #expect(reader.bytesRead == UInt64(mail.count))
    }
}

/// Telegram's account export keeps each chat's messages below the export object. A read
/// stopped after any message (a killed scan's last checkpoint) resumes without losing the
/// chats after it.
@Suite struct NestedChatFramingTests {
    static func message(_ id: Int) -> String {
        #"   {"id": \#(id), "type": "message", "date_unixtime": "16736005\#(id)", "from_id": "user\#(id)", "text": "message \#(id)"}"#
    }

    static func chat(_ name: String, _ ids: [Int]) -> String {
        "  {\n   \"name\": \"\(name)\", \"type\": \"private_group\",\n   \"messages\": [\n"
            + ids.map(message).joined(separator: ",\n") + "\n   ]\n  }"
    }

    static let account = """
        {
         "about": "Here is the data you requested.",
         "profile_pictures": [{"date": "2022-11-02T10:11:12", "photo": "profile_pictures/photo_1.jpg"}],
         "contacts": {"about": "", "list": [{"user_id": 2, "first_name": "Jo", "phone_number": "+44 7700 900456"}]},
         "chats": {
          "about": "This page lists all chats from this export.",
          "list": [
        \(chat("Shift 3", [1, 2, 3])),
        \(chat("Jo", [4, 5]))
          ]
         },
         "left_chats": {"about": "", "list": [
        \(chat("Old Team", [6]))
         ]}
        }

        """

    @Test func everyCheckpointOfAnAccountExportLosesNoChat() throws {
        let path = NSTemporaryDirectory() + "leakscan-telegram-\(UUID().uuidString).json"
        try Self.account.write(toFile: path, atomically: true, encoding: .utf8)
        let whole = try IncrementalFramingTests.read(path).records
        // An array's last element keeps the blanks before its closing bracket.
        #expect(
            whole.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
                == (1...6).map { Self.message($0).trimmingCharacters(in: .whitespaces) })
        for stop in 1...whole.count {
            let reader = try ArchiveReader(path: path)
            let first = reader.prefix(stop).map(IncrementalFramingTests.framed)
            let resumed = try IncrementalFramingTests.read(path, from: reader.checkpoint).records
            let union = (first + resumed).reduce(into: [Framed]()) { kept, record in
                if !kept.contains(record) { kept.append(record) }
            }
            #expect(union == whole, "stopped after \(stop)")
        }
    }

    typealias Framed = IncrementalFramingTests.Framed
}
