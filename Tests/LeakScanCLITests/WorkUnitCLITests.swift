import Foundation
import Testing

/// Scale-out without a cluster: `plan`, `scan --plan --unit` for every unit, `merge` — the
/// result equals one scan, incidents and statistics byte for byte.
@Suite struct WorkUnitCLITests {
    @Test func unitsMergeIntoOneScan() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work + "/in", "--size", "2M", "--seed", "21", "--organisations", "30"])
        // Beside the synth mbox (split into ranges): its posts as JSON Lines (split too), a gzip
        // copy (read whole), and a folder of small files grouped into units.
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c \(work)/in/social.jsonl > \(work)/in/social-copy.jsonl.gz"]
        try gzip.run()
        gzip.waitUntilExit()
        try FileManager.default.createDirectory(atPath: work + "/in/notes", withIntermediateDirectories: true)
        for index in 0..<5 {
            try "From: a\(index)@met.police.uk\nSubject: note \(index)\n\nmy NI number is AB 12 34 56 C, what a f*cking day\n"
                .write(toFile: work + "/in/notes/\(index).eml", atomically: true, encoding: .utf8)
        }
        try "not mail at all".write(toFile: work + "/in/notes/readme.bin", atomically: true, encoding: .utf8)
        let inputs = ["in/mail.mbox", "in/social.jsonl", "in/social-copy.jsonl.gz", "in/notes"].map { work + "/" + $0 }
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: work + "/key"))
        let common = ["--fingerprint-key-file", work + "/key", "--orgs", work + "/in/organisations.yaml"]
        let whole = try leakscan(["scan"] + common + ["--output", work + "/whole.jsonl", "--stats", work + "/whole.json"] + inputs)
        #expect(whole.status == 1, "\(whole.stderr)")

        let plan = try leakscan(["plan", "--unit-size", "200K"] + inputs)
        #expect(plan.status == 0)
        try plan.stdout.write(toFile: work + "/plan.jsonl", atomically: true, encoding: .utf8)
        let units = plan.stdout.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        let mboxRanges = units.filter { (($0["parts"] as! [[String: Any]]).first?["path"] as? String)?.hasSuffix("mail.mbox") == true }
        #expect(mboxRanges.count >= 8)
        try scanUnitsAndMerge(work: work, units: units.count, options: common)
        let merged = try Data(contentsOf: URL(fileURLWithPath: work + "/merged.jsonl"))
        #expect(merged == (try Data(contentsOf: URL(fileURLWithPath: work + "/whole.jsonl"))))
        #expect(merged.count > 1000)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: work + "/merged.json"))
                == (try Data(contentsOf: URL(fileURLWithPath: work + "/whole.json"))))
    }

    @Test func unitOptionsAreChecked() throws {
        let alone = try leakscan(["scan", "--unit", "1", "x.mbox"])
        #expect(alone.status == 2 && alone.stderr.contains("--plan and --unit go together"))
        // The standard input comes once, to this process: no unit elsewhere could read it (a
        // plan of `/dev/stdin` was printed).
        let stream = try leakscan(["plan", "-"], input: Data("From a@x Mon Jan  1 00:00:00 2024\n\nhi\n".utf8))
        #expect(
            stream.status == 2 && stream.stdout.isEmpty && stream.stderr.contains("- is the standard input or a pipe"), "\(stream.stderr)")
        let work = try temporaryDirectory()
        try "{\"unit\":0,\"parts\":[{\"path\":\"/nonexistent\",\"start\":0,\"walked\":false}]}\n"
            .write(toFile: work + "/plan.jsonl", atomically: true, encoding: .utf8)
        try Data(repeating: 7, count: 32).write(to: URL(fileURLWithPath: work + "/key"))
        let missing = try leakscan(["scan", "--fingerprint-key-file", work + "/key", "--plan", work + "/plan.jsonl", "--unit", "3"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no unit 3"))

        // A damaged plan is a clear error, not a crash.
        try Data([0x7B, 0x22, 0xFF, 0x00, 0x0A, 0x5B]).write(to: URL(fileURLWithPath: work + "/bad.jsonl"))
        let damaged = try leakscan(["scan", "--fingerprint-key-file", work + "/key", "--plan", work + "/bad.jsonl", "--unit", "0"])
        #expect(damaged.status == 2)
        #expect(damaged.stderr.contains("cannot read the plan"))

        // A range past the end of the file, or cutting bytes that are not UTF-8, scans what begins in it.
        var mbox = Data("From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\ncard 4111 1111 1111 1111 ".utf8)
        mbox += Data([0xFF, 0xFE, 0x00, 0xC3]) + Data("\n\nFrom b@x Mon Jan  1 00:00:01 2024\nSubject: two\n\nhi\n".utf8)
        try mbox.write(to: URL(fileURLWithPath: work + "/odd.mbox"))
        let odd = work + "/odd.mbox"
        try
            (#"{"unit":0,"parts":[{"path":"\#(odd)","start":0,"end":70,"walked":false}]}"# + "\n"
            + #"{"unit":1,"parts":[{"path":"\#(odd)","start":70,"end":100000,"walked":false}]}"# + "\n"
            + #"{"unit":2,"parts":[{"path":"\#(odd)","start":100000,"walked":false}]}"# + "\n")
            .write(toFile: work + "/odd.jsonl", atomically: true, encoding: .utf8)
        var found = [String]()
        for unit in 0..<3 {
            let run = try leakscan(["scan", "--fingerprint-key-file", work + "/key", "--plan", work + "/odd.jsonl", "--unit", String(unit)])
            #expect(run.status == 0 || run.status == 1, "unit \(unit): \(run.stderr)")
            found += run.stdout.split(separator: "\n").map(String.init)
        }
        #expect(found.count == 1 && found[0].contains("payment-card"))
    }
}

/// `scan --plan WORK/plan.jsonl --unit K` for units 0..<units, each into its own folder, then
/// `merge` into WORK/merged.jsonl and WORK/merged.json (with WORK/in/organisations.yaml).
func scanUnitsAndMerge(work: String, units: Int, options: [String], environment: [String: String] = [:]) throws {
    var directories = [String]()
    for index in 0..<units {
        let directory = work + "/unit\(index)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let run = try leakscan(
            ["scan"] + options + [
                "--plan", work + "/plan.jsonl", "--unit", String(index), "--output", directory + "/incidents.jsonl", "--stats",
                directory + "/stats.json",
            ], environment: environment)
        // An unreadable file in a folder is reported and skipped, as in the whole scan.
        #expect(run.status == 0 || run.status == 1, "unit \(index): \(run.stderr)")
        directories.append(directory)
    }
    let merge = try leakscan(
        ["merge", "--orgs", work + "/in/organisations.yaml", "--output", work + "/merged.jsonl", "--stats", work + "/merged.json"]
            + directories)
    #expect(merge.status == 0, "\(merge.stderr)")
}
