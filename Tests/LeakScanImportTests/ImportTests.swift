import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanImport
import LeakScanRules
import Testing

/// `../shared/corpora`, found from this file's path.
let sharedCorpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpora")

/// Third-party rule sets: gitleaks TOML and Presidio recognizers, read in place.
@Suite struct ImportTests {
    static let gitleaks = sharedCorpora.appendingPathComponent("patterns/gitleaks/config/gitleaks.toml")
    static let presidio = sharedCorpora.appendingPathComponent("patterns/presidio/recognizers.json")

    @Test func gitleaksRulesAreImportedOrListedWithAReason() throws {
        let report = try GitleaksImporter.load(toml: String(contentsOf: Self.gitleaks, encoding: .utf8), file: "gitleaks.toml")
        #expect(report.sourceCount == 222)
        #expect(report.rules.count + report.skipped.count == report.sourceCount)
        #expect(report.rules.count >= 215)
        #expect(report.skipped.allSatisfy { !$0.reason.isEmpty })
        // RE2 named groups are rewritten, keywords kept, entropy and secretGroup carried over.
        #expect(!report.rules.contains { $0.pattern.contains("(?P<") })
        #expect(report.rules.filter { $0.minEntropy != nil }.count >= 100)
        #expect(report.rules.contains { $0.valueGroup != nil })
        #expect(report.rules.filter { !$0.keywords.isEmpty }.count >= 200)
        // The whole set compiles together, and the YAML written for it loads back the same.
        let set = try RuleSet(definitions: report.rules, organisations: [.metropolitanPolice])
        let directory = NSTemporaryDirectory() + "leakscan-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try (try RuleYAMLWriter.yaml(report.rules, header: "test")).write(
            toFile: directory + "/gitleaks.yaml", atomically: true, encoding: .utf8)
        let reloaded = try RuleSet.load(directory: URL(fileURLWithPath: directory))
        #expect(reloaded.rules.map(\.definition.id) == set.rules.map(\.definition.id))
        #expect(reloaded.version == set.version)
    }

    @Test func importedSecretRulesFindSecretsAndRespectEntropy() throws {
        let report = try GitleaksImporter.load(toml: String(contentsOf: Self.gitleaks, encoding: .utf8), file: "gitleaks.toml")
        let set = try RuleSet(definitions: report.rules, organisations: [.metropolitanPolice])
        let detector = Detector(ruleSet: set, fingerprinter: Fingerprinter(key: Array("import-test".utf8)))
        func rules(in text: String) -> Set<String> {
            let bytes = Array(text.utf8)
            return Set(
                bytes.withUnsafeBufferPointer { detector.findings(in: $0, scratch: detector.makeScratch()) }.map {
                    set.rules[$0.rule].definition.id
                })
        }
        #expect(rules(in: "token ghp_9aZ3kQ7mX2pL8vR4tY6wB1nC5dF0gH2jK4lM").contains("gitleaks-github-pat"))
        // A GitHub-token-shaped string of one repeated character has too little entropy.
        #expect(!rules(in: "token ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").contains("gitleaks-github-pat"))
    }

    @Test func presidioRecognizersBecomeRulesWithSeverityAndContext() throws {
        let report = try PresidioImporter.load(json: Data(contentsOf: Self.presidio), file: "recognizers.json")
        #expect(report.rules.count >= 150)
        #expect(report.rules.count + report.skipped.filter { !$0.reason.contains("no patterns") }.count == report.sourceCount)
        let nino = try #require(report.rules.first { $0.id.hasPrefix("presidio-uk-nino") })
        #expect(nino.category == .confidential)
        let weak = report.rules.filter { $0.severity == .low }
        #expect(!weak.isEmpty)
        #expect(report.rules.contains { $0.context != nil })
        _ = try RuleSet(definitions: report.rules, organisations: [.metropolitanPolice])
    }
}
