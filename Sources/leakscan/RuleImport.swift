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
            try report.yaml(importedFrom: source).write(toFile: output, atomically: true, encoding: .utf8)
            report.summaryLines.forEach { print($0) }
        }
    }
}
