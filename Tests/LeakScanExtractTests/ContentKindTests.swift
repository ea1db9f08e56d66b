import Foundation
import Testing

@testable import LeakScanExtract

/// Content kinds of real files. `ContentKind` compares bytes where it used to build strings
/// (Foundation's search, a regular expression, Unicode lower-casing); the decisions must not
/// change, so they are checked against that earlier implementation, kept here as the oracle,
/// on every file of the shared corpora and on variants of each text file.
@Suite struct ContentKindTests {
    static let corpora = repository.appendingPathComponent("../shared/corpora")

    /// Every regular file under the corpora, up to 4 MB each.
    static func corpusFiles() -> [(path: String, bytes: [UInt8])] {
        let enumerator = FileManager.default.enumerator(at: corpora, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey])
        var files = [(String, [UInt8])]()
        while let url = enumerator?.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values?.isRegularFile == true, (values?.fileSize ?? 0) <= 4 << 20, let data = try? Data(contentsOf: url) else { continue }
            files.append((url.path, Array(data)))
        }
        return files
    }

    /// Variants a text takes in mail: upper and lower case, CRLF line ends, blank lines before it.
    static func variants(_ bytes: [UInt8]) -> [[UInt8]] {
        let head = Array(bytes.prefix(12_000))
        let upper = head.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
        let lower = head.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let crlf = head.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
        return [head, upper, lower, crlf, [0x0A, 0x0A] + head, [0x0D, 0x0A] + head, Array(head.dropFirst(5))]
    }

    @Test func everyCorpusFileGetsTheKindTheStringImplementationGave() throws {
        let files = Self.corpusFiles()
        #expect(files.count > 500, "corpora not found at \(Self.corpora.path)")
        var compared = 0
        var kinds = [ContentKind: Int]()
        for (path, bytes) in files {
            let textual = ContentKind.magic(bytes) == nil
            for variant in textual ? Self.variants(bytes) : [bytes] {
                let kind = ContentKind.of(variant)
                #expect(kind == Reference.kind(variant, binary: kind == .binary), "\(path)")
                kinds[kind, default: 0] += 1
                compared += 1
            }
        }
        // The corpora hold each of these, so a detector that answered one kind for everything fails.
        for kind in [ContentKind.pdf, .zip, .ole2, .message, .html, .text] {
            #expect(kinds[kind, default: 0] > 0, "no \(kind) among \(compared) inputs: \(kinds)")
        }
    }

    /// An iPhone's HEIC photo and an AVIF picture are pictures, read whole; a video, whose
    /// `ftyp` box names another brand, is not.
    @Test func heifPicturesAreTold() {
        func file(_ brand: String) -> [UInt8] { [0, 0, 0, 0x18] + Array("ftyp\(brand)".utf8) + [UInt8](repeating: 0, count: 300) }
        for brand in ["heic", "mif1", "avif"] {
            #expect(ContentKind.of(file(brand)) == .heif && ContentKind.wholeFile(file(brand)) == .heif, "\(brand)")
        }
        #expect(ContentKind.of(file("isom")) == .binary && ContentKind.wholeFile(file("qt  ")) == nil)
    }

    /// A CMS structure (an S/MIME body) is told by the OID that opens it, in DER or BER; text that
    /// starts with `0` (the byte a SEQUENCE starts with) stays text, and plain CMS data is not S/MIME's.
    @Test func cmsIsToldByItsContentType() {
        let padding = [UInt8](repeating: 0x41, count: 40)
        let signed: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02]
        for opening: [UInt8] in [[0x30, 0x80], [0x30, 0x82, 0x06, 0x91], [0x30, 0x3F]] {
            #expect(ContentKind.of(opening + signed + padding) == .cms, "\(opening)")
        }
        var enveloped = signed
        enveloped[10] = 0x03
        #expect(ContentKind.of([0x30, 0x80] + enveloped + padding) == .cms)
        var data = signed
        data[10] = 0x01
        #expect(ContentKind.of([0x30, 0x80] + data + padding) == .binary)
        for text in ["0", "007 is a film", "0123 4567 890, the list of numbers we were sent"] {
            #expect(ContentKind.of(Array(text.utf8)) == .text, "\(text)")
        }
    }

    @Test func realDocumentsAreWhatTheirNamesSay() throws {
        for (path, bytes) in Self.corpusFiles() {
            switch URL(fileURLWithPath: path).pathExtension {
            case "docx":
                #expect(ContentKind.of(bytes) == .zip, "\(path)")
                // Read whole as a document, not walked as a container.
                #expect(ContentKind.wholeFile(bytes) == .zip, "\(path)")
            case "pdf": #expect(ContentKind.wholeFile(bytes) == .pdf, "\(path)")
            // Outlook's .msg; the mail corpora also name plain RFC 822 messages .msg.
            case "msg" where path.contains("/archives/"): #expect(ContentKind.of(bytes) == .ole2, "\(path)")
            default: continue
            }
        }
    }
}

/// Which zips are Office or OpenDocument files, read whole, and which are containers walked.
@Suite struct OfficePackageTests {
    static func zip(_ members: [(String, String)], storedFirst: Bool = false) throws -> [UInt8] {
        let script = """
            import io, sys, zipfile
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for number, (name, text) in enumerate(\(members.map { [$0.0, $0.1] })):
                    stored = number == 0 and \(storedFirst ? "True" : "False")
                    archive.writestr(name, text, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
            sys.stdout.buffer.write(buffer.getvalue())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }

    @Test func officeAndOpenDocumentFilesAreReadWholeAndExportsAreWalked() throws {
        let word = try Self.zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
        let sheet = try Self.zip([("docProps/app.xml", "<Properties/>"), ("xl/workbook.xml", "<workbook/>")])
        let libreOffice = try Self.zip([("_rels/.rels", "<Relationships/>"), ("word/document.xml", "<w:document/>")])
        let odt = try Self.zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")], storedFirst: true)
        for document in [word, sheet, libreOffice, odt] { #expect(ContentKind.wholeFile(document) == .zip) }

        let export = try Self.zip([("messages/inbox/shift3_abc/message_1.json", "{}"), ("[Content_Types].xml", "<Types/>")])
        let epub = try Self.zip([("mimetype", "application/epub+zip"), ("content.opf", "<package/>")], storedFirst: true)
        let deflatedMimetype = try Self.zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")])
        for container in [export, epub, deflatedMimetype] {
            #expect(ContentKind.magic(container) == .zip)
            #expect(ContentKind.wholeFile(container) == nil)
        }
    }
}

/// The implementation `ContentKind` had before it compared bytes (the oracle above), but for
/// the check for NULs and control bytes, which did not change: `binary` is its answer.
enum Reference {
    static func kind(_ bytes: [UInt8], binary: Bool) -> ContentKind {
        if let kind = magic(bytes) { return kind }
        guard !bytes.isEmpty else { return .text }
        if binary { return .binary }
        let lower = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        if lower.contains("<html") || lower.contains("<!doctype html") { return .html }
        return looksLikeMessage(bytes.prefix(8192)) ? .message : .text
    }

    static func magic(_ bytes: [UInt8]) -> ContentKind? {
        // The signature table itself did not change; how it is searched did.
        guard let first = bytes.first, ContentKind.signatureStarts.contains(first) || bytes.count > 257 else { return nil }
        for (signature, kind) in ContentKind.signatures where bytes.starts(with: signature) { return kind }
        if bytes.count > 262, bytes[257..<262].elementsEqual("ustar".utf8) { return .tar }
        if bytes.starts(with: "RIFF".utf8), bytes.count >= 12, bytes[8..<12].elementsEqual("WEBP".utf8) { return .webp }
        if bytes.starts(with: "BM".utf8), bytes.count > 26, bytes[14] >= 12, bytes[15] == 0 { return .bmp }
        if bytes.count >= 12, bytes[4..<8].elementsEqual("ftyp".utf8),
            ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis"].contains(
                String(decoding: bytes[8..<12], as: UTF8.self))
        {
            return .heif
        }
        let head = bytes.prefix(1024)
        var index = head.startIndex
        while let percent = head[index...].firstIndex(of: UInt8(ascii: "%")) {
            if head[percent...].starts(with: "%PDF-".utf8) { return .pdf }
            index = percent + 1
        }
        return nil
    }

    static func looksLikeMessage(_ head: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        guard let first = text.split(separator: "\n", maxSplits: 1).first,
            first.range(of: #"^(From |[A-Za-z][A-Za-z0-9-]*:)"#, options: .regularExpression) != nil
        else { return false }
        let headerBlock = text.components(separatedBy: "\n\n").first?.lowercased() ?? ""
        let known = ["\nfrom:", "\nto:", "\nsubject:", "\ndate:", "\nmessage-id:", "\nreceived:", "\nmime-version:"]
        return known.filter { ("\n" + headerBlock).contains($0) }.count >= 2
    }
}
