import Foundation
import LeakScanMIME
import Testing

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
}
