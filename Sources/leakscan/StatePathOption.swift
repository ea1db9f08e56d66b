import ArgumentParser
import LeakScanState

/// `--state` for the commands that only read or change the database.
struct StatePathOption: ParsableArguments {
    @Option(help: ArgumentHelp("State database ('default': $XDG_STATE_HOME/leakscan/state.sqlite).", valueName: "path"))
    var state: String = "default"

    func open() throws -> StateStore { try Self.open(state) }

    /// Opens the existing database `state` names, or exit status 2 with the reason.
    static func open(_ state: String) throws -> StateStore {
        do {
            return try StateLocation.openExisting(state)
        } catch {
            printError("leakscan: \(error)")
            throw ExitStatus.error
        }
    }
}
