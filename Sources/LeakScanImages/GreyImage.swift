import CImageText

/// An image as 8-bit grey pixels at a working size, with its integral image, so that the mean
/// of any rectangle costs four lookups: the emblem search reads millions of rectangles.
public struct GreyImage: Sendable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]
    /// Sums of the pixels above and left of each point, `(width + 1) × (height + 1)`.
    let integral: [Int32]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
        var integral = [Int32](repeating: 0, count: (width + 1) * (height + 1))
        for y in 0..<height {
            var row: Int32 = 0
            for x in 0..<width {
                row += Int32(pixels[y * width + x])
                integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + row
            }
        }
        self.integral = integral
    }

    /// The grey pixels of `image`, area-averaged so that the longer side is at most `maxSide`.
    public init(_ image: DecodedImage, maxSide: Int) {
        var pixels = [UInt8](repeating: 0, count: maxSide * maxSide)
        var width: Int32 = 0
        var height: Int32 = 0
        pixels.withUnsafeMutableBufferPointer { ls_image_grey(image.handle, Int32(maxSide), $0.baseAddress, &width, &height) }
        self.init(width: Int(width), height: Int(height), pixels: Array(pixels.prefix(Int(width) * Int(height))))
    }

    /// Means of a `columns × rows` grid of cells over the rectangle at (`x`, `y`) of size
    /// `w × h` (cell edges rounded to whole pixels; every cell at least one pixel). The search's
    /// inner loop: raw pointers, no bounds checks, the edges computed once per call.
    func cellMeans(x: Int, y: Int, w: Int, h: Int, columns: Int, rows: Int, into out: inout [Float]) {
        let stride = width + 1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (columns + rows + 2)) { edges in
            for column in 0...columns { edges[column] = x + column * w / columns }
            for row in 0...rows { edges[columns + 1 + row] = y + row * h / rows }
            integral.withUnsafeBufferPointer { sums in
                out.withUnsafeMutableBufferPointer { out in
                    for row in 0..<rows {
                        let y0 = edges[columns + 1 + row]
                        let y1 = max(y0 + 1, edges[columns + 2 + row])
                        let top = y0 * stride
                        let bottom = y1 * stride
                        for column in 0..<columns {
                            let x0 = edges[column]
                            let x1 = max(x0 + 1, edges[column + 1])
                            let total = sums[bottom + x1] - sums[top + x1] - sums[bottom + x0] + sums[top + x0]
                            out[row * columns + column] = Float(total) / Float((x1 - x0) * (y1 - y0))
                        }
                    }
                }
            }
        }
    }
}
