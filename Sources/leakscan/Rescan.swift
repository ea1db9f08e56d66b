import ArgumentParser
import LeakScanSession
import LeakScanState

/// `leakscan rescan`: every input the database knows, read again whole with (new) rules.
struct Rescan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan every input recorded in the state database again, whole, with the given rules.",
        discussion:
            "Same as `scan --state DB --full` over the inputs the database has seen; writes the incidents the database did not have yet. Follow with `leakscan diff` to see what the new rules gained and lost."
    )
    @OptionGroup var database: StatePathOption
    @OptionGroup var session: SessionOptions

    func run() throws {
        let paths = try database.open().inputPaths()
        guard !paths.isEmpty else {
            printError("leakscan: the state database has no inputs yet")
            throw ExitStatus.error
        }
        try session.run(inputs: paths) { configuration, _ in
            configuration.state = ScanSession.StateConfiguration(path: StateLocation.resolve(database.state), full: true)
        }
    }
}
