import ArgumentParser
import Foundation
import LeakScanCore
import LeakScanHadoop
import LeakScanMIME
import LeakScanPipeline
import LeakScanSession

/// `leakscan scan`: the main job.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan mail and social archives; write incident records (JSON Lines, CSV or SARIF).",
        discussion: """
            Each record has: rule, category, severity, source, offset (byte offset of the message \
            in the file), message_id, author, timestamp (ISO 8601, UTC), location (subject, body or \
            an attachment name), excerpt (masked) and fingerprint (keyed hash; never the value). \
            Output order is input order and does not depend on --jobs. --format chooses JSON Lines, \
            CSV or SARIF 2.1.0 for --output (or stdout); --csv and --sarif write more copies.

            With --state, only what is new since the last run is read and only new incidents are \
            written (--all writes every incident found); incidents and checkpoints are stored \
            together, so a scan killed at any point resumes without losing or repeating one.

            """ + ExitStatus.help
    )

    @OptionGroup var session: SessionOptions
    @Option(name: [.short, .long], help: ArgumentHelp("Write incidents to this file instead of stdout (-: stdout).", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("Format of --output (or stdout): jsonl, csv or sarif.", valueName: "format"))
    var format: ScanSession.OutputFormat = .jsonLines
    @Option(help: ArgumentHelp("Also write incidents as CSV (RFC 4180, header row) to this file.", valueName: "file")) var csv: String?
    @Option(help: ArgumentHelp("Also write incidents as SARIF 2.1.0 to this file.", valueName: "file")) var sarif: String?
    @Option(name: [.short, .long], help: "Worker queues (default: all cores).") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(
        help: ArgumentHelp("Longest message scanned, in bytes; the rest of a longer one is skipped with a warning.", valueName: "bytes"))
    var maxMessageBytes: Int = 64 << 20
    @Option(
        help: ArgumentHelp(
            "Stop reading a compressed input (gzip, zip, tar, 7z, bzip2, xz) once it has inflated past 256 MiB at more than this many bytes per compressed byte, as a decompression bomb does; reported, exit status 2. 0: no limit.",
            valueName: "ratio"))
    var maxExpansionRatio: Int = ExpansionLimit.inputs.ratio
    @OptionGroup(title: "Social exports") var posts: PostFieldOptions
    @OptionGroup(title: "Statistics") var statistics: StatsOutputOptions
    @OptionGroup(title: "Nightly scans") var stateOptions: StateOptions
    @Flag(
        help: "Run every rule's regex over every text, without the prefilter (for checking and measuring it; the incidents are the same).")
    var noPrefilter = false
    @OptionGroup(title: "Work units (scale-out)") var work: WorkUnitOptions
    @Argument(
        help: ArgumentHelp(
            "Archives: mbox (plain or gzip), .eml, Maildir folders, Outlook .pst/.ost/.msg, JSON / JSON Lines / CSV post exports (X/Twitter, Facebook and Messenger, Instagram, Reddit, Mastodon, Slack, Discord, Telegram, LinkedIn), X/Twitter tweets.js, WhatsApp chat exports, saved web pages (the HTML form of Facebook's and Telegram's exports), pictures and PDF, RTF, Office (including Word, Excel and PowerPoint 97-2003) and OpenDocument files (the media and files beside an export), any other text (notes, logs, contact cards; by paragraph or by line), and any of these inside a zip, tar (plain or compressed), 7z or RAR as exports download, or an mbox compressed with bzip2 or xz; directories are walked. Formats are detected from content. A URI (hdfs://, s3a://, file://…) is read through the Hadoop client that $LEAKSCAN_HADOOP_FS starts (scripts/hadoop/leakscan-hadoop-fs).",
            valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024") }
        guard maxExpansionRatio >= 0 else { throw ValidationError("--max-expansion-ratio must be 0 (no limit) or more") }
        try work.validate(paths: paths, state: stateOptions.session != nil)
        if stateOptions.session != nil, paths.contains(where: RemotePath.isURI) {
            throw ValidationError("--state keeps nightly state for local inputs; Hadoop filesystem URIs are scanned without it")
        }
    }

    func run() throws {
        let unit = try work.load()
        try session.run(inputs: unit?.parts.map(\.path) ?? paths) { configuration, ruleSet in
            configuration.options = ScanOptions(
                jobs: jobs, maxMessageBytes: maxMessageBytes, postFields: posts.fields, directory: ruleSet.directory)
            configuration.options.expansion.ratio = maxExpansionRatio
            if let unit { work.apply(unit, to: &configuration.options) }
            configuration.prefilter = !noPrefilter
            configuration.outputs =
                [ScanSession.IncidentDestination(format: format, path: output)]
                + [csv.map { .init(format: .csv, path: $0) }, sarif.map { .init(format: .sarif, path: $0) }].compactMap { $0 }
            configuration.state = stateOptions.session
            configuration.metricsFile = stateOptions.metricsFile
            configuration.statisticsFiles = statistics.files
        }
    }
}

extension ScanSession.OutputFormat: ExpressibleByArgument {}

/// Field names for social exports; each option replaces the default list for that field.
struct PostFieldOptions: ParsableArguments {
    @Option(
        name: .customLong("post-text-field"), help: ArgumentHelp("Field holding a post's text (repeat to try several).", valueName: "name"))
    var text: [String] = []
    @Option(name: .customLong("post-id-field"), help: ArgumentHelp("Field holding a post's id.", valueName: "name")) var id: [String] = []
    @Option(name: .customLong("post-author-field"), help: ArgumentHelp("Field holding a post's author.", valueName: "name"))
    var author: [String] = []
    @Option(
        name: .customLong("post-time-field"),
        help: ArgumentHelp(
            "Field holding a post's time (ISO 8601, Unix seconds or milliseconds, Twitter or RFC 5322 dates).", valueName: "name"))
    var time: [String] = []
    @Option(
        help: ArgumentHelp(
            "Platform recorded for posts whose file and fields do not name one (default: social), and for documents and pictures scanned as files of their own (default: file, a channel of its own).",
            valueName: "name"))
    var platform: String?

    var fields: PostFields {
        var fields = PostFields(defaultPlatform: platform ?? "social").overriding(text: text, id: id, author: author, time: time)
        if let platform { fields.filePlatform = platform }
        return fields
    }
}
