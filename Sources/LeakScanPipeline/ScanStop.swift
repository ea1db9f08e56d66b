import Foundation

/// A request to stop a scan early, made from outside it (a signal handler): reading stops, the
/// batches already read are scanned, written and stored, and the summary says the scan was
/// stopped. A stop between batches keeps exactly-once: what was not stored is read again by
/// the next scan with the same state.
public final class ScanStop: @unchecked Sendable {
    private let lock = NSLock()
    private var requested: Int32?

    public init() {}

    /// Asks the scan to stop, for `signal` (the first request is kept).
    public func request(signal: Int32) {
        lock.withLock { if requested == nil { requested = signal } }
    }

    /// The signal a stop was asked for; nil while none was.
    public var signal: Int32? { lock.withLock { requested } }
}
