import Foundation
import Testing

/// Text in no other format — notes, a contact card, a log — is scanned, as files and as
/// members of an export, and grows night by night under `--state` without a repeat.
@Suite struct PlainTextInputTests {
    static let notes = "Notes: briefing for Operation Nightjar\nsuspect NINO AB123456C\n\nNothing else.\n"
    static let card = "BEGIN:VCARD\nVERSION:3.0\nFN:Jo Bloggs\nNOTE:NI AB 12 34 56 C\nEND:VCARD\n"
    static let log = "2026-01-02 10:00:01 login ok\n2026-01-02 10:00:02 paid with 4111 1111 1111 1111\n"

    func incidents(_ run: Run) throws -> [[String: Any]] { try AttachmentScanTests.incidents(run.stdout) }

    /// Each incident as `rule location`, sorted.
    func rulesAtLocations(_ run: Run) throws -> [String] {
        try incidents(run).map { "\($0["rule"] ?? "") \($0["location"] ?? "")" }.sorted()
    }

    /// Each file's identifiers are found in their record (offset and location `text`): the
    /// note's paragraph, the card whole (its folded lines unfolded) and the log's line. From a
    /// folder and from a zip. Before, the note and the log were skipped as unrecognised and the
    /// card was read as a message whose header block hid its identifier.
    @Test func notesCardsAndLogsAreScanned() throws {
        let work = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: work + "/shared", withIntermediateDirectories: true)
        for (name, text) in [("notes.txt", Self.notes), ("jo.vcf", Self.card), ("app.log", Self.log)] {
            try text.write(toFile: work + "/shared/" + name, atomically: true, encoding: .utf8)
        }
        let run = try leakscan(["scan", work + "/shared"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try incidents(run).map { incident in
            "\(((incident["source"] as? String) ?? "").split(separator: "/").last ?? "")@\(incident["offset"] ?? "") \(incident["rule"] ?? "")"
        }
        #expect(
            found.sorted() == [
                "app.log@29 payment-card", "jo.vcf@0 uk-nino", "notes.txt@0 police-operation", "notes.txt@0 uk-nino-compact",
            ],
            "\(found)")
        #expect(try incidents(run).allSatisfy { $0["location"] as? String == "text" })
        #expect(run.stderr.contains("notes.txt: text, 2 records"), "\(run.stderr)")
        #expect(!run.stderr.contains("unrecognised"), "\(run.stderr)")

        try AttachmentScanTests.shell(["zip", "-q", "-r", "shared.zip", "shared"], in: work)
        let zipped = try incidents(try leakscan(["scan", work + "/shared.zip"]))
        #expect(zipped.count == 4)
        #expect(Set(zipped.compactMap { $0["fingerprint"] as? String }).count == 4)
    }

    /// A log that grows between nightly scans: the next night reports only the new line's
    /// card, though the last paragraph (which the new lines continue) is read again.
    @Test func aGrowingLogReportsEachIncidentOnce() throws {
        let work = try temporaryDirectory()
        let path = work + "/app.log"
        try Self.log.write(toFile: path, atomically: true, encoding: .utf8)
        let state = ["--state", work + "/state.sqlite"]
        #expect(try incidents(try leakscan(["scan"] + state + [path])).count == 1)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-01-03 09:00:00 refund to 5555 5555 5555 4444\n".utf8))
        try handle.close()
        let next = try incidents(try leakscan(["scan"] + state + [path]))
        #expect(next.count == 1)
        #expect((next.first?["excerpt"] as? String)?.contains("5555") == true, "\(next)")
        #expect(try incidents(try leakscan(["scan"] + state + [path])).isEmpty)
    }

    /// Python that makes a Word document holding a NINO, as the bytes `data`.
    static let staffRecord = #"""
        import base64, binascii, docx, io, random
        document = docx.Document()
        document.add_paragraph("Staff record: John Smith, NI number AB 12 34 56 C")
        buffer = io.BytesIO()
        document.save(buffer)
        data = buffer.getvalue()

        """#

    /// Runs of base64 inside text are read as the files they encode: a Word document kept in
    /// an XML dump gives its NINO, and the mime4j test dumps' encoded pictures give none of the
    /// derogatory incidents their lines of base64 gave. A run that decodes to no file (random
    /// bytes: a list of keys, an encrypted blob) is matched as text but not judged by the
    /// scorer, and the text after it is read as before.
    @Test func runsOfBase64InTextAreReadAsTheFilesTheyEncode() throws {
        let work = try temporaryDirectory()
        let script =
            Self.staffRecord + #"""
                encoded = base64.encodebytes(data).decode()
                noise = base64.encodebytes(random.Random(37).randbytes(3000)).decode()  # one the scorer judged offensive
                open("dump.xml", "w").write(
                    "<message>\n<subject>Quarterly figures</subject>\n<body>\n" + encoded + "</body>\n"
                    + "<blob>\n" + noise + "</blob>\n<note>card 4111 1111 1111 1111</note>\n</message>\n")
                """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        let dumps = ContainerInputTests.corpora + "/email/mime4j/core/src/test/resources/mimetools-testmsgs/"
        let run = try leakscan(["scan", "--no-ocr", work + "/dump.xml", dumps + "bluedot-simple.xml", dumps + "twopart.xml"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try rulesAtLocations(run)
        #expect(
            found == [
                "payment-card text", "uk-nino dump.xml/document",
            ], "\(found)")
        #expect(!run.stderr.contains("dump.xml at byte"), "\(run.stderr)")  // no part of it unread
    }

    /// Base64 that decodes to no file is matched for identifiers and keys, not for derogatory
    /// words, which its characters spell by chance between `+` and `/` (`…/ass+…`): 18 MB of
    /// random base64 gave 12 `profanity` and `slur` incidents, 0.7 a megabyte. These 8 MB gave
    /// five, and a `credential-password` on `…PINis…`.
    @Test func wordsThatRandomBase64SpellsAreNoIncidents() throws {
        let work = try temporaryDirectory()
        let script = #"""
            import base64, random, re
            noise = base64.encodebytes(random.Random(41).randbytes(6_000_000)).decode()
            open("blob.txt", "w").write("the key file, as exported\n\n" + noise + "\nsent by AB 12 34 56 C\n")
            words = r"(?<![A-Za-z0-9])(?:ass|shit|fuck|dick|cock|piss|crap|damn|hell|suck|dumb|pig|rat|ugly|liar|evil|lame|scum|hoe|fag)(?![A-Za-z0-9])"
            open("spelled.txt", "w").write(str(len(re.findall(words, noise, re.IGNORECASE))))
            """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        // The characters do spell such words: the rules would match them as text.
        #expect(Int(try String(contentsOfFile: work + "/spelled.txt", encoding: .utf8))! >= 1)
        let run = try leakscan(["scan", work + "/blob.txt"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try incidents(run).map { "\($0["rule"] ?? "")" } == ["uk-nino"])
    }

    /// A message encrypted inline in a mail (OpenPGP armour), a key in a note and an attachment
    /// quoted whole in a bounce's text: the words their base64 spells by chance are no
    /// incidents, while the key is still a `private-key` incident and a remark outside the data
    /// is still found.
    @Test func wordsInsideArmourOrBase64LinesAreNoIncidents() throws {
        let work = try temporaryDirectory()
        let script = #"""
            import base64, random, re
            data = base64.b64encode(random.Random(43).randbytes(6_000_000)).decode()
            noise = "\n".join(data[i:i + 64] for i in range(0, len(data), 64))
            open("mail.eml", "w").write(
                "From: a@example.org\nSubject: s\nMessage-ID: <armour@example.org>\n\nyou are a useless idiot\n\n"
                + "-----BEGIN PGP MESSAGE-----\n\n" + noise + "\n=Q2h1\n-----END PGP MESSAGE-----\n")
            open("note.txt", "w").write(
                "-----BEGIN PRIVATE KEY-----\n" + noise[:400_000] + "\n-----END PRIVATE KEY-----\n")
            wrapped = "\n".join(data[i:i + 76] for i in range(0, len(data), 76))
            open("bounce.eml", "w").write(
                "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <bounce@example.org>\n\n"
                + "This is the mail system. you are a useless idiot\n\n--- the attachment as it was sent ---\n\n" + wrapped + "\n")
            words = r"(?<![A-Za-z0-9])(?:ass|shit|fuck|dick|cock|piss|crap|damn|hell|suck|dumb|pig|rat|ugly|liar|evil|lame|scum|hoe|fag)(?![A-Za-z0-9])"
            open("spelled.txt", "w").write(str(len(re.findall(words, noise, re.IGNORECASE))))
            """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        #expect(Int(try String(contentsOfFile: work + "/spelled.txt", encoding: .utf8))! >= 1)
        for file in ["mail.eml", "bounce.eml"] {
            let mail = try incidents(try leakscan(["scan", work + "/" + file]))
            #expect(!mail.isEmpty, "\(file)")
            for incident in mail {
                let excerpt = incident["excerpt"] as? String ?? ""
                #expect(excerpt.contains("useless") || excerpt.contains("you are"), "\(file): \(incident)")
            }
        }
        #expect(try incidents(try leakscan(["scan", work + "/note.txt"])).map { "\($0["rule"] ?? "")" } == ["private-key"])
    }

    /// A text that encodes a file — a Word document in base64 and in uuencode, the corpora's
    /// photo in both — is read as the file: the document's NINO is found, at the file's
    /// location. Before, each line of encoded characters was a record, and the corpora's three
    /// encoded photos gave 51 derogatory "posts" between them. A note that holds a uuencoded
    /// file between its paragraphs is read too: a NINO before the file and a card after it were
    /// lost when the whole note was taken for the file.
    @Test func aTextThatEncodesAFileIsReadAsTheFile() throws {
        let work = try temporaryDirectory()
        let script =
            Self.staffRecord + #"""
                open("record.b64", "w").write(base64.encodebytes(data).decode())
                lines = [binascii.b2a_uu(data[i:i + 45]).decode() for i in range(0, len(data), 45)]
                open("record.uu", "w").write("begin 644 record.docx\n" + "".join(lines) + "`\nend\n")
                open("note.txt", "w").write(
                    "Hi all,\n\nthe record for JK 10 20 30 D is below.\n\nbegin 644 staff.docx\n" + "".join(lines)
                    + "`\nend\n\nThanks; the card is 4111 1111 1111 1111\n")
                """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        let encoders = ContainerInputTests.corpora + "/email/mimekit/UnitTests/TestData/encoders/"
        let run = try leakscan([
            "scan", "--no-ocr", work + "/record.b64", work + "/record.uu", work + "/note.txt", encoders + "photo.b64",
            encoders + "photo.uu",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try rulesAtLocations(run)
        #expect(
            found == [
                "payment-card text", "uk-nino record.b64/document", "uk-nino record.docx/document", "uk-nino staff.docx/document",
                "uk-nino text",
            ], "\(found)")
        #expect(run.stderr.contains("photo.uu: text, 1 records"), "\(run.stderr)")
    }

    /// The same files written out in a mail's text (a uuencoded document below a note; a bounce
    /// that quotes the returned attachment as base64 lines) are read as attachments are, with
    /// the note's own words around them. Before, the uuencoded document's NINO was missed and
    /// its characters gave two `profanity` incidents; the bounce's document went unread; and a
    /// second uuencoded file after the first was read as words.
    @Test func aFileWrittenOutInAMailsTextIsReadAsTheFile() throws {
        let work = try temporaryDirectory()
        let script =
            Self.staffRecord + #"""
                lines = [binascii.b2a_uu(data[i:i + 45]).decode() for i in range(0, len(data), 45)]
                open("uu.eml", "w").write(
                    "From: a@example.org\nSubject: record\nMessage-ID: <uu@example.org>\n\nthe record for JK 10 20 30 D:\n\n"
                    + "begin 644 staff.docx\n" + "".join(lines) + "`\nend\n\nand the rota:\n\nbegin 644 rota.txt\n"
                    + binascii.b2a_uu(b"OFFICIAL-SENSITIVE: night shift rota\n").decode()
                    + "`\nend\n\nThanks; the card is 4111 1111 1111 1111\n")
                open("bounce.eml", "w").write(
                    "From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <b64@example.org>\n\n"
                    + "Your message could not be delivered. The attachment follows.\n\n" + base64.encodebytes(data).decode()
                    + "\nEnd of returned message\n")
                """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        let run = try leakscan(["scan", "--no-ocr", work + "/uu.eml", work + "/bounce.eml"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try rulesAtLocations(run)
        #expect(
            found == [
                "marking-official-sensitive rota.txt", "payment-card body", "uk-nino body", "uk-nino body/base64-1/document",
                "uk-nino staff.docx/document",
            ], "\(found)")
    }

    /// Base64 among the words, one token, in a mail's text, a post's text and a text file: a
    /// NINO and a card number encoded so that no one sees them are found where they were
    /// encoded (`body/base64-N`, `text/base64-N`); a real PDF pasted as one line of base64 is
    /// read as the PDF. Before, each was a word of letters and digits, and nothing was found.
    @Test func base64AmongTheWordsIsReadAsWhatItEncodes() throws {
        let work = try temporaryDirectory()
        let pdf = ContainerInputTests.corpora + "/documents/pypdf/crazyones.pdf"
        let script = #"""
            import base64, json, sys
            encode = lambda data: base64.b64encode(data).decode()
            nino, card, pdf = encode(b"NI AB 12 34 56 C"), encode(b"4111 1111 1111 1111"), encode(open(sys.argv[1], "rb").read())
            open("encoded.eml", "w").write(
                "From: a@example.org\nSubject: the list\nMessage-ID: <tokens@example.org>\n\n"
                + "hi, the thing you asked for: " + nino + " cheers\nand the card " + card + "\nthe poem: " + pdf + "\n")
            open("posts.jsonl", "w").write(json.dumps({"id": "1", "user": "jo", "text": "so no one sees it: " + nino}) + "\n"
                + json.dumps({"id": "2", "user": "jo", "text": "the poem " + pdf}) + "\n")
            open("paste.txt", "w").write("the poem, as they sent it:\n" + pdf + "\n")
            """#
        try AttachmentScanTests.shell(["python3", "-c", script, pdf], in: work)
        let inputs = ["encoded.eml", "posts.jsonl", "paste.txt"].map { work + "/" + $0 }
        let run = try leakscan(["scan", "--no-ocr"] + inputs)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try rulesAtLocations(run) == ["payment-card body/base64-2", "uk-nino body/base64-1", "uk-nino text/base64-1"])

        let rules = try temporaryDirectory()
        try SignedAndEncryptedMailTests.probeRules.write(toFile: rules + "/probe.yaml", atomically: true, encoding: .utf8)
        let probed = try leakscan(["scan", "--no-ocr", "--patterns", rules] + inputs)
        let found = try incidents(probed).map {
            "\(URL(fileURLWithPath: $0["source"] as? String ?? "").lastPathComponent) \($0["location"] ?? "")"
        }
        #expect(found.sorted() == ["encoded.eml body/base64-3", "paste.txt text/base64-1", "posts.jsonl text/base64-1"], "\(found)")
    }

    /// Characters that read as a space, a hyphen or nothing: a NINO whose groups Word joined
    /// with no-break spaces, in a plain-text mail; in posts, a marking broken by a soft hyphen
    /// and by a zero-width space, a card whose groups en dashes join, a fullwidth NINO, a
    /// marking with a Cyrillic `С`. Each is found, and its excerpt keeps the characters as
    /// written (masked). Before, none was found. A Russian post (`Секретно: СОР`) stays Russian.
    @Test func lookalikeCharactersHideNothing() throws {
        let work = try temporaryDirectory()
        try "From: a@example.org\nSubject: rota\nMessage-ID: <nbsp@example.org>\n\nhis NI is AB\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}C\n"
            .write(toFile: work + "/nbsp.eml", atomically: true, encoding: .utf8)
        let posts = [
            "marked OFFICIAL-SEN\u{00AD}SITIVE do not share", "marked OFFICIAL-\u{200B}SENSITIVE, keep it",
            "card 4111\u{2013}1111\u{2013}1111\u{2013}1111 thanks",
            "his NINO is \u{FF21}\u{FF22}\u{FF11}\u{FF12}\u{FF13}\u{FF14}\u{FF15}\u{FF16}\u{FF23} ok",
            "now OFFI\u{0421}IAL-SENSITIVE, not for sharing",
            "\u{0421}\u{0435}\u{043A}\u{0440}\u{0435}\u{0442}\u{043D}\u{043E}: \u{0421}\u{041E}\u{0420}",
        ]
        let lines = try posts.enumerated().map { index, text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "\(index)", "user": "jo", "text": text]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: work + "/posts.jsonl", atomically: true, encoding: .utf8)
        let run = try leakscan(["scan", work + "/nbsp.eml", work + "/posts.jsonl"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try incidents(run).map { "\($0["rule"] ?? "") \($0["excerpt"] ?? "")" }.sorted()
        #expect(
            found == [
                "marking-official-sensitive marked OFFICIAL-SEN\u{00AD}SITIVE do not share",
                "marking-official-sensitive marked OFFICIAL-\u{200B}SENSITIVE, keep it",
                "marking-official-sensitive now OFFI\u{0421}IAL-SENSITIVE, not for sharing",
                "payment-card card 4111*************11 thanks", "uk-nino his NI is AB\u{00A0}*********C ",
                "uk-nino-compact his NINO is \u{FF21}\u{FF22}******\u{FF23} ok",
            ], "\(found)")
    }

    /// Characters written one by one, apart: a marking spaced out, with a word gap and with a
    /// Cyrillic `С`; a NINO and a mobile number spaced out; a card with full stops between its
    /// digits; a marking line spaced out; an insult and a threat spaced out. Each is found, and
    /// its excerpt shows it as written, masked. A marking's excerpt that holds a spaced-out NINO
    /// masks it too. Spaced profanity is the profanity rule's, once, as before (its pattern reads
    /// spaced letters); a version number and a list stay unread.
    @Test func spacedOutLettersHideNothing() throws {
        let work = try temporaryDirectory()
        let posts = [
            "marked O F F I C I A L - S E N S I T I V E do not share", "O F F I C I A L   S E N S I T I V E briefing",
            "now O F F I \u{0421} I A L - S E N S I T I V E", "my N I N O is A B 1 2 3 4 5 6 C lol",
            "call me on 0 7 7 0 0 9 0 0 1 2 3 tonight", "card 4.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1 thanks", "S E C R E T",
            "OFFICIAL-SENSITIVE: his NI A B 1 2 3 4 5 6 C", "my boss is a f u c k i n g i d i o t",
            "version 10.1.2.3.4 released, see the a b c list", "you are an i d i o t mate", "I will k i l l you tomorrow",
        ]
        let lines = try posts.enumerated().map { index, text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "\(index)", "user": "jo", "text": text]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: work + "/posts.jsonl", atomically: true, encoding: .utf8)
        let run = try leakscan(["scan", work + "/posts.jsonl"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try incidents(run).map { "\($0["message_id"] ?? "") \($0["rule"] ?? "") \($0["excerpt"] ?? "")" }.sorted()
        #expect(
            found == [
                "0 marking-official-sensitive marked O F F I C I A L - S E N S I T I V E do not share",
                "1 marking-official-sensitive O F F I C I A L S E N S I T I V E briefing", "10 insult you are an i * * * * mate",
                "11 threat I will k * * * you tomorrow",
                "2 marking-official-sensitive now O F F I \u{0421} I A L - S E N S I T I V E",
                "3 uk-nino-compact my N I N O is A B * * * * * * C lol",
                "4 uk-mobile-number call me on 0 7 * * * * * * * * 3 tonight",
                "5 payment-card card 4.1.1.1.*.*.*.*.*.*.*.*.*.*.1.1 thanks",
                "6 marking-classified S E C R E T",
                "7 marking-official-sensitive OFFICIAL-SENSITIVE: his NI A B * * * * * * C",
                "7 uk-nino-compact OFFICIAL-SENSITIVE: his NI A B * * * * * * C",
                "8 profanity my boss is a f * * * * * * i d i o t",
            ], "\(found)")
    }

    /// A meeting invitation and a contact card fold their long lines (a line break and a space,
    /// anywhere) and escape their commas: a NINO the fold splits, in an invitation sent as a
    /// mail's attachment, an invitation given as a file and a card's note, is found, and its
    /// excerpt reads as the calendar shows it. Before, the split NINO was missed in all three.
    @Test func aFoldedInvitationOrCardIsReadUnfolded() throws {
        let work = try temporaryDirectory()
        let script = #"""
            from email.message import EmailMessage
            line = "DESCRIPTION:Informant details: his NI is AB 12 34 56 C\, see you there."
            cut = line.index("34") + 1
            ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Briefing\r\n" + line[:cut] + "\r\n " + line[cut:] \
                + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            open("invite.ics", "w", newline="").write(ics)
            mail = EmailMessage()
            mail["From"], mail["Subject"], mail["Message-ID"] = "a@example.org", "invitation", "<ics@example.org>"
            mail.set_content("see the invitation")
            mail.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="invite.ics")
            open("invite.eml", "wb").write(bytes(mail))
            note = "NOTE:source handler\\, his NI is AB 12 34 56 C"
            cut = note.index("34") + 1
            open("jo.vcf", "w", newline="").write("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo Bloggs\r\n" + note[:cut] + "\r\n\t" + note[cut:]
                + "\r\nEND:VCARD\r\n")
            """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        let run = try leakscan(["scan", work + "/invite.eml", work + "/invite.ics", work + "/jo.vcf"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try incidents(run).map {
            "\(URL(fileURLWithPath: $0["source"] as? String ?? "").lastPathComponent) \($0["location"] ?? "") \($0["rule"] ?? "")"
        }
        #expect(found.sorted() == ["invite.eml invite.ics uk-nino", "invite.ics text uk-nino", "jo.vcf text uk-nino"], "\(found)")
        #expect(
            try incidents(run).allSatisfy {
                ($0["excerpt"] as? String)?.contains("AB ** ** ** C, see you") ?? false
                    || ($0["excerpt"] as? String)?.contains("handler, his NI") ?? false
            })
    }
}
