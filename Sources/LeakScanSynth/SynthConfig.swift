import Foundation
import LeakScanCore

/// What `leakscan synth` makes.
public struct SynthConfig: Sendable {
    public var organisations = 200
    public var staffPerOrganisation = 40
    /// Email bytes to write (the mbox grows until it reaches this size).
    public var targetBytes: Int = 50 << 20
    /// One social post per this many email messages.
    public var messagesPerPost = 8
    public var seed: UInt64 = 1
    /// Share of organisations with a confidential leak via a social networking site.
    public var socialLeakRate = 0.17
    /// Share of organisations with a disciplinary-level (severity ≥ high) violation.
    public var disciplineRate = 0.10
    /// Share of email messages carrying a medium-severity background incident.
    public var backgroundRate = 0.005
    public var start = Date(timeIntervalSince1970: 1_230_768_000)  // 2009-01-01
    public var months = 18

    public init() {}

    /// A size as people write it: `500K`, `200M`, `1G` (binary units) or plain bytes.
    public static func byteCount(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        guard let last = text.uppercased().last else { return nil }
        if let unit = units[last], let value = Double(text.dropLast()), value >= 0 {
            return Int(exactly: (value * Double(unit)).rounded(.down))  // nil for `1e300G` or `nanM`, not a trap
        }
        return Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}
