import ArgumentParser
import LeakScanImport
import LeakScanRules

/// Options shared by every command that loads rules.
struct RuleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Directory of rule files (*.yaml). Default: the rules shipped with LeakScan.", valueName: "dir"))
    var patterns: String?
    @Option(help: ArgumentHelp("Organisations YAML for {{org}} (default: the patterns directory's list, else the Met).", valueName: "file"))
    var orgs: String?

    func load() throws -> RuleSet { try Self.load(patterns: patterns, orgs: orgs) }

    /// Rules from a directory of YAML files, or straight from a third-party rule file: a
    /// gitleaks `.toml` or Presidio recognizers `.json` (rules it cannot translate are listed
    /// on stderr with the reason).
    static func load(patterns: String?, orgs: String?) throws -> RuleSet {
        let (ruleSet, skipped) = try ExitStatus.orError("cannot load rules") {
            try RuleSource.load(patterns: patterns, organisationsFile: orgs)
        }
        for (rule, reason) in skipped { printError("leakscan: \(patterns ?? ""): rule \(rule) not imported: \(reason)") }
        return ruleSet
    }
}
