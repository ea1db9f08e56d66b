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
        // Cut inside its first rows: nothing to show, and libpng's reason.
        #expect(throws: ImageProblem(kind: .damaged, reason: "image data cannot be decoded: PNG data ends early")) {
            try DecodedImage(Array(sampleEmblem.prefix(200)), limits: ImageLimits())
        }
        #expect(throws: ImageProblem(kind: .damaged, reason: "image header cannot be read: JPEG datastream contains no image")) {
            try DecodedImage([0xFF, 0xD8, 0xFF, 0x00, 0x00, 0x00], limits: ImageLimits())
        }
        let image = try DecodedImage(sampleEmblem, limits: ImageLimits())
        #expect(image.width == 360 && image.height == 360 && image.damage == nil)
    }

    /// A picture cut short in transfer is decoded as far as its data goes: the rows before the
    /// cut are the whole picture's rows exactly, the damage is named, and the rest is filled.
    @Test(arguments: [
        ("a real photo, JPEG", "../shared/corpora/email/mimekit/UnitTests/TestData/encoders/photo.jpg", "Premature end of JPEG file"),
        ("the sample emblem, PNG", "Patterns/logos/sample-emblem.png", "PNG data ends early"),
    ])
    func aPictureCutShortIsDecodedAsFarAsItsDataGoes(name: String, path: String, damage: String) throws {
        let bytes = try [UInt8](Data(contentsOf: repository.appendingPathComponent(path)))
        let whole = try DecodedImage(bytes, limits: ImageLimits())
        let cut = try DecodedImage(Array(bytes.prefix(bytes.count * 6 / 10)), limits: ImageLimits())
        #expect(whole.damage == nil)
        #expect(cut.damage == damage, "\(name)")
        #expect(cut.width == whole.width && cut.height == whole.height)
        let side = max(whole.width, whole.height)
        let wholeRows = GreyImage(whole, maxSide: side).pixels.chunks(of: whole.width)
        let cutRows = GreyImage(cut, maxSide: side).pixels.chunks(of: whole.width)
        let leading = zip(wholeRows, cutRows).prefix { $0 == $1 }.count
        #expect(
            leading >= whole.height / 4 && leading < whole.height, "\(name): \(leading) of \(whole.height) rows as in the whole picture")
    }
    /// A phone stores a portrait photo's pixels as the sensor saw them and says in its EXIF
    /// orientation how to turn them; the picture is read as every viewer shows it. One picture
    /// (its top-left quarter dark) stored as each of the eight orientations would undo, as JPEG
    /// (an APP1 segment) and as PNG (an `eXIf` chunk), with Pillow's `exif_transpose` as the
    /// oracle that each file shows it; each is read upright.
    @Test func aPhotoIsTurnedAsItsEXIFOrientationSays() throws {
        let directory = NSTemporaryDirectory() + "leakscan-exif-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = #"""
            import sys
            from PIL import Image, ImageChops, ImageOps
            shown = Image.new("L", (96, 64), 255)
            shown.paste(0, (0, 0, 48, 32))
            T = Image.Transpose
            stored_as = {1: [], 2: [T.FLIP_LEFT_RIGHT], 3: [T.ROTATE_180], 4: [T.FLIP_TOP_BOTTOM], 5: [T.TRANSPOSE],
                         6: [T.ROTATE_90], 7: [T.TRANSVERSE], 8: [T.ROTATE_270]}
            for orientation, steps in stored_as.items():
                stored = shown
                for step in steps:
                    stored = stored.transpose(step)
                exif = Image.Exif()
                exif[0x0112] = orientation
                for extension, options in (("jpg", {"quality": 95}), ("png", {})):
                    path = "%s/%d.%s" % (sys.argv[1], orientation, extension)
                    stored.save(path, exif=exif.tobytes(), **options)
                    seen = ImageOps.exif_transpose(Image.open(path))
                    assert seen.size == shown.size and ImageChops.difference(seen, shown).getextrema()[1] < 64, (orientation, extension)
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        for orientation in 1...8 {
            for kind in ["jpg", "png"] {
                try expectShownUpright("\(directory)/\(orientation).\(kind)")
            }
        }
    }

    /// The picture at `path`, stored as an EXIF orientation undoes, decodes upright: 96 × 64
    /// with its dark quarter at the top left.
    func expectShownUpright(_ path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let image = try DecodedImage(bytes, limits: ImageLimits(minSide: 1))
        #expect(image.width == 96 && image.height == 64, "\(path)")
        let grey = GreyImage(image, maxSide: 96)
        func mean(_ columns: Range<Int>, _ rows: Range<Int>) -> Int {
            var sum = 0
            for row in rows { for column in columns { sum += Int(grey.pixels[row * grey.width + column]) } }
            return sum / (columns.count * rows.count)
        }
        #expect(mean(4..<44, 4..<28) < 64, "\(path): the dark quarter is not top left")
        #expect(mean(52..<92, 4..<28) > 192 && mean(4..<44, 36..<60) > 192, "\(path)")
    }
}

extension Array {
    /// Consecutive slices of `count` elements.
    fileprivate func chunks(of count: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: self.count, by: count).map { self[$0..<Swift.min($0 + count, self.count)] }
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

    /// A picture cut short is read as far as it goes, but a reference must be whole.
    @Test func aDamagedReferenceIsRefused() throws {
        #expect(throws: ImageProblem(kind: .damaged, reason: "reference cut.png is damaged: PNG data ends early")) {
            try Emblem(organisation: "x", name: "cut.png", bytes: Array(sampleEmblem.prefix(sampleEmblem.count * 6 / 10)))
        }
    }
}
