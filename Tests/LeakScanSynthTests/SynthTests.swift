import Foundation
import LeakScanSynth
import Testing

/// The same seed writes the same bytes; another seed writes others.
@Suite struct SynthTests {
    static func archive(seed: UInt64) throws -> (Data, [TruthRecord]) {
        var config = SynthConfig()
        config.organisations = 20
        config.targetBytes = 200 << 10
        config.seed = seed
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "leakscan-synth-\(UUID().uuidString)")
        let truth = try SyntheticArchive(config: config).write(to: directory)
        return (try Data(contentsOf: directory.appendingPathComponent("mail.mbox")), truth)
    }

    @Test func deterministicPerSeed() throws {
        let (first, truth) = try Self.archive(seed: 3)
        let (second, _) = try Self.archive(seed: 3)
        let (other, _) = try Self.archive(seed: 4)
        #expect(first == second)
        #expect(first != other)
        #expect(!truth.isEmpty)
    }

    @Test func sizesReadAsPeopleWriteThem() {
        #expect(SynthConfig.byteCount("500K") == 500 << 10)
        #expect(SynthConfig.byteCount("200m") == 200 << 20)
        #expect(SynthConfig.byteCount("1.5G") == 3 << 29)
        #expect(SynthConfig.byteCount("1e300G") == nil)  // too large for a byte count: refused, not a trap
        #expect(SynthConfig.byteCount("infK") == nil)
        #expect(SynthConfig.byteCount("4096") == 4096)
        for bad in ["", "M", "-1M", "-5", "12Q", "1,5M"] { #expect(SynthConfig.byteCount(bad) == nil, "\(bad)") }
    }
}
