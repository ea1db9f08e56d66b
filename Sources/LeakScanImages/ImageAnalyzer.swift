import Foundation
import LeakScanCore
import LeakScanCrypto

/// What LeakScan reads in a picture: whether it shows a reference emblem, and the text in it.
/// Decodes each image once for both. Shared by every worker.
public final class ImageAnalyzer: Sendable, Equatable {
    public let limits: ImageLimits
    public let search: EmblemSearch
    /// Nil when text recognition is off (`--no-ocr`).
    public let recognizer: TextRecognizer?
    /// Reference files by SHA-256: attached as they are, they match at once.
    let exact: [String: Emblem]

    public init(emblems: [Emblem], ocr: Bool = true, limits: ImageLimits = ImageLimits()) {
        self.limits = limits
        search = EmblemSearch(emblems: emblems)
        recognizer = ocr ? TextRecognizer() : nil
        exact = Dictionary(emblems.map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// What one image showed.
    public struct Analysis: Sendable {
        public var emblem: EmblemMatch?
        /// Recognised text, empty when there was none or OCR is off.
        public var text = ""
        /// Work not done, and why: a damaged image, a limit hit.
        public var problems = [ImageProblem]()
        /// Seconds spent recognising text.
        public var ocrSeconds = 0.0
    }

    public func analyse(_ bytes: [UInt8]) -> Analysis {
        var analysis = Analysis()
        // Hashed only when there is a reference file to recognise.
        if !exact.isEmpty, let reference = exact[SHA256Hash.hash(bytes).hexString()] {
            analysis.emblem = EmblemMatch(organisation: reference.organisation, reference: reference.name, similarity: 1)
        }
        do {
            let image = try DecodedImage(bytes, limits: limits)
            if let damage = image.damage {
                analysis.problems.append(ImageProblem(kind: .damaged, reason: "image damaged, read as far as its data goes: \(damage)"))
            }
            analyse(image, into: &analysis)
        } catch {
            analysis.problems.append(error)
        }
        return analysis
    }

    /// What an already decoded picture shows (a rendered PDF page).
    public func analyse(_ image: DecodedImage) -> Analysis {
        var analysis = Analysis()
        analyse(image, into: &analysis)
        return analysis
    }

    func analyse(_ image: DecodedImage, into analysis: inout Analysis) {
        guard min(image.width, image.height) >= limits.minSide else { return }
        if analysis.emblem == nil, !search.emblems.isEmpty {
            analysis.emblem = search.bestMatch(in: GreyImage(image, maxSide: limits.workingSide))
        }
        guard let recognizer else { return }
        let started = Date()
        do {
            analysis.text = try recognizer.text(in: image, seconds: limits.ocrSeconds, maxPixels: limits.maxOCRPixels)
        } catch {
            analysis.problems.append(error)
        }
        analysis.ocrSeconds = Date().timeIntervalSince(started)
    }

    public static func == (lhs: ImageAnalyzer, rhs: ImageAnalyzer) -> Bool { lhs === rhs }
}
