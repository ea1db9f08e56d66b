import CPDFText
import LeakScanImages

/// Text of a PDF through poppler, with the layout `pdftotext` uses, so LeakScan reads what
/// the tool responders already trust reads (chosen by measurement; see Benchmarks/RESULTS.md).
enum PDFText {
    struct Result {
        var text: [UInt8]
        /// The information dictionary's entries as `Key: value` lines (``leakscan_pdf_text``).
        var properties: [UInt8]
        var pages: Int
        var problem: ExtractionProblem?
        /// The 0-based pages (at most ``maxScannedPages``) that carry (almost) no text: scans,
        /// whose content is a picture.
        var textlessPages: [Int]
    }

    /// Scanned pages read as pictures per PDF.
    static let maxScannedPages = 20

    static func text(_ data: [UInt8], limits: ExtractionLimits, seconds: Double) -> Result {
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        var pages: Int32 = 0
        var message: UnsafeMutablePointer<CChar>?
        var textless = [Int32](repeating: 0, count: maxScannedPages)
        var textlessCount: Int32 = 0
        var properties: UnsafeMutablePointer<CChar>?
        var propertiesLength = 0
        let status = data.withUnsafeBufferPointer { buffer in
            textless.withUnsafeMutableBufferPointer { textless in
                leakscan_pdf_text(
                    buffer.baseAddress, buffer.count, limits.maxTextBytes, seconds, &text, &length, &pages, &message, textless.baseAddress,
                    Int32(maxScannedPages), &textlessCount, &properties, &propertiesLength)
            }
        }
        defer {
            leakscan_pdf_free(text)
            leakscan_pdf_free(message)
            leakscan_pdf_free(properties)
        }
        func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
            pointer.map { $0.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) } }
                ?? []
        }
        let reason = message.map { String(cString: $0) } ?? ""
        let problem: ExtractionProblem? =
            switch status {
            case LEAKSCAN_PDF_ENCRYPTED: ExtractionProblem(kind: .encrypted, path: [], reason: "password-protected PDF (\(reason))")
            case LEAKSCAN_PDF_DAMAGED: ExtractionProblem(kind: .damaged, path: [], reason: "unreadable PDF (\(reason))")
            case LEAKSCAN_PDF_LIMIT: ExtractionProblem(kind: .limit, path: [], reason: "PDF: \(reason)")
            default: nil
            }
        return Result(
            text: bytes(text, length), properties: bytes(properties, propertiesLength), pages: Int(pages), problem: problem,
            textlessPages: textless.prefix(Int(textlessCount)).map(Int.init))
    }

    /// The contents of the PDF's annotations and its form fields' values, one per line
    /// (``leakscan_pdf_annotations``); empty when there are none or qpdf cannot read it.
    static func annotations(_ data: [UInt8]) -> [UInt8] {
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        let status = data.withUnsafeBufferPointer { leakscan_pdf_annotations($0.baseAddress, $0.count, &text, &length) }
        defer { leakscan_pdf_free(text) }
        guard status == 0, let text else { return [] }
        return text.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Page `index` rendered to grey at `dpi` (lower when it would exceed `maxPixels`), or nil.
    static func render(_ data: [UInt8], page index: Int, dpi: Double, maxPixels: Int) -> DecodedImage? {
        var grey: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        let status = data.withUnsafeBufferPointer {
            leakscan_pdf_render_page($0.baseAddress, $0.count, Int32(index), dpi, maxPixels, &grey, &width, &height)
        }
        defer { leakscan_pdf_free(grey) }
        guard status == 0, let grey else { return nil }
        return DecodedImage(
            grey: Array(UnsafeBufferPointer(start: grey, count: Int(width) * Int(height))), width: Int(width), height: Int(height))
    }
}
