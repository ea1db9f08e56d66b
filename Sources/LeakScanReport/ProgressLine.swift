import Foundation
import LeakScanPipeline

/// One self-overwriting line on a terminal's stderr, at most twice a second; nothing when
/// stderr is a file or pipe (cron, systemd), where it would only fill logs.
public final class ProgressLine: @unchecked Sendable {
    let started: Date
    private let lock = NSLock()
    private var lastShown = Date.distantPast

    public init(started: Date) {
        self.started = started
    }

    @Sendable public func update(_ summary: ScanSummary) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= 0.5 else { return }
        lastShown = now
        let mebibytes = Double(summary.bytes) / 1_048_576
        let seconds = max(0.001, now.timeIntervalSince(started))
        let line = String(
            format: "\r%d messages, %.0f MiB, %d incidents, %.1f MiB/s ", summary.messages, mebibytes, summary.incidents,
            mebibytes / seconds)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
