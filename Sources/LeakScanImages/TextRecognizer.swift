import CImageText
import Foundation

/// Tesseract (English) for the text in images. An engine is not thread-safe and costs tens
/// of megabytes, so engines are pooled: a worker borrows one per image and gives it back, and
/// there are never more engines than workers reading images at once.
public final class TextRecognizer: @unchecked Sendable {
    let lock = NSLock()
    var idle = [OpaquePointer]()
    /// False once an engine could not be created (no language data): images are then
    /// reported, not recognised.
    var available = true

    public init() {
        // Tesseract's OpenMP threads would compete with LeakScan's own workers.
        setenv("OMP_THREAD_LIMIT", "1", 0)
    }

    deinit { idle.forEach { ls_ocr_free($0) } }

    /// The text in `image`, or the reason there is none. A picture of more than `maxPixels`
    /// (a page scanned at 300 dpi) is read scaled down to that size, not skipped.
    public func text(in image: DecodedImage, seconds: Double, maxPixels: Int = ImageLimits().maxOCRPixels) throws(ImageProblem) -> String {
        guard let engine = borrow() else {
            throw ImageProblem(kind: .unsupported, reason: "text recognition unavailable (Tesseract English data not installed)")
        }
        defer { giveBack(engine) }
        // Screen text is small: Tesseract reads it best with capitals about 30 pixels high.
        let fit = Float((Double(maxPixels) / Double(image.width * image.height)).squareRoot())
        let scale: Float = min(max(image.width, image.height) < 1600 ? 2 : 1, fit)
        var timedOut: Int32 = 0
        let text = ls_ocr_text(engine, image.handle, scale, Int32(seconds * 1000), &timedOut)
        defer { ls_ocr_free_text(text) }
        if timedOut != 0 { throw ImageProblem(kind: .limit, reason: "text recognition stopped after \(seconds) s") }
        return text.map { String(cString: $0) } ?? ""
    }

    func borrow() -> OpaquePointer? {
        lock.lock()
        if let engine = idle.popLast() {
            lock.unlock()
            return engine
        }
        let canCreate = available
        lock.unlock()
        guard canCreate else { return nil }
        guard let engine = ls_ocr_create() else {
            lock.withLock { available = false }
            return nil
        }
        return engine
    }

    func giveBack(_ engine: OpaquePointer) {
        lock.withLock { idle.append(engine) }
    }
}
