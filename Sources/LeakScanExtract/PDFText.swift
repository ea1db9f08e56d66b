import CPDFText

/// Text of a PDF through poppler, with the layout `pdftotext` uses, so LeakScan reads what
/// the tool responders already trust reads (chosen by measurement; see Benchmarks/RESULTS.md).
enum PDFText {
    struct Result {
        var text: [UInt8]
        var pages: Int
        var problem: ExtractionProblem?
    }

    static func text(_ data: [UInt8], limits: ExtractionLimits, seconds: Double) -> Result {
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        var pages: Int32 = 0
        var message: UnsafeMutablePointer<CChar>?
        let status = data.withUnsafeBufferPointer { buffer in
            leakscan_pdf_text(buffer.baseAddress, buffer.count, limits.maxTextBytes, seconds, &text, &length, &pages, &message)
        }
        defer {
            leakscan_pdf_free(text)
            leakscan_pdf_free(message)
        }
        let bytes =
            text.map { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
            } ?? []
        let reason = message.map { String(cString: $0) } ?? ""
        let problem: ExtractionProblem? =
            switch status {
            case LEAKSCAN_PDF_ENCRYPTED: ExtractionProblem(kind: .encrypted, path: [], reason: "password-protected PDF (\(reason))")
            case LEAKSCAN_PDF_DAMAGED: ExtractionProblem(kind: .damaged, path: [], reason: "unreadable PDF (\(reason))")
            case LEAKSCAN_PDF_LIMIT: ExtractionProblem(kind: .limit, path: [], reason: "PDF: \(reason)")
            default: nil
            }
        return Result(text: bytes, pages: Int(pages), problem: problem)
    }
}
