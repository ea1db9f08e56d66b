import Foundation
import LeakScanImages
import Testing

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let sampleEmblem = try! [UInt8](Data(contentsOf: repository.appendingPathComponent("Patterns/logos/sample-emblem.png")))

/// A PNG that is only a signature, a header declaring `width × height` pixels and its end.
func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
    func crc(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
    func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
    let header = Array("IHDR".utf8) + bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + bigEndian(13) + header + bigEndian(crc(header))
        + [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
}

/// A textured grey scene (smooth waves plus noise from a fixed seed), the kind of background
/// a photo gives, optionally with `emblem` pasted at (`x`, `y`).
func scene(width: Int, height: Int, emblem: GreyImage? = nil, x: Int = 0, y: Int = 0) -> GreyImage {
    var state: UInt64 = 42
    var pixels = [UInt8](repeating: 0, count: width * height)
    for row in 0..<height {
        for column in 0..<width {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let wave = 120 + 60 * sin(Double(column) / 23) * cos(Double(row) / 17)
            pixels[row * width + column] = UInt8(max(0, min(255, wave + Double(state >> 58) - 32)))
        }
    }
    if let emblem {
        for row in 0..<emblem.height {
            for column in 0..<emblem.width { pixels[(y + row) * width + x + column] = emblem.pixels[row * emblem.width + column] }
        }
    }
    return GreyImage(width: width, height: height, pixels: pixels)
}

@Suite struct ImageDecodingTests {
    @Test func aDecompressionBombIsRefusedFromItsHeader() throws {
        #expect(throws: ImageProblem(kind: .limit, reason: "image declares 100000×100000 pixels, over the limit of 40000000")) {
            try DecodedImage(pngHeader(width: 100_000, height: 100_000), limits: ImageLimits())
        }
    }

    @Test func corruptOrTruncatedPicturesAreDamaged() throws {
        #expect(throws: ImageProblem.self) { try DecodedImage(Array("not a picture at all".utf8), limits: ImageLimits()) }
        #expect(throws: ImageProblem.self) { try DecodedImage(Array(sampleEmblem.prefix(200)), limits: ImageLimits()) }
        let image = try DecodedImage(sampleEmblem, limits: ImageLimits())
        #expect(image.width == 360 && image.height == 360)
    }
}

@Suite struct EmblemSearchTests {
    let emblem = try! Emblem(organisation: "Example Police", name: "sample-emblem.png", bytes: sampleEmblem)

    @Test func theEmblemIsFoundAtAThirdOfItsSizeInsideALargerPicture() throws {
        let small = GreyImage(try DecodedImage(sampleEmblem, limits: ImageLimits()), maxSide: 120)
        let search = EmblemSearch(emblems: [emblem])
        let picture = scene(width: 480, height: 320, emblem: small, x: 300, y: 150)
        let match = try #require(search.bestMatch(in: picture))
        #expect(match.organisation == "Example Police" && match.reference == "sample-emblem.png")
        #expect(match.similarity >= 0.9)
        #expect(search.bestMatch(in: scene(width: 480, height: 320)) == nil)
        #expect(search.similarity(of: emblem, in: scene(width: 480, height: 320)) < search.threshold)
    }

    @Test func theReferenceFileItselfMatchesExactly() throws {
        let analyzer = ImageAnalyzer(emblems: [emblem], ocr: false)
        let analysis = analyzer.analyse(sampleEmblem)
        #expect(analysis.emblem?.similarity == 1)
        #expect(analysis.problems.isEmpty)
    }

    @Test func aBlankReferenceIsRefused() throws {
        let blank = pngHeader(width: 10, height: 10)
        #expect(throws: ImageProblem.self) { try Emblem(organisation: "x", name: "blank.png", bytes: blank) }
    }
}
