/// How far decompression may inflate what it reads before it counts as a bomb and reading
/// stops: above ``floor`` bytes out, more than ``ratio`` bytes out for each byte in.
///
/// Compressed mail and posts inflate about 3–10 times, text with much repetition (copies of
/// one newsletter) some tens of times. A run of one byte inflates 1,032 times under deflate
/// and far more under bzip2 and xz, so without a limit one small file in a drop folder keeps
/// an unattended nightly scan busy for days: no memory is lost (inputs are streamed), only time.
public struct ExpansionLimit: Sendable, Equatable {
    /// Bytes out per byte in; 0: no limit.
    public var ratio: Int
    /// Bytes out below which the ratio is not checked (small inputs compress very well).
    public var floor: UInt64

    public init(ratio: Int, floor: UInt64) {
        self.ratio = ratio
        self.floor = floor
    }

    /// For inputs: the attachments' ratio (``ExtractionLimits``), checked once 256 MiB are out.
    public static let inputs = ExpansionLimit(ratio: 250, floor: 256 << 20)

    /// Whether `produced` bytes out of `consumed` bytes in is past the limit.
    public func isExceeded(produced: UInt64, consumed: UInt64) -> Bool {
        ratio > 0 && produced > floor && produced / max(consumed, 1) > UInt64(ratio)
    }

    /// Why reading stopped, after `produced` bytes out of `consumed` bytes in.
    public func reason(produced: UInt64, consumed: UInt64) -> String {
        "\(produced) bytes inflated from \(consumed), more than \(ratio) times: a decompression bomb, not read further"
            + " (--max-expansion-ratio)"
    }
}
