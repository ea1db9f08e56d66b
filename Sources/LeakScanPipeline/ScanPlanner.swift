import Foundation
import LeakScanCore

/// Decides where each input starts: whoever keeps state between runs.
public protocol ScanPlanner: AnyObject {
    func plan(_ path: String) -> InputPlan
}

/// Where to start reading an input.
public enum InputPlan: Sendable, Equatable {
    /// Unchanged since the last scan: not read at all.
    case skip
    /// Read from this checkpoint (``Checkpoint/start``: the whole input).
    case scan(from: Checkpoint)
}
