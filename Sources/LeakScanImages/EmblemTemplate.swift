import Foundation

/// What the emblem search compares: a grid of cell means (or of gradient histograms) over a
/// rectangle, restricted to the cells the emblem covers, made zero-mean and unit-length. The dot
/// product of two such vectors is their correlation, which ignores brightness, contrast and a
/// tint turned grey, and what lies around the emblem's shape (a pasted crest's background).
struct EmblemTemplate: Sendable {
    /// Indices of the compared cells.
    let mask: [Int]
    /// The reference's values over `mask`, zero-mean and unit-length.
    let vector: [Float]

    init?(values: [Float], mask: [Int]) {
        guard let vector = Self.normalised(values, mask: mask) else { return nil }
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
    /// a `side × side` grid of cell means, counting only points whose neighbours are all
    /// `interior`: where the emblem's own edges run, whatever their contrast. Each point is
    /// shared between its two nearest directions and its four nearest blocks (as in HOG), so a
    /// shift of a cell or a turn of a few degrees moves weight gradually instead of across a
    /// bin edge.
    static func gradientHistograms(_ cells: [Float], side: Int, blocks: Int, interior: [Bool]) -> [Float] {
        var histograms = [Float](repeating: 0, count: blocks * blocks * 8)
        let blockSide = Float(side) / Float(blocks)
        for y in 1..<(side - 1) {
            for x in 1..<(side - 1)
            where interior[y * side + x - 1] && interior[y * side + x + 1] && interior[(y - 1) * side + x] && interior[(y + 1) * side + x] {
                let dx = cells[y * side + x + 1] - cells[y * side + x - 1]
                let dy = cells[(y + 1) * side + x] - cells[(y - 1) * side + x]
                let magnitude = (dx * dx + dy * dy).squareRoot()
                guard magnitude > 0 else { continue }
                var angle = atan2f(dy, dx)
                if angle < 0 { angle += .pi }
                let direction = angle / .pi * 8 - 0.5
                let lowerBin = Int(floorf(direction))
                let binWeight = direction - Float(lowerBin)
                let bx = (Float(x) + 0.5) / blockSide - 0.5
                let by = (Float(y) + 0.5) / blockSide - 0.5
                let left = Int(floorf(bx))
                let top = Int(floorf(by))
                for (column, columnWeight) in [(left, 1 - (bx - Float(left))), (left + 1, bx - Float(left))]
                where (0..<blocks).contains(column) {
                    for (row, rowWeight) in [(top, 1 - (by - Float(top))), (top + 1, by - Float(top))] where (0..<blocks).contains(row) {
                        let block = (row * blocks + column) * 8
                        let weight = magnitude * columnWeight * rowWeight
                        histograms[block + (lowerBin + 8) % 8] += weight * (1 - binWeight)
                        histograms[block + (lowerBin + 9) % 8] += weight * binWeight
                    }
                }
            }
        }
        return histograms
    }
}
