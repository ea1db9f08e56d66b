import Foundation
import Testing

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `leakscan` binary built beside this test bundle.
let binary: URL = {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for directory in [here, here.deletingLastPathComponent(), repository.appendingPathComponent(".build/debug")] {
        let candidate = directory.appendingPathComponent("leakscan")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    fatalError("leakscan binary not found near \(here.path)")
}()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A `leakscan` process, not started, run from the repository with the tests' fingerprint key.
func leakscanProcess(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = repository
    var environment = ProcessInfo.processInfo.environment
    environment["LEAKSCAN_FINGERPRINT_KEY"] = "cli-test-key-0123456789"
    extra.forEach { environment[$0] = $1 }
    process.environment = environment
    return process
}

/// - Parameter input: written to the process's standard input, which is then closed (nil:
///   the process inherits the tests' own).
/// - Parameter directory: where it runs (nil: the repository).
func leakscan(_ arguments: [String], environment extra: [String: String] = [:], input: Data? = nil, in directory: String? = nil) throws
    -> Run
{
    let process = leakscanProcess(arguments, environment: extra)
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let standardInput = input.map { _ in Pipe() }
    if let standardInput { process.standardInput = standardInput }
    try process.run()
    if let standardInput, let input {
        // A process that exits before it reads its input (a refused command) must not end the
        // tests with SIGPIPE; the write then fails, and that is all.
        signal(SIGPIPE, SIG_IGN)
        // From another thread: a large input fills the pipe before the process reads it all.
        DispatchQueue.global().async {
            try? standardInput.fileHandleForWriting.write(contentsOf: input)
            try? standardInput.fileHandleForWriting.close()
        }
    }
    // Read both pipes before waiting so a large output cannot deadlock the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// The value of a metric in a Prometheus text file written by `--metrics-file`.
func metric(_ name: String, in file: String) throws -> Double? {
    try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        .first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
}

/// A fresh empty directory for one test.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "leakscan-cli-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func writeTemporary(_ text: String, suffix: String = ".mbox") throws -> String {
    let path = NSTemporaryDirectory() + "leakscan-cli-\(UUID().uuidString)\(suffix)"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite struct CLITests {
    static let clean = "From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\nSubject: lunch\n\nSandwiches at one?\n"

    @Test func exitCodesFollowTheContract() throws {
        #expect(try leakscan(["scan", "--quiet", try writeTemporary(Self.clean)]).status == 0)
        #expect(try leakscan(["scan", "--quiet", "Samples/demo.mbox"]).status == 1)
        #expect(try leakscan(["scan", "--quiet", "/nonexistent.mbox"]).status == 2)
        #expect(try leakscan(["scan", "--jobs", "0", "Samples/demo.mbox"]).status == 2)
        #expect(try leakscan(["scan", "--bogus"]).status == 2)
        let help = try leakscan(["scan", "--help"]).stdout
        #expect(help.contains("EXIT STATUS"))
        for line in [
            "0  the scan finished and found no incident", "1  the scan finished and found at least one incident", "3  another scan",
        ] {
            #expect(help.contains(line))
        }
    }

    @Test func demoArchiveGivesIncidentsOfEveryCategoryAndReportsTheCorruptMessage() throws {
        let run = try leakscan(["scan", "Samples/demo.mbox"])
        let records = try run.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let keys: Set<String> = [
            "rule", "category", "severity", "source", "offset", "message_id", "author", "timestamp", "org", "person", "platform", "channel",
            "location", "attachment", "excerpt", "fingerprint",
        ]
        // Derogatory findings also say what kind of remark they are and at whom.
        for record in records {
            let extra: Set<String> = record["category"] as? String == "derogatory" ? ["kind", "target"] : []
            #expect(Set(record.keys) == keys.union(extra))
        }
        #expect(Set(records.compactMap { $0["category"] as? String }) == ["confidential", "logo", "derogatory"])
        #expect(records.contains { $0["location"] as? String == "subject" })
        #expect(run.stderr.contains("corrupt record skipped"))
        #expect(run.stderr.contains("Samples/demo.mbox at byte"))
    }

    @Test func jobsDoNotChangeTheOutput() throws {
        let one = try leakscan(["scan", "--jobs", "1", "Samples/demo.mbox"])
        let two = try leakscan(["scan", "--jobs", "2", "Samples/demo.mbox"])
        #expect(!one.stdout.isEmpty)
        #expect(one.stdout == two.stdout)
        // Workers that get no batch build nothing: 300 workers for one small mbox hold no more
        // than one (each compiled every rule, and 1,000 took 1 GB).
        let many = try leakscan(["scan", "--jobs", "300", "Samples/demo.mbox"])
        #expect(many.stdout == one.stdout)
        let peak = try #require(many.stderr.firstMatch(of: /peak RSS (\d+) MiB/).flatMap { Int($0.1) })
        #expect(peak < 150, "\(many.stderr)")
    }

    /// The peak memory a scan reports is its own: started by a process holding 800 MB (a
    /// Python wrapper here; the test runner itself in a full test run), it reported the
    /// parent's size, which `getrusage` counts from before the program started.
    @Test func thePeakMemoryReportedIsTheScansOwn() throws {
        let script = """
            import subprocess, sys
            held = bytearray(800 << 20)
            for i in range(0, len(held), 4096): held[i] = 1
            run = subprocess.run([sys.argv[1], "scan", "Samples/demo.mbox"], capture_output=True, text=True)
            print(run.stderr)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, binary.path]
        process.currentDirectoryURL = repository
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let peak = try #require(text.firstMatch(of: /peak RSS (\d+) MiB/).flatMap { Int($0.1) }, "\(text)")
        #expect(peak < 150, "\(text)")
    }

    @Test func neitherOutputNorLogsHoldAFullIdentifier() throws {
        let identifiers = ["AB 12 34 56 C", "4111 1111 1111 1111", "07700 900123", "123456", "MP234567", "Tr0ub4dor&3"]
        let mbox =
            "From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\nMessage-ID: <x@y>\nSubject: NI AB 12 34 56 C\n\n"
            + "card 4111 1111 1111 1111, mobile 07700 900123, warrant card no. 123456, warrant card MP234567, password: Tr0ub4dor&3\n"
        let run = try leakscan(["scan", "--log-level", "trace", try writeTemporary(mbox)])
        #expect(run.status == 1)
        let squeeze = { (text: String) in text.filter { !$0.isWhitespace } }
        for identifier in identifiers {
            #expect(!squeeze(run.stdout).contains(squeeze(identifier)), "\(identifier) in output")
            #expect(!squeeze(run.stderr).contains(squeeze(identifier)), "\(identifier) in logs")
        }
        #expect(run.stdout.split(separator: "\n").count >= 5)
    }

    @Test func outputFileReceivesTheRecords() throws {
        let output = NSTemporaryDirectory() + "leakscan-out-\(UUID().uuidString).jsonl"
        let run = try leakscan(["scan", "--quiet", "--output", output, "Samples/demo.mbox"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == (try leakscan(["scan", "--quiet", "Samples/demo.mbox"])).stdout)
        // `-` is stdout, as for other tools (it trapped in Foundation's path functions).
        let dash = try leakscan(["scan", "--quiet", "--output", "-", "Samples/demo.mbox"])
        #expect(dash.status == 1)
        #expect(dash.stdout == (try String(contentsOfFile: output, encoding: .utf8)))
        #expect(!FileManager.default.fileExists(atPath: "-"))
    }

    /// The files a scan writes, kept in the folder it scans (a nightly job's incidents, statistics,
    /// metrics and state database beside the mail), are not read as inputs: the incident file was
    /// listed as an input of 0 records, and the next night's scan read the database as an
    /// unrecognised file.
    @Test func theScansOwnFilesAreNotItsInputs() throws {
        let work = try temporaryDirectory()
        try #"{"id": "1", "user": "jo", "text": "card 4111 1111 1111 1111 for the fuel"}"#.write(
            toFile: work + "/posts.jsonl", atomically: true, encoding: .utf8)
        let outputs = [
            "--output", "incidents.jsonl", "--stats", "stats.json", "--stats-markdown", "stats.md", "--metrics-file", "m.prom",
            "--state", "state.db",
        ]
        // Named relative to the folder, scanned by its absolute path: the same files.
        func scan() throws -> Run { try leakscan(["scan"] + outputs + [work], in: work) }
        let first = try scan()
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stderr.contains("in 1 files"), "\(first.stderr)")
        try #"{"id": "2", "user": "jo", "text": "OFFICIAL-SENSITIVE rota"}"#.write(
            toFile: work + "/more.jsonl", atomically: true, encoding: .utf8)
        let second = try scan()
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("more.jsonl: json-lines, 1 records"), "\(second.stderr)")
        #expect(!second.stderr.contains("state.db") && !second.stderr.contains("incidents.jsonl:"), "\(second.stderr)")
        #expect(second.stderr.contains("0 unrecognised files skipped") || !second.stderr.contains("unrecognised"), "\(second.stderr)")
    }

    /// A named pipe met in a folder is reported and skipped, and the folder's files are
    /// scanned: opened, a pipe no one writes to waited for ever, so a nightly scan of a folder
    /// with a stray one never ended. (Here a writer opens it after ten seconds, so a scan that
    /// opens it ends, without the report.) A pipe named on the command line is read.
    @Test func aPipeInAFolderIsSkippedAndANamedOneRead() throws {
        let work = try temporaryDirectory()
        try "marked OFFICIAL-SENSITIVE\n".write(toFile: work + "/note.txt", atomically: true, encoding: .utf8)
        #expect(mkfifo(work + "/stray", 0o600) == 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 10) { FileHandle(forWritingAtPath: work + "/stray")?.closeFile() }
        let folder = try leakscan(["scan", work])
        #expect(folder.status == 1, "\(folder.stderr)")
        #expect(folder.stderr.contains("\(work)/stray: a named pipe, not a file; skipped"), "\(folder.stderr)")
        #expect(folder.stderr.contains("1 unrecognised files skipped"), "\(folder.stderr)")
        #expect(folder.stdout.contains("marking-official-sensitive"))

        #expect(mkfifo(work + "/named", 0o600) == 0)
        DispatchQueue.global().async {
            let pipe = FileHandle(forWritingAtPath: work + "/named")
            pipe?.write(Data(#"{"id": "1", "text": "card 4111 1111 1111 1111 for the fuel"}"#.utf8 + [0x0A]))
            pipe?.closeFile()
        }
        let named = try leakscan(["scan", work + "/named"])
        #expect(named.status == 1, "\(named.stderr)")
        #expect(named.stdout.contains("payment-card"), "\(named.stderr)")
    }

    /// `leakscan scan -` reads the standard input, whatever it holds: JSON Lines, the same
    /// gzipped (which gave no record and no error, its first bytes looked for again where they
    /// no longer were), a Word document (which was "larger than 67108864 bytes"), a zip of both;
    /// each gives the incidents the file gives, named `/dev/stdin`. Bytes in no format LeakScan
    /// reads fail the scan as an unreadable named file does; nothing at all is no failure.
    @Test func theStandardInputIsReadWhateverItHolds() throws {
        let work = try temporaryDirectory()
        let posts = #"{"id": "1", "user": "jo", "text": "card 4111 1111 1111 1111 for the fuel"}"# + "\n"
        try posts.write(toFile: work + "/posts.jsonl", atomically: true, encoding: .utf8)
        try AttachmentScanTests.shell(["gzip", "-k", "posts.jsonl"], in: work)
        let script = "import docx; d = docx.Document(); d.add_paragraph('OFFICIAL-SENSITIVE: his NI is AB 12 34 56 C'); d.save('memo.docx')"
        try AttachmentScanTests.shell(["python3", "-c", script], in: work)
        try AttachmentScanTests.shell(["zip", "-q", "both.zip", "memo.docx", "posts.jsonl"], in: work)
        func scanStandardInput(_ bytes: Data) throws -> (status: Int32, rules: [String], stderr: String) {
            let run = try leakscan(["scan", "-"], input: bytes)
            let found = try AttachmentScanTests.incidents(run.stdout)
            #expect(found.allSatisfy { $0["source"] as? String == "/dev/stdin" })
            return (run.status, found.compactMap { $0["rule"] as? String }.sorted(), run.stderr)
        }
        func file(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: work + "/" + name)) }
        // The summary line says what the stream held, as a file's says what the file is.
        for name in ["posts.jsonl", "posts.jsonl.gz"] {
            let run = try scanStandardInput(try file(name))
            #expect(run.status == 1 && run.rules == ["payment-card"], "\(name): \(run.stderr)")
            #expect(run.stderr.contains("/dev/stdin: json-lines (stream), 1 records"), "\(name): \(run.stderr)")
        }
        let memo = try scanStandardInput(try file("memo.docx"))
        #expect(memo.status == 1 && memo.rules == ["marking-official-sensitive", "uk-nino"], "\(memo.stderr)")
        #expect(memo.stderr.contains("/dev/stdin: document (stream), 1 records"), "\(memo.stderr)")
        let both = try scanStandardInput(try file("both.zip"))
        #expect(both.rules == ["marking-official-sensitive", "payment-card", "uk-nino"], "\(both.stderr)")
        #expect(both.stderr.contains("/dev/stdin: zip (stream), 2 records"), "\(both.stderr)")
        // A gzip stream cut short is reported, as the same file is.
        let gzip = try file("posts.jsonl.gz")
        let cut = try scanStandardInput(gzip.prefix(gzip.count / 2))
        #expect(cut.status == 2 && cut.stderr.contains("/dev/stdin: cannot read: gzip data ends early"), "\(cut.stderr)")
        let noise = try scanStandardInput(Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }))
        #expect(noise.status == 2 && noise.stderr.contains("/dev/stdin: not text"), "\(noise.stderr)")
        #expect(try scanStandardInput(Data()).status == 0)
        // An Outlook store needs seeking: piped, it fails the scan and says what to do, not that
        // it sat "inside a container".
        let store = try Data(contentsOf: repository.appendingPathComponent("../shared/corpora/archives/pst-libyal/outlook.pst"))
        let piped = try scanStandardInput(store)
        #expect(
            piped.status == 2 && piped.stderr.contains("/dev/stdin: cannot read: an Outlook store cannot be read from a pipe"),
            "\(piped.stderr)")
        #expect(!piped.stderr.contains("inside a container"), "\(piped.stderr)")
    }

    @Test func patternsTestPassesOnShippedRulesAndFailsOnABrokenOne() throws {
        let shipped = try leakscan(["patterns", "test"])
        #expect(shipped.status == 0)
        #expect(shipped.stdout.contains("0 failed"))

        let directory = NSTemporaryDirectory() + "leakscan-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
        rules:
          - id: broken
            title: Broken
            category: confidential
            severity: low
            pattern: 'abc'
            examples: {match: [abd], no_match: [abc]}
        """.write(toFile: directory + "/r.yaml", atomically: true, encoding: .utf8)
        let broken = try leakscan(["patterns", "test", "--patterns", directory])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("rule 'broken': match example did not match: \"abd\""))
        #expect(broken.stdout.contains("rule 'broken': no_match example matched: \"abc\""))

        try "rules:\n  - id: bad\n    title: Bad\n    category: logo\n    severity: low\n    pattern: 'a(b'\n".write(
            toFile: directory + "/r.yaml", atomically: true, encoding: .utf8)
        let unloadable = try leakscan(["patterns", "test", "--patterns", directory])
        #expect(unloadable.status == 2)
        #expect(unloadable.stderr.contains("r.yaml: rule 'bad': pattern does not compile: missing closing parenthesis at offset 3"))
    }

    @Test func patternsListPrintsEveryRule() throws {
        let table = try leakscan(["patterns", "list"])
        #expect(table.stdout.split(separator: "\n").count >= 25)
        let exported = try leakscan(["patterns", "list", "--format", "regex"])
        let regexes = exported.stdout.split(separator: "\n")
        // The two rules a scorer model decides are left out, and said so.
        #expect(regexes.count == table.stdout.split(separator: "\n").count - 2)
        #expect(exported.stderr.contains("left out derogatory-remark, derogatory-post: decided by a scorer model"))
        #expect(regexes.contains { $0.hasPrefix("(?i)") && $0.contains("Scotland") })
    }
}

@Suite struct StatsCLITests {
    @Test func mergingShardStatsEqualsOneRunOverBoth() throws {
        let work = try temporaryDirectory()
        #expect(try leakscan(["synth", "--output", work, "--size", "1M", "--organisations", "40", "--seed", "3"]).status == 0)
        let orgs = ["--orgs", work + "/organisations.yaml"]
        _ = try leakscan(["scan", "--quiet"] + orgs + ["--stats", work + "/a.json", work + "/mail.mbox"])
        _ = try leakscan(["scan", "--quiet"] + orgs + ["--stats", work + "/b.json", work + "/social.jsonl"])
        _ = try leakscan(
            ["scan", "--quiet"] + orgs + [
                "--stats", work + "/whole.json", "--stats-html", work + "/whole.html", work + "/mail.mbox", work + "/social.jsonl",
            ])
        let merged = try leakscan([
            "stats", "--merge", "--orgs", work + "/organisations.yaml", "--stats", work + "/merged.json", work + "/a.json",
            work + "/b.json",
        ])
        #expect(merged.status == 0)
        #expect(merged.stdout.contains("social-networking: investigated"))
        let whole = try Data(contentsOf: URL(fileURLWithPath: work + "/whole.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: work + "/merged.json")) == whole)
        let object = try #require(try JSONSerialization.jsonObject(with: whole) as? [String: Any])
        #expect(object["schema"] as? String == "leakscan-stats")
        #expect(object["version"] as? Int == 1)

        let html = try String(contentsOfFile: work + "/whole.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        // Offline: nothing fetched from elsewhere.
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<script"))
    }

    @Test func incidentFilesGiveTheSameCountsAsTheScan() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work, "--size", "1M", "--organisations", "30", "--seed", "4"])
        _ = try leakscan([
            "scan", "--quiet", "--orgs", work + "/organisations.yaml", "--output", work + "/incidents.jsonl", "--stats",
            work + "/scan.json", work + "/mail.mbox", work + "/social.jsonl",
        ])
        let run = try leakscan([
            "stats", "--orgs", work + "/organisations.yaml", "--stats", work + "/from-incidents.json", work + "/incidents.jsonl",
        ])
        #expect(run.status == 0)
        let fromScan = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/scan.json"))) as? [String: Any])
        let fromIncidents = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/from-incidents.json"))) as? [String: Any])
        #expect(fromScan["incidents"] as? Int == fromIncidents["incidents"] as? Int)
        #expect((fromScan["counts"] as? NSDictionary) == (fromIncidents["counts"] as? NSDictionary))
        #expect(fromIncidents["organisations"] as? Int == 30)
    }
}

@Suite struct BenchCLITests {
    func load(_ path: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        return object?["sets"] as? [[String: Any]] ?? []
    }

    @Test func plantedTruthIsRecoveredRuleByRule() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work, "--size", "1M", "--seed", "51", "--organisations", "30", "--background-rate", "0.05"])
        let run = try leakscan([
            "bench", "--orgs", work + "/organisations.yaml", "--truth", work + "/truth.jsonl", "--json", work + "/bench.json",
            work + "/mail.mbox", work + "/social.jsonl",
        ])
        #expect(run.status == 0)
        let set = try #require(try load(work + "/bench.json").first)
        let categories = try #require(set["categories"] as? [String: [String: Any]])
        #expect(!categories.isEmpty)
        for (_, figures) in categories {
            #expect(figures["precision"] as? Double == 1)
            #expect(figures["recall"] as? Double == 1)
        }
        let rules = try #require(set["rules"] as? [[String: Any]])
        #expect(rules.count >= 25)
        #expect(rules.allSatisfy { ($0["candidates"] as? Int ?? -1) >= ($0["confirmed"] as? Int ?? 0) })
    }

    @Test func labelledRecordsAreScoredPerRecordAndSetsCompared() throws {
        let work = try temporaryDirectory()
        try "id,class,text\n1,1,you absolute w@nker\n2,1,have a lovely day\n3,0,the match was shit\n4,0,lunch at noon\n"
            .write(toFile: work + "/labels.csv", atomically: true, encoding: .utf8)
        let patterns = repository.appendingPathComponent("Patterns").path
        let lexiconOnly = work + "/lexicon"
        try FileManager.default.createDirectory(atPath: lexiconOnly, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: patterns + "/derogatory-lexicon.yaml", toPath: lexiconOnly + "/derogatory-lexicon.yaml")
        try FileManager.default.copyItem(atPath: patterns + "/derogatory-scorer.tsv", toPath: lexiconOnly + "/derogatory-scorer.tsv")
        let run = try leakscan([
            "bench", "--patterns", patterns, "--patterns", lexiconOnly, "--labels", work + "/labels.csv", "--label-column", "class",
            "--positive", "1", "--json", work + "/bench.json",
        ])
        #expect(run.status == 0)
        let sets = try load(work + "/bench.json")
        #expect(sets.count == 2)
        let derogatory = try #require((sets[0]["categories"] as? [String: [String: Any]])?["derogatory"])
        // Row 1 caught (TP), row 2 missed (FN), row 3 flagged though labelled 0 (FP), row 4 clean.
        #expect(derogatory["tp"] as? Int == 1)
        #expect(derogatory["fn"] as? Int == 1)
        #expect(derogatory["fp"] as? Int == 1)
        #expect(run.stdout.contains("## A beside B"))
        #expect(run.stdout.contains("| uk-nino | A only |"))
    }
}
