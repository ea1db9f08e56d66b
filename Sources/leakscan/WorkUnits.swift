import ArgumentParser
import Foundation
import LeakScanPipeline
import LeakScanStats
import LeakScanSynth

/// `scan --plan FILE --unit K`: scan one unit of a plan instead of paths.
struct WorkUnitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A plan written by `leakscan plan` (JSON Lines, one unit per line).", valueName: "file"))
    var plan: String?
    @Option(help: ArgumentHelp("The unit of --plan to scan (its \"unit\" number).", valueName: "k")) var unit: Int?

    func validate(paths: [String], state: Bool) throws {
        guard (plan == nil) == (unit == nil) else { throw ValidationError("--plan and --unit go together") }
        if plan != nil {
            guard paths.isEmpty else { throw ValidationError("give --plan and --unit, or paths, not both") }
            guard !state else { throw ValidationError("--state keeps nightly state per machine; it does not take --plan") }
        } else if paths.isEmpty {
            throw ValidationError("give at least one path to scan")
        }
    }

    /// The unit to scan, when one is asked for.
    func load() throws -> WorkUnit? {
        guard let plan, let unit else { return nil }
        let units = try ExitStatus.orError("cannot read the plan") { try WorkPlanFile.read(plan) }
        guard let found = units.first(where: { $0.unit == unit }) else {
            printError("leakscan: \(plan) has no unit \(unit) (it has \(units.count)); exiting with status 2")
            throw ExitStatus.error
        }
        return found
    }

    func apply(_ unit: WorkUnit, to options: inout ScanOptions) {
        for part in unit.parts {
            if let range = part.range { options.ranges[part.path] = range }
            if part.walked { options.walked.insert(part.path) }
        }
    }
}

/// A plan as JSON Lines: one unit per line, `{"unit": k, "parts": [{"path", "start", "end", "walked"}]}`.
enum WorkPlanFile {
    static func read(_ path: String) throws -> [WorkUnit] {
        let decoder = JSONDecoder()
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(WorkUnit.self, from: Data($0.utf8))
        }
    }

    static func lines(_ units: [WorkUnit]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try units.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}

/// `leakscan plan`: the work units for a set of inputs.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split inputs into work units for many machines; print the plan as JSON Lines.",
        discussion: """
            Small files are grouped whole; plain mbox and JSON Lines files larger than --unit-size are cut into byte \
            ranges, each scanning the records that begin inside it (as Hadoop's line input format does with lines). \
            Units follow the order one scan reads its inputs, so `scan --plan FILE --unit K` for every unit, then \
            `leakscan merge` of the results in unit order, gives that scan's incidents and statistics.
            """)

    @Option(help: ArgumentHelp("Input bytes per unit, e.g. 256M, 1G.", valueName: "size")) var unitSize = "256M"
    @Argument(help: ArgumentHelp("Inputs, as for `scan`.", valueName: "path")) var paths: [String]

    func run() throws {
        guard let bytes = SynthConfig.byteCount(unitSize), bytes > 0 else {
            throw ValidationError("--unit-size must look like 64M, 256M or 1G")
        }
        if let stream = WorkPlanner.stream(among: paths) {
            throw ValidationError(
                "\(stream) is the standard input or a pipe, whose bytes come once to this process: save them to a file to plan them")
        }
        let started = Date()
        let units = WorkPlanner.plan(paths: paths, unitBytes: UInt64(bytes))
        print(try WorkPlanFile.lines(units), terminator: "")
        printError(String(format: "plan: %d units in %.2f s", units.count, Date().timeIntervalSince(started)))
    }
}

/// `leakscan merge`: per-unit results into one run's.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge per-unit incident and statistics files into the output of one scan.",
        discussion: """
            Each DIR holds one unit's incidents.jsonl and, with --stats, its stats.json, as `scan --plan P --unit K \
            --output DIR/incidents.jsonl --stats DIR/stats.json` writes them. Give the directories in unit order: the \
            incidents are concatenated in that order (one scan's order) and the statistics added exactly.
            """)

    @Option(name: [.short, .long], help: ArgumentHelp("Write the merged incidents here.", valueName: "file")) var output: String
    @Option(help: ArgumentHelp("Write the merged statistics (stats.json) here.", valueName: "file")) var stats: String?
    @Option(help: ArgumentHelp("Organisations file, as given to the scans (--orgs).", valueName: "file")) var orgs: String?
    @OptionGroup var policy: StatsPolicyOptions
    @Argument(help: ArgumentHelp("Unit result directories, in unit order.", valueName: "dir")) var directories: [String]

    func run() throws {
        try ExitStatus.orError("cannot merge incidents") {
            // Written beside the output and renamed: a reader never sees half a merge.
            guard FileManager.default.createFile(atPath: output + ".partial", contents: nil),
                let handle = FileHandle(forWritingAtPath: output + ".partial")
            else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: output]) }
            for directory in directories {
                try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: directory + "/incidents.jsonl")))
            }
            try handle.close()
            if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
            try FileManager.default.moveItem(atPath: output + ".partial", toPath: output)
        }
        guard let stats else { return }
        let state = try ExitStatus.orError { try StatsInputs.combine(directories.map { $0 + "/stats.json" }, merge: true) }
        let directory = try Stats.directory(orgs: orgs)
        _ = try ExitStatus.orError("cannot write statistics") {
            try StatsFiles(json: stats, policy: policy.policy).write(state: state, directory: directory)
        }
    }
}
