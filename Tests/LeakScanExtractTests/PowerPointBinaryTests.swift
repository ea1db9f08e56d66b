import Foundation
import LeakScanOutlook
import Testing

@testable import LeakScanExtract

/// PowerPoint 97–2003 presentations (`.ppt`) as LibreOffice writes them: LeakScan's text holds
/// every word LibreOffice's own `.ppt` reader finds on the slides and in the notes.
@Suite struct PowerPointBinaryTests {
    /// 40 slides of real tweets (OLID validation split), a NINO on one slide and a card number in
    /// one slide's notes; written as flat OpenDocument, saved by LibreOffice as `.ppt`, and
    /// read back by LibreOffice as flat OpenDocument (the oracle).
    static let deck: (ppt: URL, readBack: String)? = {
        let folder = NSTemporaryDirectory() + "leakscan-ppt-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder + "/back", withIntermediateDirectories: true)
        let tweets =
            ((try? String(contentsOf: documents.appendingPathComponent("../labelled/olid-train/val_text.txt"), encoding: .utf8)) ?? "")
            .split(separator: "\n").prefix(120).map {
                $0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            }
        func frame(_ paragraphs: [String], y: Int, notes: Bool = false) -> String {
            let body = paragraphs.map { "<text:p>\($0)</text:p>" }.joined()
            return
                "<draw:frame \(notes ? "presentation:class=\"notes\" " : "")svg:x=\"1cm\" svg:y=\"\(y)cm\" svg:width=\"22cm\" svg:height=\"6cm\"><draw:text-box>\(body)</draw:text-box></draw:frame>"
        }
        var pages = ""
        for slide in 0..<40 {
            var lines = Array(tweets.dropFirst(3 * slide).prefix(3))
            if slide == 7 { lines.append("NI number AB 12 34 56 C") }
            let notes =
                slide == 21
                ? "<presentation:notes>\(frame(["card 4111 1111 1111 1111 on file"], y: 10, notes: true))</presentation:notes>" : ""
            pages +=
                "<draw:page draw:name=\"s\(slide)\">\(frame(["Slide \(slide + 1): Zoë Ångström"], y: 1))\(frame(lines, y: 5))\(notes)</draw:page>"
        }
        let namespaces = [
            "office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"", "text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"",
            "draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"",
            "svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"",
            "presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\"",
        ].map { "xmlns:" + $0 }.joined(separator: " ")
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document \(namespaces) office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
            <office:body><office:presentation>\(pages)</office:presentation></office:body></office:document>
            """
        try? document.write(toFile: folder + "/deck.fodp", atomically: true, encoding: .utf8)
        let office = ["timeout", "300", "soffice", "-env:UserInstallation=file://\(folder)/profile", "--headless", "--convert-to"]
        _ = try? run(office + ["ppt", "--outdir", folder, folder + "/deck.fodp"])
        _ = try? run(office + ["fodp", "--outdir", folder + "/back", folder + "/deck.ppt"])
        guard let readBack = try? String(contentsOfFile: folder + "/back/deck.fodp", encoding: .utf8) else { return nil }
        return (URL(fileURLWithPath: folder + "/deck.ppt"), readBack)
    }()

    @Test func everyWordLibreOfficeReadsIsInTheText() throws {
        let deck = try #require(Self.deck, "LibreOffice did not write or read the deck (apt-get install libreoffice-impress-nogui)")
        // The text of the slides and notes LibreOffice read back, without its markup.
        let body = deck.readBack[(deck.readBack.range(of: "<office:body>")?.upperBound ?? deck.readBack.startIndex)...]
        let oracle = String(body).replacing(/<[^>]*>/, with: " ").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(
                of: "&apos;", with: "'"
            )
            .replacingOccurrences(of: "&quot;", with: "\"")
        #expect(words(oracle).values.reduce(0, +) > 1000)
        let (ours, problems) = try extractedText(deck.ppt)
        #expect(problems.isEmpty, "\(problems)")
        let share = agreement(ours: ours, oracle: oracle)
        #expect(share >= 0.99, "only \(Int(share * 100)) % of LibreOffice's words")
        #expect(ours.contains("NI number AB 12 34 56 C") && ours.contains("card 4111 1111 1111 1111 on file"))
        #expect(ours.contains("Zoë Ångström"))
        #expect(!ours.contains("___PPT"))
    }

    /// A presentation cut short, one marked encrypted and a text limit: each said, none a crash.
    @Test func damagedEncryptedAndLimitedPresentations() throws {
        let deck = try #require(Self.deck)
        let bytes = Array(try Data(contentsOf: deck.ppt))
        let cut = AttachmentExtractor().extract(Array(bytes.prefix(bytes.count / 2)), name: "cut.ppt")
        #expect(!cut.problems.isEmpty, "\(cut.parts.count) parts")
        guard case .presentation(let document, _) = OutlookMessageFile.read(bytes) else {
            Issue.record("not read as a presentation")
            return
        }
        // A CryptSession10Container (type 0x2F14) after the first container's header.
        var locked = document
        locked.insert(contentsOf: [0x00, 0x00, 0x14, 0x2F, 0x00, 0x00, 0x00, 0x00], at: 8)
        #expect(throws: LegacyOfficeFailure.encrypted) { try PowerPointBinaryText.text(document: locked, maxBytes: 1 << 20).get() }
        let limited = try PowerPointBinaryText.text(document: document, maxBytes: 64).get()
        #expect(limited.cut && limited.text.count == 64)
        #expect(throws: LegacyOfficeFailure.self) { try PowerPointBinaryText.text(document: [0x00, 0x01], maxBytes: 64).get() }
    }
}
