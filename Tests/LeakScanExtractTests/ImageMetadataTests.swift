import Foundation
import Testing

@testable import LeakScanExtract

/// A picture's captions, comments, titles and keywords are read as `<file>/properties`, as
/// Pillow reads them back from the files it wrote: EXIF in a JPEG, a TIFF and a WebP (a caption,
/// Windows' comment and keywords, a user comment), a JPEG's and a GIF's comment, PNG's plain, compressed and
/// international text, and XMP's description and subject. The camera's make and the artist
/// (who took it) are not read. Before, none of it was.
@Suite struct ImageMetadataTests {
    static let marking = "OFFICIAL-SENSITIVE"

    /// The pictures Pillow wrote, and per picture the lines Pillow reads from it.
    static let pictures: (files: [String: [UInt8]], expected: [String: Set<String>]) = {
        let folder = NSTemporaryDirectory() + "leakscan-picture-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = """
            import json, sys, xml.etree.ElementTree as tree
            from PIL import Image, PngImagePlugin
            out, marking = sys.argv[1], sys.argv[2]
            image = Image.new("RGB", (64, 48), "navy")
            exif = Image.Exif()
            exif[0x010E] = "Briefing photo " + marking
            exif[0x010F] = "Canon"
            exif[0x013B] = "Jo Bloggs"
            exif[0x9C9C] = ("Op Kestrel " + marking).encode("utf-16-le") + b"\\0\\0"
            exif[0x9C9E] = "rota;nights".encode("utf-16-le") + b"\\0\\0"
            exif.get_ifd(0x8769)[0x9286] = b"ASCII\\0\\0\\0" + b"handed over at the front desk"
            image.save(out + "/photo.jpg", exif=exif, comment=b"taken in the custody suite")
            image.save(out + "/scan.tif", exif=exif)
            image.save(out + "/photo.webp", exif=exif)
            image.save(out + "/anim.gif", comment=b"briefing slide " + marking.encode())
            info = PngImagePlugin.PngInfo()
            info.add_text("Description", "Briefing slide " + marking)
            info.add_text("Comment", "zipped comment", zip=True)
            info.add_itxt("Title", "Operation Kestrel \\u2013 " + marking, lang="en", tkey="Titel", zip=True)
            info.add_text("Author", "Jo Bloggs")
            rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
            xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="' + rdf + '">'
                   '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
                   '<rdf:li xml:lang="x-default">XMP caption ' + marking + '</rdf:li></rdf:Alt></dc:description>'
                   '<dc:subject><rdf:Bag><rdf:li>custody</rdf:li><rdf:li>rota</rdf:li></rdf:Bag></dc:subject>'
                   '</rdf:Description></rdf:RDF></x:xmpmeta>')
            info.add_itxt("XML:com.adobe.xmp", xmp)
            image.save(out + "/slide.png", pnginfo=info)
            # What Pillow reads back.
            names = {0x010E: "ImageDescription", 0x9C9C: "XPComment", 0x9C9E: "XPKeywords"}
            expected = {}
            for name in ("photo.jpg", "scan.tif", "photo.webp", "anim.gif"):
                picture = Image.open(out + "/" + name)
                tags = picture.getexif()
                lines = [names[tag] + ": " + (value.decode("utf-16-le").rstrip("\\0") if isinstance(value, bytes) else value)
                         for tag, value in tags.items() if tag in names]
                comment = tags.get_ifd(0x8769).get(0x9286) if tags else None
                if comment: lines.append("UserComment: " + comment[8:].decode())
                if "comment" in picture.info: lines.append("Comment: " + picture.info["comment"].decode())
                if name == "anim.gif": lines = ["Comment: " + picture.info["comment"].decode()]
                expected[name] = lines
            picture = Image.open(out + "/slide.png")
            picture.load()
            lines = [key + ": " + value for key, value in picture.text.items() if key not in ("Author", "XML:com.adobe.xmp")]
            root = tree.fromstring(picture.text["XML:com.adobe.xmp"])
            for field in ("description", "subject"):
                for item in root.iter("{http://purl.org/dc/elements/1.1/}" + field):
                    lines += [field + ": " + li.text for li in item.iter("{" + rdf + "}li")]
            expected["slide.png"] = lines
            print(json.dumps(expected))
            """
        let oracle = (try? run(["python3", "-c", script, folder, marking]))?.output ?? Data()
        let expected = ((try? JSONSerialization.jsonObject(with: oracle)) as? [String: [String]] ?? [:]).mapValues(Set.init)
        var files = [String: [UInt8]]()
        for name in expected.keys { files[name] = FileManager.default.contents(atPath: folder + "/" + name).map(Array.init) }
        return (files, expected)
    }()

    func properties(_ name: String) throws -> (lines: Set<String>, problems: [ExtractionProblem]) {
        let bytes = try #require(Self.pictures.files[name], "Pillow did not write \(name) (scripts/setup)")
        let extraction = AttachmentExtractor().extract(bytes, name: name)
        let text = extraction.texts(at: ["properties"])
        return (Set(text.joined().split(separator: "\n").map(String.init)), extraction.problems)
    }

    @Test(arguments: ["photo.jpg", "scan.tif", "slide.png", "photo.webp", "anim.gif"])
    func captionsCommentsAndKeywordsAreReadAsPillowReadsThem(name: String) throws {
        let read = try properties(name)
        let expected = try #require(Self.pictures.expected[name])
        #expect(read.lines == expected, "\(name)")
        #expect(read.problems.isEmpty, "\(read.problems)")
        #expect(read.lines.contains { $0.contains(Self.marking) })
        #expect(!read.lines.contains { $0.contains("Jo Bloggs") || $0.contains("Canon") })
    }

    /// A picture cut anywhere gives all its metadata's text or says it is damaged; a length
    /// or offset bent anywhere never traps.
    @Test(arguments: ["photo.jpg", "scan.tif", "slide.png", "photo.webp", "anim.gif"])
    func aDamagedPictureLosesNothingSilently(name: String) throws {
        let bytes = try #require(Self.pictures.files[name])
        let kind = try #require(ContentKind.magic(bytes))
        let whole = ImageMetadata.text(bytes, kind: kind)
        #expect(whole.damage == nil)
        for cut in stride(from: 0, to: min(bytes.count, 1200), by: 1) {
            let read = ImageMetadata.text(Array(bytes.prefix(cut)), kind: kind)
            #expect(read.damage != nil || read.text == whole.text, "\(name) cut at \(cut)")
        }
        for offset in stride(from: 0, to: min(bytes.count, 1200) - 3, by: 2) {
            var bent = bytes
            bent.replaceSubrange(offset..<(offset + 4), with: [0x7F, 0xFF, 0xFF, 0xF0])
            _ = ImageMetadata.text(bent, kind: kind)
        }
    }
}
