import Foundation
import Testing

@testable import LeakScanMIME

@Suite struct DataURIImagesTests {
    @Test func picturesInImgTagsAndCSSAreDecodedAndBrokenOnesSkipped() {
        let png = [UInt8]([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        let encoded = Data(png).base64EncodedString()
        let folded = String(encoded.prefix(6)) + "\r\n " + String(encoded.dropFirst(6))
        let html = """
            <p>hi</p><IMG SRC="DATA:IMAGE/PNG;BASE64,\(folded)">
            <div style="background:url(data:image/jpeg;base64,/9j/4AAQ)"></div>
            <img src="data:image/gif;base64,!!!!">
            <img src="data:text/plain;base64,aGVsbG8=">
            """
        let images = DataURIImages.images(in: Array(html.utf8))
        #expect(images.map(\.type) == ["image/png", "image/jpeg"])
        #expect(images.first?.bytes == png)
        #expect(images.last?.bytes == [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10])
    }

    /// The colon-led search finds what a plain caseless search finds, from any start.
    @Test func colonLedSearchAgreesWithAPlainOne() {
        let needle = Array("data:image/".utf8)
        let pieces = ["data:image/", "DATA:Image/", "data:", ":image/", "dat", "a:", "::", "x", " ", "é"]
        var state: UInt64 = 5
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<(state % 12) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            let haystack = Array(text.utf8)
            let start = haystack.isEmpty ? 0 : Int(state % UInt64(haystack.count))
            let plain = (start..<max(start, haystack.count - needle.count + 1)).first { index in
                zip(needle, haystack[index...]).allSatisfy { $0 == $1 | 0x20 || $0 == $1 }
            }
            #expect(DataURIImages.firstCaseless(needle, in: haystack, from: start) == plain, "\(text.debugDescription) from \(start)")
        }
    }
}
