import LeakScanRules

/// Writes rule definitions as a YAML rule file the user can read and edit.
public enum RuleYAMLWriter {
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static func list(_ items: [String]) -> String { "[" + items.map(quote).joined(separator: ", ") + "]" }

    public static func yaml(_ rules: [RuleDefinition], header: String) -> String {
        var lines = header.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }
        lines.append("rules:")
        for rule in rules {
            lines.append("  - id: \(rule.id)")
            lines.append("    title: \(quote(rule.title))")
            lines.append("    category: \(rule.category.rawValue)")
            lines.append("    severity: \(rule.severity.rawValue)")
            if rule.mask != .partial { lines.append("    mask: \(rule.mask.rawValue)") }
            if !rule.keywords.isEmpty { lines.append("    keywords: \(list(rule.keywords))") }
            if let group = rule.valueGroup { lines.append("    value_group: \(group)") }
            if let entropy = rule.minEntropy { lines.append("    min_entropy: \(entropy)") }
            if let context = rule.context {
                lines.append("    context: {words: \(list(context.words)), within: \(context.within)}")
            }
            if !rule.exclude.isEmpty { lines.append("    exclude: \(list(rule.exclude))") }
            lines.append("    pattern: \(quote(rule.pattern))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
