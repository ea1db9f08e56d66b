import Testing

@testable import LeakScanOutlook

/// libpff and libolecf print their errors into a C buffer: several lines, NUL-terminated,
/// with whatever bytes the buffer held after the NUL.
@Suite struct LibraryErrorTextTests {
    @Test func stopsAtTheNULAndPutsTheLinesOnOne() {
        var buffer = [CChar](repeating: 0x41, count: 64)  // "A" after the NUL must not show
        let printed = Array("libolecf_file_open: unable to open file.\nlibolecf_io: caf\u{E9}".utf8)
        for (index, byte) in printed.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[printed.count] = 0
        #expect(libraryErrorText(buffer) == "libolecf_file_open: unable to open file.; libolecf_io: caf\u{E9}")
    }

    @Test func anEmptyOrUnterminatedBufferStillGivesText() {
        #expect(libraryErrorText([0, 0x41]) == "")
        #expect(libraryErrorText([0x6F, 0x6B]) == "ok")
        #expect(libraryErrorText([CChar(bitPattern: 0xFF), 0]) == "\u{FFFD}")
    }
}
