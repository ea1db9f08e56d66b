import Foundation

/// Where the state database is: the path a user names, or `default` for the XDG state
/// directory, so cron jobs and people at a terminal find the same database.
public enum StateLocation {
    /// `name` as a path: `default` is `$XDG_STATE_HOME/leakscan/state.sqlite`
    /// (`~/.local/state/leakscan/state.sqlite` without it).
    public static func resolve(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard name == "default" else { return name }
        let home =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return home + "/leakscan/state.sqlite"
    }

    /// Why an existing database could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens the database `name` names, which must exist already: the commands that read or
    /// change stored incidents never create an empty one by mistake.
    public static func openExisting(_ name: String) throws(OpenError) -> StateStore {
        let path = resolve(name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw OpenError(description: "no state database at \(path) (run `leakscan scan --state \(name)` first)")
        }
        do {
            return try StateStore(path: path)
        } catch {
            throw OpenError(description: "cannot open \(path): \(error)")
        }
    }
}
