import Foundation
import LeakScanCore

/// What one attachment has spent so far, shared by every container and document inside it,
/// so limits hold for the whole tree and not per level.
final class ExtractionBudget {
    let limits: ExtractionLimits
    /// Bytes of the attachment as it arrived, for the expansion ratio.
    let inputBytes: Int
    let started = Date()
    private(set) var expandedBytes = 0
    private(set) var entries = 0
    /// Set once a whole-attachment limit is hit: nothing more is read.
    private(set) var exhausted: String?

    init(limits: ExtractionLimits, inputBytes: Int) {
        self.limits = limits
        self.inputBytes = max(1, inputBytes)
    }

    var timedOut: Bool { Date().timeIntervalSince(started) > limits.seconds }

    /// Counts a member about to be read; nil if allowed, else the reason it is not.
    func admitEntry() -> String? {
        if let exhausted { return exhausted }
        entries += 1
        if entries > limits.maxEntries { return exhaust("more than \(limits.maxEntries) members") }
        if timedOut { return exhaust("time limit of \(limits.seconds) s reached") }
        return nil
    }

    /// Counts `count` more decompressed bytes; nil if allowed, else the reason to stop.
    func spend(_ count: Int) -> String? {
        if let exhausted { return exhausted }
        expandedBytes += count
        if expandedBytes > limits.maxTotalBytes { return exhaust("more than \(limits.maxTotalBytes) bytes decompressed") }
        let expansion = ExpansionLimit(ratio: limits.maxRatio, floor: UInt64(limits.ratioFloor))
        if expansion.isExceeded(produced: UInt64(expandedBytes), consumed: UInt64(inputBytes)) {
            return exhaust("expands more than \(limits.maxRatio) times its size (\(inputBytes) bytes); a decompression bomb")
        }
        return nil
    }

    private func exhaust(_ reason: String) -> String {
        exhausted = reason
        return reason
    }
}
