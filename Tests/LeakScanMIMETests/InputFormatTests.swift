import Testing

@testable import LeakScanFraming

/// Format detection reads the first line with something on it; it is found in place, and must
/// be the line splitting the prefix into lines gives (the implementation it replaced, kept here
/// as the oracle).
@Suite struct InputFormatTests {
    static func oracle(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.split(separator: 0x0A).first { line in line.contains { $0 > 0x20 } }?
            .prefix { $0 != 0x0A && $0 != 0x0D } ?? bytes[bytes.startIndex..<bytes.startIndex]
    }

    @Test func firstLineAgreesWithSplittingIntoLines() {
        let pieces: [[UInt8]] = ["\n", "\r\n", "\r", " ", "\t", "From a@b", "Subject: x", "{\"id\": 1}", "é", "a,b"].map { Array($0.utf8) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).flatMap { _ in pieces.randomElement(using: &generator)! }
            // Slices that do not start at index 0, as the BOM-stripped prefix is.
            let slice = ([0xEF] + bytes)[1...]
            #expect(Array(InputFormat.firstLine(in: slice)) == Array(Self.oracle(slice)), "\(bytes)")
        }
    }
}
