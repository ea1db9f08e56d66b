import Foundation
import Testing

/// Inputs named by Hadoop filesystem URIs, read through scripts/hadoop/leakscan-hadoop-fs
/// (Hadoop's own client, from the pyspark package's jars). `file://` URIs go through Hadoop's
/// local filesystem: the same client code that reads hdfs:// and s3a://.
@Suite struct HadoopURICLITests {
    let hadoop = ["LEAKSCAN_HADOOP_FS": repository.appendingPathComponent("scripts/hadoop/leakscan-hadoop-fs").path]

    /// A URI's scan equals the local scan of the same files (sources aside), and its units
    /// (byte ranges read remotely) merge into exactly the URI's whole scan.
    @Test func urisScanAsTheirLocalFiles() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work + "/in", "--size", "1M", "--seed", "41", "--organisations", "30"])
        try FileManager.default.createDirectory(atPath: work + "/in/notes", withIntermediateDirectories: true)
        for index in 0..<3 {
            try "From: a\(index)@met.police.uk\nSubject: note \(index)\n\nmy NI number is AB 12 34 56 C\n"
                .write(toFile: work + "/in/notes/\(index).eml", atomically: true, encoding: .utf8)
        }
        try Data(repeating: 5, count: 32).write(to: URL(fileURLWithPath: work + "/key"))
        let names = ["mail.mbox", "social.jsonl", "notes", "absent.mbox"]
        let common = ["--fingerprint-key-file", work + "/key", "--orgs", work + "/in/organisations.yaml"]
        let local = try leakscan(
            ["scan"] + common + ["--output", work + "/local.jsonl", "--stats", work + "/local.json"] + names.map { work + "/in/" + $0 })
        let remote = try leakscan(
            ["scan"] + common + ["--output", work + "/remote.jsonl", "--stats", work + "/remote.json"]
                + names.map { "file://\(work)/in/" + $0 },
            environment: hadoop)
        // The missing file is reported the same way: status 2, the rest still scanned.
        #expect(local.status == 2 && remote.status == 2, "\(remote.stderr)")
        #expect(remote.stderr.contains("file://\(work)/in/absent.mbox: cannot read: no such file or directory"))
        let remoteIncidents = try String(contentsOfFile: work + "/remote.jsonl", encoding: .utf8)
        let localIncidents = try String(contentsOfFile: work + "/local.jsonl", encoding: .utf8)
        #expect(remoteIncidents.split(separator: "\n").count > 10)
        // A message without a Message-ID is fingerprinted with its source, so those differ.
        func withoutFingerprints(_ text: String) -> String {
            text.replacingOccurrences(of: #""fingerprint":"[0-9a-f]+""#, with: "", options: .regularExpression)
        }
        #expect(
            withoutFingerprints(remoteIncidents.replacingOccurrences(of: "file://" + work, with: work))
                == withoutFingerprints(localIncidents))
        let escaped = work.replacingOccurrences(of: "/", with: "\\/")
        #expect(
            try String(contentsOfFile: work + "/remote.json", encoding: .utf8).replacingOccurrences(
                of: "file:\\/\\/" + escaped, with: escaped)
                == String(contentsOfFile: work + "/local.json", encoding: .utf8))

        // Units: the mbox in byte ranges read through the server, merged.
        let inputs = names.dropLast().map { "file://\(work)/in/" + $0 }
        let whole = try leakscan(
            ["scan"] + common + ["--output", work + "/whole.jsonl", "--stats", work + "/whole.json"] + inputs, environment: hadoop)
        #expect(whole.status == 1, "\(whole.stderr)")
        let plan = try leakscan(["plan", "--unit-size", "300K"] + inputs, environment: hadoop)
        try plan.stdout.write(toFile: work + "/plan.jsonl", atomically: true, encoding: .utf8)
        let units = plan.stdout.split(separator: "\n")
        #expect(units.filter { $0.contains("mail.mbox") && $0.contains("\"end\"") }.count >= 3)
        try scanUnitsAndMerge(work: work, units: units.count, options: common, environment: hadoop)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: work + "/merged.jsonl"))
                == Data(contentsOf: URL(fileURLWithPath: work + "/whole.jsonl")))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: work + "/merged.json"))
                == Data(contentsOf: URL(fileURLWithPath: work + "/whole.json")))
    }

    @Test func withoutTheServerAUriIsAClearError() throws {
        let run = try leakscan(["scan", "hdfs://namenode/mail.mbox"], environment: ["LEAKSCAN_HADOOP_FS": ""])
        #expect(run.status == 2)
        #expect(run.stderr.contains("hdfs://namenode/mail.mbox: cannot read: reading a Hadoop filesystem URI needs LEAKSCAN_HADOOP_FS"))
        let state = try leakscan(["scan", "--state", NSTemporaryDirectory() + "state-\(UUID().uuidString)", "hdfs://namenode/mail.mbox"])
        #expect(state.status == 2 && state.stderr.contains("Hadoop filesystem URIs are scanned without it"), "\(state.stderr)")
    }
}
