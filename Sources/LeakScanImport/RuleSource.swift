import Foundation
import LeakScanRules

/// Where a rule set comes from: a directory of LeakScan YAML rules (the shipped one by default),
/// or a third-party rule file translated on the fly — a gitleaks `.toml` or Presidio
/// recognizers `.json`.
public enum RuleSource {
    /// A path that is neither a rule directory nor a rule file LeakScan can translate.
    public struct UnknownKind: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path): expected a directory of rule files, a gitleaks .toml or a Presidio .json" }
    }

    /// The import of `path` when it is a gitleaks `.toml` or Presidio `.json` file; nil for a
    /// directory of LeakScan rules.
    public static func importFile(_ path: String) throws -> ImportReport? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        if path.hasSuffix(".toml") {
            return try GitleaksImporter.load(toml: String(contentsOfFile: path, encoding: .utf8), file: path)
        }
        if path.hasSuffix(".json") {
            return try PresidioImporter.load(json: Data(contentsOf: URL(fileURLWithPath: path)), file: path)
        }
        throw UnknownKind(path: path)
    }

    /// The rule set at `patterns` (nil: the shipped rules) with the organisations of
    /// `organisationsFile`; `skipped` lists the rules a translated file had that could not be
    /// translated, with the reason.
    public static func load(patterns: String?, organisationsFile: String?) throws -> (ruleSet: RuleSet, skipped: [(String, String)]) {
        let organisations = organisationsFile.map { URL(fileURLWithPath: $0) }
        if let patterns, let imported = try importFile(patterns) {
            let list = try organisations.map { try RuleSet.organisations(in: $0) } ?? [.metropolitanPolice]
            return (try RuleSet(definitions: imported.rules, organisations: list), imported.skipped)
        }
        let directory = try patterns.map { URL(fileURLWithPath: $0) } ?? RuleSet.bundledDirectory()
        return (try RuleSet.load(directory: directory, organisationsFile: organisations), [])
    }
}
