import Foundation
import LeakScanCore

/// Decides where each input starts: whoever keeps state between runs.
public protocol ScanPlanner: AnyObject {
    func plan(_ path: String) -> InputPlan
    /// How many messages a Maildir folder held when it was last read whole, if it is unchanged
    /// since: the walk then neither lists it nor plans its files. Nil: list it.
    func unchangedMessages(in folder: MaildirFolder) -> Int?
    /// After the scan (its results delivered): the Maildir folders the walk listed, for the
    /// planner to remember those whose every message is now read.
    func walked(_ folders: [ListedMaildirFolder])
}

extension ScanPlanner {
    public func unchangedMessages(in folder: MaildirFolder) -> Int? { nil }
    public func walked(_ folders: [ListedMaildirFolder]) {}
}

/// Where to start reading an input.
public enum InputPlan: Sendable, Equatable {
    /// Unchanged since the last scan: not read at all.
    case skip
    /// Read from this checkpoint (``Checkpoint/start``: the whole input).
    case scan(from: Checkpoint)
}
