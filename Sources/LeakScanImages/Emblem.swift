import Foundation
import LeakScanCore
import LeakScanCrypto

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
    /// The cells of the 32 × 32 grid well inside the outline, where edges are compared.
    let interior: [Bool]

    static let coarseSide = 8
    static let fineSide = 16
    static let edgeSide = 32
    static let edgeBlocks = 4

    /// Prepares the reference image in `bytes`; throws when it is not an image, is damaged (a
    /// reference cut short would be searched for as the half it shows) or shows nothing but
    /// background.
    public init(organisation: String, name: String, bytes: [UInt8], limits: ImageLimits = ImageLimits()) throws(ImageProblem) {
        let decoded = try DecodedImage(bytes, limits: limits)
        if let damage = decoded.damage { throw ImageProblem(kind: .damaged, reason: "reference \(name) is damaged: \(damage)") }
        let grey = GreyImage(decoded, maxSide: limits.workingSide)
        let shape = Shape(grey: grey)
        guard let box = shape.box else { throw ImageProblem(kind: .unsupported, reason: "reference \(name) is blank") }
        func template(side: Int) -> EmblemTemplate? {
            var cells = [Float](repeating: 0, count: side * side)
            grey.cellMeans(x: box.x, y: box.y, w: box.w, h: box.h, columns: side, rows: side, into: &cells)
            return EmblemTemplate(values: cells, mask: shape.mask(box: box, side: side))
        }
        var edgeCells = [Float](repeating: 0, count: Self.edgeSide * Self.edgeSide)
        grey.cellMeans(x: box.x, y: box.y, w: box.w, h: box.h, columns: Self.edgeSide, rows: Self.edgeSide, into: &edgeCells)
        // Edges inside the outline only: the outline's own edge depends on what the emblem sits on.
        var interior = [Bool](repeating: false, count: Self.edgeSide * Self.edgeSide)
        for cell in shape.mask(box: box, side: Self.edgeSide, coverage: 0.95) { interior[cell] = true }
        let edgeMask = (0..<(Self.edgeBlocks * Self.edgeBlocks)).flatMap { block in (0..<8).map { block * 8 + $0 } }
        guard let coarse = template(side: Self.coarseSide), let fine = template(side: Self.fineSide),
            let edges = EmblemTemplate(
                values: EmblemTemplate.gradientHistograms(edgeCells, side: Self.edgeSide, blocks: Self.edgeBlocks, interior: interior),
                mask: edgeMask)
        else { throw ImageProblem(kind: .unsupported, reason: "reference \(name) has too little contrast") }
        self.organisation = organisation
        self.name = name
        self.sha256 = SHA256Hash.hash(bytes).hexString()
        self.aspect = Double(box.w) / Double(box.h)
        self.coarse = coarse
        self.fine = fine
        self.edges = edges
        self.interior = interior
    }
}

/// Which pixels of a reference picture are the emblem: whatever differs from the border's grey
/// (transparency is flattened onto white), holes filled (a pixel is inside when emblem pixels
/// lie on both sides of it along its row and its column).
struct Shape {
    let width: Int
    let height: Int
    /// Per pixel: part of the emblem.
    let inside: [Bool]

    init(grey: GreyImage) {
        width = grey.width
        height = grey.height
        var border = [UInt8]()
        for x in 0..<width { border += [grey.pixels[x], grey.pixels[(height - 1) * width + x]] }
        for y in 0..<height { border += [grey.pixels[y * width], grey.pixels[y * width + width - 1]] }
        let background = Int(border.sorted()[border.count / 2])
        let differs = grey.pixels.map { abs(Int($0) - background) > 32 }
        var rowSpan = [(Int, Int)](repeating: (Int.max, -1), count: height)
        var columnSpan = [(Int, Int)](repeating: (Int.max, -1), count: width)
        for y in 0..<height {
            for x in 0..<width where differs[y * width + x] {
                rowSpan[y] = (min(rowSpan[y].0, x), max(rowSpan[y].1, x))
                columnSpan[x] = (min(columnSpan[x].0, y), max(columnSpan[x].1, y))
            }
        }
        var filled = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                filled[y * width + x] = rowSpan[y].0 <= x && x <= rowSpan[y].1 && columnSpan[x].0 <= y && y <= columnSpan[x].1
            }
        }
        inside = filled
    }

    /// The bounding box of the emblem, or nil for a blank picture.
    var box: (x: Int, y: Int, w: Int, h: Int)? {
        var (minX, minY, maxX, maxY) = (width, height, -1, -1)
        for y in 0..<height {
            for x in 0..<width where inside[y * width + x] {
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
            }
        }
        guard maxX - minX >= 7, maxY - minY >= 7 else { return nil }
        return (minX, minY, maxX - minX + 1, maxY - minY + 1)
    }

    /// The cells of a `side × side` grid over `box` at least `coverage` inside the emblem, so a
    /// crest pasted onto a photo is compared on the crest, not on what shows around it.
    func mask(box: (x: Int, y: Int, w: Int, h: Int), side: Int, coverage: Double = 0.7) -> [Int] {
        var count = [Int](repeating: 0, count: side * side)
        var area = [Int](repeating: 0, count: side * side)
        for y in 0..<box.h {
            for x in 0..<box.w {
                let cell = (y * side / box.h) * side + x * side / box.w
                area[cell] += 1
                if inside[(box.y + y) * width + box.x + x] { count[cell] += 1 }
            }
        }
        return (0..<(side * side)).filter { area[$0] > 0 && Double(count[$0]) >= coverage * Double(area[$0]) }
    }
}
