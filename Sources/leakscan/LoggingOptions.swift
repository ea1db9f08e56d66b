import ArgumentParser
import Logging

/// Logging options; only the executable bootstraps swift-log, and only to stderr.
struct LoggingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Log level for stderr: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: Logger.Level = .info

    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "leakscan")
    }
}
