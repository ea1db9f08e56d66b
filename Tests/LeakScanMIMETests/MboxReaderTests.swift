import Foundation
import LeakScanFraming
import LeakScanMIME
import Testing

let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpora/email")

func temporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = NSTemporaryDirectory() + "leakscan-\(UUID().uuidString).mbox"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct MboxReaderTests {
    /// mime4j's oracle: mbox.rlug split into five expected messages. mime4j keeps the blank
    /// separator line at the end of each piece; LeakScan gives it back to the mbox format.
    @Test func splitsLikeMime4j() throws {
        let directory = corpora.appendingPathComponent("mime4j/mbox/src/test/resources/test-1")
        let messages = Array(try MboxReader(path: directory.appendingPathComponent("mbox.rlug").path))
        #expect(messages.count == 5)
        for (index, message) in messages.enumerated() {
            let expected = try Data(contentsOf: directory.appendingPathComponent("mbox.rlug-\(index)"))
            #expect(message.bytes + [0x0A] == Array(expected), "message \(index)")
            #expect(String(decoding: message.envelope, as: UTF8.self).hasPrefix("From news@gmane.org"))
        }
    }

    /// MimeKit's oracle: byte offsets of every `From ` marker.
    @Test func offsetsMatchMimeKit() throws {
        struct Entry: Decodable { let mboxMarkerOffset: UInt64 }
        let directory = corpora.appendingPathComponent("mimekit/UnitTests/TestData/mbox")
        let expected = try JSONDecoder().decode(
            [Entry].self, from: Data(contentsOf: directory.appendingPathComponent("content-length.unix-offsets.json")))
        let offsets = try MboxReader(path: directory.appendingPathComponent("content-length.mbox.txt").path).map(\.offset)
        #expect(offsets == expected.map(\.mboxMarkerOffset))
    }

    @Test func unquotesFromLinesAndHandlesCRLF() throws {
        let text =
            "From a@b Mon Jan  1 00:00:00 2001\r\nSubject: one\r\n\r\n>From here\r\n>>From there\r\n>Fromage\r\n\r\nFrom c@d Mon Jan  1 00:00:00 2001\r\nSubject: two\r\n\r\nbody\r\n"
        let messages = Array(try MboxReader(path: temporaryFile(Array(text.utf8))))
        #expect(messages.count == 2)
        #expect(String(decoding: messages[0].bytes, as: UTF8.self) == "Subject: one\r\n\r\nFrom here\r\n>From there\r\n>Fromage\r\n")
        #expect(
            messages[1].offset == UInt64(text.utf8.count - "From c@d Mon Jan  1 00:00:00 2001\r\nSubject: two\r\n\r\nbody\r\n".utf8.count))
    }

    @Test func fromInsideABodyIsNotASeparatorUnlessItLooksLikeOne() throws {
        let text = "From a@b Mon Jan  1 00:00:00 2001\nSubject: x\n\nline\nFrom me to you, thanks\n"
        let messages = Array(try MboxReader(path: temporaryFile(Array(text.utf8))))
        #expect(messages.count == 1)
    }

    @Test func linesLongerThanTheReadChunkSurvive() throws {
        let long = String(repeating: "x", count: 600_000)
        let text = "From a@b Mon Jan  1 00:00:00 2001\nSubject: x\n\n\(long)\nend\n\nFrom c@d Mon Jan  1 00:00:00 2001\nSubject: y\n\nz\n"
        let messages = Array(try MboxReader(path: temporaryFile(Array(text.utf8))))
        #expect(messages.count == 2)
        #expect(messages[0].bytes.count == "Subject: x\n\n".utf8.count + long.utf8.count + "\nend\n".utf8.count)
    }

    @Test func oversizedMessageIsCutAndFlagged() throws {
        let body = String(repeating: "0123456789\n", count: 500)
        let text = "From a@b Mon Jan  1 00:00:00 2001\nSubject: big\n\n\(body)\nFrom c@d Mon Jan  1 00:00:00 2001\nSubject: small\n\nok\n"
        let messages = Array(try MboxReader(path: temporaryFile(Array(text.utf8)), maxMessageBytes: 2048))
        #expect(messages.count == 2)
        #expect(messages[0].truncatedAt == 2048)
        #expect(messages[0].bytes.count == 2048)
        #expect(messages[1].truncatedAt == nil)
    }

    @Test func fileWithoutEnvelopeIsOneMessage() throws {
        let path = corpora.appendingPathComponent("cpython-test-email/data/msg_01.txt").path
        let messages = Array(try MboxReader(path: path))
        #expect(messages.count == 1)
        #expect(messages[0].offset == 0)
        #expect(messages[0].bytes == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func missingFileIsAnInputError() {
        #expect(throws: InputError.self) { try MboxReader(path: "/nonexistent/leakscan.mbox") }
    }
}
