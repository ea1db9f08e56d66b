import ArgumentParser
import Foundation
import LeakScanSynth

/// `leakscan synth`: synthetic archives with known ground truth, for tests and benchmarks.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic archive with planted incidents and a ground-truth file.",
        discussion: """
            Writes into DIR: mail.mbox (email in varied encodings: base64, quoted-printable, HTML, \
            windows-1252, forwarded messages, encoded subjects; photos and Word, Excel, PDF and zip \
            attachments, about one planted identifier in seven inside one), social.jsonl (posts), truth.jsonl \
            (every planted incident) and organisations.yaml (names, ids, email domains, handle \
            prefixes and headcounts, for --orgs). Exactly round(rate × organisations) \
            organisations get a social-network leak and a disciplinary-level violation. \
            The same seed always writes the same bytes.
            """
    )

    @Option(name: [.short, .long], help: ArgumentHelp("Directory to write into (created if missing).", valueName: "dir")) var output: String
    @Option(help: ArgumentHelp("Size of mail.mbox, e.g. 50M, 200M, 1G.", valueName: "size")) var size = "50M"
    @Option(help: "Number of organisations.") var organisations = 200
    @Option(help: "Staff per organisation.") var staff = 40
    @Option(help: "Seed; the same seed gives the same archive.") var seed: UInt64 = 1
    @Option(help: "Share of organisations with a confidential leak via a social networking site.") var socialLeakRate = 0.17
    @Option(help: "Share of organisations with a disciplinary-level (severity high or critical) violation.") var disciplineRate = 0.10
    @Option(help: "Share of email messages with a medium-severity background incident.") var backgroundRate = 0.005
    @Option(help: "Months the messages span, from 2009-01-01.") var months = 18

    func validate() throws {
        guard SynthConfig.byteCount(size) != nil else { throw ValidationError("--size must look like 500K, 200M or 1G") }
        guard organisations >= 1, staff >= 1, months >= 1 else { throw ValidationError("counts must be positive") }
        for rate in [socialLeakRate, disciplineRate, backgroundRate] where !(0...1).contains(rate) {
            throw ValidationError("rates are between 0 and 1")
        }
    }

    func run() throws {
        var config = SynthConfig()
        (config.organisations, config.staffPerOrganisation, config.targetBytes) = (organisations, staff, SynthConfig.byteCount(size)!)
        (config.seed, config.months) = (seed, months)
        (config.socialLeakRate, config.disciplineRate, config.backgroundRate) = (socialLeakRate, disciplineRate, backgroundRate)
        let started = Date()
        let truth = try SyntheticArchive(config: config).write(to: URL(fileURLWithPath: output))
        printError(
            "synth: wrote \(output) (\(truth.count) planted incidents) in \(String(format: "%.1f", -started.timeIntervalSinceNow)) s")
    }
}
