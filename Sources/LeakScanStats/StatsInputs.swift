import Foundation

/// The statistics of several inputs added up exactly: `stats.json` files (shards of one run)
/// and `leakscan scan` incident files.
public enum StatsInputs {
    /// Why an input could not be added.
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// - Parameter merge: every input must be a `stats.json` file.
    public static func combine(_ paths: [String], merge: Bool) throws(Failure) -> StatsState {
        var state = StatsState()
        for path in paths {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw Failure(path: path, reason: "cannot read: \(error.localizedDescription)")
            }
            do {
                // A stats.json file is one JSON object; an incident file is lines of them.
                if merge || data.first == UInt8(ascii: "{"), let decoded = try? StatsJSON.decodeState(data) {
                    let conflicts = state.headcountConflicts(with: decoded)
                    guard conflicts.isEmpty else {
                        throw Failure(
                            path: path,
                            reason:
                                "its headcounts differ from earlier inputs' for \(conflicts.joined(separator: ", ")); merge shards of one run"
                        )
                    }
                    state = state + decoded
                } else if merge {
                    state = state + (try StatsJSON.decodeState(data))
                } else {
                    state = state + (try StatsJSON.state(fromIncidentLines: data))
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw Failure(path: path, reason: "\(error)")
            }
        }
        return state
    }
}
