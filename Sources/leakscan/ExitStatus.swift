import ArgumentParser

/// Exit statuses, a contract with cron jobs and scripts.
enum ExitStatus {
    static let clean = ExitCode(0)
    static let incidentsFound = ExitCode(1)
    static let error = ExitCode(2)
    /// Another scan holds the state database's lock.
    static let locked = ExitCode(3)
}
