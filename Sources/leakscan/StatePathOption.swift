import ArgumentParser
import Foundation
import LeakScanPipeline
import LeakScanSession
import LeakScanState

/// `--state` for the commands that only read or change the database.
struct StatePathOption: ParsableArguments {
    @Option(help: ArgumentHelp("State database ('default': $XDG_STATE_HOME/leakscan/state.sqlite).", valueName: "path"))
    var state: String = "default"

    func open() throws -> StateStore { try Self.open(state) }

    /// Opens the database `state` names (a path, or `default`).
    static func open(_ state: String) throws -> StateStore {
        let path = StateOptions.resolve(state)
        guard FileManager.default.fileExists(atPath: path) else {
            printError("leakscan: no state database at \(path) (run `leakscan scan --state \(state)` first)")
            throw ExitStatus.error
        }
        do {
            return try StateStore(path: path)
        } catch {
            printError("leakscan: cannot open \(path): \(error)")
            throw ExitStatus.error
        }
    }
}
