import Foundation
import Testing

@testable import LeakScanFraming

/// WhatsApp chat exports as Android and iOS write them: a record per message, continuation
/// lines joined to it, the app's own lines without an author, dates in either order.
@Suite struct WhatsAppChatTests {
    static func records(_ text: String) throws -> (format: InputFormat, posts: [[String: String]]) {
        try records(bytes: Array(text.utf8))
    }

    static func records(bytes: [UInt8], maxMessageBytes: Int = 64 << 20) throws -> (format: InputFormat, posts: [[String: String]]) {
        let path = NSTemporaryDirectory() + "leakscan-whatsapp-\(UUID().uuidString).txt"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path, maxMessageBytes: maxMessageBytes)
        let posts = reader.compactMap { item -> [String: String]? in
            guard case .post(let post) = item, case .fields(let fields) = post.body else { return nil }
            #expect(post.platform == "whatsapp")
            return fields
        }
        #expect(reader.error == nil)
        return (reader.format, posts)
    }

    /// A damaged chat: bytes that are not UTF-8, NULs, a message far past the size limit, no
    /// final line feed. The read ends without error and every line is in some record (the
    /// long message split at the limit, not cut); bad bytes read as U+FFFD.
    @Test func damagedChatLosesNothing() throws {
        let lines = (0..<400).map { "line \($0) " + String(repeating: "x", count: 40) }
        var bytes = Array("12/01/2023, 21:15 - Jo: bad ".utf8) + [0xFF, 0xC3, 0x00, 0xE2, 0x80] + [0x0A]
        bytes += Array(lines.joined(separator: "\n").utf8)
        bytes += Array("\n13/01/2023, 08:02 - Sam: last, with no line feed".utf8)
        let (format, posts) = try Self.records(bytes: bytes, maxMessageBytes: 4096)
        #expect(format == .whatsAppChat)
        try #require(posts.count > 3)
        #expect(posts.first?["text"]?.hasPrefix("bad \u{FFFD}") == true)
        let text = posts.compactMap { $0["text"] }.joined(separator: "\n")
        for line in lines { #expect(text.contains(line), "\(line)") }
        #expect(posts.last == ["author": "Sam", "time": "2023-01-13T08:02:00Z", "text": "last, with no line feed"])
    }

    @Test func androidExport() throws {
        let (format, posts) = try Self.records(
            """
            12/01/2023, 21:15 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.
            13/01/2023, 08:02 - Jo Bloggs: morning all
            see the NI on the custody record

            13/01/2023, 08:03 - +44 7700 900123: <Media omitted>
            13/01/2023, 08:04 - Jo Bloggs changed the subject from "Shift 3" to "Re: rota"

            """)
        #expect(format == .whatsAppChat)
        try #require(posts.count == 4)
        #expect(posts[0]["author"] == nil)
        #expect(posts[0]["time"] == "2023-01-12T21:15:00Z")
        #expect(
            posts[1] == ["author": "Jo Bloggs", "time": "2023-01-13T08:02:00Z", "text": "morning all\nsee the NI on the custody record"])
        #expect(posts[2]["author"] == "+44 7700 900123")
        // The app's own line is scanned whole, not cut at the colon inside it.
        #expect(posts[3]["author"] == nil)
        #expect(posts[3]["text"] == #"Jo Bloggs changed the subject from "Shift 3" to "Re: rota""#)
    }

    @Test func iOSExport() throws {
        let (format, posts) = try Self.records(
            "\u{200E}[1/13/23, 9:15:42\u{202F}PM] Shift 3: \u{200E}Messages and calls are end-to-end encrypted.\r\n"
                + "[1/13/23, 9:16:01\u{202F}PM] Jo: card 4111 1111 1111 1111\r\nand the expiry\r\n"
                + "[1/14/23, 12:05:00\u{202F}AM] Sam: ok")
        #expect(format == .whatsAppChat)
        try #require(posts.count == 3)
        #expect(posts.map { $0["time"] } == ["2023-01-13T21:15:42Z", "2023-01-13T21:16:01Z", "2023-01-14T00:05:00Z"])
        #expect(posts[0]["text"] == "Messages and calls are end-to-end encrypted.")
        #expect(posts[1]["text"] == "card 4111 1111 1111 1111\nand the expiry")
        #expect(posts[2]["author"] == "Sam")
    }

    /// A file's date order, from its messages: a first number above 12 puts the day first, a
    /// second one the month; where neither shows, a 12-hour clock means month first.
    @Test func dateOrderIsReadFromTheFile() throws {
        func order(_ lines: [String]) -> Bool { WhatsAppChatReader.dayFirst(in: Array(lines.joined(separator: "\n").utf8)[...]) }
        #expect(order(["01/02/2023, 10:00 - a: x", "25/02/2023, 10:00 - a: x"]))
        #expect(!order(["01/02/2023, 10:00 - a: x", "02/25/2023, 10:00 - a: x"]))
        #expect(!order(["1/2/23, 10:00 AM - a: x"]))
        #expect(order(["01.02.23, 10:00 - a: x"]))
        #expect(try Self.records("2/3/24, 10:00 PM - a: x\n").posts.first?["time"] == "2024-02-03T22:00:00Z")
        #expect(try Self.records("2/3/24, 22:00 - a: x\n").posts.first?["time"] == "2024-03-02T22:00:00Z")
        // Year first says the order, whatever the file's other dates do.
        #expect(
            try Self.records("2024-02-03 22:00 - a: x\n2/3/24, 22:00 - a: y\n").posts.map { $0["time"] } == [
                "2024-02-03T22:00:00Z", "2024-03-02T22:00:00Z",
            ])
        // A date that names no day keeps the message, without a time.
        let dates = try Self.records("29/02/2024, 22:00 - a: x\n29/02/2023, 22:00 - a: y\n13/13/2024, 25:00 - a: z\n").posts
        #expect(dates.map { $0["text"] } == ["x", "y", "z"])
        #expect(dates.map { $0["time"] } == ["2024-02-29T22:00:00Z", nil, nil])
    }

    @Test func linesThatOnlyLookLikeMessagesContinueOne() {
        for line in [
            "12/01/2023 was the date", "see you at 21:15 - ok", "[1/2/23] x", "12/01/2023, 21:15 Jo: no dash", "1/2/3, 10:00 - a: x",
            "12/01/2023, 21:15 -Jo: no space", "123/01/2023, 21:15 - a: x", "12/01/2023, 21:5 - a: x", "2023-1-123, 21:15 - a: x",
        ] {
            #expect(WhatsAppChatReader.header(Array(line.utf8)[...]) == nil, "\(line)")
        }
    }
}

/// Export objects whose array members hold the records: a Messenger thread's `messages` (its
/// `participants` are names, not posts), every array member of a wrapper, strings that hold
/// brackets; an object with no array is still reported as unscanned.
@Suite struct ExportObjectTests {
    static func read(_ text: String) throws -> (texts: [String], uncovered: Int, error: InputError?) {
        let path = NSTemporaryDirectory() + "leakscan-object-\(UUID().uuidString).json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try ArchiveReader(path: path)
        let texts = reader.compactMap { item -> String? in
            guard case .post(let post) = item, case .json(let bytes) = post.body else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        return (texts, reader.trailingBytes, reader.error)
    }

    @Test func messengerThreadGivesItsMessages() throws {
        let thread = """
            {"@context": ["https://www.w3.org/ns/activitystreams", {"ostatus": "http://ostatus.org#"}],
             "participants": [{"name": "Jo [Shift 3]"}, {"name": "Sam"}],
             "messages": [{"sender_name": "Jo", "timestamp_ms": 1673596920000, "content": "one ] ["},
                          {"sender_name": "Sam", "timestamp_ms": 1673596800000, "content": "two"}],
             "title": "Shift [3]", "is_still_participant": true, "joinable_mode": {"mode": 1, "link": ""}, "magic_words": []}
            """
        let (texts, uncovered, _) = try Self.read(thread)
        #expect(texts.count == 2)
        #expect(texts.first?.contains("one ] [") == true)
        #expect(uncovered == 0)
    }

    /// A thread cut off inside a message: the messages before it are read, and the read ends
    /// with a clear error rather than a silent stop.
    @Test func truncatedThreadKeepsWhatCameBefore() throws {
        let (texts, _, error) = try Self.read(
            "{\"participants\": [{\"name\": \"Jo\"}],\n \"messages\": [{\"content\": \"one\"}, {\"content\": \"tw")
        #expect(texts.first == #"{"content": "one"}"#)
        #expect(error?.reason.contains("truncated") == true)
    }

    @Test func everyArrayMemberAndNoArrayAtAll() throws {
        // Written over several lines, as exports are: one line would be JSON Lines.
        let (texts, _, _) = try Self.read(
            "{\"title\": \"[not an array]\",\n" + #" "a": [{"text": "1"}], "n": 2, "b": [{"text": "2"}, {"text": "3"}]}"#)
        #expect(texts == [#"{"text": "1"}"#, #"{"text": "2"}"#, #"{"text": "3"}"#])
        let (none, uncovered, _) = try Self.read("{\"id\": \"1\",\n" + #" "text": "a post on its own", "n": {"m": 2}}"#)
        #expect(none.isEmpty)
        #expect(uncovered > 20)
        let (after, trailing, _) = try Self.read("{\n" + #""a": [{"text": "1"}]} and then some"#)
        #expect(after == [#"{"text": "1"}"#])
        #expect(trailing == "andthensome".count)
    }
}
