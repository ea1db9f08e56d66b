import LeakScanCore

#if canImport(Glibc)
    import Glibc
#endif

/// Counts from one scan; adds up, so per-worker or per-file summaries merge without locks.
public struct ScanSummary: Sendable, Equatable {
    public var files = 0
    public var messages = 0
    public var bytes: UInt64 = 0
    public var corruptMessages = 0
    public var truncatedMessages = 0
    public var unreadableInputs = 0
    /// Inputs in no format LeakScan reads.
    public var skippedInputs = 0
    /// Inputs not read because they had not changed since the last scan (with a state database).
    public var skippedUnchanged = 0
    /// Maildir folders not even listed, being unchanged since every message in them was read
    /// (their messages are counted in ``skippedUnchanged``).
    public var unlistedFolders = 0
    /// Bytes read from inputs (after decompression): with a state database, only what is new.
    public var bytesRead: UInt64 = 0
    public var matchLimitHits = 0
    /// Posts with nothing to scan: none of the text fields present, or all of them empty. A
    /// photo-only post is one; a file whose posts all are is an export whose text lies in a
    /// field LeakScan does not know (`--post-text-field`), which must not pass for a clean scan.
    public var postsWithoutText = 0
    /// Attachment contents (or members of them) not read, by reason: `encrypted`,
    /// `unsupported`, `damaged`, `extraction_limit`. The rest of each message was scanned.
    public var unextracted: [String: Int] = [:]
    /// Seconds spent reading attachments, per content kind (`pdf`, `zip`, `docx`…).
    public var extractionSeconds: [String: Double] = [:]
    public var incidents = 0
    public var byRule: [String: Int] = [:]
    /// Incidents by category and severity, indexed by their ordinals: every incident is counted
    /// here, and dictionaries keyed by the two enums hashed both case names per incident (with
    /// `byRule`, a fiftieth of a scan of real posts, which have 1.6 incidents each).
    private var tally = [Int](repeating: 0, count: Category.allCases.count * Severity.allCases.count)
    /// Every input read, in input order: how much of it was read and scanned.
    public var inputs: [InputReport] = []
    /// Inputs named on the command line that could not be scanned at all (unreadable, in no
    /// known format, or without a single record): the scan exits with status 2.
    public var failedNamedInputs = 0
    /// Why writing incidents failed (full disk, closed pipe), when it did: the scan stopped there.
    public var outputError: String?
    /// The signal that stopped the scan early (``ScanStop``), when one did.
    public var stoppedBySignal: Int32?

    public init() {}

    /// Counts `count` incidents (one by default): the three fields they are counted by, not
    /// the incidents, so the caller reads them where an incident lies (passing an incident out
    /// of an array copied it).
    public mutating func record(rule: String, category: Category, severity: Severity, count: Int = 1) {
        incidents += count
        tally[category.ordinal * Severity.allCases.count + severity.ordinal] += count
        byRule[rule, default: 0] += count
    }

    /// Incidents of `category` and `severity`.
    public func count(_ category: Category, _ severity: Severity) -> Int {
        tally[category.ordinal * Severity.allCases.count + severity.ordinal]
    }

    /// Incidents per category, for the categories that have any.
    public var byCategory: [Category: Int] {
        var counts = [Category: Int]()
        for category in Category.allCases {
            let total = Severity.allCases.reduce(0) { $0 + count(category, $1) }
            if total > 0 { counts[category] = total }
        }
        return counts
    }

    /// Incidents per severity, for the severities that have any.
    public var bySeverity: [Severity: Int] {
        var counts = [Severity: Int]()
        for severity in Severity.allCases {
            let total = Category.allCases.reduce(0) { $0 + count($1, severity) }
            if total > 0 { counts[severity] = total }
        }
        return counts
    }

    public static func + (lhs: ScanSummary, rhs: ScanSummary) -> ScanSummary {
        var sum = lhs
        sum.files += rhs.files
        sum.messages += rhs.messages
        sum.bytes += rhs.bytes
        sum.corruptMessages += rhs.corruptMessages
        sum.truncatedMessages += rhs.truncatedMessages
        sum.unreadableInputs += rhs.unreadableInputs
        sum.skippedInputs += rhs.skippedInputs
        sum.skippedUnchanged += rhs.skippedUnchanged
        sum.unlistedFolders += rhs.unlistedFolders
        sum.bytesRead += rhs.bytesRead
        sum.matchLimitHits += rhs.matchLimitHits
        sum.postsWithoutText += rhs.postsWithoutText
        sum.unextracted.merge(rhs.unextracted, uniquingKeysWith: +)
        sum.extractionSeconds.merge(rhs.extractionSeconds, uniquingKeysWith: +)
        sum.incidents += rhs.incidents
        for index in sum.tally.indices { sum.tally[index] += rhs.tally[index] }
        sum.byRule.merge(rhs.byRule, uniquingKeysWith: +)
        sum.inputs += rhs.inputs
        sum.failedNamedInputs += rhs.failedNamedInputs
        sum.outputError = lhs.outputError ?? rhs.outputError
        sum.stoppedBySignal = lhs.stoppedBySignal ?? rhs.stoppedBySignal
        return sum
    }

    /// A few human lines for stderr.
    public var text: String {
        var lines = [
            "scanned \(messages) messages and posts (\(bytes) bytes) in \(files) files; \(incidents) incidents"
        ]
        if skippedUnchanged > 0 {
            let folders = unlistedFolders > 0 ? " (\(unlistedFolders) Maildir folders of them not even listed)" : ""
            lines.append("  \(skippedUnchanged) inputs unchanged since the last scan, not read\(folders)")
        }
        if incidents > 0 {
            let (categories, severities) = (byCategory, bySeverity)
            lines.append(
                "  by category: "
                    + Category.allCases.compactMap { c in categories[c].map { "\(c.rawValue) \($0)" } }.joined(separator: ", "))
            lines.append(
                "  by severity: "
                    + Severity.allCases.reversed().compactMap { s in severities[s].map { "\(s.rawValue) \($0)" } }.joined(separator: ", "))
            let top = byRule.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10)
            lines.append("  top rules: " + top.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        // Every input when there are few; else only those with bytes no record covers.
        for input in inputs where inputs.count <= 20 || input.uncoveredBytes > 0 {
            let unscanned = input.uncoveredBytes > 0 ? ", \(input.uncoveredBytes) bytes in no record (not scanned)" : ""
            lines.append("  \(input.path): \(input.format), \(input.records) records, \(input.bytesRead) bytes read\(unscanned)")
        }
        if corruptMessages + truncatedMessages + unreadableInputs + skippedInputs + matchLimitHits > 0 {
            lines.append(
                "  problems: \(corruptMessages) corrupt records skipped, \(truncatedMessages) limits hit (scanned in part), "
                    + "\(unreadableInputs) unreadable inputs, \(skippedInputs) unrecognised files skipped, "
                    + "\(matchLimitHits) match-limit hits")
        }
        if let stoppedBySignal {
            let name = stoppedBySignal == SIGINT ? "SIGINT" : stoppedBySignal == SIGTERM ? "SIGTERM" : "signal \(stoppedBySignal)"
            lines.append(
                "  stopped by \(name): what was read is written (and stored, with --state); the rest was not read "
                    + "(the next scan with the same --state goes on from there)")
        }
        if postsWithoutText > 0 {
            lines.append(
                "  \(postsWithoutText) posts had no text to scan: none of the text fields, or only empty ones "
                    + "(a post's text in a field of another name needs --post-text-field)")
        }
        if !unextracted.isEmpty {
            let reasons = unextracted.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            lines.append("  attachment contents not read: \(reasons)")
        }
        return lines.joined(separator: "\n")
    }
}
