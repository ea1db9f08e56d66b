import Foundation
import LeakScanExtract
import Testing

/// Damaged attachments end in a reported problem, with what came before the damage still read.
@Suite struct DamagedAttachmentTests {
    /// A zip of `members` in this order, built by Python's zipfile (test time only).
    static func zip(_ members: [(String, String)]) throws -> [UInt8] {
        let out = NSTemporaryDirectory() + "leakscan-damaged-\(UUID().uuidString).zip"
        let script =
            "import json, sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n"
            + "    for name, text in json.load(open(sys.argv[2])): z.writestr(name, text)\n"
        try JSONSerialization.data(withJSONObject: members.map { [$0.0, $0.1] }).write(to: URL(fileURLWithPath: out + ".json"))
        #expect(try run(["python3", "-c", script, out, out + ".json"]).status == 0)
        return Array(try Data(contentsOf: URL(fileURLWithPath: out)))
    }

    @Test func aTruncatedZipKeepsItsFirstMemberAndReportsTheRest() throws {
        let first = String(repeating: "staff record for the first member\n", count: 200)
        // The second member barely compresses, so most of the zip is its data.
        let second = (0..<20_000).map { String($0 * 7919 % 1_000_003) }.joined(separator: ",")
        let bytes = try Self.zip([("a.csv", first), ("b.csv", second)])
        // Cut inside the second member's data: the central directory is gone too.
        let cut = Array(bytes.prefix(bytes.count * 3 / 4))
        let extraction = AttachmentExtractor().extract(cut, name: "staff.zip")
        #expect(!extraction.problems.isEmpty, "a truncated zip was read without complaint")
        #expect(extraction.problems.allSatisfy { $0.kind == .damaged }, "\(extraction.problems)")
        #expect(extraction.parts.contains { $0.path == ["a.csv"] }, "\(extraction.parts.map(\.path))")
    }

    @Test func malformedOfficeXMLIsDamagedAndTheTextBeforeTheDamageIsKept() throws {
        let bytes = try Self.zip([
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document xmlns:w=\"urn:w\"><w:body><w:p><w:r><w:t>NI AB 12 34 56 C</w:t></w:r></w:p><w:p>"),
        ])
        let extraction = AttachmentExtractor().extract(bytes, name: "broken.docx")
        #expect(extraction.problems.map(\.kind) == [.damaged], "\(extraction.problems)")
        #expect(extraction.problems.first?.path == ["document"])
        let text = extraction.parts.compactMap { part -> String? in
            guard case .utf8(let bytes) = part.content else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }.joined()
        #expect(text.contains("NI AB 12 34 56 C"), "\(extraction.parts)")
    }

    @Test func aCorruptPDFIsDamaged() {
        let extraction = AttachmentExtractor().extract(Array("%PDF-1.4\n1 0 obj << /Type /Catalog".utf8), name: "x.pdf")
        #expect(extraction.problems.map(\.kind) == [.damaged], "\(extraction.problems)")
    }

    /// RTF's `\uN` is a signed 16-bit code unit: in range it is a character (negative values
    /// count from 65536), out of range it is nothing, and the text around it is still read.
    @Test func rtfCodeUnitsOutOfRangeAreSkippedAndTheRestIsRead() {
        // Each \uN is followed by one fallback character (`\uc1`), skipped either way.
        let rtf = #"{\rtf1\ansi NI AB 12 \u-70000?34 \u99999?56 C \u-4064?\u233?}"#
        let extraction = AttachmentExtractor().extract(Array(rtf.utf8), name: "x.rtf")
        let text = extraction.parts.compactMap { part -> String? in
            guard case .utf8(let bytes) = part.content else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }.joined()
        #expect(text.contains("NI AB 12 34 56 C \u{F020}é"), "\(text.debugDescription)")
    }

    /// Text, HTML and RTF longer than the text limit are scanned up to it and reported: they
    /// were cut without a word. Text within the limit reports nothing.
    @Test func textCutAtTheLimitIsReported() {
        var limits = ExtractionLimits()
        limits.maxTextBytes = 4096
        let extractor = AttachmentExtractor(limits: limits)
        let line = "staff record: nothing to see here\n"
        let long = String(repeating: line, count: 200)
        for (name, content) in [
            ("notes.txt", long), ("page.html", "<html><body>" + long + "</body></html>"), ("notes.rtf", #"{\rtf1\ansi "# + long + "}"),
        ] {
            let cut = extractor.extract(Array(content.utf8), name: name)
            #expect(cut.problems.map(\.kind) == [.limit], "\(name)")
            #expect(cut.problems.first?.reason.contains("only the first 4096 bytes were scanned") == true, "\(name)")
            #expect(extractor.extract(Array(line.utf8), name: name).problems.isEmpty, "\(name)")
        }
    }

    /// An OpenDocument space run stands for 0 to 1,000 spaces whatever its count says: a
    /// negative count once trapped, a huge one asked for a terabyte.
    @Test func openDocumentSpaceRunsAreBounded() throws {
        let content =
            #"<office:document-content xmlns:office="urn:o" xmlns:text="urn:t"><office:body><office:text>"#
            + #"<text:p>NI AB 12<text:s text:c="-5"/>34<text:s text:c="99999999999"/>56<text:s text:c="2"/>C</text:p>"#
            + "</office:text></office:body></office:document-content>"
        let bytes = try Self.zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", content)])
        let extraction = AttachmentExtractor().extract(bytes, name: "notes.odt")
        let text = extraction.parts.compactMap { part -> String? in
            guard case .utf8(let bytes) = part.content else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }.joined()
        #expect(text.contains("NI AB 1234" + String(repeating: " ", count: 1_000) + "56  C"), "\(text.prefix(80).debugDescription)")
    }
}
