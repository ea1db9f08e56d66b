import CImageText

/// An image decoded to grey (JPEG and PNG by libjpeg and libpng, HEIF and AVIF by libheif, the
/// other formats by Leptonica). Its size is checked from the header before any pixel is decoded, so a
/// decompression bomb (a small file declaring a huge picture) costs nothing.
public final class DecodedImage: @unchecked Sendable {
    let handle: OpaquePointer
    public let width: Int
    public let height: Int
    /// What the decoder said of data damaged part-way (a JPEG that ends early): the picture is
    /// decoded as far as its data goes, and the damage is reported with the attachment's name.
    public let damage: String?

    /// Decodes `bytes`, or says why not.
    public init(_ bytes: [UInt8], limits: ImageLimits) throws(ImageProblem) {
        var declaredWidth: Int32 = 0
        var declaredHeight: Int32 = 0
        var complaint = [CChar](repeating: 0, count: 256)
        let probed = bytes.withUnsafeBufferPointer {
            ls_image_probe($0.baseAddress, $0.count, &declaredWidth, &declaredHeight, &complaint, complaint.count)
        }
        guard probed == 0, declaredWidth > 0, declaredHeight > 0 else {
            throw ImageProblem(kind: .damaged, reason: Self.reason("image header cannot be read", complaint))
        }
        let pixels = Int(declaredWidth) * Int(declaredHeight)
        guard pixels <= limits.maxPixels, max(declaredWidth, declaredHeight) <= limits.maxSide else {
            throw ImageProblem(
                kind: .limit, reason: "image declares \(declaredWidth)×\(declaredHeight) pixels, over the limit of \(limits.maxPixels)")
        }
        guard let handle = bytes.withUnsafeBufferPointer({ ls_image_decode($0.baseAddress, $0.count, &complaint, complaint.count) })
        else {
            throw ImageProblem(kind: .damaged, reason: Self.reason("image data cannot be decoded", complaint))
        }
        self.handle = handle
        width = Int(ls_image_width(handle))
        height = Int(ls_image_height(handle))
        damage = complaint[0] == 0 ? nil : Self.text(complaint)
    }

    /// `what`, and the decoder's own words when it had any.
    static func reason(_ what: String, _ complaint: [CChar]) -> String {
        complaint[0] == 0 ? what : "\(what): \(text(complaint))"
    }

    static func text(_ complaint: [CChar]) -> String {
        String(decoding: complaint.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An image from grey pixels, row by row (a rendered PDF page).
    public init?(grey pixels: [UInt8], width: Int, height: Int) {
        guard pixels.count == width * height,
            let handle = pixels.withUnsafeBufferPointer({ ls_image_from_grey($0.baseAddress, Int32(width), Int32(height)) })
        else { return nil }
        self.handle = handle
        self.width = width
        self.height = height
        damage = nil
    }

    deinit { ls_image_free(handle) }
}

/// How much work one image may cost.
public struct ImageLimits: Sendable, Equatable {
    /// Declared width × height above which an image is not decoded (a bomb, or a poster).
    public var maxPixels: Int
    public var maxSide: Int32
    /// Side of the grey copy the emblem search works on.
    public var workingSide: Int
    /// Images smaller than this on either side are too small to carry an emblem or text.
    public var minSide: Int
    /// Text is recognised on at most this many pixels: larger pictures are scaled down to it.
    public var maxOCRPixels: Int
    /// Time limit of one image's text recognition (counted when hit).
    public var ocrSeconds: Double

    public init(
        maxPixels: Int = 40_000_000, maxSide: Int32 = 20_000, workingSide: Int = 512, minSide: Int = 16,
        maxOCRPixels: Int = 12_000_000, ocrSeconds: Double = 10
    ) {
        self.maxPixels = maxPixels
        self.maxSide = maxSide
        self.workingSide = workingSide
        self.minSide = minSide
        self.maxOCRPixels = maxOCRPixels
        self.ocrSeconds = ocrSeconds
    }
}

/// Why an image, or part of the work on it, was not done.
public struct ImageProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Corrupt or truncated.
        case damaged
        /// Over a size or time limit.
        case limit
        /// Something this machine cannot do (no OCR language data).
        case unsupported
    }
    public var kind: Kind
    public var reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue): \(reason)" }
}
