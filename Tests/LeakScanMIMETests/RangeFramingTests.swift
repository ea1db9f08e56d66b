import Foundation
import LeakScanCore
import LeakScanFraming
import LeakScanSynth
import Testing

/// Work units: byte ranges of one file, read separately, frame every record exactly once and
/// exactly as a whole-file read does — random mbox (with `>From ` quoting, unquoted `From` in
/// bodies, blank lines) and JSON Lines archives, LF and CRLF, random range counts and cut points.
@Suite struct RangeFramingTests {
    typealias Framed = IncrementalFramingTests.Framed

    static func read(_ path: String, range: Range<UInt64>? = nil) throws -> [Framed] {
        let reader = try ArchiveReader(path: path, range: range)
        let records = reader.map(IncrementalFramingTests.framed)
        #expect(reader.error == nil)
        return records
    }

    @Test func rangesFrameEveryRecordOnce() throws {
        var random = SplitMix64(seed: 17)
        let directory = NSTemporaryDirectory() + "leakscan-ranges-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var ranges = 0
        for index in 0..<200 {
            let format: IncrementalFramingTests.Format = index % 2 == 0 ? .mbox : .jsonLines
            let newline = random.next() % 2 == 0 ? "\n" : "\r\n"
            let records = IncrementalFramingTests.records(
                format, first: 0, count: Int(random.next() % 30 + 1), newline: newline, random: &random)
            var text = IncrementalFramingTests.text(format, records, newline: newline, final: random.next() % 4 != 0)
            if format == .jsonLines, random.next() % 3 == 0 { text = text.replacingOccurrences(of: newline, with: newline + newline) }
            let path = directory + "/case\(index)"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect(ArchiveReader.isSplittable(path: path))
            let whole = try Self.read(path)
            #expect(whole.count == records.count)

            // Random cut points, including ones inside lines, at line starts and at the ends.
            let size = UInt64(text.utf8.count)
            let count = Int(random.next() % 12 + 1)
            let cuts = ([0, size] + (1..<count).map { _ in random.next() % (size + 1) }).sorted()
            var pieces = [Framed]()
            for (lower, upper) in zip(cuts, cuts.dropFirst()) where lower < upper {
                pieces += try Self.read(path, range: lower..<upper)
                ranges += 1
            }
            #expect(pieces == whole, "case \(index): \(cuts)")
        }
        #expect(ranges > 1000)
    }

    /// A separator is decided by its own line and the line before it, as a whole-file read
    /// decides it: an unquoted "From " line in a body (no blank line before it, not shaped like
    /// an envelope) stays in its message even when a range starts on it.
    @Test func rangeStartingOnABodyFromLineKeepsItInItsMessage() throws {
        let text =
            "From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\nFrom me to you\nmore\n\nFrom b@x Mon Jan  1 00:00:01 2024\nSubject: two\n\nhi\n"
        let path = NSTemporaryDirectory() + "leakscan-range-\(UUID().uuidString).mbox"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cut = UInt64(Array(text.utf8).firstRange(of: Array("From me".utf8))!.lowerBound)
        let first = try Self.read(path, range: 0..<cut)
        let second = try Self.read(path, range: cut..<UInt64(text.utf8.count))
        #expect(first.count == 1 && first[0].text.contains("From me to you"))
        #expect(second.count == 1 && second[0].text.contains("Subject: two"))
    }

    @Test func compressedFilesAreNotSplit() throws {
        let path = NSTemporaryDirectory() + "leakscan-range-\(UUID().uuidString).mbox.gz"
        try IncrementalFramingTests.gzip("From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\nbody\n").write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(!ArchiveReader.isSplittable(path: path))
        #expect(throws: InputError.self) { try ArchiveReader(path: path, range: 10..<20) }
    }
}
