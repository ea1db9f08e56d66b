import LeakScanRules

/// What an import produced: the rules it could translate, and for every other rule (or part
/// of a rule) the reason it was left out. Nothing is dropped silently.
public struct ImportReport: Sendable {
    public var rules: [RuleDefinition] = []
    /// Rules not imported, with why.
    public var skipped: [(rule: String, reason: String)] = []
    /// Parts of imported rules that were approximated or left out, with why.
    public var notes: [(rule: String, note: String)] = []
    public var sourceCount = 0

    public init() {}

    /// The translated rules as a LeakScan YAML file whose header says where they came from.
    public func yaml(importedFrom source: String) throws -> String {
        let header = """
            Imported by `leakscan patterns import` from \(source).
            \(rules.count) of \(sourceCount) rules translated; edit freely, and add examples.
            """
        return try RuleYAMLWriter.yaml(rules, header: header)
    }

    /// What was read, imported and left out (with why), one line each, for a person to check.
    public var summaryLines: [String] {
        ["read \(sourceCount) rules, imported \(rules.count), not imported \(skipped.count)"]
            + skipped.map { "not imported: \($0.rule): \($0.reason)" } + notes.map { "note: \($0.rule): \($0.note)" }
    }
}
