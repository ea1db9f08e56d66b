import Crypto
import Foundation

/// A reference emblem prepared for the search: its shape (the part of its picture that is not
/// background), and templates of that shape at three grains.
public struct Emblem: Sendable {
    /// The organisation whose emblem it is.
    public let organisation: String
    /// The reference file's name.
    public let name: String
    /// SHA-256 of the reference file: the same file attached matches at once.
    public let sha256: String
    /// Width / height of the emblem's shape.
    let aspect: Double
    /// 8 × 8 cell means: the fast first pass over every window.
    let coarse: EmblemTemplate
    /// 16 × 16 cell means: the check of each candidate.
    let fine: EmblemTemplate
    /// Gradient histograms of 4 × 4 blocks over 32 × 32 cells: where the edges run.
    let edges: EmblemTemplate

    static let coarseSide = 8
    static let fineSide = 16
    static let edgeSide = 32
    static let edgeBlocks = 4

    /// Prepares the reference image in `bytes`; throws when it is not an image or shows nothing
    /// but background.
    public init(organisation: String, name: String, bytes: [UInt8], limits: ImageLimits = ImageLimits()) throws(ImageProblem) {
        let grey = GreyImage(try DecodedImage(bytes, limits: limits), maxSide: limits.workingSide)
        guard let box = Self.shapeBox(grey) else { throw ImageProblem(kind: .unsupported, reason: "reference \(name) is blank") }
        func template(side: Int) -> EmblemTemplate? {
            var cells = [Float](repeating: 0, count: side * side)
            grey.cellMeans(x: box.x, y: box.y, w: box.w, h: box.h, columns: side, rows: side, into: &cells)
            return EmblemTemplate(values: cells, columns: side, rows: side, mask: Self.shapeMask(grey, box: box, side: side))
        }
        var edgeCells = [Float](repeating: 0, count: Self.edgeSide * Self.edgeSide)
        grey.cellMeans(x: box.x, y: box.y, w: box.w, h: box.h, columns: Self.edgeSide, rows: Self.edgeSide, into: &edgeCells)
        let edgeMask = Self.shapeMask(grey, box: box, side: Self.edgeBlocks).flatMap { block in (0..<8).map { block * 8 + $0 } }
        guard let coarse = template(side: Self.coarseSide), let fine = template(side: Self.fineSide),
            let edges = EmblemTemplate(
                values: EmblemTemplate.gradientHistograms(edgeCells, side: Self.edgeSide, blocks: Self.edgeBlocks),
                columns: Self.edgeBlocks * 8, rows: 1, mask: edgeMask)
        else { throw ImageProblem(kind: .unsupported, reason: "reference \(name) has too little contrast") }
        self.organisation = organisation
        self.name = name
        self.sha256 = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        self.aspect = Double(box.w) / Double(box.h)
        self.coarse = coarse
        self.fine = fine
        self.edges = edges
    }

    /// The background grey: the median of the picture's border.
    static func background(_ grey: GreyImage) -> Int {
        var border = [UInt8]()
        for x in 0..<grey.width { border += [grey.pixels[x], grey.pixels[(grey.height - 1) * grey.width + x]] }
        for y in 0..<grey.height { border += [grey.pixels[y * grey.width], grey.pixels[y * grey.width + grey.width - 1]] }
        return Int(border.sorted()[border.count / 2])
    }

    static func isShape(_ pixel: UInt8, background: Int) -> Bool { abs(Int(pixel) - background) > 32 }

    /// The bounding box of everything that is not background, or nil for a blank picture.
    static func shapeBox(_ grey: GreyImage) -> (x: Int, y: Int, w: Int, h: Int)? {
        let background = background(grey)
        var (minX, minY, maxX, maxY) = (grey.width, grey.height, -1, -1)
        for y in 0..<grey.height {
            for x in 0..<grey.width where isShape(grey.pixels[y * grey.width + x], background: background) {
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
            }
        }
        guard maxX - minX >= 7, maxY - minY >= 7 else { return nil }
        return (minX, minY, maxX - minX + 1, maxY - minY + 1)
    }

    /// The cells of a `side × side` grid over `box` that lie within the emblem's outline (a pixel
    /// is inside when shape pixels lie on both sides of it along its row and its column: holes
    /// filled) for at least 70 % of their area, so a crest pasted onto a photo is compared on
    /// the crest, not on what shows around it.
    static func shapeMask(_ grey: GreyImage, box: (x: Int, y: Int, w: Int, h: Int), side: Int) -> [Int] {
        let background = background(grey)
        var rowSpan = [(Int, Int)](repeating: (Int.max, -1), count: box.h)
        var columnSpan = [(Int, Int)](repeating: (Int.max, -1), count: box.w)
        for y in 0..<box.h {
            for x in 0..<box.w where isShape(grey.pixels[(box.y + y) * grey.width + box.x + x], background: background) {
                rowSpan[y] = (min(rowSpan[y].0, x), max(rowSpan[y].1, x))
                columnSpan[x] = (min(columnSpan[x].0, y), max(columnSpan[x].1, y))
            }
        }
        var inside = [Int](repeating: 0, count: side * side)
        var area = [Int](repeating: 0, count: side * side)
        for y in 0..<box.h {
            for x in 0..<box.w {
                let cell = (y * side / box.h) * side + x * side / box.w
                area[cell] += 1
                if rowSpan[y].0 <= x, x <= rowSpan[y].1, columnSpan[x].0 <= y, y <= columnSpan[x].1 { inside[cell] += 1 }
            }
        }
        return (0..<(side * side)).filter { area[$0] > 0 && Double(inside[$0]) >= 0.7 * Double(area[$0]) }
    }
}
