import CZlib

/// zlib's inflate, one stream at a time: the only importer of zlib, for the gzip files LeakScan
/// reads as input (``GzipByteSource``, chunk by chunk) and the deflate data packed inside
/// files (an OpenPGP message's compressed packet, inflated whole).
public final class Inflater {
    /// What wraps the deflate data.
    public enum Wrapping: Sendable {
        /// A gzip or zlib header, told apart by zlib.
        case gzipOrZlib
        /// A zlib header (RFC 1950).
        case zlib
        /// None: bare deflate (RFC 1951), as OpenPGP's ZIP algorithm writes it.
        case raw

        var windowBits: Int32 {
            switch self {
            case .gzipOrZlib: 15 + 32
            case .zlib: 15
            case .raw: -15
            }
        }
    }

    /// How one call to ``inflate(_:into:)`` ended.
    public enum Status: Equatable, Sendable {
        /// More input or more room for output is needed.
        case more
        /// The stream's end (a gzip member's, for gzip): ``reset()`` before another follows.
        case end
        /// The data is not valid deflate; the reason zlib gives.
        case corrupt(String)
    }

    private var stream = z_stream()
    private let started: Bool

    public init(_ wrapping: Wrapping) {
        started = leakscan_inflate_init2(&stream, wrapping.windowBits) == Z_OK
    }

    deinit { if started { inflateEnd(&stream) } }

    /// Compressed bytes consumed since the stream started or was last reset.
    public var totalIn: UInt64 { UInt64(stream.total_in) }

    /// Inflates from `input` into `output`, as far as either allows: how many bytes of each it
    /// used, and how it ended.
    public func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> (
        consumed: Int, produced: Int, status: Status
    ) {
        guard started else { return (0, 0, .corrupt("zlib could not start")) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = UInt32(output.count)
        let code = CZlib.inflate(&stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.avail_in)
        let produced = output.count - Int(stream.avail_out)
        switch code {
        case Z_OK, Z_BUF_ERROR: return (consumed, produced, .more)
        case Z_STREAM_END: return (consumed, produced, .end)
        default: return (consumed, produced, .corrupt(stream.msg.map { String(cString: $0) } ?? "status \(code)"))
        }
    }

    /// Ready for another stream (the next member of a gzip file).
    public func reset() { inflateReset(&stream) }

    /// `bytes` inflated whole, up to `maxBytes`: the bytes, and why inflating stopped short
    /// (corrupt data, data that ends early, the limit), nil when the stream ended cleanly.
    public static func inflated(_ bytes: ArraySlice<UInt8>, wrapping: Wrapping, maxBytes: Int) -> (bytes: [UInt8], problem: String?) {
        let inflater = Inflater(wrapping)
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var offset = bytes.startIndex
        while true {
            let step = bytes[offset...].withUnsafeBytes { input in
                chunk.withUnsafeMutableBytes { inflater.inflate(input, into: $0) }
            }
            offset += step.consumed
            if output.count + step.produced > maxBytes {
                output += chunk[0..<(maxBytes - output.count)]
                return (output, "inflates past \(maxBytes) bytes; the first \(maxBytes) were read")
            }
            output += chunk[0..<step.produced]
            switch step.status {
            case .end: return (output, nil)
            case .corrupt(let reason): return (output, "deflate data is corrupt: \(reason)")
            case .more where step.consumed == 0 && step.produced == 0: return (output, "deflate data ends early")
            case .more: continue
            }
        }
    }
}
