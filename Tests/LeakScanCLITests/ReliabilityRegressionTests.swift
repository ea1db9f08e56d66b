import Foundation
import Testing

/// The eight findings of the reliability issue, each as the user met it: every test here
/// failed on the code before the fix.
@Suite(.serialized) struct ReliabilityRegressionTests {
    static func message(_ number: Int, from author: String, _ body: String, newline: String = "\n") -> String {
        [
            "From \(author) Mon Jan  \(number) 00:00:00 2024", "From: \(author)", "Message-ID: <\(number)@example.org>",
            "Subject: note \(number)", "", body, "",
        ].joined(separator: newline)
    }

    static func incidents(_ run: Run) throws -> [[String: Any]] {
        try run.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    static func append(_ text: String, to path: String) throws {
        try append(Data(text.utf8), to: path)
    }

    static func append(_ data: Data, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.close()
    }

    /// Runs of `count` or more digits in `text`.
    static func digitRuns(in text: String, atLeast count: Int) -> [String] {
        text.split { !$0.isASCII || !$0.isNumber }.map(String.init).filter { $0.count >= count }
    }

    // 1. An identifier printed in clear.
    @Test func sortCodeAndAccountNumberAreBothMasked() throws {
        let path = try writeTemporary(Self.message(1, from: "a@example.org", "sort code 20-00-00 account 41926817 please"))
        let found = try Self.incidents(try leakscan(["scan", "--quiet", path]))
        let excerpt = try #require(found.first { $0["rule"] as? String == "uk-sort-code-account" }?["excerpt"] as? String)
        #expect(!excerpt.contains("41926817"))
        #expect(Self.digitRuns(in: excerpt, atLeast: 4).isEmpty, "\(excerpt)")
    }

    // 2. A resumed scan loses who sent a message.
    @Test func messageAppendedAfterABlankLineKeepsItsHeaders() throws {
        let work = try temporaryDirectory()
        let mbox = work + "/archive.mbox"
        try Self.message(1, from: "first@example.org", "card 4111 1111 1111 1111").write(toFile: mbox, atomically: true, encoding: .utf8)
        #expect(try leakscan(["scan", "--quiet", "--state", work + "/state.db", mbox]).status == 1)
        try Self.append("\n" + Self.message(2, from: "second@example.org", "card 5500 0000 0000 0004"), to: mbox)
        let found = try Self.incidents(try leakscan(["scan", "--quiet", "--state", work + "/state.db", mbox]))
        #expect(found.count == 1)
        #expect(found.first?["message_id"] as? String == "2@example.org")
        #expect(found.first?["author"] as? String == "second@example.org")
        #expect(found.first?["timestamp"] as? String == "2024-01-02T00:00:00Z")
    }

    // 3. Unchanged .gz inputs are read whole every night; appended CSV and JSON arrays too.
    @Test func unchangedGzipIsNotReadAgainAndAnAppendedMemberIsReadAlone() throws {
        let work = try temporaryDirectory()
        let plain = work + "/archive.mbox"
        try Self.message(1, from: "a@example.org", "card 4111 1111 1111 1111").write(toFile: plain, atomically: true, encoding: .utf8)
        try shell("gzip -c \(plain) > \(work)/archive.mbox.gz")
        let state = ["--state", work + "/state.db", "--metrics-file", work + "/m.prom", "--quiet"]
        #expect(try leakscan(["scan"] + state + [work + "/archive.mbox.gz"]).status == 1)
        #expect(try leakscan(["scan"] + state + [work + "/archive.mbox.gz"]).status == 0)
        #expect(try metric("leakscan_bytes_read", in: work + "/m.prom") == 0)

        let next = Self.message(2, from: "b@example.org", "card 5500 0000 0000 0004")
        try next.write(toFile: work + "/next.mbox", atomically: true, encoding: .utf8)
        try shell("gzip -c \(work)/next.mbox >> \(work)/archive.mbox.gz")
        let third = try leakscan(["scan"] + state + [work + "/archive.mbox.gz"])
        #expect(try Self.incidents(third).map { $0["message_id"] as? String } == ["2@example.org"])
        #expect(try metric("leakscan_bytes_read", in: work + "/m.prom") == Double(next.utf8.count))
    }

    // 4. False positives on real informal text.
    @Test func ordinaryWordsUUIDsAndExchangeHeadersAreNotIncidents() throws {
        let posts = [
            "that curry was spicy", "we are spicing things up tonight", "buy the spices at the market",
            "request 4d660490-1382-4544-8c2c-0b334cbf29bc failed", "trace 5008980100002-4d66 (5008980100002)(4640300001)(376002)",
        ]
        let lines = posts.enumerated().map { #"{"id": "\#($0.offset)", "text": "\#($0.element)"}"# }.joined(separator: "\n") + "\n"
        let run = try leakscan(["scan", "--quiet", try writeTemporary(lines, suffix: ".jsonl")])
        #expect(run.status == 0, "\(run.stdout)")
        // A real Office 365 bounce carries Exchange anti-spam headers full of card-shaped numbers.
        let bounce = repository.appendingPathComponent("../shared/corpora/email/flanker/tests/fixtures/messages/bounce/office365.eml")
        let found = try Self.incidents(try leakscan(["scan", "--quiet", bounce.path]))
        #expect(found.filter { $0["category"] as? String == "confidential" }.isEmpty, "\(found)")
    }

    // 5. Incidents lost without a word.
    @Test func anOutputThatCannotBeWrittenIsAnErrorAndMovesNoCheckpoint() throws {
        let work = try temporaryDirectory()
        let mbox = work + "/archive.mbox"
        try Self.message(1, from: "a@example.org", "card 4111 1111 1111 1111").write(toFile: mbox, atomically: true, encoding: .utf8)
        let full = try leakscan(["scan", "--quiet", "--output", "/dev/full", mbox])
        #expect(full.status == 2)
        #expect(full.stderr.contains("No space left on device"))
        // With state: nothing is stored for what could not be written, so the next run has it.
        #expect(try leakscan(["scan", "--quiet", "--state", work + "/state.db", "--output", "/dev/full", mbox]).status == 2)
        let again = try leakscan(["scan", "--quiet", "--state", work + "/state.db", mbox])
        #expect(again.status == 1)
        #expect(try Self.incidents(again).count == 1)
        let readOnly = work + "/read-only"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o500])
        if getuid() != 0 {  // root writes anywhere
            #expect(try leakscan(["scan", "--quiet", "--output", readOnly + "/out.jsonl", mbox]).status == 2)
        }
        // An output or a state database under a regular file cannot be created, even by root.
        let underFile = try leakscan(["scan", "--quiet", "--output", mbox + "/out.jsonl", mbox])
        #expect(underFile.status == 2 && underFile.stderr.contains("Not a directory"), "\(underFile.stderr)")
        let badState = try leakscan(["scan", "--quiet", "--state", mbox + "/state.db", mbox])
        #expect(badState.status == 2 && badState.stdout.isEmpty)
    }

    // 6. `--state state.db` with a bare file name.
    @Test func aBareStateFileNameWorksInTheCurrentFolder() throws {
        let work = try temporaryDirectory()
        try Self.message(1, from: "a@example.org", "card 4111 1111 1111 1111")
            .write(toFile: work + "/archive.mbox", atomically: true, encoding: .utf8)
        let process = leakscanProcess(["scan", "--quiet", "--state", "state.db", "archive.mbox"])
        process.currentDirectoryURL = URL(fileURLWithPath: work)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        func mode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try mode(work + "/state.db") == 0o600)
        // Every file with personal data is the owner's alone, and so is a folder made for one.
        _ = try leakscan(
            [
                "scan", "--quiet", "--output", work + "/out/incidents.jsonl", "--stats", work + "/stats.json", "--stats-html",
                work + "/r.html",
                "--stats-markdown", work + "/r.md", "--state", work + "/new-folder/state.db", work + "/archive.mbox",
            ])
        for file in ["/out/incidents.jsonl", "/stats.json", "/r.html", "/r.md", "/new-folder/state.db"] {
            #expect(try mode(work + file) == 0o600, "\(file)")
        }
        #expect(try mode(work + "/new-folder") == 0o700)
        #expect(try mode(work + "/out") == 0o700)
    }

    // 7. A merge that silently drops figures.
    @Test func shardsMergedWithoutTheOrganisationsFileEqualTheWholeRun() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work, "--size", "300K", "--seed", "41", "--organisations", "12"])
        let orgs = ["--orgs", work + "/organisations.yaml"]
        _ = try leakscan(["scan", "--quiet", "--stats", work + "/whole.json"] + orgs + [work + "/mail.mbox", work + "/social.jsonl"])
        _ = try leakscan(["scan", "--quiet", "--stats", work + "/a.json"] + orgs + [work + "/mail.mbox"])
        _ = try leakscan(["scan", "--quiet", "--stats", work + "/b.json"] + orgs + [work + "/social.jsonl"])
        let merged = try leakscan(["stats", "--merge", "--stats", work + "/merged.json", work + "/a.json", work + "/b.json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let whole = try String(contentsOfFile: work + "/whole.json", encoding: .utf8)
        #expect(whole.contains("\"per_head_overall\""))
        #expect(try String(contentsOfFile: work + "/merged.json", encoding: .utf8) == whole)
    }

    // 8. A whole file skipped in silence, and its relatives.
    @Test func inputsOnceSkippedInSilenceAreScanned() throws {
        let work = try temporaryDirectory()
        let card = "card 4111 1111 1111 1111"
        let long = String(repeating: "a long post about nothing in particular. ", count: 200) + card
        try (#"{"id": "1", "text": "\#(long)"}"# + "\n" + #"{"id": "2", "text": "short"}"# + "\n")
            .write(toFile: work + "/long.jsonl", atomically: true, encoding: .utf8)
        try ("\n\n" + Self.message(1, from: "a@example.org", card)).write(
            toFile: work + "/blank-start.mbox", atomically: true, encoding: .utf8)
        let utf16 = #"{"id": "1", "text": "\#(card)"}"# + "\r\n"
        try Data([0xFF, 0xFE] + utf16.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            .write(to: URL(fileURLWithPath: work + "/utf16.jsonl"))
        let eml = "From: a@example.org\nMessage-ID: <bom@example.org>\nSubject: bom\n\n\(card)\n"
        try Data([0xEF, 0xBB, 0xBF] + Array(eml.utf8)).write(to: URL(fileURLWithPath: work + "/bom.eml"))
        // A Maildir file named by a Latin-1 system: the name is not UTF-8.
        let latin1Name = work + "/old-maildir/caf\u{E9}.eml"
        try FileManager.default.createDirectory(atPath: work + "/old-maildir", withIntermediateDirectories: true)
        let nameBytes = Array((work + "/old-maildir/caf").utf8) + [0xE9] + Array(".eml".utf8) + [0]
        let descriptor = nameBytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT, 0o600) }
        }
        #expect(descriptor >= 0)
        _ = eml.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        #expect(!FileManager.default.fileExists(atPath: latin1Name))
        for name in ["long.jsonl", "blank-start.mbox", "utf16.jsonl", "bom.eml", "old-maildir"] {
            let run = try leakscan(["scan", "--quiet", work + "/" + name])
            #expect(run.status == 1, "\(name): \(run.stderr)")
            #expect(try Self.incidents(run).contains { $0["rule"] as? String == "payment-card" }, "\(name)")
            #expect(!run.stderr.contains("corrupt"), "\(name): \(run.stderr)")
        }
        // Bytes that no record covers are a problem, and a named file without a record fails the scan.
        try "[{\"id\": \"1\", \"text\": \"hello\"}]\n{\"id\": \"2\", \"text\": \"\(card)\"}\n"
            .write(toFile: work + "/after-array.json", atomically: true, encoding: .utf8)
        let after = try leakscan(["scan", "--quiet", work + "/after-array.json"])
        #expect(after.stderr.contains("not scanned"), "\(after.stderr)")
        try "{\n  \"note\": \"\(card)\"\n}\n".write(toFile: work + "/no-array.json", atomically: true, encoding: .utf8)
        #expect(try leakscan(["scan", "--quiet", work + "/no-array.json"]).status == 2)
        // An empty export is no failure.
        try "[ ]\n".write(toFile: work + "/empty-array.json", atomically: true, encoding: .utf8)
        #expect(try leakscan(["scan", "--quiet", work + "/empty-array.json"]).status == 0)
    }

    /// A post longer than one 256 KiB read was two halves of invalid JSON, both reported corrupt
    /// and its identifier lost; a CSV quote left open made the rest of the file one record,
    /// recounted per line (minutes for 16 MB). Now the post is one record, and a record past
    /// `--max-message-bytes` is cut with a warning, the rest still scanned.
    @Test func recordsLongerThanAReadAreScannedWhole() throws {
        let work = try temporaryDirectory()
        let long = String(repeating: "a long post about nothing in particular. ", count: 9_000) + "NINO AB 12 34 56 C"
        try (#"{"id": "1", "text": "\#(long)"}"# + "\n" + #"{"id": "2", "text": "card 4111 1111 1111 1111"}"# + "\n")
            .write(toFile: work + "/long.jsonl", atomically: true, encoding: .utf8)
        let whole = try leakscan(["scan", work + "/long.jsonl"])
        #expect(!whole.stderr.contains("corrupt record"), "\(whole.stderr)")
        #expect(try Self.incidents(whole).map { $0["message_id"] as? String } == ["1", "2"])
        let cut = try leakscan(["scan", "--max-message-bytes", "100000", work + "/long.jsonl"])
        #expect(cut.stderr.contains("a JSON line longer than 100000 bytes"), "\(cut.stderr)")
        #expect(cut.stderr.contains("1 limits hit"), "\(cut.stderr)")
        #expect(try Self.incidents(cut).compactMap { $0["rule"] as? String }.sorted() == ["payment-card", "uk-nino"])
        var csv = "id,author,text\n1,ann,\"a quote left open\n"
        for row in 2...2_000 { csv += "\(row),user\(row),staff number 2\(String(format: "%05d", row)) and nothing else\n" }
        csv += "2001,zed,NINO AB 12 34 56 C\n"
        try csv.write(toFile: work + "/open-quote.csv", atomically: true, encoding: .utf8)
        let open = try leakscan(["scan", "--max-message-bytes", "20000", work + "/open-quote.csv"])
        #expect(open.stderr.contains("a CSV record longer than 20000 bytes"), "\(open.stderr)")
        #expect(try Self.incidents(open).contains { $0["rule"] as? String == "uk-nino" && $0["message_id"] as? String == "2001" })
    }
}

/// Runs a shell command line; throws when it fails.
func shell(_ command: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ShellFailure(command: command, status: process.terminationStatus) }
}

struct ShellFailure: Error {
    var command: String
    var status: Int32
}
