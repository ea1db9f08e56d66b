import Foundation

/// Text of Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) files, from
/// the XML parts of their zip: paragraphs on lines, table and sheet cells separated by tabs.
///
/// What is read, per format: Word's body (with tables and text boxes), headers, footers,
/// footnotes, endnotes and comments, and the text deleted from them with changes tracked; every Excel sheet, its cells resolved through the shared
/// strings table (inline strings and numbers as they are), its printed header and footer, and
/// the notes and comments on its cells;
/// PowerPoint slides, notes, comments and masters; pictures' and shapes' alternative text, and
/// text boxes drawn over a sheet; OpenDocument content and styles (where
/// headers and footers live); every format's properties (title, subject, keywords, custom).
enum OfficeText {
    /// A part's text, and why it stopped early when its XML is damaged: the text before the
    /// damage is kept, since an identifier there was still sent.
    struct PartText {
        var text: [UInt8]
        var damage: XMLEvents.Failure?
    }

    /// The document's parts as (part name, text), or nil when the zip is no Office document.
    static func parts(of members: [String: [UInt8]]) -> (format: String, parts: [(name: String, text: PartText)])? {
        if let mimetype = members["mimetype"], let type = String(bytes: mimetype, encoding: .utf8),
            type.hasPrefix("application/vnd.oasis.opendocument.")
        {
            let format = String(type.dropFirst("application/vnd.oasis.opendocument.".count))
            var parts = ["content.xml", "styles.xml"].compactMap { name in
                members[name].map { (String(name.dropLast(4)), openDocumentText($0)) }
            }
            if let meta = members["meta.xml"] { parts.append(("properties", propertiesText(meta))) }
            return (format == "text" ? "odt" : format == "spreadsheet" ? "ods" : format == "presentation" ? "odp" : "odf", parts)
        }
        guard members["[Content_Types].xml"] != nil else { return nil }
        guard let (format, parts) = ooxmlParts(of: members) else { return nil }
        // The document's properties: its title, subject and keywords, and the custom ones,
        // where a sensitivity label is kept (`MSIP_Label_…_Name: OFFICIAL-SENSITIVE`) when no
        // marking is printed on the page; and the data a document library keeps in the file's
        // custom XML parts (SharePoint's columns: `Classification: OFFICIAL-SENSITIVE`).
        let custom = ordered(
            members.keys.filter { $0.hasPrefix("customXml/item") && !$0.hasPrefix("customXml/itemProps") && $0.hasSuffix(".xml") })
        let properties =
            ["docProps/core.xml", "docProps/custom.xml"].compactMap { members[$0] }.map(propertiesText)
            + custom.map { customXMLText(members[$0]!) }
        guard !properties.isEmpty else { return (format, parts) }
        let text = properties.flatMap(\.text)
        return (format, parts + [("properties", PartText(text: text, damage: properties.compactMap(\.damage).first))])
    }

    /// The text parts of a Word, Excel or PowerPoint file.
    static func ooxmlParts(of members: [String: [UInt8]]) -> (format: String, parts: [(name: String, text: PartText)])? {
        if members["word/document.xml"] != nil {
            let names = members.keys.filter { name in
                name == "word/document.xml" || name == "word/footnotes.xml" || name == "word/endnotes.xml" || name == "word/comments.xml"
                    || (name.hasPrefix("word/header") || name.hasPrefix("word/footer")) && name.hasSuffix(".xml")
            }
            // Text deleted with changes tracked is still in the file, for anyone who opens
            // it to read: a part of its own beside the part it was deleted from.
            return (
                "docx",
                ordered(names).flatMap { name -> [(name: String, text: PartText)] in
                    let (visible, deleted) = wordText(members[name]!)
                    let part = partName(name)
                    return [(part, visible)] + (deleted.isEmpty ? [] : [(part + "-deleted", PartText(text: deleted, damage: nil))])
                }
            )
        }
        if members["xl/workbook.xml"] != nil {
            let shared = members["xl/sharedStrings.xml"].map(sharedStrings)
            let sheets = members.keys.filter { $0.hasPrefix("xl/worksheets/sheet") && $0.hasSuffix(".xml") }
            let parts = ordered(sheets).map { (partName($0), sheetText(members[$0]!, shared: shared?.strings ?? [])) }
            // A damaged shared-strings table is reported as its own part; the sheets still read.
            let table = shared?.damage.map { [("sharedStrings", PartText(text: [], damage: $0))] } ?? []
            // Notes and threaded comments on cells, which show only when pointed at; text boxes
            // and shapes drawn over a sheet, and pictures' alternative text.
            let comments = members.keys.filter {
                $0.hasPrefix("xl/comments") || $0.hasPrefix("xl/threadedComments/") || $0.hasPrefix("xl/drawings/drawing")
            }
            .filter { $0.hasSuffix(".xml") }
            return ("xlsx", table + parts + ordered(comments).map { (partName($0), drawingText(members[$0]!)) })
        }
        if members["ppt/presentation.xml"] != nil {
            // Slides, their notes and comments, and the masters, whose footers carry a
            // marking onto every slide.
            let slides = members.keys.filter { name in
                ["ppt/slides/slide", "ppt/notesSlides/notesSlide", "ppt/slideMasters/slideMaster", "ppt/comments/"].contains {
                    name.hasPrefix($0)
                } && name.hasSuffix(".xml")
            }
            return ("pptx", ordered(slides).map { (partName($0), drawingText(members[$0]!)) })
        }
        return nil
    }

    /// `word/header2.xml` → `header2`.
    static func partName(_ path: String) -> String {
        String(path.split(separator: "/").last!.dropLast(4))
    }

    /// Paths in reading order: by name, with numbers compared as numbers (sheet2 before sheet10).
    static func ordered(_ names: [String]) -> [String] {
        names.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    /// Collects text with separators at the ends of the named elements, skipping subtrees
    /// that repeat content (`mc:Fallback` holds a copy of a text box for old readers).
    struct TextCollector {
        var text = [UInt8]()
        var skipDepth = 0

        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            if skipDepth == 0 { text.append(contentsOf: bytes) }
        }

        mutating func add(_ string: String) {
            if skipDepth == 0 { text.append(contentsOf: string.utf8) }
        }

        /// A picture's or shape's alternative text (`descr`, and its `title`, on Word's `wp:docPr`
        /// and DrawingML's `cNvPr`), on a line of its own: written for those who cannot see the
        /// picture, it names what it shows (`Metropolitan Police crest`), or carries words
        /// never printed on the page.
        mutating func addAlternativeText(of element: String, _ attribute: (String) -> String?) {
            guard element == "docPr" || element == "cNvPr" else { return }
            for name in ["title", "descr"] {
                guard let value = attribute(name), !value.isEmpty else { continue }
                add("\n" + value + "\n")
            }
        }
    }

    /// Word: `w:t` text, `w:tab`, `w:br`, paragraphs on lines, cells tab-separated.
    /// Also the text deleted with changes tracked (`w:delText`), which Word keeps in the file
    /// and does not show: one line per paragraph it was deleted from.
    static func wordText(_ xml: [UInt8]) -> (visible: PartText, deleted: [UInt8]) {
        var collector = TextCollector()
        var inText = false
        var deleted = [UInt8]()
        var inDeleted = false
        var deletedInParagraph = false
        let damage = XMLEvents.walk(xml) { event, attribute in
            switch event {
            case .start(let name, let isEmpty):
                collector.addAlternativeText(of: name, attribute)
                if name == "Fallback" || name == "instrText" { if !isEmpty { collector.skipDepth += 1 } }
                if name == "t" { inText = !isEmpty }
                if name == "delText" { inDeleted = !isEmpty && collector.skipDepth == 0 }
                if name == "tab" { collector.add("\t") }
                if name == "br" || name == "cr" { collector.add("\n") }
            case .end(let name):
                if name == "Fallback" || name == "instrText" { collector.skipDepth -= 1 }
                if name == "t" { inText = false }
                if name == "delText" { inDeleted = false }
                if name == "p" {
                    collector.add("\n")
                    if deletedInParagraph { deleted.append(0x0A) }
                    deletedInParagraph = false
                }
                if name == "tc" { collector.add("\t") }
            case .text(let bytes):
                if inText { collector.add(bytes) }
                if inDeleted {
                    deleted.append(contentsOf: bytes)
                    deletedInParagraph = true
                }
            }
        }
        return (PartText(text: collector.text, damage: damage), deleted)
    }

    /// PowerPoint (and DrawingML text anywhere): `a:t` runs, paragraphs on lines; also the
    /// comments of PowerPoint and Excel (`text`, `t`), one per line.
    static func drawingText(_ xml: [UInt8]) -> PartText {
        var collector = TextCollector()
        var inText = false
        let damage = XMLEvents.walk(xml) { event, attribute in
            switch event {
            case .start(let name, let isEmpty):
                collector.addAlternativeText(of: name, attribute)
                if name == "Fallback", !isEmpty { collector.skipDepth += 1 }
                // `p:text`: a comment's, in PowerPoint's first comment parts.
                if name == "t" || name == "text" { inText = !isEmpty }
                if name == "br" { collector.add("\n") }
            case .end(let name):
                if name == "Fallback" { collector.skipDepth -= 1 }
                if name == "t" || name == "text" { inText = false }
                if name == "p" || name == "cm" || name == "comment" || name == "threadedComment" { collector.add("\n") }
            case .text(let bytes):
                if inText { collector.add(bytes) }
            }
        }
        return PartText(text: collector.text, damage: damage)
    }

    /// Excel's shared strings: one entry per `si`, its `t` runs joined (phonetic runs left out).
    static func sharedStrings(_ xml: [UInt8]) -> (strings: [[UInt8]], damage: XMLEvents.Failure?) {
        var strings = [[UInt8]]()
        var current = [UInt8]()
        var inText = false
        var phonetic = 0
        let damage = XMLEvents.walk(xml) { event, _ in
            switch event {
            case .start(let name, let isEmpty):
                if name == "si" { current = [] }
                if name == "t" { inText = !isEmpty }
                if name == "rPh", !isEmpty { phonetic += 1 }
            case .end(let name):
                if name == "si" { strings.append(current) }
                if name == "t" { inText = false }
                if name == "rPh" { phonetic -= 1 }
            case .text(let bytes):
                if inText, phonetic == 0 { current.append(contentsOf: bytes) }
            }
        }
        return (strings, damage)
    }

    /// A worksheet: one line per row, cells tab-separated; shared-string cells (`t="s"`)
    /// resolved, inline strings, numbers, booleans and cached formula results as written.
    static func sheetText(_ xml: [UInt8], shared: [[UInt8]]) -> PartText {
        var text = [UInt8]()
        var cellType: String?
        var inValue = false
        var value = [UInt8]()
        var cellsInRow = 0
        var inHeaderFooter = false
        let damage = XMLEvents.walk(xml) { event, attribute in
            switch event {
            case .start(let name, let isEmpty):
                if name == "row" { cellsInRow = 0 }
                if name == "c" {
                    cellType = attribute("t")
                    value = []
                }
                if name == "v" || name == "t" { inValue = !isEmpty }
                if isHeaderOrFooter(name) {
                    inHeaderFooter = !isEmpty
                    value = []
                }
            case .end(let name):
                if name == "v" || name == "t" { inValue = false }
                if isHeaderOrFooter(name) {
                    inHeaderFooter = false
                    text += headerFooterText(value) + [0x0A]
                }
                if name == "c" {
                    if cellsInRow > 0 { text.append(0x09) }
                    cellsInRow += 1
                    if cellType == "s", let index = Int(String(decoding: value, as: UTF8.self)), shared.indices.contains(index) {
                        text += shared[index]
                    } else {
                        text += value
                    }
                }
                if name == "row" { text.append(0x0A) }
            case .text(let bytes):
                if inValue || inHeaderFooter { value.append(contentsOf: bytes) }
            }
        }
        return PartText(text: text, damage: damage)
    }

    /// Whether an element of a sheet is one of its printed header's and footer's
    /// (`oddHeader` … `firstFooter`): told by length first, since every cell's elements (`c`,
    /// `v`, `row`) pass through here and hashing each name was a percent of a mail scan.
    static func isHeaderOrFooter(_ name: String) -> Bool {
        name.utf8.count >= 9 && headerFooterNames.contains(name)
    }

    static let headerFooterNames: Set = ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"]

    /// A printed header's or footer's text without its codes: `&L`, `&C`, `&R` start a section
    /// (a space between them), `&"Arial,Bold"` and `&12` set the font, other letters after `&`
    /// are fields (page, date, file name) or styles; `&&` is an ampersand.
    static func headerFooterText(_ coded: [UInt8]) -> [UInt8] {
        var text = [UInt8]()
        var index = 0
        while index < coded.count {
            let byte = coded[index]
            index += 1
            guard byte == UInt8(ascii: "&"), index < coded.count else {
                text.append(byte)
                continue
            }
            let code = coded[index]
            index += 1
            switch code {
            case UInt8(ascii: "&"): text.append(code)
            case UInt8(ascii: "\""):
                while index < coded.count, coded[index] != UInt8(ascii: "\"") { index += 1 }
                index += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                while index < coded.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(coded[index]) { index += 1 }
            case UInt8(ascii: "L"), UInt8(ascii: "C"), UInt8(ascii: "R"): if !text.isEmpty { text.append(0x20) }
            default: break
            }
        }
        return text
    }

    /// A properties part's values, one per line: Office's core properties (title, subject,
    /// description, keywords, category, status) and custom ones (`name: value`), and
    /// OpenDocument's `meta.xml` (the same, and user-defined ones). Who wrote and edited the
    /// document, its dates and its statistics are not text anyone wrote into it.
    static func propertiesText(_ xml: [UInt8]) -> PartText {
        var text = [UInt8]()
        var value: [UInt8]?
        var name: String?
        let damage = XMLEvents.walk(xml) { event, attribute in
            switch event {
            case .start(let element, let isEmpty):
                // A custom property's name is on `property` (Office) or `meta:user-defined`
                // (OpenDocument, which holds the value itself); Office's is in a typed child.
                if element == "property" || element == "user-defined" { name = attribute("name") ?? attribute("meta:name") }
                if !isEmpty, element != "property", propertyElements.contains(element) || name != nil { value = [] }
            case .end(let element):
                if let written = value, propertyElements.contains(element) || name != nil {
                    if !written.isEmpty { text += (name.map { Array("\($0): ".utf8) } ?? []) + written + [0x0A] }
                    value = nil
                }
                if element == "property" || element == "user-defined" { name = nil }
            case .text(let bytes):
                value?.append(contentsOf: bytes)
            }
        }
        return PartText(text: text, damage: damage)
    }

    /// A custom XML part (`customXml/item1.xml`): each element's text as `name: text`, one per
    /// line; its schema is the library's own, so every value is read.
    static func customXMLText(_ xml: [UInt8]) -> PartText {
        var text = [UInt8]()
        var element = ""
        var value = [UInt8]()
        let damage = XMLEvents.walk(xml) { event, _ in
            switch event {
            case .start(let name, _):
                element = name
                value = []
            case .end(let name):
                let kept = value.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
                if name == element, !kept.isEmpty { text += Array("\(name): ".utf8) + kept + [0x0A] }
                value = []
            case .text(let bytes):
                value.append(contentsOf: bytes)
            }
        }
        return PartText(text: text, damage: damage)
    }

    /// Core and OpenDocument properties that hold what people wrote.
    static let propertyElements: Set = ["title", "subject", "description", "keywords", "keyword", "category", "contentStatus"]

    /// OpenDocument: all text nodes; paragraphs and headings on lines, cells tab-separated,
    /// `text:s` spaces, `text:tab`, `text:line-break`.
    static func openDocumentText(_ xml: [UInt8]) -> PartText {
        var collector = TextCollector()
        var inBody = 0
        let damage = XMLEvents.walk(xml) { event, attribute in
            switch event {
            case .start(let name, let isEmpty):
                // Styles carry text only in master pages (headers and footers).
                if name == "body" || name == "master-styles" { inBody += 1 }
                if name == "s" { collector.add(String(repeating: " ", count: Self.spaceCount(attribute("text:c")))) }
                if name == "tab" { collector.add("\t") }
                if name == "line-break" { collector.add("\n") }
                if isEmpty, name == "p" || name == "h" { collector.add("\n") }
            case .end(let name):
                if name == "body" || name == "master-styles" { inBody -= 1 }
                if name == "p" || name == "h" { collector.add("\n") }
                if name == "table-cell" { collector.add("\t") }
            case .text(let bytes):
                if inBody > 0 { collector.add(bytes) }
            }
        }
        return PartText(text: collector.text, damage: damage)
    }
}

extension OfficeText {
    /// The spaces an OpenDocument `<text:s text:c="n"/>` stands for: 1 when unsaid, and at most
    /// 1,000 (they only lay text out). `text:c="-5"` once trapped `String(repeating:count:)`, and
    /// `text:c="999999999999"` would have asked for a terabyte.
    static func spaceCount(_ attribute: String?) -> Int {
        guard let attribute else { return 1 }
        return min(max(Int(attribute) ?? 1, 0), 1_000)
    }
}
