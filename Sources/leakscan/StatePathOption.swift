import ArgumentParser
import LeakScanState

/// `--state` for the commands that only read or change the database.
struct StatePathOption: ParsableArguments {
    @Option(help: ArgumentHelp("State database ('default': $XDG_STATE_HOME/leakscan/state.sqlite).", valueName: "path"))
    var state: String = "default"

    /// Opens the existing database `state` names, or exit status 2 with the reason.
    func open() throws -> StateStore { try ExitStatus.orError { try StateLocation.openExisting(state) } }
}
