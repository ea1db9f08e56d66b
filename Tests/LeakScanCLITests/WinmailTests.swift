import Foundation
import Testing

/// A `winmail.dat` (Outlook's TNEF) in a mail is opened and the files it carries are read, as
/// attachments are. Before, it was one binary attachment, read as nothing.
@Suite struct WinmailTests {
    /// A real TNEF stream from tnefparse's examples (fetched by `scripts/setup`), carrying two
    /// text files, sent as Outlook sends it to a reader of plain MIME.
    @Test func filesInsideWinmailDatAreRead() throws {
        let sample = repository.appendingPathComponent(".build/test-data/tnefparse-1.4.0/tests/examples/two-files.tnef").path
        try #require(FileManager.default.fileExists(atPath: sample), "run scripts/setup")
        let work = try temporaryDirectory()
        let rules = """
            rules:
              - id: 'probe'
                title: 'words of the files inside the winmail.dat'
                category: 'confidential'
                severity: 'low'
                pattern: '(?i)\\bThomas Boll\\b|\\bMicrosoft Outlook\\b'
                examples:
                  match: ['Thomas Boll', 'Microsoft Outlook']
                  no_match: ['Outlook']

            """
        try rules.write(toFile: work + "/probe.yaml", atomically: true, encoding: .utf8)
        let script = #"""
            import sys
            from email.message import EmailMessage
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = "jo@example.police.uk", "list@example.org", "the files"
            message["Message-ID"] = "<winmail@example.police.uk>"
            message.set_content("see attached")
            message.add_attachment(open(sys.argv[1], "rb").read(), maintype="application", subtype="ms-tnef", filename="winmail.dat")
            open("winmail.eml", "wb").write(bytes(message))
            """#
        try AttachmentScanTests.shell(["python3", "-c", script, sample], in: work)
        let run = try leakscan(["scan", "--no-ocr", "--patterns", work, work + "/winmail.eml"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try AttachmentScanTests.incidents(run.stdout).map { "\($0["location"] ?? "") \($0["excerpt"] ?? "")" }.sorted()
        #expect(found.count == 2, "\(found)")
        #expect(found.first?.hasPrefix("winmail.dat/AUTHORS ") == true, "\(found)")
        #expect(found.last?.hasPrefix("winmail.dat/README ") == true, "\(found)")
        #expect(!run.stderr.contains("not read"), "\(run.stderr)")
    }
}
