import Foundation
import LeakScanCore
import LeakScanFraming

/// A message the parser could not make sense of; it is reported and skipped.
public struct CorruptMessage: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
