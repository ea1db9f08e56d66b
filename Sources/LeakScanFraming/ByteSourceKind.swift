import Foundation
import LeakScanCore

#if canImport(Glibc)
    import Glibc
#endif

/// What sits between an input file and its text, which decides how a checkpoint maps to a place
/// in the file.
enum ByteSourceKind: Sendable {
    /// Text offsets are file offsets.
    case plain
    /// Text offsets count inflated bytes; a finished member boundary is a place to restart.
    case gzip
    /// Text offsets count transcoded UTF-8 bytes; no place in the file maps to one cheaply.
    case utf16
}
