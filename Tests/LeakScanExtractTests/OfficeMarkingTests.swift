import Foundation
import LeakScanOutlook
import Testing

@testable import LeakScanExtract
@testable import LeakScanSynth

/// Where Office keeps a marking off the page's text: a document's properties (a sensitivity
/// label, a `Classification` property, its title), a spreadsheet's printed header, a
/// presentation's master slide, a note on a cell; and text deleted with changes tracked. Files written by LibreOffice (and the deck by python-pptx),
/// each in Office's format and in OpenDocument's; the marking must be in the text LeakScan
/// reads from each. Before, only the OpenDocument sheet's and deck's were (their `styles.xml`
/// was read for headers and footers).
@Suite struct OfficeMarkingTests {
    static let marking = "OFFICIAL-SENSITIVE"

    static let namespaces = [
        "office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"", "text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"",
        "style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"", "table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"",
        "draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"", "svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"",
        "fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"",
        "presentation=\"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0\"",
        "meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"",
        "dc=\"http://purl.org/dc/elements/1.1/\"",
    ].map { "xmlns:" + $0 }.joined(separator: " ")

    /// Flat OpenDocument: a text whose marking is only in its properties, a sheet whose marking is
    /// only in its printed header.
    static let documents: [String: String] = [
        "note.fodt": """
        <office:meta><dc:title>Briefing</dc:title><meta:keyword>rota</meta:keyword>\
        <meta:user-defined meta:name="Classification">\(marking)</meta:user-defined></office:meta>
        <office:body><office:text><text:p>Nothing on the page.</text:p></office:text></office:body>
        """,
        "tracked.fodt": """
        <office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>\
        <dc:creator>Jo</dc:creator><dc:date>2026-01-01T10:00:00</dc:date></office:change-info><text:p>\(marking): the informant</text:p>\
        </text:deletion></text:changed-region></text:tracked-changes>
        <text:p>The suspect<text:change text:change-id="ct1"/> was released.</text:p></office:text></office:body>
        """,
        "notes.fods": """
        <office:body><office:spreadsheet><table:table table:name="Rota"><table:table-row><table:table-cell office:value-type="string">\
        <office:annotation><dc:creator>Jo</dc:creator><text:p>\(marking): do not forward</text:p></office:annotation>\
        <text:p>night shift</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>
        """,
        "noted.fods": """
        <office:meta><dc:title>Rota</dc:title><meta:keyword>nights</meta:keyword>\
        <meta:user-defined meta:name="Classification">\(marking)</meta:user-defined></office:meta>
        <office:body><office:spreadsheet><table:table table:name="Rota"><table:table-row><table:table-cell office:value-type="string">\
        <text:p>night shift</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>
        """,
        "noted.fodp": """
        <office:meta><dc:title>Deck</dc:title><dc:description>for the team</dc:description>\
        <meta:user-defined meta:name="Classification">\(marking)</meta:user-defined></office:meta>
        <office:body><office:presentation><draw:page draw:name="p1"/></office:presentation></office:body>
        """,
        "shape.fods": """
        <office:body><office:spreadsheet><table:table table:name="Rota"><table:shapes>\
        <draw:frame svg:x="1cm" svg:y="1cm" svg:width="8cm" svg:height="2cm"><draw:text-box><text:p>\(marking)</text:p></draw:text-box>\
        </draw:frame></table:shapes><table:table-row><table:table-cell office:value-type="string">\
        <text:p>night shift</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>
        """,
        "rota.fods": """
        <office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1">\
        <style:header><text:p>\(marking)</text:p></style:header></style:master-page></office:master-styles>
        <office:body><office:spreadsheet><table:table table:name="Rota"><table:table-row><table:table-cell office:value-type="string">\
        <text:p>night shift</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>
        """,
    ]

    /// Each document saved by LibreOffice in both formats: file name → bytes.
    static let files: [String: [UInt8]] = {
        let folder = NSTemporaryDirectory() + "leakscan-marking-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mimetypes = ["fodt": "text", "fods": "spreadsheet", "fodp": "presentation"]
        for (name, body) in documents {
            let type = mimetypes[String(name.split(separator: ".").last!)]!
            let document = """
                <?xml version="1.0" encoding="UTF-8"?>
                <office:document \(namespaces) office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.\(type)">
                \(body)
                </office:document>
                """
            try? document.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
        // The deck by python-pptx, its marking moved from the slide onto the master.
        let deck = """
            import copy, sys
            from pptx import Presentation
            from pptx.util import Cm
            deck = Presentation()
            slide = deck.slides.add_slide(deck.slide_layouts[6])
            slide.shapes.add_textbox(Cm(1), Cm(1), Cm(20), Cm(3)).text_frame.text = "Rota"
            marking = slide.shapes.add_textbox(Cm(1), Cm(17), Cm(20), Cm(1))
            marking.text_frame.text = sys.argv[2]
            deck.slide_master.shapes._spTree.append(copy.deepcopy(marking._element))
            marking._element.getparent().remove(marking._element)
            deck.save(sys.argv[1] + "/deck.pptx")
            """
        _ = try? run(["python3", "-c", deck, folder, marking])
        // A picture whose alternative text carries the words, in a Word document and a deck.
        let pictures = """
            import io, sys
            from docx import Document
            from PIL import Image
            from pptx import Presentation
            from pptx.util import Cm
            picture = io.BytesIO()
            Image.new("RGB", (8, 8), "navy").save(picture, "PNG")
            document = Document()
            document.add_paragraph("See the picture.")
            picture.seek(0)
            document.add_picture(picture)
            document.inline_shapes[0]._inline.docPr.set("descr", sys.argv[2])
            document.save(sys.argv[1] + "/alt.docx")
            deck = Presentation()
            slide = deck.slides.add_slide(deck.slide_layouts[6])
            picture.seek(0)
            slide.shapes.add_picture(picture, Cm(1), Cm(1))._element.nvPicPr.cNvPr.set("descr", sys.argv[2])
            deck.save(sys.argv[1] + "/alt.pptx")
            """
        _ = try? run(["python3", "-c", pictures, folder, marking])
        let office = ["timeout", "300", "soffice", "-env:UserInstallation=file://\(folder)/profile", "--headless", "--convert-to"]
        for (format, input) in [
            ("docx", "note.fodt"), ("odt", "note.fodt"), ("docx", "tracked.fodt"), ("xlsx", "notes.fods"), ("xlsx", "rota.fods"),
            ("ods", "rota.fods"),
            ("odp", "deck.pptx"), ("doc", "note.fodt"), ("xls", "noted.fods"), ("ppt", "noted.fodp"),
            ("xlsx", "shape.fods"),
        ] {
            _ = try? run(office + [format, "--outdir", folder, folder + "/" + input])
        }
        var files = [String: [UInt8]]()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where ["docx", "odt", "xlsx", "ods", "pptx", "odp", "doc", "xls", "ppt"].contains(String(name.split(separator: ".").last ?? "")) {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name).map(Array.init)
        }
        try? FileManager.default.removeItem(atPath: folder)
        return files
    }()

    /// The parts whose text holds the marking, by part name.
    func partsWithTheMarking(_ name: String) throws -> [String] {
        let bytes = try #require(Self.files[name], "LibreOffice or python-pptx did not write \(name) (scripts/setup)")
        let extraction = AttachmentExtractor().extract(bytes, name: name)
        #expect(extraction.problems.isEmpty, "\(name): \(extraction.problems)")
        return extraction.parts.compactMap { part in
            guard case .utf8(let text) = part.content, String(decoding: text, as: UTF8.self).contains(Self.marking) else { return nil }
            return part.path.joined(separator: "/")
        }
    }

    @Test func aMarkingInTheDocumentsPropertiesIsRead() throws {
        for name in ["note.docx", "note.odt"] { #expect(try partsWithTheMarking(name) == ["properties"], "\(name)") }
        let bytes = try #require(Self.files["note.docx"])
        let text = AttachmentExtractor().extract(bytes, name: "note.docx").texts(at: ["properties"])
        #expect(text.first?.contains("Classification: \(Self.marking)") == true, "\(text)")
        #expect(text.first?.contains("Briefing") == true, "\(text)")
    }

    /// Office 97–2003 files keep their properties in property-set streams: the custom
    /// `Classification` is read from each of a `.doc`, `.xls` and `.ppt` that LibreOffice
    /// wrote, and the summary's title, subject, keywords and comments are what `olefile` reads
    /// there. Before, a legacy file's properties were not read.
    @Test func aMarkingInAnOffice97FilesPropertiesIsRead() throws {
        for name in ["note.doc", "noted.xls", "noted.ppt"] {
            #expect(try partsWithTheMarking(name) == ["properties"], "\(name)")
            let bytes = try #require(Self.files[name])
            let properties = AttachmentExtractor().extract(bytes, name: name).texts(at: ["properties"])
            let lines = Set(properties.joined().split(separator: "\n").map(String.init))
            let folder = try temporaryFolder("leakscan-ole")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
            let oracle = String(
                decoding: try run([
                    "python3", "-c",
                    """
                    import sys, olefile
                    meta = olefile.OleFileIO(sys.argv[1]).get_metadata()
                    codec = {65001: "utf-8", 1200: "utf-16-le"}.get(meta.codepage % 65536, "cp1252")
                    for value in (meta.title, meta.subject, meta.keywords, meta.comments):
                        if value: print(value.decode(codec))
                    """, folder + "/" + name,
                ]).output, as: UTF8.self)
            let summary = Set(oracle.split(separator: "\n").map(String.init))
            #expect(!summary.isEmpty, "\(name)")
            #expect(lines == summary.union(["Classification: \(Self.marking)"]), "\(name): \(lines) against \(summary)")
        }
    }

    /// A property-set stream cut anywhere, or with its lengths made huge, reads what it holds
    /// up to the damage and says so; it never traps.
    @Test func aDamagedPropertySetIsReportedNotTrusted() throws {
        let bytes = try #require(Self.files["note.doc"])
        guard case .wordDocument(let streams) = OutlookMessageFile.read(bytes) else {
            Issue.record("note.doc is not read as a Word document")
            return
        }
        #expect(streams.propertySets.count == 2)
        for stream in streams.propertySets {
            let whole = OLEPropertySets.text([stream])
            #expect(whole.damage == nil)
            // Nothing is lost without a word: a cut stream gives all its text or says it is damaged.
            for cut in 0..<stream.count {
                let read = OLEPropertySets.text([Array(stream.prefix(cut))])
                #expect(read.damage != nil || read.text == whole.text, "cut at \(cut)")
            }
            for offset in stride(from: 0, to: stream.count - 3, by: 4) {
                var bent = stream
                bent.replaceSubrange(offset..<(offset + 4), with: [0xFF, 0xFF, 0xFF, 0x7F])
                _ = OLEPropertySets.text([bent])
            }
        }
    }

    /// A picture's alternative text (in Word and PowerPoint) and a text box drawn over a sheet
    /// (in Excel) are read; before, neither was.
    @Test func alternativeTextAndTextBoxesOverASheetAreRead() throws {
        #expect(try partsWithTheMarking("alt.docx") == ["document"])
        #expect(try partsWithTheMarking("alt.pptx") == ["slide1"])
        #expect(try partsWithTheMarking("shape.xlsx") == ["drawing1"])
    }

    /// Text deleted with changes tracked stays in a Word file for anyone to read: it is read as
    /// a part of its own, beside the text shown.
    @Test func textDeletedWithChangesTrackedIsRead() throws {
        #expect(try partsWithTheMarking("tracked.docx") == ["document-deleted"])
    }

    /// A document library (SharePoint) keeps its columns in the file's custom XML parts: a
    /// `Classification` column there is read with the properties; the part that only names the
    /// schema (`itemProps1.xml`) is not.
    @Test func aMarkingInADocumentLibrarysColumnsIsRead() throws {
        let folder = try temporaryFolder("leakscan-customxml")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(try #require(Self.files["tracked.docx"])).write(to: URL(fileURLWithPath: folder + "/library.docx"))
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "a") as docx:
                docx.writestr("customXml/item1.xml", '<?xml version="1.0" encoding="utf-8"?><p:properties '
                    'xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties"><documentManagement>'
                    '<Classification xmlns="urn:example:columns">' + sys.argv[2] + '</Classification>'
                    '<TaxCatchAll xmlns="urn:example:columns"/></documentManagement></p:properties>')
                docx.writestr("customXml/itemProps1.xml", '<?xml version="1.0"?><ds:datastoreItem '
                    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" ds:itemID="{1}"/>')
            """
        #expect(try run(["python3", "-c", script, folder + "/library.docx", Self.marking]).status == 0)
        let bytes = try #require(FileManager.default.contents(atPath: folder + "/library.docx"))
        let properties = AttachmentExtractor().extract(Array(bytes), name: "library.docx").texts(at: ["properties"])
        #expect(properties == ["Classification: \(Self.marking)\n"], "\(properties)")
    }

    /// A note on a cell shows only when the cell is pointed at; it is read.
    @Test func aMarkingInANoteOnACellIsRead() throws {
        #expect(try partsWithTheMarking("notes.xlsx") == ["comments1"])
    }

    @Test func aMarkingInASpreadsheetsPrintedHeaderIsRead() throws {
        #expect(try partsWithTheMarking("rota.xlsx") == ["sheet1"])
        #expect(try partsWithTheMarking("rota.ods") == ["styles"])
    }

    @Test func aMarkingOnAPresentationsMasterSlideIsRead() throws {
        #expect(try partsWithTheMarking("deck.pptx") == ["slideMaster1"])
        #expect(try partsWithTheMarking("deck.odp") == ["styles"])
    }

    /// The codes of a printed header leave its text (`&L`, `&"Arial,Bold"`, `&12`, `&P`) and
    /// `&&` is an ampersand.
    @Test func aPrintedHeadersCodesAreNotText() {
        let coded = Array(#"&L&"Arial,Bold"&12OFFICIAL-SENSITIVE&CPage &P of &N&RR&&D"#.utf8)
        #expect(String(decoding: OfficeText.headerFooterText(coded), as: UTF8.self) == "OFFICIAL-SENSITIVE Page  of  R&D")
    }

    /// A PDF's information dictionary (a custom `Classification` key, as labelling tools add,
    /// beside its title and keywords) is read as its properties, the keys `pdfinfo -custom`
    /// lists, less dates, the producing software and the author.
    @Test func aMarkingInAPDFsInformationIsRead() throws {
        let folder = try temporaryFolder("leakscan-pdfinfo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.writePDF(
            [
                "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                Self.stream("BT /F1 12 Tf 72 720 Td (Nothing on the page.) Tj ET"),
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                "<< /Title (Briefing) /Keywords (rota) /Classification (\(Self.marking)) /Author (Jo Bloggs) /Producer (test) "
                    + "/CreationDate (D:20260101000000Z) >>",
            ], trailer: "/Info 6 0 R ", to: folder + "/note.pdf")
        let oracle = String(decoding: try run(["pdfinfo", "-custom", folder + "/note.pdf"]).output, as: UTF8.self)
            .split(separator: "\n").compactMap { line -> String? in
                let key = String(line.prefix { $0 != ":" })
                guard !["CreationDate", "ModDate", "Producer", "Creator", "Author", "Trapped"].contains(key) else { return nil }
                return key + ": " + String(line.dropFirst(key.count + 1).drop { $0 == " " })
            }
        #expect(oracle.contains("Classification: \(Self.marking)"), "\(oracle)")
        let bytes = try #require(FileManager.default.contents(atPath: folder + "/note.pdf"))
        let properties = AttachmentExtractor().extract(Array(bytes), name: "note.pdf").texts(at: ["properties"])
        #expect(properties.first.map { $0.split(separator: "\n").map { String($0) }.sorted() } == oracle.sorted(), "\(properties)")
    }

    /// A sticky note on a PDF's page and a form field filled by a program that drew no
    /// appearance for it: neither is in the page's text (`pdftotext` prints neither), both are
    /// read, at `annotations`.
    @Test func aPDFsNotesAndFormFieldsAreRead() throws {
        let folder = try temporaryFolder("leakscan-pdfnotes")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.writePDF(
            [
                "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [5 0 R 6 0 R] "
                    + "/Resources << /Font << /F1 7 0 R >> >> >>",
                Self.stream("BT /F1 12 Tf 72 740 Td (Witness statement) Tj ET"),
                "<< /Type /Annot /Subtype /Text /Rect [50 550 70 570] /Contents (\(Self.marking): the informant's name is on file) >>",
                "<< /Type /Annot /Subtype /Widget /FT /Tx /T (nino) /V (AB 12 34 56 C) /Rect [72 700 372 720] /P 3 0 R >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ], to: folder + "/statement.pdf")
        let pages = String(decoding: try run(["pdftotext", folder + "/statement.pdf", "-"]).output, as: UTF8.self)
        #expect(pages.contains("Witness statement") && !pages.contains(Self.marking) && !pages.contains("AB 12"), "\(pages)")
        let bytes = try #require(FileManager.default.contents(atPath: folder + "/statement.pdf"))
        let parts = AttachmentExtractor().extract(Array(bytes), name: "statement.pdf").parts.compactMap { part -> String? in
            guard case .utf8(let text) = part.content else { return nil }
            return part.path.joined(separator: "/") + " | " + String(decoding: text, as: UTF8.self)
        }
        #expect(parts.contains("annotations | \(Self.marking): the informant's name is on file\nnino: AB 12 34 56 C\n"), "\(parts)")
    }

    /// A PDF of `objects` (``SyntheticDocuments/pdf(objects:trailer:)``) written to `path`.
    static func writePDF(_ objects: [String], trailer: String = "", to path: String) throws {
        try Data(SyntheticDocuments.pdf(objects: objects, trailer: trailer)).write(to: URL(fileURLWithPath: path))
    }

    /// A content stream object.
    static func stream(_ content: String) -> String { "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream" }
}
