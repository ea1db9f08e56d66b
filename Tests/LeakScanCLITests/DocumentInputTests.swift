import Foundation
import Testing

/// Documents given as files — the PDFs and Office files people share in chats, which Messenger,
/// WhatsApp and Slack exports keep beside the messages — are read as the same documents
/// attached to mail are: an Office file is a document, not a zip of XML parts.
@Suite struct DocumentInputTests {
    /// The attachment fixture's documents (Word, Excel, PowerPoint, OpenDocument, PDF, RTF, each
    /// hiding a NINO in a different part, and two negatives), saved as files by Python's email
    /// package, then zipped as an export's `files` folder: each file must give the incident its
    /// attachment gives, at the same location, and the negatives none.
    @Test func aDocumentGivenAsAFileReadsAsTheSameDocumentAttached() throws {
        let work = try temporaryDirectory()
        try AttachmentScanTests.shell(
            ["python3", repository.appendingPathComponent("scripts/fixtures/attachment_hiding_places.py").path, work], in: work)
        let script = #"""
            import email, email.policy, mailbox, os
            os.makedirs("export/files")
            for message in mailbox.mbox("hiding-places.mbox", factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default)):
                for part in message.iter_attachments():
                    name = part.get_filename()
                    if name and name.rsplit(".", 1)[-1] in ("docx", "xlsx", "pptx", "odt", "ods", "odp", "pdf", "rtf"):
                        with open("export/files/" + name, "wb") as file:
                            file.write(part.get_content())
            """#
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        try AttachmentScanTests.shell(["zip", "-q", "-r", "export.zip", "export"], in: work)
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/expected.json"))) as? [[String: Any]])
        let documents = try FileManager.default.contentsOfDirectory(atPath: work + "/export/files")
        // Where the fixture's attachments that are documents must give an incident.
        let wanted = expected.compactMap { item -> String? in
            guard let location = item["location"] as? String, item["rule"] is String,
                let file = location.split(separator: "/").first, documents.contains(String(file))
            else { return nil }
            return location
        }.sorted()
        #expect(wanted.count >= 14, "\(wanted)")

        let files = try leakscan(["scan", "--no-ocr", work + "/export/files"])
        #expect(files.status == 1, "\(files.stderr)")
        let found = try AttachmentScanTests.incidents(files.stdout)
        #expect(found.filter { $0["rule"] as? String == "uk-nino" }.compactMap { $0["location"] as? String }.sorted() == wanted)
        // The negatives (a Luhn-invalid card in a sheet, a UUID in a document) give nothing.
        #expect(!found.contains { ["cards.xlsx", "ids.docx"].contains(($0["location"] as? String)?.split(separator: "/").first ?? "") })
        #expect(files.stderr.contains("record.docx: document, 1 records"), "\(files.stderr)")
        #expect(!files.stderr.contains("unrecognised"), "\(files.stderr)")
        // A file is no post: its incidents are the `file` channel's, in no survey row (they
        // were counted as social networking), unless the user names where it was posted.
        #expect(found.allSatisfy { $0["platform"] as? String == "file" && $0["channel"] as? String == "file" })
        let named = try AttachmentScanTests.incidents(
            try leakscan(["scan", "--no-ocr", "--platform", "whatsapp", work + "/export/files/record.docx"]).stdout)
        #expect(!named.isEmpty && named.allSatisfy { $0["platform"] as? String == "whatsapp" && $0["channel"] as? String == "sms-twitter" })

        let zipped = try AttachmentScanTests.incidents(try leakscan(["scan", "--no-ocr", work + "/export.zip"]).stdout)
        #expect(
            zipped.filter { $0["rule"] as? String == "uk-nino" }.compactMap { $0["location"] as? String }.sorted()
                == wanted.map { "export/files/" + $0 })
        #expect(zipped.allSatisfy { $0["channel"] as? String == "file" })
    }

    /// A document's description — the `filename="…"` and `Content-Type:` lines LeakScan writes
    /// for it — is matched by the rules, so a NINO in a file's name is found, but the trained
    /// scorer, which judges what people post, does not judge it. Before, it judged the corpora's
    /// `crazyones.pdf` and its type a derogatory post. Nor does it judge the text inside, which
    /// no one posted: Apple's "Here's to the crazy ones" was a derogatory remark in each copy.
    @Test func aDocumentsDescriptionIsMatchedButNotJudgedAsAPost() throws {
        let work = try temporaryDirectory()
        let pdf = try Data(contentsOf: repository.appendingPathComponent("../shared/corpora/documents/pypdf/crazyones.pdf"))
        try pdf.write(to: URL(fileURLWithPath: work + "/crazyones.pdf"))
        try pdf.write(to: URL(fileURLWithPath: work + "/payslip AB 12 34 56 C.pdf"))
        let scan = try leakscan(["scan", "--no-ocr", work])
        #expect(scan.status == 1, "\(scan.stderr)")
        let found = try AttachmentScanTests.incidents(scan.stdout)
        let described = found.filter { ($0["excerpt"] as? String)?.contains("Content-Type:") == true }
        #expect(described.map { $0["rule"] as? String } == ["uk-nino"], "\(described)")
        #expect(!found.contains { ($0["rule"] as? String)?.hasPrefix("derogatory-") == true }, "\(found)")
    }

    /// Word 97–2003 files as LibreOffice writes them, each hiding a NINO in one place — the
    /// body, a table, a header, a footer, a footnote, a comment, a text box — written first as
    /// flat OpenDocument text: each `.doc` gives the incident, as a file and as a member of a
    /// zip, and the one without a NINO gives none. Before, a `.doc` was reported as a legacy
    /// file not read.
    @Test func aWordFileGivesWhatItHides() throws {
        let work = try temporaryDirectory()
        let line = "<text:p>Staff record: John Smith, NI number AB 12 34 56 C, Lambeth</text:p>"
        let places: [String: (styles: String, body: String)] = [
            "body": ("", line),
            "table": (
                "",
                "<table:table><table:table-column table:number-columns-repeated=\"2\"/><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell>\(line)</table:table-cell></table:table-row></table:table>"
            ),
            "header": ("<style:header>\(line)</style:header>", "<text:p>Minutes</text:p>"),
            "footer": ("<style:footer>\(line)</style:footer>", "<text:p>Minutes</text:p>"),
            "footnote": (
                "",
                "<text:p>Minutes<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body>\(line)</text:note-body></text:note></text:p>"
            ),
            "comment": ("", "<text:p>Minutes<office:annotation><dc:creator>Jo</dc:creator>\(line)</office:annotation></text:p>"),
            "textbox": (
                "",
                "<text:p>Minutes<draw:frame text:anchor-type=\"paragraph\" svg:width=\"8cm\" svg:height=\"2cm\"><draw:text-box>\(line)</draw:text-box></draw:frame></text:p>"
            ),
            "clean": ("", "<text:p>Request id 123e4567-e89b-12d3-a456-426614174000 closed</text:p>"),
        ]
        let namespaces = [
            "office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"", "text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"",
            "table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"", "style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"",
            "draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"", "dc=\"http://purl.org/dc/elements/1.1/\"",
            "svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"",
        ].map { "xmlns:" + $0 }.joined(separator: " ")
        try FileManager.default.createDirectory(atPath: work + "/fodt", withIntermediateDirectories: true)
        for (name, place) in places {
            let master =
                "<office:master-styles><style:master-page style:name=\"Standard\">\(place.styles)</style:master-page></office:master-styles>"
            try """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document \(namespaces) office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
            \(master)<office:body><office:text>\(place.body)</office:text></office:body></office:document>
            """.write(toFile: work + "/fodt/\(name).fodt", atomically: true, encoding: .utf8)
        }
        try AttachmentScanTests.shell(
            [
                "timeout", "300", "soffice", "-env:UserInstallation=file://\(work)/profile", "--headless", "--convert-to", "doc",
                "--outdir", work + "/doc",
            ]
                + places.keys.sorted().map { work + "/fodt/\($0).fodt" }, in: work)
        try AttachmentScanTests.shell(["zip", "-q", "-r", "doc.zip", "doc"], in: work)
        let run = try leakscan(["scan", "--no-ocr", work + "/doc"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try AttachmentScanTests.incidents(run.stdout).filter { $0["rule"] as? String == "uk-nino" }
        let files = Set(found.compactMap { ($0["source"] as? String)?.split(separator: "/").last.map(String.init) })
        #expect(files == Set(places.keys.filter { $0 != "clean" }.map { $0 + ".doc" }), "\(run.stdout)")
        #expect(run.stderr.contains("body.doc: document, 1 records"), "\(run.stderr)")
        #expect(!run.stderr.contains("not read"), "\(run.stderr)")
        let zipped = try AttachmentScanTests.incidents(try leakscan(["scan", "--no-ocr", work + "/doc.zip"]).stdout)
        #expect(
            Set(zipped.filter { $0["rule"] as? String == "uk-nino" }.compactMap { $0["location"] as? String })
                == Set(files.map { "doc/" + $0 }))
    }

    /// Damaged and locked documents given as files end in a report each, and the document
    /// beside them is still read: a PDF cut short, a Word file cut at 60 %, a password-protected
    /// PDF (from the corpora).
    @Test func damagedAndLockedDocumentsAreReportedAndTheRestRead() throws {
        let work = try temporaryDirectory()
        let pdf = ContainerInputTests.corpora + "/documents/pypdf/"
        try Data(try Data(contentsOf: URL(fileURLWithPath: pdf + "crazyones.pdf")).prefix(6000))
            .write(to: URL(fileURLWithPath: work + "/cut.pdf"))
        let word = try Data(contentsOf: URL(fileURLWithPath: ContainerInputTests.corpora + "/documents/python-docx/tbl-props.docx"))
        try Data(word.prefix(word.count * 6 / 10)).write(to: URL(fileURLWithPath: work + "/cut.docx"))
        for name in ["libreoffice-writer-password.pdf", "example.pdf"] {
            try FileManager.default.copyItem(atPath: pdf + name, toPath: work + "/" + name)
        }
        // A rule for a line of the readable PDF's text (the Zen of Python), which no shipped rule reads.
        let rules = try temporaryDirectory()
        try """
        rules:
          - id: 'probe'
            title: 'a line of example.pdf'
            category: 'confidential'
            severity: 'low'
            pattern: 'Explicit is better than implicit'
            examples:
              match: ['Explicit is better than implicit.']
              no_match: ['Implicit is fine']

        """.write(toFile: rules + "/probe.yaml", atomically: true, encoding: .utf8)
        let run = try leakscan(["scan", "--no-ocr", "--patterns", rules, work])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try AttachmentScanTests.incidents(run.stdout).compactMap { $0["location"] as? String } == ["example.pdf"])
        #expect(run.stderr.contains("cut.pdf: unreadable PDF"), "\(run.stderr)")
        #expect(run.stderr.contains("libreoffice-writer-password.pdf: password-protected PDF"), "\(run.stderr)")
        #expect(run.stderr.contains("attachment cut.docx"), "\(run.stderr)")
        #expect(run.stderr.contains("damaged, 1 encrypted"), "\(run.stderr)")
    }
}
