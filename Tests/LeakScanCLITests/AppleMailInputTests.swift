import Foundation
import Testing

/// Apple Mail's `.emlx` files (the length line, the message, Mail's property list) are read as
/// the mail they hold, not as text.
@Suite struct AppleMailInputTests {
    static let propertyList = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <plist version="1.0">
        <dict>
        \t<key>date-received</key>
        \t<integer>1581000000</integer>
        \t<key>flags</key>
        \t<integer>8623489089</integer>
        \t<key>remote-id</key>
        \t<string>07700900123</string>
        </dict>
        </plist>

        """

    /// An `.emlx` as Mail writes it: the length padded to ten characters, the message, the list.
    static func emlx(_ message: [UInt8], declaring length: Int? = nil, propertyList: Bool = true) -> [UInt8] {
        let count = String(length ?? message.count)
        return Array((count + String(repeating: " ", count: max(0, 10 - count.count)) + "\n").utf8) + message
            + (propertyList ? Array(Self.propertyList.utf8) : [])
    }

    static func incidents(_ run: Run) throws -> [[String: Any]] { try AttachmentScanTests.incidents(run.stdout) }

    /// What an incident says, where it is from aside (the file's name and the offset differ).
    static func summary(_ incident: [String: Any]) -> String {
        ["rule", "location", "excerpt", "message_id", "author", "timestamp", "attachment"].map { "\(incident[$0] ?? "-")" }
            .joined(separator: " | ")
    }

    /// Every `.eml` message in the corpora, stored as Mail stores it, gives the incidents the
    /// `.eml` gives, message by message; Mail's property list (whose `remote-id` here reads as
    /// a UK mobile number) gives none.
    @Test func realMessagesStoredByAppleMailGiveTheirIncidents() throws {
        let corpora = ContainerInputTests.corpora + "/email"
        let names = try #require(FileManager.default.subpaths(atPath: corpora)).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(names.count >= 90)
        let work = try temporaryDirectory()
        for (index, name) in names.enumerated() {
            let message = try [UInt8](Data(contentsOf: URL(fileURLWithPath: corpora + "/" + name)))
            try Data(Self.emlx(message)).write(to: URL(fileURLWithPath: work + "/\(index).emlx"))
        }
        let stored = try leakscan(["scan", "--no-ocr", work])
        let direct = try leakscan(["scan", "--no-ocr"] + names.map { corpora + "/" + $0 })
        #expect(stored.status == direct.status, "\(stored.stderr)")
        #expect(stored.stderr.contains("\(names.count) files"), "\(stored.stderr)")
        #expect(!stored.stderr.contains(": text,"), "\(stored.stderr)")
        func byMessage(_ run: Run, key: (String) -> String) throws -> [String] {
            try Self.incidents(run).map { key($0["source"] as? String ?? "") + " " + Self.summary($0) }.sorted()
        }
        let fromStored = try byMessage(stored) { source in
            names[Int(URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent) ?? 0]
        }
        let fromDirect = try byMessage(direct) { String($0.dropFirst(corpora.count + 1)) }
        #expect(fromStored.count >= 5)
        #expect(fromStored == fromDirect)
        #expect(
            try Self.incidents(stored).allSatisfy { $0["rule"] as? String != "uk-mobile-number" || $0["location"] as? String == "subject" })
    }

    /// A quoted-printable body breaks long lines with `=` at their ends; read as text, a NINO
    /// broken across two lines was missed. A file shorter than its length line is reported as
    /// cut and what it holds is scanned; a length line that ends inside the message hides
    /// nothing after it.
    @Test func quotedPrintableAndDamagedLengths() throws {
        let message = Array(
            """
            From: Jo Bloggs <jo@example.org>
            To: desk@example.org
            Subject: the file
            Message-ID: <qp-1@example.org>
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Here is the record you asked for, the subject's national insurance number is AB 12 3=
            4 56 C and the card on file is 4111 1111 1111 1111.

            """.utf8)
        let work = try temporaryDirectory()
        try Data(Self.emlx(message)).write(to: URL(fileURLWithPath: work + "/1.emlx"))
        try Data(Self.emlx(message, declaring: message.count + 400, propertyList: false)).write(to: URL(fileURLWithPath: work + "/2.emlx"))
        try Data(Self.emlx(message, declaring: 200)).write(to: URL(fileURLWithPath: work + "/3.emlx"))
        let run = try leakscan(["scan", "--no-ocr", work])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try Self.incidents(run).map {
            "\(URL(fileURLWithPath: $0["source"] as? String ?? "").lastPathComponent) \($0["rule"] ?? "")"
        }
        #expect(
            found.sorted() == [
                "1.emlx payment-card", "1.emlx uk-nino", "2.emlx payment-card", "2.emlx uk-nino", "3.emlx payment-card", "3.emlx uk-nino",
            ],
            "\(found)")
        #expect(
            run.stderr.contains(
                "2.emlx at byte 11: an Apple Mail message declared as \(message.count + 400) bytes, of which the file holds \(message.count)"
            ), "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "declared as").count == 2, "\(run.stderr)")
    }
}
