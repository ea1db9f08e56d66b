import Foundation
import LeakScanFraming
import LeakScanMIME
import Testing

@Suite struct MessageParserTests {
    @Test func unfoldsHeadersAndFindsBody() throws {
        let raw = Array("Subject: a long\r\n  folded subject\r\nFrom: \"X\" <X.Y@Met.Police.UK>\r\n\r\nbody\r\n".utf8)
        let (headers, body) = try MessageParser.split(raw)
        #expect(headers.first(named: "subject")?.text == "a long folded subject")
        #expect(String(decoding: body, as: UTF8.self) == "body\r\n")
    }

    @Test func obsoleteSpaceBeforeColonIsNotPartOfTheValue() throws {
        let (headers, _) = try MessageParser.split(
            Array("Subject : NI AB 12 34 56 C\nDate    :  Tue, 3 Nov 2009 14:05:00 +0000\n\nx\n".utf8))
        #expect(headers.first(named: "Subject")?.text == "NI AB 12 34 56 C")
        #expect(headers.first(named: "Date")?.text == "Tue, 3 Nov 2009 14:05:00 +0000")
    }

    @Test func documentCarriesIdentityAuthorAndTime() throws {
        let raw = RawMessage(
            offset: 42, envelope: Array("From x@y Tue Nov  3 14:05:00 2009".utf8),
            bytes: Array(
                "From: Bob <Bob@Example.ORG>\nMessage-ID: <abc@host>\nDate: Tue, 3 Nov 2009 14:05:00 +0100\nSubject: hi\n\ntext\n".utf8),
            truncatedAt: nil)
        let (document, warnings) = try EmailDocumentBuilder().document(from: raw, source: "a.mbox")
        #expect(warnings.isEmpty)
        #expect(document.messageID == "abc@host")
        #expect(document.author == "bob@example.org")
        #expect(document.timestamp == Date(timeIntervalSince1970: 1_257_253_500))
        #expect(document.units.map(\.location) == ["subject", "body"])
        #expect(document.offset == 42)

        // A message from an Outlook store names its folder in every location.
        var stored = raw
        stored.folder = "Top of Personal Folders/Inbox"
        let (inStore, _) = try EmailDocumentBuilder().document(from: stored, source: "a.pst")
        #expect(inStore.units.map(\.location) == ["Top of Personal Folders/Inbox/subject", "Top of Personal Folders/Inbox/body"])
    }

    /// A multipart preamble is scanned unless it is the customary notice that says "MIME" in a
    /// line or so, in any case; the epilogue likewise.
    @Test(arguments: [
        ("This is a multi-part message in MIME format.", false), ("THIS IS A MULTI-PART MESSAGE IN mime FORMAT.", false),
        ("Call me on 07700 900123 about the raid", true), ("Mimic this format", true),
        ("This is a multi-part message in MIME format, and a long one that goes on past sixty-four bytes.", true),
    ])
    func customaryPreambleIsNotAUnit(preamble: String, kept: Bool) throws {
        let raw = RawMessage(
            offset: 0, envelope: Array("From a@example.org Tue Nov  3 14:05:00 2009".utf8),
            bytes: Array(
                ("From: a@example.org\nContent-Type: multipart/mixed; boundary=\"b\"\n\n\(preamble)\n--b\n"
                    + "Content-Type: text/plain\n\nhello\n--b--\n").utf8),
            truncatedAt: nil)
        let (document, _) = try EmailDocumentBuilder().document(from: raw, source: "a.mbox")
        #expect(document.units.contains { $0.location.hasSuffix("preamble") } == kept, "\(document.units.map(\.location))")
    }

    @Test(arguments: [
        ("Tue, 3 Nov 2009 14:05:00 +0000", 1_257_257_100.0),
        ("3 Nov 2009 14:05 GMT", 1_257_257_100.0),
        ("Tue, 03 Nov 09 09:05:00 EST", 1_257_257_100.0),
        ("Tuesday, 3 November 2009 15:05:00 +0100 (CET)", 1_257_257_100.0),
    ])
    func parsesMailDates(_ text: String, _ expected: Double) {
        #expect(MailDate.parse(text) == Date(timeIntervalSince1970: expected))
    }

    @Test func envelopeDateIsTheFallback() {
        #expect(MailDate.parseEnvelope("From x@y Tue Nov  3 14:05:00 2009") == Date(timeIntervalSince1970: 1_257_257_100))
        #expect(MailDate.parse("not a date") == nil)
    }

    @Test func junkIsCorruptNotAMessage() {
        #expect(throws: CorruptMessage.self) { try MessageParser.split(Array("\u{0}\u{1} garbage\n".utf8)) }
        #expect(throws: CorruptMessage.self) { try MessageParser.split(Array("just some words\nmore\n".utf8)) }
        #expect(throws: CorruptMessage.self) { try MessageParser.split([]) }
    }
}
