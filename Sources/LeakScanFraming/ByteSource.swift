import Foundation
import LeakScanCore

#if canImport(Glibc)
    import Glibc
#endif

/// A stream of bytes read in chunks: a plain file, or a gzip file inflated on the fly.
public protocol ByteSource: AnyObject {
    /// The next chunk (at most about `maxCount` bytes), empty at end of input.
    func read(maxCount: Int) throws(InputError) -> [UInt8]
}

/// `path` opened to be read once, front to back, as its bytes come: a pipe's, which cannot be
/// read again.
public func openStream(path: String) throws(InputError) -> ByteSource { try FileByteSource(path: path) }

/// Opens `path` as a byte source: gzip inflated (up to `expansion`), UTF-16 transcoded to UTF-8.
///
/// - Parameter fileOffset: where to start in the file itself (a ``Checkpoint/fileOffset``): a
///   plain file is read from there, a gzip file inflated from there (a member boundary). Not
///   for UTF-16 inputs, whose checkpoints have none.
///
/// A plain file's first bytes are sniffed in the read that starts it, and that read is handed
/// on (``PrefixedByteSource``): a Maildir scan opens one small file per message, and sniffing
/// them with reads of their own and seeks back cost four system calls per message.
///
/// Also returns what `fstat` says of the file opened (nil for a URI).
func openByteSource(
    path: String, fileOffset: UInt64 = 0, expansion: ExpansionLimit
) throws(InputError) -> (source: ByteSource, kind: ByteSourceKind, status: FileStatus?) {
    let file = try FileByteSource(path: path)
    let status = file.descriptor >= 0 ? FileStatus.of(descriptor: file.descriptor) : nil
    let (source, kind) = try decodedSource(file, path: path, fileOffset: fileOffset, expansion: expansion)
    return (source, kind, status)
}

private func decodedSource(
    _ file: FileByteSource, path: String, fileOffset: UInt64, expansion: ExpansionLimit
) throws(InputError) -> (source: ByteSource, kind: ByteSourceKind) {
    let first = try readHead(file, count: 4)
    let isGzip = first.starts(with: [0x1F, 0x8B])
    if !isGzip && UTF16ByteSource.byteOrder(of: first) == nil {
        guard fileOffset == 0 else {
            file.seek(to: fileOffset)
            return (file, .plain)
        }
        return (PrefixedByteSource(first, then: file), .plain)
    }
    file.rewind()
    // UTF-16 is recognised on the decompressed text, then that stream is opened again.
    let head = isGzip ? try readHead(try GzipByteSource(path: path, compressed: file, expansion: expansion), count: 4) : first
    file.rewind()
    if let order = UTF16ByteSource.byteOrder(of: head) {
        let text: ByteSource = isGzip ? try GzipByteSource(path: path, compressed: file, expansion: expansion) : file
        return (UTF16ByteSource(source: text, bigEndian: order.bigEndian), .utf16)
    }
    if fileOffset > 0 { file.seek(to: fileOffset) }
    return (try GzipByteSource(path: path, compressed: file, compressedOffset: fileOffset, expansion: expansion), .gzip)
}

/// `source` as text: inflated when it is gzip, transcoded when it is UTF-16. For a stream that
/// cannot seek (a container's member), so what is sniffed is handed on rather than read again.
func decodedStream(
    _ source: ByteSource, path: String, expansion: ExpansionLimit
) throws(InputError) -> (source: ByteSource, kind: ByteSourceKind) {
    let first = try readHead(source, count: 4)
    var stream: ByteSource = PrefixedByteSource(first, then: source)
    var kind = ByteSourceKind.plain
    var head = first
    if first.starts(with: [0x1F, 0x8B]) {
        let inflated = try GzipByteSource(path: path, compressed: stream, expansion: expansion)
        head = try readHead(inflated, count: 4)
        stream = PrefixedByteSource(head, then: inflated)
        kind = .gzip
    }
    guard let order = UTF16ByteSource.byteOrder(of: head) else { return (stream, kind) }
    return (UTF16ByteSource(source: stream, bigEndian: order.bigEndian), .utf16)
}

/// A source whose first bytes were already read (to sniff them): those first, then the rest.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]?
    private let rest: ByteSource

    init(_ prefix: [UInt8], then rest: ByteSource) {
        self.prefix = prefix.isEmpty ? nil : prefix
        self.rest = rest
    }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        guard let prefix else { return try rest.read(maxCount: maxCount) }
        self.prefix = nil
        return prefix
    }
}

/// At least the first `count` bytes of a fresh source (fewer if it is shorter), read in chunks
/// of 64 KiB: the sniffing read of a small file is the whole file.
private func readHead(_ source: ByteSource, count: Int) throws(InputError) -> [UInt8] {
    var head = [UInt8]()
    while head.count < count {
        let chunk = try source.read(maxCount: 64 << 10)
        if chunk.isEmpty { break }
        head += chunk
    }
    return head
}
