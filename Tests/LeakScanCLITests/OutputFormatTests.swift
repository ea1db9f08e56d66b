import Foundation
import Testing

/// Several outputs in one run: JSON Lines, CSV and SARIF hold the same incidents; SARIF is
/// valid against the OASIS 2.1.0 schema and CSV round-trips through Python's `csv`.
@Suite struct OutputFormatTests {
    @Test func csvAndSarifHoldTheJSONLinesIncidents() throws {
        let work = try temporaryDirectory()
        let corpora = repository.appendingPathComponent("../shared/corpora")
        // A message whose identifier sits in an attachment: the attachment columns are filled.
        let attached = """
            From a@example.org Mon Jan  1 00:00:00 2024
            From: a@example.org
            Subject: staff, "list"
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            see attached
            --b
            Content-Type: text/csv; name="staff, 2024.csv"
            Content-Disposition: attachment; filename="staff, 2024.csv"

            name,card
            A. Smith,4111 1111 1111 1111
            --b
            Content-Type: image/png; name="met_logo.png"
            Content-Disposition: attachment; filename="met_logo.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==
            --b--

            """
        try attached.write(toFile: work + "/attached.mbox", atomically: true, encoding: .utf8)
        let inputs = [
            "Samples/demo.mbox", corpora.appendingPathComponent("email/mimekit/UnitTests/TestData/mbox").path, work + "/attached.mbox",
        ]
        // The OLID tweets as a posts export: real text with quotes, commas and line breaks.
        let tweets = try String(contentsOf: corpora.appendingPathComponent("labelled/olid-train/val_text.txt"), encoding: .utf8)
            .split(separator: "\n").prefix(400).enumerated().map { index, text in
                String(
                    decoding: try JSONSerialization.data(withJSONObject: ["id": "\(index)", "text": "\(text), \"quoted\"\r\nnext"]),
                    as: UTF8.self)
            }.joined(separator: "\n")
        try (tweets + "\n").write(toFile: work + "/tweets.jsonl", atomically: true, encoding: .utf8)
        let run = try leakscan(
            ["scan", "--quiet", "--output", work + "/i.jsonl", "--csv", work + "/i.csv", "--sarif", work + "/i.sarif"]
                + inputs + [work + "/tweets.jsonl"])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = try String(contentsOfFile: work + "/i.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 20)
        #expect(lines.contains { $0.contains("\"attachment\":{") })

        let oracle = Process()
        oracle.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        oracle.arguments = [
            "python3", repository.appendingPathComponent("scripts/oracle/check_sarif_csv.py").path,
            repository.appendingPathComponent("../shared/reference/sarif/sarif-schema-2.1.0.json").path,
            work + "/i.jsonl", work + "/i.csv", work + "/i.sarif",
        ]
        let out = Pipe()
        oracle.standardOutput = out
        oracle.standardError = out
        try oracle.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        oracle.waitUntilExit()
        #expect(oracle.terminationStatus == 0, "\(report)")

        // SARIF to stdout with --format, and an empty scan still gives a valid document.
        let clean = try writeTemporary(CLITests.clean)
        let sarif = try leakscan(["scan", "--quiet", "--format", "sarif", clean])
        #expect(sarif.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect((runs.first?["results"] as? [Any])?.isEmpty == true)
    }
}
