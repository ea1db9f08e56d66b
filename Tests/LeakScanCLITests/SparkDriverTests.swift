import Foundation
import Testing

/// `scripts/spark/leakscan_spark.py` in Spark local mode (PySpark from PyPI and OpenJDK 17,
/// installed by scripts/setup): the same incidents and stats.json as one plain scan, also when
/// a task is killed once and Spark retries it.
@Suite struct SparkDriverTests {
    @Test func sparkRunEqualsOnePlainScan() throws {
        let work = try temporaryDirectory()
        _ = try leakscan(["synth", "--output", work + "/in", "--size", "2M", "--seed", "33", "--organisations", "30"])
        try FileManager.default.createDirectory(atPath: work + "/in/notes", withIntermediateDirectories: true)
        for index in 0..<4 {
            try "From: a\(index)@met.police.uk\nSubject: note \(index)\n\ncard 4111 1111 1111 1111, bloody hell\n"
                .write(toFile: work + "/in/notes/\(index).eml", atomically: true, encoding: .utf8)
        }
        try Data(repeating: 9, count: 32).write(to: URL(fileURLWithPath: work + "/key"))
        let inputs = ["mail.mbox", "social.jsonl", "notes"].map { work + "/in/" + $0 }
        let options = ["--fingerprint-key-file", work + "/key", "--orgs", work + "/in/organisations.yaml"]
        let plain = try leakscan(["scan"] + options + ["--output", work + "/plain.jsonl", "--stats", work + "/plain.json"] + inputs)
        #expect(plain.status == 1, "\(plain.stderr)")

        let spark = Process()
        spark.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        spark.arguments =
            [
                "spark-submit", "--master", "local[2,2]", repository.appendingPathComponent("scripts/spark/leakscan_spark.py").path,
                "--leakscan", binary.path, "--unit-size", "200K",
            ] + options + ["--output", work + "/spark"] + inputs
        var environment = ProcessInfo.processInfo.environment
        environment["LEAKSCAN_SPARK_KILL_ONCE"] = "2"
        spark.environment = environment
        let log =
            FileHandle(forWritingAtPath: work + "/spark.log")
            ?? {
                FileManager.default.createFile(atPath: work + "/spark.log", contents: nil)
                return FileHandle(forWritingAtPath: work + "/spark.log")!
            }()
        spark.standardOutput = log
        spark.standardError = log
        try spark.run()
        spark.waitUntilExit()
        let sparkLog = try String(contentsOfFile: work + "/spark.log", encoding: .utf8)
        #expect(spark.terminationStatus == 0, "\(sparkLog.suffix(3000))")
        // The killed task was retried.
        #expect(sparkLog.contains("Lost task 2.0"))
        let plan = try String(contentsOfFile: work + "/spark/_plan.jsonl", encoding: .utf8)
        #expect(plan.split(separator: "\n").filter { $0.contains("mail.mbox") }.count >= 8)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: work + "/spark/incidents.jsonl"))
                == (try Data(contentsOf: URL(fileURLWithPath: work + "/plain.jsonl"))))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: work + "/spark/stats.json"))
                == (try Data(contentsOf: URL(fileURLWithPath: work + "/plain.json"))))
        let left = try FileManager.default.contentsOfDirectory(atPath: work + "/spark/_units")
        #expect(!left.contains { $0.contains(".tmp-") })
    }
}
