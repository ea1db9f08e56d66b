import Foundation
import Testing

/// Identifiers hidden inside attachments, end to end through `leakscan scan`: every
/// container and document kind, nested, and the look-alikes that must stay quiet; bombs and
/// encrypted files reported and bounded while the rest of the archive is scanned.
@Suite struct AttachmentScanTests {
    /// Runs a program, failing the test when it fails.
    static func shell(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments.joined(separator: " ")) failed")
    }

    static func incidents(_ jsonLines: String) throws -> [[String: Any]] {
        try jsonLines.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func everyHidingPlaceIsFoundAndLookAlikesAreNot() throws {
        let work = try temporaryDirectory()
        try Self.shell(["python3", repository.appendingPathComponent("scripts/fixtures/attachment_hiding_places.py").path, work], in: work)
        let run = try leakscan(["scan", "--quiet", "--metrics-file", work + "/metrics.prom", work + "/hiding-places.mbox"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try Self.incidents(run.stdout)
        let expected =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/expected.json"))) as! [[String: Any]]
        #expect(expected.count >= 30)
        for case let (id?, location?) in expected.map({ ($0["message_id"] as? String, $0["location"] as? String) }) {
            let hits = found.filter { $0["message_id"] as? String == id }
            if let rule = expected.first(where: { $0["message_id"] as? String == id })?["rule"] as? String {
                #expect(
                    hits.contains { $0["location"] as? String == location && $0["rule"] as? String == rule },
                    "\(id): expected \(rule) at \(location), found \(hits.map { "\($0["rule"]!) at \($0["location"]!)" })")
            } else {
                #expect(hits.isEmpty, "\(id): look-alike reported: \(hits.map { "\($0["rule"]!) \($0["excerpt"]!)" })")
            }
        }
        // Text found inside an attachment names the outer attachment and the member.
        let zipped = try #require(found.first { $0["message_id"] as? String == "zip-in-zip@fixture" })
        let attachment = try #require(zipped["attachment"] as? [String: Any])
        #expect(attachment["name"] as? String == "outer.zip")
        #expect(attachment["member"] as? String == "inner.zip/staff.csv")
        #expect((attachment["sha256"] as? String)?.count == 64)
        // Masked everywhere: the number never appears whole.
        #expect(!run.stdout.contains("AB 12 34 56 C") && !run.stdout.contains("AB123456C"))
        #expect(try metric("leakscan_attachments_unextracted{reason=\"damaged\"}", in: work + "/metrics.prom") == 0)
    }

    @Test func bombsAndEncryptedFilesAreReportedAndTheRestIsScanned() throws {
        let work = try temporaryDirectory()
        let script = """
            import email.message, mailbox, subprocess, sys
            sys.path.insert(0, "FIXTURES")
            from attachment_hiding_places import NINO, zip_bytes as zipped
            def message(subject, name, data, body="see attached"):
                m = email.message.EmailMessage()
                m["From"] = "j.smith@met.police.uk"; m["Subject"] = subject; m["Message-ID"] = "<" + subject + "@t>"
                m.set_content(body)
                m.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
                return m
            bomb = zipped({"zeros.bin": b"\\0" * (300 << 20)})
            many = zipped({"f%05d.txt" % i: b"x" for i in range(12000)})
            deep = zipped({"staff.csv": ("ni," + NINO).encode()})
            for level in range(9):
                deep = zipped({"level%d.zip" % level: deep})
            open("secret.csv", "w").write("ni," + NINO + "\\n")
            subprocess.run(["zip", "-q", "-P", "secret", "locked.zip", "secret.csv"], check=True)
            open("plain.pdf", "wb").write(open("PDF", "rb").read())
            subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", "plain.pdf", "locked.pdf"], check=True)
            box = mailbox.mbox("bombs.mbox")
            box.add(message("bomb", "bomb.zip", bomb, body="NI number " + NINO))
            box.add(message("many", "many.zip", many))
            box.add(message("deep", "deep.zip", deep))
            box.add(message("lockedzip", "locked.zip", open("locked.zip", "rb").read()))
            box.add(message("lockedpdf", "locked.pdf", open("locked.pdf", "rb").read()))
            box.add(message("after", "staff.csv", ("ni," + NINO).encode()))
            box.flush()
            """.replacingOccurrences(of: "FIXTURES", with: repository.appendingPathComponent("scripts/fixtures").path).replacingOccurrences(
                of: "\"PDF\"", with: "\"\(repository.appendingPathComponent("../shared/corpora/documents/pypdf/crazyones.pdf").path)\"")
        try script.write(toFile: work + "/make.py", atomically: true, encoding: .utf8)
        try Self.shell(["python3", "make.py"], in: work)

        let run = try leakscan(["scan", "--metrics-file", work + "/metrics.prom", "--stats", work + "/stats.json", work + "/bombs.mbox"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try Self.incidents(run.stdout)
        let ids = Set(found.compactMap { $0["message_id"] as? String })
        // The bomb's own body and the message after it are still scanned.
        #expect(ids.contains("bomb@t") && ids.contains("after@t"), "\(ids)")
        #expect(run.stderr.contains("attachment bomb.zip/zeros.bin") && run.stderr.contains("bytes"))
        #expect(run.stderr.contains("attachment many.zip") && run.stderr.contains("more than 10000 members"))
        #expect(run.stderr.contains("containers nested deeper than"))
        #expect(run.stderr.contains("attachment locked.zip/secret.csv") && run.stderr.contains("password"))
        #expect(run.stderr.contains("attachment locked.pdf") && run.stderr.contains("password"))
        #expect(!ids.contains("lockedzip@t") && !ids.contains("lockedpdf@t"))
        #expect(try metric("leakscan_attachments_unextracted{reason=\"encrypted\"}", in: work + "/metrics.prom") == 2)
        #expect(try (metric("leakscan_attachments_unextracted{reason=\"extraction_limit\"}", in: work + "/metrics.prom") ?? 0) >= 3)
        #expect(run.stderr.contains("attachment contents not read:"))
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/stats.json"))) as? [String: Any]
        let unread = stats?["attachments_not_read"] as? [String: Int]
        #expect(unread?["encrypted"] == 2, "\(String(describing: unread))")
    }

    @Test func anOutlookStoreIsReadFolderByFolder() throws {
        let pst = repository.appendingPathComponent("../shared/corpora/archives/pst-libyal/outlook.pst").path
        let run = try leakscan(["scan", "--stats", try temporaryDirectory() + "/stats.json", pst])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("outlook-store, 2 records"), "\(run.stderr)")
        // A file that only starts like a store is reported, not a crash; the next input is still read.
        let fake = try writeTemporary("!BDN and then nothing a store holds", suffix: ".pst")
        let demo = repository.appendingPathComponent("Samples/demo.mbox").path
        let broken = try leakscan(["scan", "--quiet", fake, demo])
        #expect(broken.status == 2 && broken.stderr.contains("Outlook store"), "\(broken.stderr)")
        #expect(broken.stdout.contains("\"rule\":\"uk-nino\""))
    }
}
