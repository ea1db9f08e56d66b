import Foundation
import LeakScanCore
import LeakScanCrypto
import LeakScanImages
import LeakScanOutlook

/// Reads the text an attachment carries, whatever it is and however deeply it is packed:
/// containers (zip, tar, gzip, bzip2, xz, 7z, rar) opened and their members read in turn;
/// Office Open XML and OpenDocument files, PDF and RTF turned into text; text files sniffed
/// whatever their declared type; email messages inside archives handed back to be read as
/// messages. The kind of every blob is decided from its bytes (``ContentKind``).
///
/// Bounded (``ExtractionLimits``) and never fatal: what cannot be read is an
/// ``ExtractionProblem`` naming the member and the reason, and everything else is still read.
/// Stateless, so one extractor can serve every worker.
public struct AttachmentExtractor: Sendable {
    public let limits: ExtractionLimits
    /// Reads pictures (emblems, text); nil reads none.
    public let images: ImageAnalyzer?

    public init(limits: ExtractionLimits = ExtractionLimits(), images: ImageAnalyzer? = nil) {
        self.limits = limits
        self.images = images
    }

    /// Everything readable in `content`, an attachment named `name` (for naming the content of
    /// a bare compressed stream: `staff.csv.gz` holds `staff.csv`).
    public func extract(_ content: [UInt8], name: String?) -> Extraction {
        var extraction = Extraction()
        let budget = ExtractionBudget(limits: limits, inputBytes: content.count)
        read(content, name: name ?? "attachment", path: [], depth: 0, budget: budget, into: &extraction)
        return extraction
    }

    func read(_ bytes: [UInt8], name: String, path: [String], depth: Int, budget: ExtractionBudget, into extraction: inout Extraction) {
        let kind = ContentKind.of(bytes)
        let started = Date()
        defer { extraction.seconds[label(kind, name: name), default: 0] += Date().timeIntervalSince(started) }
        func problem(_ kind: ExtractionProblem.Kind, _ reason: String, at relative: [String] = []) {
            extraction.problems.append(ExtractionProblem(kind: kind, path: path + relative, reason: reason))
        }
        /// Text cut at the limit is scanned up to it, and said so.
        func reportCut(_ what: String, _ count: Int) {
            guard count >= limits.maxTextBytes else { return }
            problem(.limit, "\(what) longer than \(limits.maxTextBytes) bytes; only the first \(limits.maxTextBytes) bytes were scanned")
        }
        /// A legacy Office file's properties, as `<file>/properties` (as a package's are).
        func readProperties(_ propertySets: [[UInt8]]) {
            let properties = OLEPropertySets.text(propertySets)
            if !properties.text.isEmpty {
                extraction.parts.append(ExtractedPart(path: path + ["properties"], content: .utf8(properties.text)))
            }
            if let damage = properties.damage { problem(.damaged, damage) }
        }
        /// Why a legacy Office file, `what` (`Word document`, …), was not read.
        func report(_ failure: LegacyOfficeFailure, _ what: String) {
            switch failure {
            case .encrypted: problem(.encrypted, "password-protected \(what)")
            case .unsupported(let reason): problem(.unsupported, reason + ": not read")
            case .damaged(let reason): problem(.damaged, "\(what): \(reason)")
            }
        }
        switch kind {
        case .text:
            reportCut("text", bytes.count)
            extraction.parts.append(ExtractedPart(path: path, content: .plain(Array(bytes.prefix(limits.maxTextBytes)))))
        case .html:
            reportCut("HTML", bytes.count)
            extraction.parts.append(ExtractedPart(path: path, content: .html(Array(bytes.prefix(limits.maxTextBytes)))))
        case .message:
            extraction.parts.append(ExtractedPart(path: path, content: .message(bytes)))
        case .pdf:
            let remaining = max(0.5, limits.seconds - Date().timeIntervalSince(budget.started))
            let result = PDFText.text(bytes, limits: limits, seconds: remaining)
            if !result.text.isEmpty { extraction.parts.append(ExtractedPart(path: path, content: .utf8(result.text))) }
            if !result.properties.isEmpty {
                extraction.parts.append(ExtractedPart(path: path + ["properties"], content: .utf8(result.properties)))
            }
            // Notes and form fields' values, which a page's text lacks when no one opened the
            // note or the program that filled the form drew no appearance.
            if result.problem?.kind != .encrypted, case let notes = PDFText.annotations(bytes), !notes.isEmpty {
                extraction.parts.append(ExtractedPart(path: path + ["annotations"], content: .utf8(notes)))
            }
            if let failure = result.problem { problem(failure.kind, failure.reason) }
            if let images {
                readScannedPages(bytes, pages: result.textlessPages, images: images, path: path, budget: budget, into: &extraction)
            }
        case .rtf:
            let text = RTFText.text(bytes, maxBytes: limits.maxTextBytes)
            reportCut("RTF text", text.count)
            extraction.parts.append(ExtractedPart(path: path, content: .utf8(text)))
        case .ole2:
            switch OutlookMessageFile.read(bytes) {
            case .message(let message): extraction.parts.append(ExtractedPart(path: path, content: .message(message)))
            case .wordDocument(let streams):
                switch WordBinaryText.text(
                    wordDocument: streams.wordDocument, table0: streams.table0, table1: streams.table1, maxBytes: limits.maxTextBytes)
                {
                case .success(let result):
                    if result.cut { reportCut("Word document text", limits.maxTextBytes) }
                    extraction.parts.append(ExtractedPart(path: path, content: .utf8(result.text)))
                case .failure(let failure): report(failure, "Word document")
                }
                readProperties(streams.propertySets)
                // Embedded spreadsheets and documents are read as members are.
                for object in streams.embedded {
                    guard let content = object.content else {
                        problem(.unsupported, "an embedded object of a kind LeakScan does not read", at: [object.name])
                        continue
                    }
                    guard depth < limits.maxDepth else {
                        problem(.limit, "objects nested deeper than \(limits.maxDepth)", at: [object.name])
                        continue
                    }
                    read(content, name: object.name, path: path + [object.name], depth: depth + 1, budget: budget, into: &extraction)
                }
            case .workbook(let workbook, let propertySets):
                switch ExcelBinaryText.sheets(workbook: workbook, maxBytes: limits.maxTextBytes) {
                case .success(let result):
                    if result.cut { reportCut("Excel workbook text", limits.maxTextBytes) }
                    for sheet in result.sheets {
                        extraction.parts.append(ExtractedPart(path: path + [sheet.name], content: .utf8(sheet.text)))
                    }
                case .failure(let failure): report(failure, "Excel workbook")
                }
                readProperties(propertySets)
            case .presentation(let document, let propertySets):
                switch PowerPointBinaryText.text(document: document, maxBytes: limits.maxTextBytes) {
                case .success(let result):
                    if result.cut { reportCut("PowerPoint presentation text", limits.maxTextBytes) }
                    extraction.parts.append(ExtractedPart(path: path, content: .utf8(result.text)))
                case .failure(let failure): report(failure, "PowerPoint presentation")
                }
                readProperties(propertySets)
            case .otherDocument(encrypted: true): problem(.encrypted, "password-protected Office file")
            case .otherDocument(encrypted: false): problem(.unsupported, "Excel 5/95 or other OLE2 file: not read")
            case .damaged(let reason): problem(.damaged, "OLE2 compound file: \(reason)")
            }
        case .cms:
            switch CMSContent.read(bytes) {
            case .signed(let content) where ContentKind.magic(content) == nil && ContentKind.looksLikeMIMEEntity(content.prefix(4096)):
                // S/MIME signs a MIME entity: read as a message is (its parts, their encodings).
                extraction.parts.append(ExtractedPart(path: path, content: .message(content)))
            case .signed(let content):
                // A signed file (`report.pdf.p7m`): the file.
                guard depth < limits.maxDepth else { return problem(.limit, "signed data nested deeper than \(limits.maxDepth)") }
                let inner = name.lowercased().hasSuffix(".p7m") ? String(name.dropLast(4)) : name
                read(content, name: inner, path: path, depth: depth + 1, budget: budget, into: &extraction)
            case .certificatesOnly: break  // certificates sent on their own: no one's words
            case .encrypted: problem(.encrypted, "S/MIME encrypted message: readable only with the recipient's key")
            case .other: problem(.unsupported, "CMS data of a type S/MIME does not send as a message: not read")
            case .unreadable: problem(.damaged, "S/MIME data that is not a readable CMS structure")
            }
        case .openPGP:
            let contents = OpenPGPMessage.read(bytes, maxBytes: limits.maxEntryBytes)
            let kinds = Set(contents.problems.map(\.kind))
            if contents.files.isEmpty || kinds.contains(.damaged), !kinds.contains(.encrypted), ContentKind.textKind(bytes) != .binary {
                // Text that did not read as packets to its end only looked like a message (a
                // Latin-1 text that starts `¬`): read for what it is, nothing lost.
                extraction.parts.append(ExtractedPart(path: path, content: .plain(Array(bytes.prefix(limits.maxTextBytes)))))
                return
            }
            extraction.problems += contents.problems.map { ExtractionProblem(kind: $0.kind, path: path, reason: $0.reason) }
            guard depth < limits.maxDepth else { return problem(.limit, "OpenPGP data nested deeper than \(limits.maxDepth)") }
            // What was signed, compressed or stored: the file, named as the sender's program named it.
            for file in contents.files {
                let inner =
                    file.name
                    ?? (name.lowercased().hasSuffix(".gpg") || name.lowercased().hasSuffix(".pgp") ? String(name.dropLast(4)) : name)
                read(file.bytes, name: inner, path: path, depth: depth + 1, budget: budget, into: &extraction)
            }
        case .tnef:
            // Outlook's winmail.dat: its body and files as the message they belong to.
            guard let (message, damage) = TNEFStream.read(bytes) else { return problem(.damaged, "not a TNEF stream") }
            if let damage { problem(.damaged, damage) }
            extraction.parts.append(ExtractedPart(path: path, content: .message(message)))
        case .png, .jpeg, .gif, .bmp, .tiff, .webp, .heif:
            // Captions, comments and keywords stored in the picture, read with or without OCR.
            let metadata = ImageMetadata.text(bytes, kind: kind)
            if !metadata.text.isEmpty {
                extraction.parts.append(ExtractedPart(path: path + ["properties"], content: .utf8(metadata.text)))
            }
            // A picture cut short is reported once: by its decoder when it is decoded.
            let analysis = images?.analyse(bytes)
            if let analysis { record(analysis, path: path, into: &extraction) }
            if let damage = metadata.damage, analysis?.problems.isEmpty ?? true { problem(.damaged, "picture's metadata: \(damage)") }
        case .binary:
            // Media and executables carry no text to read; reporting each would bury the
            // formats that do and were not read.
            break
        case .zip, .gzip, .bzip2, .xz, .sevenZip, .rar, .tar:
            guard depth < limits.maxDepth else {
                problem(.limit, "containers nested deeper than \(limits.maxDepth)")
                return
            }
            // A zip may be an Office document, known only from its parts: XML parts are held
            // until the end, every other member is read as it comes.
            var xmlParts = [ArchiveMembers.Member]()
            let archive = ArchiveMembers(bytes, kind: kind, streamName: Self.streamName(name), budget: budget) { member in
                if kind == .zip, Self.isPackagePart(member.name) {
                    xmlParts.append(member)
                } else {
                    read(member.bytes, name: member.name, path: path + [member.name], depth: depth + 1, budget: budget, into: &extraction)
                }
            }
            extraction.problems += archive.problems.map { ExtractionProblem(kind: $0.kind, path: path + $0.path, reason: $0.reason) }
            if readOffice(xmlParts, path: path, into: &extraction) { return }
            for member in xmlParts {
                read(member.bytes, name: member.name, path: path + [member.name], depth: depth + 1, budget: budget, into: &extraction)
            }
        }
    }

    /// What a picture showed: an emblem, its text, what could not be done.
    func record(_ analysis: ImageAnalyzer.Analysis, path: [String], into extraction: inout Extraction) {
        extraction.seconds["ocr", default: 0] += analysis.ocrSeconds
        if let emblem = analysis.emblem { extraction.parts.append(ExtractedPart(path: path, content: .emblem(emblem))) }
        if !analysis.text.isEmpty { extraction.parts.append(ExtractedPart(path: path, content: .utf8(Array(analysis.text.utf8)))) }
        extraction.problems += analysis.problems.map {
            ExtractionProblem(kind: ExtractionProblem.Kind($0.kind), path: path, reason: $0.reason)
        }
    }

    /// PDF pages with no text are scans: each (found by the text pass, at most 20) is rendered at 150 dpi and read as a
    /// picture, within the attachment's time limit.
    func readScannedPages(
        _ bytes: [UInt8], pages: [Int], images: ImageAnalyzer, path: [String], budget: ExtractionBudget, into extraction: inout Extraction
    ) {
        for (done, page) in pages.enumerated() {
            let location = path + ["page \(page + 1)"]
            guard Date().timeIntervalSince(budget.started) < limits.seconds else {
                extraction.problems.append(
                    ExtractionProblem(kind: .limit, path: path, reason: "time limit reached after \(done) of \(pages.count) scanned pages"))
                return
            }
            guard let picture = PDFText.render(bytes, page: page, dpi: 150, maxPixels: images.limits.maxOCRPixels) else {
                extraction.problems.append(ExtractionProblem(kind: .damaged, path: location, reason: "PDF page cannot be rendered"))
                continue
            }
            record(images.analyse(picture), path: location, into: &extraction)
        }
    }

    /// A member that can carry an Office or OpenDocument package's text or identity.
    static func isPackagePart(_ name: String) -> Bool {
        name.hasSuffix(".xml") || name.hasSuffix(".rels") || name == "mimetype"
    }

    /// Reads a zip that is an Office document; false when it is not one.
    func readOffice(_ members: [ArchiveMembers.Member], path: [String], into extraction: inout Extraction) -> Bool {
        let byName = Dictionary(members.map { ($0.name, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        guard let document = OfficeText.parts(of: byName) else { return false }
        for (part, read) in document.parts {
            if !read.text.isEmpty { extraction.parts.append(ExtractedPart(path: path + [part], content: .utf8(read.text))) }
            if let damage = read.damage {
                extraction.problems.append(
                    ExtractionProblem(kind: .damaged, path: path + [part], reason: "\(document.format) XML: \(damage)"))
            }
        }
        return true
    }

    /// What a bare compressed stream holds: its name without the compression suffix.
    static func streamName(_ name: String) -> String {
        for suffix in [".gz", ".gzip", ".bz2", ".xz", ".tgz", ".tbz2", ".txz"] where name.lowercased().hasSuffix(suffix) {
            let stem = String(name.dropLast(suffix.count))
            return suffix.hasPrefix(".t") && suffix.count > 3 ? stem + ".tar" : stem
        }
        return name + ".content"
    }

    /// The name extraction time is reported under: the document format where the name tells
    /// it (a zip is also a docx), else the content kind.
    func label(_ kind: ContentKind, name: String) -> String {
        let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if kind == .zip, ["docx", "xlsx", "pptx", "odt", "ods", "odp", "docm", "xlsm", "pptm"].contains(suffix) { return suffix }
        if kind.isImage { return "image" }
        return kind.rawValue
    }
}
