import Foundation
import LeakScanCore
import LeakScanState
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Nightly scans with `--state`: incremental reading, exactly-once incidents after SIGKILL,
/// the lock, and the metrics file.
@Suite(.serialized) struct StateCLITests {
    /// The (message, rule) pairs of a scan's incident lines: what a plain scan of the same
    /// messages must report, wherever in which file they sit.
    func findings(_ output: String) throws -> [String] {
        try output.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return "\(object["message_id"] ?? "") \(object["rule"] ?? "")"
        }.sorted()
    }

    @Test func appendedMessagesAreTheOnlyBytesReadAndTheOnlyIncidentsReported() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work + "/a", "--size", "1M", "--seed", "31", "--organisations", "20"])
        _ = try leakscan(["synth", "--output", work + "/b", "--size", "512K", "--seed", "32", "--organisations", "20"])
        let mbox = work + "/mail.mbox"
        try FileManager.default.copyItem(atPath: work + "/a/mail.mbox", toPath: mbox)
        let state = ["--state", work + "/state.sqlite", "--metrics-file", work + "/metrics.prom"]

        let first = try leakscan(["scan"] + state + [mbox])
        #expect(first.status == 1)
        #expect(try !findings(first.stdout).isEmpty)
        #expect(try findings(first.stdout) == findings(try leakscan(["scan", work + "/a/mail.mbox"]).stdout))

        let again = try leakscan(["scan"] + state + [mbox])
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty)
        #expect(try metric("leakscan_bytes_read", in: work + "/metrics.prom") == 0)

        let appended = try Data(contentsOf: URL(fileURLWithPath: work + "/b/mail.mbox"))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: mbox))
        try handle.seekToEnd()
        try handle.write(contentsOf: appended)
        try handle.close()
        let third = try leakscan(["scan"] + state + [mbox])
        #expect(third.status == 1)
        #expect(try metric("leakscan_bytes_read", in: work + "/metrics.prom") == Double(appended.count))
        let appendedAlone = try findings(try leakscan(["scan", work + "/b/mail.mbox"]).stdout)
        #expect(!appendedAlone.isEmpty)
        #expect(try findings(third.stdout) == appendedAlone)

        // A rewritten file is scanned whole again, but its known incidents are not reported again.
        try FileManager.default.removeItem(atPath: mbox)
        try FileManager.default.copyItem(atPath: work + "/b/mail.mbox", toPath: mbox)
        let rewritten = try leakscan(["scan"] + state + [mbox])
        #expect(rewritten.stdout.isEmpty)
        // Nothing new, nothing written: status 0, as a nightly job's alert needs (it was 1, for
        // incidents an earlier run had reported), and the summary says why the output is empty.
        #expect(rewritten.status == 0, "\(rewritten.stderr)")
        #expect(rewritten.stderr.contains("with --state: 0 new incidents, 0 written"), "\(rewritten.stderr)")
        #expect(try metric("leakscan_bytes_read", in: work + "/metrics.prom") == Double(appended.count))
    }

    /// The standard input scanned with state twice: its incidents are stored, so the second
    /// run writes none and exits 0; but it is no input to resume or read again, so `rescan`
    /// does not wait on the standard input (it recorded `/dev/stdin` and read it again).
    @Test func theStandardInputsIncidentsAreKeptButNotTheInput() throws {
        let work = try temporaryDirectory()
        let posts = Data(#"{"id": "1", "user": "jo", "text": "card 4111 1111 1111 1111 for the fuel"}"#.utf8 + [0x0A])
        let state = ["--state", work + "/state.sqlite"]
        let first = try leakscan(["scan"] + state + ["-"], input: posts)
        #expect(first.status == 1 && first.stdout.contains("payment-card"), "\(first.stderr)")
        let second = try leakscan(["scan"] + state + ["-"], input: posts)
        #expect(second.status == 0 && second.stdout.isEmpty, "\(second.stderr)")
        #expect(second.stderr.contains("with --state: 0 new incidents, 0 written"), "\(second.stderr)")
        let again = try leakscan(["rescan"] + state, input: Data())
        #expect(again.stderr.contains("the state database has no inputs yet"), "\(again.stderr)")
    }

    /// An empty Maildir at `path`, and how to deliver a message into it (a name under it, a body).
    func makeMaildir(_ path: String) throws -> (String, String) throws -> Void {
        for folder in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(atPath: path + "/" + folder, withIntermediateDirectories: true)
        }
        return { name, body in
            try "From: a@example.org\nSubject: s\n\n\(body)\n".write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    /// Two monthly dumps that each number their rows from 1: row 1 of each is its own post, and
    /// the same number in both is two incidents, not one dropped as known. A tweet's id names
    /// one post anywhere: the same tweet in two exports is one incident.
    @Test func rowNumbersNameAPostOnlyWithinItsFile() throws {
        let work = try temporaryDirectory()
        let header = "id,author,created_at,text\n"
        try (header + "1,jo,2023-01-13T08:02:00Z,NI AB 12 34 56 C for the form\n")
            .write(toFile: work + "/2023-01.csv", atomically: true, encoding: .utf8)
        try (header + "1,sam,2023-02-01T09:00:00Z,his NI is AB 12 34 56 C\n")
            .write(toFile: work + "/2023-02.csv", atomically: true, encoding: .utf8)
        let tweet = #"{"id_str": "1614134567890123456", "text": "card 4111 1111 1111 1111", "user": {"screen_name": "jo"}}"# + "\n"
        for name in ["a.jsonl", "b.jsonl"] { try tweet.write(toFile: work + "/" + name, atomically: true, encoding: .utf8) }
        let run = try leakscan(["scan", "--state", work + "/state.sqlite", work])
        #expect(try findings(run.stdout) == ["1 uk-nino", "1 uk-nino", "1614134567890123456 payment-card"], "\(run.stderr)")
    }

    @Test func knownMaildirMessagesAreSkippedByNameEvenWhenRenamed() throws {
        let work = try temporaryDirectory()
        let maildir = work + "/Maildir"
        let deliver = try makeMaildir(maildir)
        try deliver("new/1700000001.M1P1.host", "my NI number is AB 12 34 56 C")
        try deliver("cur/1700000002.M2P2.host:2,", "nothing to see")
        // An mbox that sits in a folder called new/ is not a Maildir message: it may grow.
        try "From a@example.org Mon Jan  1 00:00:00 2024\nSubject: s\n\nhello\n".write(
            toFile: maildir + "/new/archive.mbox", atomically: true, encoding: .utf8)
        let state = ["--state", work + "/state.sqlite", "--metrics-file", work + "/metrics.prom"]
        let first = try leakscan(["scan"] + state + [maildir])
        #expect(first.status == 1)
        #expect(first.stdout.split(separator: "\n").count == 1)
        // A message's row records the file as its reader's descriptor saw it: what stat says.
        for message in ["new/1700000001.M1P1.host", "cur/1700000002.M2P2.host:2,"] {
            let path = maildir + "/" + message
            let row = try #require(try StateStore(path: work + "/state.sqlite").input(path))
            let info = try #require(FileSystemPath.stat(path))
            #expect(row.size == UInt64(info.st_size) && row.inode == UInt64(info.st_ino) && row.complete)
            #expect(row.modified == FileStatus(info).modified && row.prefixLength == 0)
        }

        // Read and flagged by the mail client: renamed into cur/ with flags. Not read again.
        try FileManager.default.moveItem(atPath: maildir + "/new/1700000001.M1P1.host", toPath: maildir + "/cur/1700000001.M1P1.host:2,S")
        let renamed = try leakscan(["scan"] + state + [maildir])
        #expect(renamed.status == 0)
        #expect(renamed.stdout.isEmpty)
        #expect(try metric("leakscan_bytes_read", in: work + "/metrics.prom") == 0)

        // A new delivery is read alone, and so is the mbox that grew.
        try deliver("new/1700000003.M3P3.host", "card 4111 1111 1111 1111")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: maildir + "/new/archive.mbox"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nFrom b@example.org Mon Jan  1 00:00:00 2024\nSubject: s\n\nmy pin is 4321\n".utf8))
        try handle.close()
        let delivered = try leakscan(["scan"] + state + [maildir])
        #expect(delivered.status == 1)
        let rules = delivered.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
        }
        #expect(rules.sorted() == ["credential-password", "payment-card"])
    }

    /// A Maildir folder read whole is not listed again while its time is unchanged. The test
    /// plants a message and puts the folder's time back, which no mail client does: the plant
    /// going unreported is what shows that the folder was not listed.
    @Test func unchangedMaildirFoldersAreNotListed() throws {
        let work = try temporaryDirectory()
        let maildir = work + "/Maildir"
        let deliver = try makeMaildir(maildir)
        func setTime(_ folder: String, _ date: Date) throws {
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: maildir + "/" + folder)
        }
        func rules(_ run: Run) -> [String] {
            run.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["rule"] as? String
            }.sorted()
        }
        try deliver("cur/1700000001.M1P1.host:2,S", "my NI number is AB 12 34 56 C")
        try deliver("cur/1700000002.M2P2.host:2,", "nothing to see")
        // new/ holds an mbox as well as messages: an mbox grows without its folder's time changing.
        try deliver("new/1700000003.M3P3.host", "nothing here either")
        try "From a@example.org Mon Jan  1 00:00:00 2024\nSubject: s\n\nhello\n".write(
            toFile: maildir + "/new/archive.mbox", atomically: true, encoding: .utf8)
        let anHourAgo = Date(timeIntervalSinceNow: -3600)
        try setTime("cur", anHourAgo)
        try setTime("new", anHourAgo)
        let state = ["--state", work + "/state.sqlite", "--metrics-file", work + "/metrics.prom"]
        #expect(rules(try leakscan(["scan"] + state + [maildir])) == ["uk-nino"])
        #expect(try metric("leakscan_maildir_folders_unlisted", in: work + "/metrics.prom") == 0)

        try deliver("cur/1700000004.M4P4.host:2,S", "card 4111 1111 1111 1111")
        try setTime("cur", anHourAgo)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: maildir + "/new/archive.mbox"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\nFrom b@example.org Mon Jan  1 00:00:00 2024\nSubject: s\n\nmy pin is 4321\n".utf8))
        try handle.close()
        try setTime("new", anHourAgo)
        let unchanged = try leakscan(["scan"] + state + [maildir])
        // cur/ was not listed (its plant unseen); new/ was, and the mbox's new message read.
        #expect(rules(unchanged) == ["credential-password"])
        #expect(unchanged.stderr.contains("3 inputs unchanged since the last scan, not read (1 Maildir folders of them not even listed)"))
        #expect(try metric("leakscan_maildir_folders_unlisted", in: work + "/metrics.prom") == 1)

        // A folder whose time moved is listed; one whose time is too recent to trust is not
        // remembered, so a message planted behind that same time is still found next night.
        let justNow = Date()
        try setTime("cur", justNow)
        #expect(rules(try leakscan(["scan"] + state + [maildir])) == ["payment-card"])
        try deliver("cur/1700000005.M5P5.host:2,", "my pin is 8642")
        try setTime("cur", justNow)
        #expect(rules(try leakscan(["scan"] + state + [maildir])) == ["credential-password"])
    }

    /// SIGTERM (and SIGINT) stop a scan gracefully: what it read is written and stored, the
    /// summary says it was stopped, the status is 143; the next run with the same state writes
    /// the rest, so the two runs' incidents are one clean run's, each once. Killed at once, a
    /// scan wrote no summary.
    @Test func aStoppedScanWritesWhatItReadAndTheNextGoesOn() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work, "--size", "60M", "--seed", "35"])
        let input = work + "/mail.mbox"
        let state = ["--state", work + "/state.sqlite"]
        let clean = try leakscan(["scan", input])
        let process = leakscanProcess(["scan"] + state + [input])
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Stopped once its first incidents are written and stored, well before its end.
        var first = Data()
        while !first.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first += chunk
        }
        process.terminate()
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143, "\(errors)")
        #expect(errors.contains("stopped by SIGTERM"), "\(errors)")
        let stopped = try findings(String(decoding: first + rest, as: UTF8.self))
        let next = try leakscan(["scan"] + state + [input])
        #expect(next.status == 1, "\(next.stderr)")
        let both = try (stopped + findings(next.stdout)).sorted()
        #expect(!stopped.isEmpty && stopped.count < both.count)
        #expect(both == (try findings(clean.stdout)))
    }

    @Test func killedScansResumeToExactlyTheIncidentsOfOneCleanRun() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work, "--size", "40M", "--seed", "33", "--background-rate", "0.05"])
        let inputs = [work + "/mail.mbox", work + "/social.jsonl"]
        let clean = try leakscan(["scan", "--quiet", "--state", work + "/clean.sqlite"] + inputs)
        #expect(clean.status == 1)

        var generator = SystemRandomNumberGenerator()
        var killed = 0
        var attempts = 0
        while killed < 20 && attempts < 40 {
            attempts += 1
            let process = leakscanProcess(["scan", "--quiet", "--jobs", "2", "--state", work + "/killed.sqlite"] + inputs)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 50_000...400_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
        }
        #expect(killed == 20, "the archive was fully scanned before 20 kills landed")
        let finish = try leakscan(["scan", "--quiet", "--state", work + "/killed.sqlite"] + inputs)
        #expect(finish.status <= 1)

        // Every stable field (not the times and run numbers of the store itself), by fingerprint.
        func rows(_ path: String) throws -> [[String]] {
            try StateStore(path: path).listIncidents().map {
                [
                    $0.fingerprint, $0.rule, $0.category, $0.severity, $0.source, String($0.offset), $0.messageId ?? "", $0.location,
                    $0.excerpt,
                    $0.status,
                ]
            }.sorted { $0[0] < $1[0] }
        }
        let expected = try rows(work + "/clean.sqlite")
        let actual = try rows(work + "/killed.sqlite")
        #expect(!expected.isEmpty)
        #expect(actual.count == expected.count)
        #expect(actual == expected)
    }

    @Test func twoConcurrentScansOnOneDatabaseRunOneAtATime() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work, "--size", "8M", "--seed", "35"])
        func start() throws -> (Process, Pipe) {
            let process = leakscanProcess(["scan", "--quiet", "--state", work + "/state.sqlite", work + "/mail.mbox"])
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            return (process, errors)
        }
        let (first, firstErrors) = try start()
        usleep(150_000)
        let (second, secondErrors) = try start()
        let messages = [firstErrors, secondErrors].map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        first.waitUntilExit()
        second.waitUntilExit()
        let statuses = [first.terminationStatus, second.terminationStatus]
        // Exactly one ran (0 or 1); the other was refused with 3 and said why.
        #expect(statuses.filter { $0 == 3 }.count == 1, "statuses \(statuses)")
        #expect(statuses.filter { $0 <= 1 }.count == 1, "statuses \(statuses)")
        #expect(messages.contains { $0.contains("another scan is using the state database") })
    }

    @Test func aSecondScanOnTheSameDatabaseExitsWithThree() throws {
        let work = try temporaryDirectory()
        let database = work + "/state.sqlite"
        let descriptor = open(database + ".lock", O_RDWR | O_CREAT, 0o600)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        defer { close(descriptor) }
        let blocked = try leakscan(["scan", "--state", database, "Samples/demo.mbox"])
        #expect(blocked.status == 3)
        #expect(blocked.stderr.contains("another scan is using the state database"))
        #expect(blocked.stdout.isEmpty)
        flock(descriptor, LOCK_UN)
        #expect(try leakscan(["scan", "--quiet", "--state", database, "Samples/demo.mbox"]).status == 1)
    }

    /// A strict reading of the Prometheus text format (0.0.4): HELP and TYPE before samples,
    /// one TYPE per metric, valid names, label syntax and numbers.
    @Test func metricsFileIsValidPrometheusText() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["scan", "--quiet", "--state", work + "/s.sqlite", "--metrics-file", work + "/m.prom", "Samples/demo.mbox"])
        let text = try String(contentsOfFile: work + "/m.prom", encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        let name = "[a-zA-Z_:][a-zA-Z0-9_:]*"
        let label = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\""
        let sample = try NSRegularExpression(
            pattern: "^(\(name))(\\{\(label)(,\(label))*\\})? (-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)$")
        var typed = [String: String]()
        var helped = Set<String>()
        var samples = 0
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# HELP ") {
                let metric = String(line.dropFirst(7).split(separator: " ")[0])
                #expect(helped.insert(metric).inserted, "second HELP for \(metric)")
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                #expect(parts.count == 2 && ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[1])), "\(line)")
                #expect(typed[String(parts[0])] == nil, "second TYPE for \(parts[0])")
                typed[String(parts[0])] = String(parts[1])
            } else {
                let match = sample.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))
                #expect(match != nil, "not a valid sample: \(line)")
                if let match, let range = Range(match.range(at: 1), in: line) {
                    #expect(typed[String(line[range])] != nil, "sample before its TYPE: \(line)")
                }
                samples += 1
            }
        }
        #expect(samples > 10)
        #expect(typed["leakscan_last_success_timestamp_seconds"] == "gauge")
        #expect(text.contains("leakscan_incidents{category=\"confidential\",severity=\"high\"}"))
    }
}

/// Incident lifecycle and rule-set comparison.
@Suite(.serialized) struct LifecycleCLITests {
    func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// `incidents list` shows a derogatory incident's kind and target as the scan wrote them.
    @Test func storedIncidentsKeepKindAndTarget() throws {
        let work = try temporaryDirectory()
        let database = ["--state", work + "/state.sqlite"]
        let mail = try writeTemporary(
            "From a@x Mon Jan  1 00:00:00 2024\nFrom: pc@met.police.uk\nSubject: shift\n\nyou are an idiot, and the card is 4111 1111 1111 1111\n"
        )
        let scanned = jsonLines(try leakscan(["scan"] + database + [mail]).stdout)
        let listed = jsonLines(try leakscan(["incidents", "list", "--json"] + database).stdout)
        #expect(scanned.count >= 2 && listed.count == scanned.count)
        #expect(scanned.contains { $0["kind"] as? String == "insult" && $0["target"] as? String == "colleague" })
        for incident in scanned {
            let stored = try #require(listed.first { $0["fingerprint"] as? String == incident["fingerprint"] as? String })
            #expect(stored["kind"] as? String == incident["kind"] as? String)
            #expect(stored["target"] as? String == incident["target"] as? String)
        }
        // A rule without a kind is stored without one.
        #expect(listed.contains { $0["rule"] as? String == "payment-card" && $0["kind"] is NSNull })
    }

    @Test func markedFalsePositiveIsSuppressedInTheNextRun() throws {
        let work = try temporaryDirectory()
        let database = ["--state", work + "/state.sqlite"]
        let first = jsonLines(try leakscan(["scan"] + database + ["Samples/demo.mbox"]).stdout)
        let target = try #require(first.first?["fingerprint"] as? String)
        let marked = try leakscan(["incidents", "mark-fp"] + database + ["--by", "analyst", String(target.prefix(10))])
        #expect(marked.status == 0)
        #expect(marked.stdout.contains("\(target)\tfalse_positive\tanalyst"))
        let listed = jsonLines(try leakscan(["incidents", "list"] + database + ["--status", "false_positive", "--json"]).stdout)
        #expect(listed.map { $0["fingerprint"] as? String } == [target])
        #expect(listed.first?["status_by"] as? String == "analyst")
        // Numbers are JSON numbers and times ISO 8601, as in scan output.
        #expect(listed.first?["offset"] is NSNumber)
        #expect((listed.first?["first_seen"] as? String)?.hasSuffix("Z") == true)

        // Every incident again (--full --all), except the false positive.
        let again = jsonLines(try leakscan(["scan", "--full", "--all"] + database + ["Samples/demo.mbox"]).stdout)
        #expect(again.count == first.count - 1)
        #expect(!again.contains { $0["fingerprint"] as? String == target })
        #expect(try leakscan(["incidents", "ack"] + database + ["nonexistent"]).status == 2)
    }

    /// Removes one rule from a copy of the shipped rule files.
    func rulesWithout(_ rule: String, in directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Patterns").path) {
            guard name.hasSuffix(".yaml") else {  // the logos folder, copied as it is
                try FileManager.default.copyItem(
                    atPath: repository.appendingPathComponent("Patterns/\(name)").path, toPath: directory + "/" + name)
                continue
            }
            var text = try String(contentsOf: repository.appendingPathComponent("Patterns/\(name)"), encoding: .utf8)
            if let start = text.range(of: "  - id: \(rule)\n") {
                let end = text[start.upperBound...].range(of: "\n  - id: ")?.lowerBound ?? text.endIndex
                text.removeSubrange(start.lowerBound..<end)
            }
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func diffListsExactlyTheIncidentsOfTheAddedAndRemovedRules() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work + "/archive", "--size", "2M", "--seed", "41", "--background-rate", "0.05"])
        let setA = try rulesWithout("uk-mobile-number", in: work + "/a")
        let setB = try rulesWithout("police-operation", in: work + "/b")
        let database = ["--state", work + "/state.sqlite"]
        let inputs = [work + "/archive/mail.mbox", work + "/archive/social.jsonl"]
        let first = jsonLines(try leakscan(["scan", "--quiet", "--patterns", setA] + database + inputs).stdout)
        #expect(first.contains { $0["rule"] as? String == "police-operation" })
        let rescan = jsonLines(try leakscan(["rescan", "--quiet", "--patterns", setB] + database).stdout)
        // Newly reported: exactly the mobile numbers set A could not see.
        #expect(!rescan.isEmpty)
        #expect(rescan.allSatisfy { $0["rule"] as? String == "uk-mobile-number" })

        let diff = jsonLines(try leakscan(["diff"] + database).stdout)
        let gained = diff.filter { $0["change"] as? String == "gained" }
        let lost = diff.filter { $0["change"] as? String == "lost" }
        #expect(Set(gained.compactMap { $0["fingerprint"] as? String }) == Set(rescan.compactMap { $0["fingerprint"] as? String }))
        #expect(gained.allSatisfy { $0["rule"] as? String == "uk-mobile-number" })
        let operations = Set(first.filter { $0["rule"] as? String == "police-operation" }.compactMap { $0["fingerprint"] as? String })
        #expect(Set(lost.compactMap { $0["fingerprint"] as? String }) == operations)
        #expect(!operations.isEmpty)
    }
}
