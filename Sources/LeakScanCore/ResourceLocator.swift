import Foundation

/// Finds a file in a SwiftPM resource bundle installed beside the executable.
///
/// Used instead of `Bundle.module`, which traps when the bundle is missing: a binary copied
/// without its bundle must say what is missing, not crash.
public enum ResourceLocator {
    /// The first existing `bundleName/relativePath` beside the executable or among loaded bundles.
    public static func url(bundle bundleName: String, path relativePath: String) -> URL? {
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates = [executable.appendingPathComponent(bundleName)]
        if let main = Bundle.main.resourceURL { candidates.append(main.appendingPathComponent(bundleName)) }
        candidates += Bundle.allBundles.filter { $0.bundlePath.hasSuffix(bundleName) }.map(\.bundleURL)
        // Test runners live in the build folder too.
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent(bundleName))
        return candidates.map { $0.appendingPathComponent(relativePath) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
