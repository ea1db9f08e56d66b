import Foundation
import LeakScanOutlook
import Testing

@testable import LeakScanExtract

/// Word 97–2003 documents (`.doc`), as LibreOffice writes them from the corpora's real `.docx`
/// files: their text is the text of the `.docx` they came from, and the text antiword (the
/// long-standing `.doc` reader) gives.
@Suite struct WordBinaryTests {
    /// The corpora's `.docx` files and their `.doc` copies, written once for the suite.
    static let pairs: [(docx: URL, doc: URL)] = {
        let folder = documents.appendingPathComponent("python-docx")
        let output = NSTemporaryDirectory() + "leakscan-doc-\(UUID().uuidString)"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".docx") }.sorted()
        let sources = files.map { folder.appendingPathComponent($0) }
        // Its own profile folder, so that it runs beside another LibreOffice.
        _ = try? run(
            [
                "timeout", "300", "soffice", "-env:UserInstallation=file://\(output)/profile", "--headless", "--convert-to", "doc",
                "--outdir", output,
            ]
                + sources.map(\.path))
        return sources.compactMap { docx in
            let doc = URL(fileURLWithPath: output).appendingPathComponent(docx.deletingPathExtension().lastPathComponent + ".doc")
            return FileManager.default.fileExists(atPath: doc.path) ? (docx, doc) : nil
        }
    }()

    @Test func aWordDocumentReadsAsTheDocxItWasWrittenFrom() throws {
        #expect(Self.pairs.count >= 30, "LibreOffice converted \(Self.pairs.count) files (apt-get install libreoffice-writer-nogui)")
        for (docx, doc) in Self.pairs {
            let (fromDoc, problems) = try extractedText(doc)
            let (fromDocx, _) = try extractedText(docx)
            #expect(problems.isEmpty, "\(doc.lastPathComponent): \(problems)")
            let name = doc.lastPathComponent
            if name == "shp-inline-shape-access.doc" {
                // A chart: LibreOffice embeds its data as an OpenDocument chart (read as an
                // embedded object), without the note the original's embedded workbook holds.
                #expect(["Series 1", "Series 3", "Category 4", "4.5"].allSatisfy { fromDoc.contains($0) }, "\(fromDoc.debugDescription)")
                continue
            }
            #expect(
                agreement(ours: fromDoc, oracle: fromDocx) >= 0.97,
                "\(name): \(fromDoc.debugDescription) against \(fromDocx.debugDescription)")
            // LibreOffice repeats a header for every section that uses it: nothing in the Word
            // file's text is missing from the original, counted once each.
            let original = Set(words(fromDocx).keys)
            let extra = words(fromDoc).keys.filter { !original.contains($0) }
            #expect(extra.isEmpty, "\(name): \(extra) not in the original")
        }
    }

    @Test func wordTextMatchesAntiword() throws {
        var compared = 0
        for (_, doc) in Self.pairs {
            let oracle = try run(["antiword", "-w", "0", doc.path])
            // antiword refuses documents with no text at all.
            guard oracle.status == 0 else { continue }
            let (ours, _) = try extractedText(doc)
            // antiword marks a picture `[pic]`; LeakScan reads pictures as pictures.
            let text = String(decoding: oracle.output, as: UTF8.self).replacingOccurrences(of: "[pic]", with: "")
            let share = agreement(ours: ours, oracle: text)
            #expect(share >= 0.97, "\(doc.lastPathComponent): only \(Int(share * 100)) % of antiword's words")
            compared += 1
        }
        // antiword refuses small documents ("the text stream of this file is too small").
        #expect(compared >= 10)
    }

    /// A document cut short, one whose piece table points past its stream, one marked
    /// encrypted and one in Word 95's format are each reported, never read as garbage.
    @Test func damagedEncryptedAndOldDocumentsAreReported() throws {
        let (_, doc) = try #require(Self.pairs.first { $0.doc.lastPathComponent == "par-known-paragraphs.doc" } ?? Self.pairs.first)
        let bytes = Array(try Data(contentsOf: doc))
        let whole = AttachmentExtractor().extract(bytes, name: "whole.doc")
        #expect(whole.problems.isEmpty)
        let cut = AttachmentExtractor().extract(Array(bytes.prefix(bytes.count * 6 / 10)), name: "cut.doc")
        #expect(cut.problems.contains { $0.kind == .damaged }, "\(cut.problems)")

        let streams = try #require(Self.streams(bytes))
        /// What reading the document gives with its WordDocument stream changed.
        func failure(_ change: (inout [UInt8]) -> Void) -> LegacyOfficeFailure? {
            var wordDocument = streams.wordDocument
            change(&wordDocument)
            let result = WordBinaryText.text(wordDocument: wordDocument, table0: streams.table0, table1: streams.table1, maxBytes: 1 << 20)
            guard case .failure(let failure) = result else { return nil }
            return failure
        }
        #expect(failure { _ in } == nil)
        #expect(failure { $0[11] |= 0x01 } == .encrypted)
        #expect(
            failure {
                $0[2] = 0x68; $0[3] = 0x00
            } == .unsupported("Word document older than Word 97 (format 104)"))
        #expect(failure { $0.removeLast($0.count - 600) } == .damaged("text piece outside the WordDocument stream"))
        // A text limit cuts the text there, and says so.
        let limited = try WordBinaryText.text(
            wordDocument: streams.wordDocument, table0: streams.table0, table1: streams.table1, maxBytes: 8
        ).get()
        #expect(limited.text.count == 8 && limited.cut)
    }

    static func streams(_ bytes: [UInt8]) -> WordDocumentStreams? {
        guard case .wordDocument(let streams) = OutlookMessageFile.read(bytes) else { return nil }
        return streams
    }
}
