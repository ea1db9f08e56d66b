import Foundation
import Testing

/// `scripts/spark/leakscan_spark.py` in Spark local mode (PySpark from PyPI and OpenJDK 17,
/// installed by scripts/setup): the same incidents and stats.json as one plain scan, also when
/// a task is killed once and Spark retries it; with local paths and with Hadoop filesystem URIs.
@Suite struct SparkDriverTests {
    let hadoop = ["LEAKSCAN_HADOOP_FS": repository.appendingPathComponent("scripts/hadoop/leakscan-hadoop-fs").path]

    /// An archive of several files: the synth mbox (to be split into ranges), its posts, and a
    /// folder of small messages; with the fingerprint key and organisations.
    private func archive(seed: Int) throws -> (work: String, names: [String], options: [String]) {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work + "/in", "--size", "2M", "--seed", String(seed), "--organisations", "30"])
        try FileManager.default.createDirectory(atPath: work + "/in/notes", withIntermediateDirectories: true)
        for index in 0..<4 {
            try "From: a\(index)@met.police.uk\nSubject: note \(index)\n\ncard 4111 1111 1111 1111, bloody hell\n"
                .write(toFile: work + "/in/notes/\(index).eml", atomically: true, encoding: .utf8)
        }
        try Data(repeating: 9, count: 32).write(to: URL(fileURLWithPath: work + "/key"))
        return (
            work, ["mail.mbox", "social.jsonl", "notes"],
            ["--fingerprint-key-file", work + "/key", "--orgs", work + "/in/organisations.yaml"]
        )
    }

    /// Runs the driver with unit 2's task killed once, and checks that it succeeded and retried.
    private func spark(_ work: String, options: [String], output: String, inputs: [String]) throws {
        let spark = Process()
        spark.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        spark.arguments =
            [
                "spark-submit", "--master", "local[2,2]", repository.appendingPathComponent("scripts/spark/leakscan_spark.py").path,
                "--leakscan", binary.path, "--unit-size", "200K",
            ] + options + ["--output", output] + inputs
        var environment = ProcessInfo.processInfo.environment
        environment["LEAKSCAN_SPARK_KILL_ONCE"] = "2"
        environment["LEAKSCAN_HADOOP_FS"] = nil  // the driver finds scripts/hadoop itself
        spark.environment = environment
        _ = FileManager.default.createFile(atPath: work + "/spark.log", contents: nil)
        let log = FileHandle(forWritingAtPath: work + "/spark.log")!
        spark.standardOutput = log
        spark.standardError = log
        try spark.run()
        spark.waitUntilExit()
        let sparkLog = try String(contentsOfFile: work + "/spark.log", encoding: .utf8)
        #expect(spark.terminationStatus == 0, "\(sparkLog.suffix(3000))")
        // The killed task was retried.
        #expect(sparkLog.contains("Lost task 2.0"))
    }

    /// WORK/spark holds a plan that cut `mbox` into 8 ranges or more, the same incidents and
    /// stats.json as WORK/plain.*, and no attempt's temporary folder.
    private func expectSparkOutputEqualsPlain(_ work: String, mbox: String) throws {
        let plan = try String(contentsOfFile: work + "/spark/_plan.jsonl", encoding: .utf8)
        #expect(plan.split(separator: "\n").filter { $0.contains("\"path\":\"\(mbox)\"") }.count >= 8)
        try expectSame(work + "/spark/incidents.jsonl", work + "/plain.jsonl")
        try expectSame(work + "/spark/stats.json", work + "/plain.json")
        let left = try FileManager.default.contentsOfDirectory(atPath: work + "/spark/_units")
        #expect(!left.contains { $0.contains(".tmp-") })
    }

    private func expectSame(_ first: String, _ second: String) throws {
        let contents = try Data(contentsOf: URL(fileURLWithPath: first))
        #expect(contents.count > 500)
        #expect(contents == (try Data(contentsOf: URL(fileURLWithPath: second))), "\(first) differs from \(second)")
    }

    @Test func sparkRunEqualsOnePlainScan() throws {
        let (work, names, options) = try archive(seed: 33)
        let inputs = names.map { work + "/in/" + $0 }
        let plain = try leakscan(["scan"] + options + ["--output", work + "/plain.jsonl", "--stats", work + "/plain.json"] + inputs)
        #expect(plain.status == 1, "\(plain.stderr)")
        try spark(work, options: options, output: work + "/spark", inputs: inputs)
        try expectSparkOutputEqualsPlain(work, mbox: work + "/in/mail.mbox")
    }

    /// Inputs and output as Hadoop filesystem URIs (`file://`, through Hadoop's client as
    /// hdfs:// would be): the executors read ranges and write units through the server.
    @Test func sparkRunOnHadoopURIsEqualsOnePlainScan() throws {
        let (work, names, options) = try archive(seed: 34)
        let inputs = names.map { "file://\(work)/in/" + $0 }
        let plain = try leakscan(
            ["scan"] + options + ["--output", work + "/plain.jsonl", "--stats", work + "/plain.json"] + inputs, environment: hadoop)
        #expect(plain.status == 1, "\(plain.stderr)")
        try spark(work, options: options, output: "file://\(work)/spark", inputs: inputs)
        try expectSparkOutputEqualsPlain(work, mbox: "file://\(work)/in/mail.mbox")
    }
}
