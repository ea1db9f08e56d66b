import ArgumentParser
import Foundation
import LeakScanImport

extension Patterns {
    /// `leakscan patterns import`: third-party rules as editable LeakScan YAML.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Translate a gitleaks .toml or Presidio recognizers .json into a LeakScan rule file.",
            discussion:
                "Prints how many rules were read and imported, and every rule (or part of one) left out with the reason. The same files can also be given straight to --patterns."
        )

        @Argument(help: ArgumentHelp("gitleaks .toml or Presidio .json file.", valueName: "file")) var source: String
        @Option(name: [.short, .long], help: ArgumentHelp("YAML file to write.", valueName: "file")) var output: String

        func run() throws {
            guard let report = try RuleSource.importFile(source) else {
                throw ValidationError("\(source) is a directory, not a rule file to import")
            }
            let header = """
                Imported by `leakscan patterns import` from \(source).
                \(report.rules.count) of \(report.sourceCount) rules translated; edit freely, and add examples.
                """
            try (try RuleYAMLWriter.yaml(report.rules, header: header)).write(toFile: output, atomically: true, encoding: .utf8)
            print("read \(report.sourceCount) rules, imported \(report.rules.count), not imported \(report.skipped.count)")
            for (rule, reason) in report.skipped { print("not imported: \(rule): \(reason)") }
            for (rule, note) in report.notes { print("note: \(rule): \(note)") }
        }
    }
}
