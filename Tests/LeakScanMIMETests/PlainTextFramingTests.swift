import Foundation
import Testing

@testable import LeakScanFraming

/// Text in no other format is read as paragraphs; a line longer than a read's chunk is cut
/// at a blank or between characters, never inside a word or a character, and no byte is lost.
@Suite struct PlainTextFramingTests {
    static func records(_ bytes: [UInt8]) throws -> (format: InputFormat, records: [(offset: UInt64, text: String)]) {
        let path = NSTemporaryDirectory() + "leakscan-text-\(UUID().uuidString).txt"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path)
        let records = reader.compactMap { item -> (UInt64, String)? in
            guard case .post(let post) = item, case .text(let text) = post.body else { return nil }
            return (post.offset, String(decoding: text, as: UTF8.self))
        }
        #expect(reader.error == nil)
        return (reader.format, records)
    }

    @Test func paragraphsAtTheirOffsets() throws {
        let text = "Notes: briefing\nNINO AB123456C\n\n\n  \nsecond para\r\nstill second\r\n\r\nlast, no line feed"
        let (format, records) = try Self.records(Array(text.utf8))
        #expect(format == .text)
        #expect(records.map(\.text) == ["Notes: briefing\nNINO AB123456C", "second para\r\nstill second", "last, no line feed"])
        for record in records {
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: Int(record.offset))
            #expect(String(text.utf8[start...])!.hasPrefix(record.text))
        }
    }

    /// Text with no blank line between lines — a dump of tweets one per line (OLID's own
    /// file), a log — is read a line a record, each at its offset; a blank line makes prose.
    @Test func textWithoutBlankLinesIsReadByLine() throws {
        let tweets = try String(
            contentsOf: corpora.deletingLastPathComponent().appendingPathComponent("labelled/olid-train/val_text.txt"), encoding: .utf8)
        let lines = tweets.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count > 1000)
        let (format, records) = try Self.records(Array(tweets.utf8))
        #expect(format == .text)
        #expect(records.map(\.text) == lines.map { String($0) })
        #expect(records[1].offset == UInt64(lines[0].utf8.count + 1))
        #expect(PlainTextReader.isLineOriented(ArraySlice("a\nb\n\n".utf8)))
        #expect(PlainTextReader.isLineOriented(ArraySlice("\n\na\nb\n".utf8)))
        #expect(!PlainTextReader.isLineOriented(ArraySlice("a\n\r\nb\n".utf8)))
    }

    /// The records of `text` read as a text file, each with its offset: an encoded file's as
    /// `E:` (base64) or `U:name:` (uuencode) and its bytes.
    static func framed(_ text: String) throws -> [(offset: UInt64, text: String)] {
        let path = NSTemporaryDirectory() + "leakscan-runs-\(UUID().uuidString).txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path)
        let records = reader.compactMap { item -> (offset: UInt64, text: String)? in
            guard case .post(let post) = item else { return nil }
            switch post.body {
            case .text(let bytes): return (post.offset, String(decoding: bytes, as: UTF8.self))
            case .encoded(let encoding, let bytes):
                let kind = if case .uuencode(let name) = encoding { "U:\(name):" } else { "E:" }
                return (post.offset, kind + String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines))
            default: return nil
            }
        }
        #expect(reader.error == nil)
        return records
    }

    /// A file encoded inside text — base64 kept in an XML dump, between two paragraphs, among a
    /// log's lines, indented; a uuencoded file between a note's paragraphs; a text that is
    /// nothing else — is a record of its own, at its offset; what stands before and after it
    /// are records as before, and no byte is lost. A single line of base64 characters (with a
    /// short one after it), a line that holds more, lines of hex digits (hashes) and `begin` in
    /// prose are text; a closing tag after a run's last characters is text after the run. A PEM key is one text record,
    /// blank lines and all, read by paragraph or by line, so a rule sees it whole: its base64
    /// is not a file.
    @Test func filesEncodedInsideTextAreRecordsOfTheirOwn() throws {
        let full = String(repeating: "QUJD", count: 19)
        let hash = "9c59fa59b3e5ac73f8fa894a11bd17f8c92030dcf6d91924f133f8887456b3bc"  // a list of hashes is text
        let uu = "begin 644 photo.jpg\nM" + String(repeating: "_", count: 60) + "\n`\nend\n"
        // A space encodes zero bits: lines of a file with zeros end in spaces (Python's uuencode).
        let zeros =
            "begin 644 zeros.bin\r\nM_" + String(repeating: " ", count: 59) + "\r\nM" + String(repeating: " ", count: 60)
            + "\r\n \r\nend\r\n"
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n\(full)\n\(full)\nQUJD\n-----END RSA PRIVATE KEY-----"
        let cases: [(text: String, records: [String])] = [
            ("\(full)\n\(full)\nQUJD\n", ["E:\(full)\n\(full)\nQUJD"]),
            ("\(full)\r\n\(full)\r\n", ["E:\(full)\r\n\(full)"]),
            (uu, ["U:photo.jpg:" + uu.trimmingCharacters(in: .newlines)]),
            ("a note\n" + zeros + "after\n", ["a note", "U:zeros.bin:" + zeros.trimmingCharacters(in: .newlines), "after"]),
            (
                "<body>\n\(full)\n\(full)\nQUJD\n</body>\n<p>NINO AB123456C</p>\n",
                ["<body>", "E:\(full)\n\(full)\nQUJD", "</body>", "<p>NINO AB123456C</p>"]
            ),
            (
                "Notes\n\nfirst para\n  \(full)\r\n  \(full)\r\n  \(full)\r\nsame para\n\nlast\n",
                ["Notes", "first para", "E:  \(full)\r\n  \(full)\r\n  \(full)", "same para", "last"]
            ),
            (
                "Hi,\n\nthe record: AB 12 34 56 C\n\n\(uu)\nThanks\n",
                ["Hi,", "the record: AB 12 34 56 C", "U:photo.jpg:" + uu.trimmingCharacters(in: .newlines), "Thanks"]
            ),
            ("one \(full)\n\(full)\nlast\n", ["one \(full)", "\(full)", "last"]),
            ("\(full)\nQUJD\nnext\n", ["\(full)", "QUJD", "next"]),
            ("\(full)\n\(full)</body>\nafter\n", ["\(full)", "\(full)</body>", "after"]),
            ("<data>\n\(full)\n\(full)\nQUJD</data>\n<n>a</n>\n", ["<data>", "E:\(full)\n\(full)\nQUJD", "</data>", "<n>a</n>"]),
            ("\(full)\n\(full)\n\(full)</data> AB 12 34 56 C\n", ["E:\(full)\n\(full)\n\(full)", "</data> AB 12 34 56 C"]),
            ("begin the meeting at 10\nMinutes\n", ["begin the meeting at 10", "Minutes"]),
            ("\(hash)\n\(hash.uppercased())\n\(hash)\n", [hash, hash.uppercased(), hash]),
            ("Notes\n\n\(pem)\n\nbye\n", ["Notes", pem, "bye"]),
            (
                "start\n" + pem.replacingOccurrences(of: "\n\n", with: "\n") + "\ndone\n",
                ["start", pem.replacingOccurrences(of: "\n\n", with: "\n"), "done"]
            ),
        ]
        for (text, expected) in cases {
            let records = try Self.framed(text)
            #expect(records.map(\.text) == expected, "\(text.debugDescription)")
            for record in records {
                let start = text.utf8.index(text.utf8.startIndex, offsetBy: Int(record.offset))
                let body = record.text.replacing(/^(E:|U:[^:]*:)/, with: "")
                #expect(String(text.utf8[start...])!.hasPrefix(body), "\(record)")
            }
        }
    }

    /// Which first lines make mail, JSON or text: a header block needs a field that messages
    /// carry (a note's `Name: value` lines and a contact card's are text); a bracket opens JSON
    /// only before an object, a brace only before a key (a log line `[INFO] …` is text).
    @Test func theFirstBytesTellMailJSONAndText() throws {
        let cases: [(String, InputFormat)] = [
            ("Notes: NINO AB123456C\nAgenda: none\n\nbody\n", .text),
            ("BEGIN:VCARD\nVERSION:3.0\nNOTE:AB123456C\nEND:VCARD\n", .text),
            ("https://example.org/login.php\n", .text),
            ("X-Unknown: 1\nSubject: hello\n\nbody\n", .mail),
            ("Return-Path: <a@b>\n\tcontinued\nReceived: by x\n\nbody\n", .mail),
            ("\n\nFrom: a@b\n\nbody\n", .mail),
            ("plain words\n", .text),
            ("PNG\u{0}\u{0}binary", .unrecognised),
            // Brackets and braces open JSON only when a post or a key can follow.
            // (A line `[2026-01-02 10:00:01] …` is an iOS WhatsApp chat's, read as one.)
            ("[INFO] paid with 4111 1111 1111 1111\n", .text),
            ("[ 12.345678] usb 1-1: new device\n", .text),
            ("[[ERROR]] Error 600\nNINO AB123456C\n", .text),
            ("{draft} NINO AB123456C\n", .text),
            ("[\n {\"id\": 1, \"text\": \"x\"}\n]\n", .jsonArray),
            ("[]", .jsonArray),
            ("{\"id\": 1, \"text\": \"x\"}\n{\"id\": 2}\n", .jsonLines),
        ]
        for (text, expected) in cases {
            #expect(try Self.records(Array(text.utf8)).format == expected, "\(text.debugDescription)")
        }
    }

    /// Lines of 600 KiB (words; a run of two-byte characters with no blank; a run of ASCII
    /// with no blank), in prose and in lines, are read in pieces that rejoin to the line, each piece whole words or
    /// whole characters, at the offset where it starts.
    @Test func overLongLinesAreCutBetweenWordsAndLoseNothing() throws {
        var words = ""
        var number = 0
        while words.utf8.count < 600 << 10 {
            words += "word\(number) "
            number += 1
        }
        let lines = [words, String(repeating: "é", count: 300 << 10), String(repeating: "x", count: 600 << 10)]
        for line in lines {
            for head in ["head\n\n", "head\n"] {  // prose, then lines
                let text = head + line + "\n"
                let (format, records) = try Self.records(Array(text.utf8))
                #expect(format == .text)
                try #require(records.count >= 3)
                #expect(records[0].text == "head")
                let pieces = records.dropFirst()
                #expect(pieces.map(\.text).joined() == line)
                #expect(!pieces.contains { $0.text.contains("\u{FFFD}") })
                for piece in pieces {
                    #expect(Array(text.utf8)[Int(piece.offset)...].starts(with: Array(piece.text.utf8)))
                }
                if line == words {
                    // Every piece but the last ends with a blank: no word is split.
                    #expect(pieces.dropLast().allSatisfy { $0.text.hasSuffix(" ") })
                }
            }
        }
    }

    /// Real files from the corpora: every message file is still mail, and the licences, notices,
    /// READMEs, XML dumps and parts decoded to text are text, as is a phishing feed whose first
    /// line (`https://…`) was once taken for a header.
    @Test func theCorporaFilesKeepTheirFormats() throws {
        let files = try #require(FileManager.default.subpaths(atPath: corpora.path)).map { corpora.path + "/" + $0 }
        func format(_ path: String) throws -> InputFormat { try ArchiveReader(path: path).format }
        // CPython's test messages are `.txt` files; msg_19 is a digest's body, with no header.
        let messages = files.filter { path in
            path.hasSuffix(".eml") || (path.contains("cpython-test-email/data/msg_") && !path.hasSuffix("msg_19.txt"))
        }
        #expect(messages.count >= 130)
        for path in messages { #expect(try format(path) == .mail, "\(path)") }
        let texts = files.filter { path in
            let name = (path as NSString).lastPathComponent
            return ["LICENSE", "NOTICE"].contains(name) || name.hasPrefix("README") || name.hasSuffix("_decoded.xml")
                || path.hasSuffix("phishing/openphish-feed.txt")
        }
        #expect(texts.count >= 20)
        for path in texts { #expect(try format(path) == .text, "\(path)") }
    }
}
