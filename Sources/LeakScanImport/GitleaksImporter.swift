import Foundation
import LeakScanCore
import LeakScanPCRE2
import LeakScanRules
import TOMLKit

/// Translates a gitleaks TOML configuration into LeakScan rules.
///
/// RE2 syntax PCRE2 reads differently is rewritten (`(?P<name>` → `(?<name>`); `secretGroup`
/// becomes `value_group`, `entropy` becomes `min_entropy`, `keywords` stay keywords (gitleaks
/// uses them the same way, as a literal gate), allowlist regexes and stop words become
/// `exclude` patterns. Path allowlists have no meaning for messages and are reported as notes.
public enum GitleaksImporter {
    public static func load(toml text: String, file: String) throws -> ImportReport {
        let table = try TOMLTable(string: text)
        var report = ImportReport()
        guard let rules = table["rules"]?.array else { return report }
        report.sourceCount = rules.count
        for rule in rules {
            guard let entry = rule.table else { continue }
            let id = entry["id"]?.string ?? "unnamed"
            guard let regex = entry["regex"]?.string else {
                report.skipped.append((id, "no regex (a path-only rule: it matches file names, not content)"))
                continue
            }
            var definition = RuleDefinition(
                id: "gitleaks-" + id, title: entry["description"]?.string ?? id, category: .confidential, severity: .high,
                pattern: translate(regex), mask: .full, file: file)
            definition.keywords = entry["keywords"]?.array.map { array in array.compactMap { $0.string } } ?? []
            if let group = entry["secretGroup"]?.int, group > 0 { definition.valueGroup = group }
            if let entropy = entry["entropy"]?.double ?? entry["entropy"]?.int.map(Double.init) { definition.minEntropy = entropy }
            for allowlist in allowlists(entry) {
                let target = allowlist["regexTarget"]?.string ?? "secret"
                for pattern in allowlist["regexes"]?.array?.compactMap({ $0.string }) ?? [] {
                    definition.exclude.append(translate(pattern))
                    if target == "line" {
                        report.notes.append((definition.id, "allowlist regex targets the whole line; LeakScan tests it against the match"))
                    }
                }
                for word in allowlist["stopwords"]?.array?.compactMap({ $0.string }) ?? [] {
                    definition.exclude.append("(?i)" + escapeLiteral(word))
                }
                if allowlist["paths"] != nil {
                    report.notes.append((definition.id, "path allowlist left out: messages have no file paths"))
                }
                if allowlist["condition"]?.string?.uppercased() == "AND" {
                    report.notes.append((definition.id, "allowlist condition AND approximated as OR (each part excludes on its own)"))
                }
            }
            if entry["path"] != nil {
                report.notes.append((definition.id, "path condition left out: messages have no file paths"))
            }
            report.notes = report.notes.reduce(into: []) { unique, note in
                if !unique.contains(where: { $0 == note }) { unique.append(note) }
            }
            do {
                _ = try RuleSet(definitions: [definition], organisations: [])
                report.rules.append(definition)
            } catch {
                report.skipped.append((id, error.reason))
            }
        }
        return report
    }

    static func allowlists(_ entry: TOMLTable) -> [TOMLTable] {
        var tables = [TOMLTable]()
        if let single = entry["allowlist"]?.table { tables.append(single) }
        if let many = entry["allowlists"]?.array { tables += many.compactMap { $0.table } }
        return tables
    }

    /// RE2 → PCRE2 where they differ in syntax.
    static func translate(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "(?P<", with: "(?<")
    }
}

extension Error {
    /// The reason alone (import reports already name the rule).
    var reason: String { (self as? RuleLoadError)?.reason ?? "\(self)" }
}
