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
}
