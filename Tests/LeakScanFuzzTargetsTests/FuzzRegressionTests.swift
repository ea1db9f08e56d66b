import Foundation
import LeakScanFuzzTargets
import Testing

/// Every input that ever crashed a fuzz target, replayed through the same entry point, and the
/// fuzzers' seed corpus from `../shared/corpora` run through every target: a crash here is a
/// crash the fuzzers found again.
@Suite struct FuzzRegressionTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let repository = here.deletingLastPathComponent().deletingLastPathComponent()

    static func files(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path < $1.path }
    }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func crashInputsNoLongerCrash(_ name: String) throws {
        let target = try #require(FuzzTargets.all.first { $0.name == name })
        for input in Self.files(under: Self.here.appendingPathComponent("Regressions/" + name)) {
            target.run(Array(try Data(contentsOf: input)))
        }
    }

    /// The seeds `scripts/fuzz` starts from: real mail, encoder pairs, posts and rule files.
    @Test(arguments: FuzzTargets.all.map(\.name))
    func seedCorpusRunsThroughEveryTarget(_ name: String) throws {
        let target = try #require(FuzzTargets.all.first { $0.name == name })
        let corpora = Self.repository.appendingPathComponent("../shared/corpora/email")
        let seeds = Self.files(under: corpora).filter { (try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) ?? 0 < 64 * 1024 }
        #expect(seeds.count > 50)
        for seed in seeds.prefix(300) { target.run(Array(try Data(contentsOf: seed))) }
    }
}
