import Foundation

/// What the emblem search compares: a grid of cell means (or of gradient histograms) over a
/// rectangle, restricted to the cells the emblem covers, made zero-mean and unit-length. The dot
/// product of two such vectors is their correlation, which ignores brightness, contrast and a
/// tint turned grey, and what lies around the emblem's shape (a pasted crest's background).
struct EmblemTemplate: Sendable {
    let columns: Int
    let rows: Int
    /// Indices of the compared cells.
    let mask: [Int]
    /// The reference's values over `mask`, zero-mean and unit-length.
    let vector: [Float]

    init?(values: [Float], columns: Int, rows: Int, mask: [Int]) {
        guard let vector = Self.normalised(values, mask: mask) else { return nil }
        self.columns = columns
        self.rows = rows
        self.mask = mask
        self.vector = vector
    }

    /// Correlation of `values` (a window's cells, same grid) with the reference, in -1...1;
    /// -1 for a flat window, which cannot show an emblem.
    func correlation(_ values: [Float]) -> Float {
        values.withUnsafeBufferPointer { values in
            mask.withUnsafeBufferPointer { mask in
                vector.withUnsafeBufferPointer { vector in
                    var sum: Float = 0
                    var squares: Float = 0
                    var dot: Float = 0
                    for position in 0..<mask.count {
                        let value = values[mask[position]]
                        sum += value
                        squares += value * value
                        dot += value * vector[position]
                    }
                    // The reference vector sums to zero, so the window's mean drops out of the dot product.
                    let count = Float(mask.count)
                    let variance = squares - sum * sum / count
                    guard variance > 1e-3 * count else { return -1 }
                    return dot / variance.squareRoot()
                }
            }
        }
    }

    static func normalised(_ values: [Float], mask: [Int]) -> [Float]? {
        let selected = mask.map { values[$0] }
        let mean = selected.reduce(0, +) / Float(selected.count)
        let centred = selected.map { $0 - mean }
        let norm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 1e-3 * Float(selected.count).squareRoot() else { return nil }
        return centred.map { $0 / norm }
    }

    /// Gradient-orientation histograms (8 unsigned directions) of `blocks × blocks` blocks over
    /// a `side × side` grid of cell means: where the emblem's edges run, whatever their contrast.
    static func gradientHistograms(_ cells: [Float], side: Int, blocks: Int) -> [Float] {
        var histograms = [Float](repeating: 0, count: blocks * blocks * 8)
        let blockSide = side / blocks
        for y in 1..<(side - 1) {
            for x in 1..<(side - 1) {
                let dx = cells[y * side + x + 1] - cells[y * side + x - 1]
                let dy = cells[(y + 1) * side + x] - cells[(y - 1) * side + x]
                let magnitude = (dx * dx + dy * dy).squareRoot()
                guard magnitude > 0 else { continue }
                var angle = atan2f(dy, dx)
                if angle < 0 { angle += .pi }
                let bin = min(7, Int(angle / .pi * 8))
                let block = (y / blockSide) * blocks + x / blockSide
                histograms[block * 8 + bin] += magnitude
            }
        }
        return histograms
    }
}
