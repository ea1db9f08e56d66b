import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanRules
import Testing

/// Incident records must not become a new leak: every shipped rule's match examples are
/// planted in an mbox and a posts file, every command that writes runs over them, and no
/// output may hold a planted value whole, or four digits of it in a row beyond what its mask
/// shows by design. New writers join `outputs()` here.
@Suite(.serialized) struct RedactionAuditTests {
    /// A sensitive value planted, and the digits its mask may show (leading and trailing).
    struct Planted {
        var rule: String
        var value: String
        /// Runs of four digits of the value that its mask hides.
        var hiddenDigitRuns: Set<String>
    }

    static let rules = try! RuleSet.load(directory: repository.appendingPathComponent("Patterns"))

    /// Every sensitive part of every match example of every rule that masks.
    static func planted() -> [Planted] {
        let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("audit".utf8)))
        let scratch = detector.makeScratch()
        var values = [Planted]()
        // Identifiers: what a mask protects (the words of derogatory rules are shown by design).
        for (index, rule) in rules.rules.enumerated() where rule.definition.mask != .none && rule.definition.category == .confidential {
            for example in rule.definition.examples.match {
                let bytes = Array(example.utf8)
                let found = bytes.withUnsafeBufferPointer { detector.findings(in: $0, scratch: scratch, only: index) }
                for part in found.flatMap(\.values) {
                    let value = String(decoding: bytes[part], as: UTF8.self)
                    values.append(
                        Planted(rule: rule.definition.id, value: value, hiddenDigitRuns: hiddenRuns(value, mask: rule.definition.mask)))
                }
            }
        }
        return values
    }

    /// Four-digit windows of a value's digits that fall (at least in part) in the masked
    /// middle; windows of one repeated digit ("0000") are left out, since timestamps and
    /// counts hold them by chance.
    static func hiddenRuns(_ value: String, mask: MaskStyle) -> Set<String> {
        let characters = value.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        let (leading, trailing) = mask == .partial ? ExcerptBuilder.revealed(count: characters.count) : (0, 0)
        let indexed = Array(characters.enumerated())
        var runs = Set<String>()
        for start in indexed.indices where start + 4 <= indexed.count {
            let window = indexed[start..<(start + 4)]
            guard window.allSatisfy({ $0.element.isNumber }) else { continue }
            let hidden = window.contains { $0.offset >= leading && $0.offset < characters.count - trailing }
            let digits = String(window.map(\.element))
            if hidden && Set(digits).count > 1 { runs.insert(digits) }
        }
        return runs
    }

    /// What is not a value in an output: hex digests and fingerprints, JSON numbers after a key,
    /// CSV byte offsets, times, byte counts in logs, metric sample values, and the UUIDs in the
    /// test's temporary paths (`…-46819C238235` once read as the IBAN digits 6819).
    static func scrubbed(_ output: String) -> String {
        // The fifth CSV column is the message's byte offset.
        var text = output.replacingOccurrences(of: #"(?m)^((?:[^,\n]*,){4})\d+,"#, with: "$1#,", options: .regularExpression)
        for pattern in [
            #"\b[0-9a-f]{16,}\b"#, #"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"#, #"https?://[^\s"'<>]+"#,
            #""[A-Za-z_]+"\s*:\s*-?[0-9.e+]+"#,
            #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{4})?"#,
            #"\d+ (bytes|messages|records)"#, #"(?m) [0-9.e+]+$"#, #"\d+(\.\d+)? (s|MiB|MiB/s|ms)\b"#,
        ] {
            text = text.replacingOccurrences(of: pattern, with: "#", options: .regularExpression)
        }
        return text
    }

    /// Runs every command that writes over the planted archive; returns each output by name.
    static func outputs(in work: String) throws -> [(name: String, text: String)] {
        let planted = rules.rules.filter { $0.definition.mask != .none }.flatMap(\.definition.examples.match)
        let mbox = planted.enumerated().map { index, example in
            "From staff\(index)@met.police.uk Mon Jan  \(1 + index % 28) 10:00:00 2024\nFrom: staff\(index)@met.police.uk\n"
                + "Message-ID: <audit\(index)@met.police.uk>\nSubject: note \(index)\n\n\(example)\n"
        }.joined(separator: "\n")
        try mbox.write(toFile: work + "/archive.mbox", atomically: true, encoding: .utf8)
        let posts = try planted.enumerated().map { index, example in
            String(
                decoding: try JSONSerialization.data(withJSONObject: ["id": "\(index)", "user": "@staff\(index)", "text": example]),
                as: UTF8.self)
        }.joined(separator: "\n")
        try (posts + "\n").write(toFile: work + "/posts.jsonl", atomically: true, encoding: .utf8)
        let inputs = [work + "/archive.mbox", work + "/posts.jsonl"]
        let state = ["--state", work + "/state.db"]

        var outputs = [(name: String, text: String)]()
        func record(_ name: String, _ run: Run) {
            outputs.append((name + " stdout", run.stdout))
            outputs.append((name + " stderr", run.stderr))
        }
        func file(_ name: String) throws {
            outputs.append((name, try String(contentsOfFile: work + "/" + name, encoding: .utf8)))
        }
        let scan = try leakscan(
            [
                "scan", "--log-level", "trace", "--output", work + "/incidents.jsonl", "--stats", work + "/stats.json",
                "--stats-markdown", work + "/stats.md", "--stats-html", work + "/stats.html", "--metrics-file", work + "/metrics.prom",
                "--csv", work + "/incidents.csv", "--sarif", work + "/incidents.sarif",
            ]
                + state + inputs)
        #expect(scan.status == 1, "\(scan.stderr)")
        record("scan", scan)
        for name in ["incidents.jsonl", "incidents.csv", "incidents.sarif", "stats.json", "stats.md", "stats.html", "metrics.prom"] {
            try file(name)
        }
        record("scan as SARIF to stdout", try leakscan(["scan", "--all", "--format", "sarif"] + state + inputs))
        record("scan to stdout", try leakscan(["scan", "--all"] + state + inputs))
        record("stats", try leakscan(["stats", "--stats", work + "/from-incidents.json", work + "/incidents.jsonl"]))
        try file("from-incidents.json")

        let list = try leakscan(["incidents", "list", "--json"] + state)
        record("incidents list", list)
        record("incidents list (table)", try leakscan(["incidents", "list"] + state))
        let fingerprints = list.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["fingerprint"] as? String
        }
        #expect(fingerprints.count > 10)
        for fingerprint in fingerprints.prefix(8) {
            record("incidents show", try leakscan(["incidents", "show", fingerprint] + state))
        }
        // A rule set without the identifier rules: the rescan loses them, and diff lists each.
        let fewer = work + "/fewer-rules"
        try FileManager.default.createDirectory(atPath: fewer, withIntermediateDirectories: true)
        for name in ["logo.yaml", "derogatory.yaml", "derogatory-lexicon.yaml", "derogatory-scorer.tsv", "organisations.yaml", "logos"] {
            try FileManager.default.copyItem(atPath: repository.appendingPathComponent("Patterns/" + name).path, toPath: fewer + "/" + name)
        }
        record("rescan", try leakscan(["rescan", "--patterns", fewer] + state))
        let diff = try leakscan(["diff"] + state)
        #expect(diff.stdout.contains("\"lost\""))
        record("diff", diff)
        record("bench", try leakscan(["bench", "--json", work + "/bench.json"] + inputs))
        try file("bench.json")
        return outputs
    }

    @Test func noOutputHoldsAPlantedValue() throws {
        let work = try temporaryDirectory()
        let values = Self.planted()
        #expect(Set(values.map(\.rule)).count >= 15)
        var leaks = [String]()
        for (name, text) in try Self.outputs(in: work) {
            // Numbers that are not values (timings, counts, offsets) are scrubbed first: a run
            // time of 0.2000001 s must not read as the sort code 20-00-00 with its hyphens dropped.
            let scrubbed = Self.scrubbed(text)
            let compact = scrubbed.filter { $0.isLetter || $0.isNumber }
            for planted in values {
                let whole = planted.value.filter { $0.isLetter || $0.isNumber }
                if whole.count >= 6 && (text.contains(planted.value) || compact.contains(whole)) {
                    leaks.append("\(name): \(planted.rule) value \(planted.value) whole")
                }
                for run in planted.hiddenDigitRuns where scrubbed.contains(run) {
                    leaks.append("\(name): \(planted.rule) digits \(run) of \(planted.value)")
                }
            }
        }
        #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
    }
}
