import Foundation
import LeakScanRules

/// The repository root, found from this file's path so tests read `Patterns/` and
/// `../shared/corpora` in place.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let sharedCorpora = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/corpora")

/// The rules shipped in `Patterns/`, loaded once.
let bundledRules: RuleSet = {
    do {
        return try RuleSet.load(directory: repositoryRoot.appendingPathComponent("Patterns"))
    } catch {
        fatalError("bundled rules do not load: \(error)")
    }
}()
