import Foundation
import LeakScanCore

/// A proportion with its 95% Wilson score interval.
public struct Rate: Sendable, Equatable {
    public var count: Int
    public var total: Int
    public var value: Double { total == 0 ? 0 : Double(count) / Double(total) }
    public var low: Double
    public var high: Double

    /// Wilson score interval, z = 1.959964 (95%): well-behaved for small n and for p near 0 or 1,
    /// unlike the normal approximation.
    public init(count: Int, total: Int, z: Double = 1.959964) {
        self.count = count
        self.total = total
        guard total > 0 else {
            low = 0
            high = 1
            return
        }
        let n = Double(total)
        let p = Double(count) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        low = max(0, centre - half)
        high = min(1, centre + half)
    }
}
