import ArgumentParser
import LeakScanSession

/// Exit statuses, a contract with cron jobs and scripts.
enum ExitStatus {
    static let clean = ExitCode(0)
    static let incidentsFound = ExitCode(1)
    static let error = ExitCode(2)
    /// Another scan holds the state database's lock.
    static let locked = ExitCode(3)

    /// A scan stopped early by `signal`, after writing and storing what it had read: 128 plus
    /// the signal's number, as a shell reports a command the signal ended (130, 143).
    static func stopped(by signal: Int32) -> ExitCode { ExitCode(128 + signal) }

    /// The contract as `--help` states it.
    static let help = """
        EXIT STATUS
          0  the scan finished and found no incident
          1  the scan finished and found at least one incident (with --state:
             wrote one that no earlier run reported)
          2  error: bad arguments, bad rules, an input that could not be read,
             a file named on the command line that holds no record, or
             incidents that could not be written (the other inputs are still
             scanned)
          3  another scan is using the same --state database (nothing was
             scanned)
          130, 143  stopped by SIGINT or SIGTERM, after writing (and storing)
             what it had read; a second signal ends it at once

        A corrupt message is reported on stderr with its file and byte offset and skipped; \
        it does not change the exit status.
        """

    /// Runs `body`; any error it throws is printed on stderr (after `context`, when given) and
    /// becomes exit status 2 (3 when another scan holds the state), so every command reports
    /// failures the same way.
    static func orError<T>(_ context: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            let status = if case .locked = error as? ScanSession.Failure { locked } else { ExitStatus.error }
            printError("leakscan: \(context.map { "\($0): " } ?? "")\(error); exiting with status \(status.rawValue)")
            throw status
        }
    }
}
