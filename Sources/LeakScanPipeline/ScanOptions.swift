import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanFraming
import LeakScanMIME
import LeakScanPCRE2

/// Knobs for one scan.
public struct ScanOptions: Sendable {
    /// Worker queues; each owns one match scratch.
    public var jobs: Int
    /// A batch (one Dispatch work item) closes at this many messages…
    public var batchMessages: Int
    /// …or this many bytes, whichever comes first.
    public var batchBytes: Int
    /// Messages longer than this are cut; the part that fits is still scanned.
    public var maxMessageBytes: Int
    /// How far a compressed input (gzip, or a container) may inflate before reading it stops.
    public var expansion = ExpansionLimit.inputs
    public var matchLimits: MatchLimits
    /// MIME nesting and part-count limits per message.
    public var mimeLimits: MIMELimits
    /// Where posts in social exports keep their text, id, author, time and platform.
    public var postFields: PostFields
    /// Maps authors to organisations for the `org` field and the statistics.
    public var directory: OrganisationDirectory
    /// When set, every worker profiles each rule and adds its profile here at the end.
    public var ruleProfiles: RuleProfileCollector?
    /// Work units: files read only in part, each the records that begin inside its byte range
    /// (see ``ArchiveReader/init(path:maxMessageBytes:from:range:)``), by path as given.
    public var ranges: [String: Range<UInt64>] = [:]
    /// Files a work unit lists that one scan would have found by walking a folder: treated as
    /// such (reported and skipped when they cannot be scanned, not a failure of the scan).
    public var walked: Set<String> = []
    /// The files the scan itself writes (its outputs, statistics, metrics and state database),
    /// as ``FileSystemPath/resolved(_:)`` gives them: passed over when a folder is walked, so a
    /// nightly scan that keeps them beside its mail does not read them as inputs.
    public var ownFiles: Set<String> = []
    /// Asked from outside to stop early (``ScanStop``); nil: the scan runs to its end.
    public var stop: ScanStop?

    public init(
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, batchMessages: Int = 256,
        batchBytes: Int = 4 << 20, maxMessageBytes: Int = 64 << 20, matchLimits: MatchLimits = MatchLimits(),
        mimeLimits: MIMELimits = MIMELimits(), postFields: PostFields = PostFields(),
        directory: OrganisationDirectory = OrganisationDirectory()
    ) {
        self.directory = directory
        self.mimeLimits = mimeLimits
        self.postFields = postFields
        self.jobs = max(1, jobs)
        self.batchMessages = max(1, batchMessages)
        self.batchBytes = max(1, batchBytes)
        self.maxMessageBytes = max(1024, maxMessageBytes)
        self.matchLimits = matchLimits
    }
}
