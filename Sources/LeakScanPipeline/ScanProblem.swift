/// Something that went wrong with one message or input; reported, never fatal to the scan.
public struct ScanProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A message or post that could not be parsed; skipped.
        case corrupt
        /// A message over a size, depth or part limit; scanned up to the limit.
        case truncated
        /// An input that could not be opened or read to the end.
        case unreadable
        /// An input in no format LeakScan reads; skipped.
        case unrecognised
        /// Bytes of an input that no record covers (a file without a single record, text
        /// after the end of a JSON array): read but not scanned.
        case unscanned
        /// An attachment, or a member of one, whose content could not be read (encrypted,
        /// unsupported, damaged, over an extraction limit); the rest of the message was scanned.
        case unextracted
    }
    public var kind: Kind
    public var source: String
    public var offset: UInt64?
    public var reason: String
}
