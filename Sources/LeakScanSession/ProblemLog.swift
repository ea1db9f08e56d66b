import LeakScanPipeline
import Logging

/// Problems on stderr, as they come: corrupt records and limits as warnings, unreadable
/// inputs as errors.
public final class ProblemLog: ScanSink {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func batch(_ batch: ScanBatch) throws {}

    public func problem(_ problem: ScanProblem) throws {
        let place = problem.offset.map { "\(problem.source) at byte \($0)" } ?? problem.source
        switch problem.kind {
        case .corrupt: logger.warning("\(place): corrupt record skipped: \(problem.reason)")
        case .truncated: logger.warning("\(place): \(problem.reason)")
        case .unreadable: logger.error("\(place): cannot read: \(problem.reason)")
        case .unrecognised: logger.info("\(place): \(problem.reason)")
        case .unscanned: logger.warning("\(place): \(problem.reason)")
        case .unextracted: logger.warning("\(place): not read: \(problem.reason)")
        }
    }
}
