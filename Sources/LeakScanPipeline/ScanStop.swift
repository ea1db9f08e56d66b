import Synchronization

/// A request to stop a scan early, made from outside it (a signal handler): reading stops, the
/// batches already read are scanned, written and stored, and the summary says the scan was
/// stopped. A stop between batches keeps exactly-once: what was not stored is read again by
/// the next scan with the same state.
///
/// The request is an atomic word, not a locked one: the reading thread asks before every item
/// it reads (a lock taken and released once a post).
public final class ScanStop: Sendable {
    /// The signal asked for; 0 while none was (signals are positive).
    private let requested = Atomic<Int32>(0)

    public init() {}

    /// Asks the scan to stop, for `signal` (the first request is kept).
    public func request(signal: Int32) {
        _ = requested.compareExchange(expected: 0, desired: signal, ordering: .acquiringAndReleasing)
    }

    /// The signal a stop was asked for; nil while none was.
    public var signal: Int32? {
        let signal = requested.load(ordering: .acquiring)
        return signal == 0 ? nil : signal
    }
}
