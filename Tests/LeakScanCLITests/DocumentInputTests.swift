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

        let zipped = try AttachmentScanTests.incidents(try leakscan(["scan", "--no-ocr", work + "/export.zip"]).stdout)
        #expect(
            zipped.filter { $0["rule"] as? String == "uk-nino" }.compactMap { $0["location"] as? String }.sorted()
                == wanted.map { "export/files/" + $0 })
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
        let run = try leakscan(["scan", "--no-ocr", work])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try AttachmentScanTests.incidents(run.stdout).compactMap { $0["location"] as? String } == ["example.pdf"])
        #expect(run.stderr.contains("cut.pdf: unreadable PDF"), "\(run.stderr)")
        #expect(run.stderr.contains("libreoffice-writer-password.pdf: password-protected PDF"), "\(run.stderr)")
        #expect(run.stderr.contains("attachment cut.docx"), "\(run.stderr)")
        #expect(run.stderr.contains("damaged, 1 encrypted"), "\(run.stderr)")
    }
}
