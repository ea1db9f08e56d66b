import LeakScanCore

/// Finds reference emblems anywhere in a picture, at any size from about 1/25 of its longer
/// side to all of it: every window of the emblem's shape at sizes 1.19× apart and steps of an
/// eighth of the window is compared on 8 × 8 cells; the best windows are moved and resized a
/// little and checked on 16 × 16 cells and on the direction of their edges.
///
/// Windows and cell means rather than keypoints: measured on the robustness set (Benchmarks/
/// RESULTS.md), the grid correlation keeps its hits through JPEG, tint, greyscale and a few
/// degrees of rotation, and emblems are drawn shapes with few corners, where keypoint
/// detectors find little to hold on to.
public struct EmblemSearch: Sendable {
    public let emblems: [Emblem]
    /// A window is a match when its similarity (``combined(fine:edges:)``) reaches this.
    public let threshold: Float
    /// Smallest window height, in working pixels.
    let minWindow = 20
    /// First-pass correlation a window needs to be checked further.
    let candidateThreshold: Float = 0.55

    public init(emblems: [Emblem], threshold: Float = 0.89) {
        self.emblems = emblems
        self.threshold = threshold
    }

    /// One candidate window.
    struct Window {
        var x: Int
        var y: Int
        var w: Int
        var h: Int
        var score: Float
    }

    /// The best match in `image` with its similarity, or nil when no emblem reaches the threshold.
    public func bestMatch(in image: GreyImage) -> EmblemMatch? {
        var best: EmblemMatch?
        for emblem in emblems {
            let similarity = self.similarity(of: emblem, in: image)
            if similarity >= threshold, similarity > Float(best?.similarity ?? 0) {
                best = EmblemMatch(organisation: emblem.organisation, reference: emblem.name, similarity: Double(similarity))
            }
        }
        return best
    }

    /// The highest similarity of `emblem` anywhere in `image` (for measuring thresholds).
    public func similarity(of emblem: Emblem, in image: GreyImage) -> Float { scores(of: emblem, in: image).similarity }

    /// The parts of the best window's similarity: its 16 × 16 and its edge correlation.
    public func scores(of emblem: Emblem, in image: GreyImage) -> (similarity: Float, fine: Float, edges: Float) {
        var cells = [Float](repeating: 0, count: Emblem.edgeSide * Emblem.edgeSide)
        var best: (similarity: Float, fine: Float, edges: Float) = (-1, -1, -1)
        for candidate in candidates(of: emblem, in: image, cells: &cells) {
            let (fine, edges) = refine(candidate, emblem: emblem, in: image, cells: &cells)
            let similarity = combined(fine: fine, edges: edges)
            if similarity > best.similarity { best = (similarity, fine, edges) }
        }
        return best
    }

    /// The similarity of a window: the mean of its 16 × 16 and edge correlations. Measured on the
    /// robustness set, the mean separates emblems from real pictures by a wider margin than the
    /// lower of the two (Benchmarks/RESULTS.md).
    func combined(fine: Float, edges: Float) -> Float { (fine + edges) / 2 }

    /// Windows whose 8 × 8 correlation passes the first bar, best first, overlapping ones
    /// dropped, at most 12.
    func candidates(of emblem: Emblem, in image: GreyImage, cells: inout [Float]) -> [Window] {
        var found = [Window]()
        let side = Emblem.coarseSide
        var heights = [Int]()
        let largest = min(image.height, Int(Double(image.width) / emblem.aspect))
        var height = minWindow
        while height < largest {
            heights.append(height)
            height = Int((Double(height) * 1.19).rounded(.up))
        }
        if largest >= minWindow { heights.append(largest) }
        for h in heights {
            let w = max(1, min(image.width, Int((Double(h) * emblem.aspect).rounded())))
            let stepX = max(1, w / 12)
            let stepY = max(1, h / 12)
            for y in stride(from: 0, through: image.height - h, by: stepY) {
                for x in stride(from: 0, through: image.width - w, by: stepX) {
                    image.cellMeans(x: x, y: y, w: w, h: h, columns: side, rows: side, into: &cells)
                    let score = emblem.coarse.correlation(cells)
                    if score >= candidateThreshold { found.append(Window(x: x, y: y, w: w, h: h, score: score)) }
                }
            }
        }
        var kept = [Window]()
        for window in found.sorted(by: { $0.score > $1.score }) where kept.count < 12 {
            if !kept.contains(where: { Self.overlap($0, window) > 0.5 }) { kept.append(window) }
        }
        return kept
    }

    /// The best similarity near `window`: the window is moved and resized while its 16 × 16
    /// correlation improves, in steps that halve until they are below a pixel and 1 %; then its
    /// edges are compared.
    func refine(_ window: Window, emblem: Emblem, in image: GreyImage, cells: inout [Float]) -> (fine: Float, edges: Float) {
        func fine(_ x: Double, _ y: Double, _ h: Double) -> (Float, Window)? {
            let height = Int(h.rounded())
            let width = Int((h * emblem.aspect).rounded())
            guard height >= minWindow / 2, width >= 4, width <= image.width, height <= image.height else { return nil }
            let left = min(max(0, Int((x - Double(width) / 2).rounded())), image.width - width)
            let top = min(max(0, Int((y - Double(height) / 2).rounded())), image.height - height)
            image.cellMeans(x: left, y: top, w: width, h: height, columns: Emblem.fineSide, rows: Emblem.fineSide, into: &cells)
            let score = emblem.fine.correlation(cells)
            return (score, Window(x: left, y: top, w: width, h: height, score: score))
        }
        var (x, y, h) = (Double(window.x) + Double(window.w) / 2, Double(window.y) + Double(window.h) / 2, Double(window.h))
        guard var (best, bestWindow) = fine(x, y, h) else { return (-1, -1) }
        var step = h / 8
        var scale = 1.12
        while step >= 0.5 || scale > 1.01 {
            var moved = false
            for (nx, ny, nh) in [
                (x + step, y, h), (x - step, y, h), (x, y + step, h), (x, y - step, h), (x, y, h * scale), (x, y, h / scale),
            ] {
                if let (score, candidate) = fine(nx, ny, nh), score > best {
                    (best, bestWindow, x, y, h, moved) = (score, candidate, nx, ny, nh, true)
                }
            }
            if !moved {
                step /= 2
                scale = scale.squareRoot()
            }
        }
        // Edges cannot lift a window this far below the threshold (their correlation is at most 1).
        guard best >= 2 * threshold - 1 else { return (best, -1) }
        let side = Emblem.edgeSide
        image.cellMeans(x: bestWindow.x, y: bestWindow.y, w: bestWindow.w, h: bestWindow.h, columns: side, rows: side, into: &cells)
        let edges = emblem.edges.correlation(
            EmblemTemplate.gradientHistograms(cells, side: side, blocks: Emblem.edgeBlocks, interior: emblem.interior))
        return (best, edges)
    }

    /// Intersection over union of two windows.
    static func overlap(_ a: Window, _ b: Window) -> Double {
        let w = max(0, min(a.x + a.w, b.x + b.w) - max(a.x, b.x))
        let h = max(0, min(a.y + a.h, b.y + b.h) - max(a.y, b.y))
        let intersection = Double(w * h)
        return intersection / (Double(a.w * a.h + b.w * b.h) - intersection)
    }
}
