import CZlib
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

/// Opens `path` as a byte source: gzip inflated, UTF-16 transcoded to UTF-8.
///
/// - Parameter fileOffset: where to start in the file itself (a ``Checkpoint/fileOffset``): a
///   plain file is read from there, a gzip file inflated from there (a member boundary). Not
///   for UTF-16 inputs, whose checkpoints have none.
func openByteSource(path: String, fileOffset: UInt64 = 0) throws(InputError) -> (source: ByteSource, kind: ByteSourceKind) {
    let file = try FileByteSource(path: path)
    let magic = try file.read(maxCount: 2)
    file.rewind()
    let isGzip = magic == [0x1F, 0x8B]
    // UTF-16 is recognised on the decompressed text, then that stream is opened again.
    let head = try readHead(isGzip ? try GzipByteSource(path: path, compressed: file) : file, count: 4)
    file.rewind()
    if let order = UTF16ByteSource.byteOrder(of: head) {
        let text: ByteSource = isGzip ? try GzipByteSource(path: path, compressed: file) : file
        return (UTF16ByteSource(source: text, bigEndian: order.bigEndian), .utf16)
    }
    if fileOffset > 0 { file.seek(to: fileOffset) }
    if isGzip { return (try GzipByteSource(path: path, compressed: file, compressedOffset: fileOffset), .gzip) }
    return (file, .plain)
}

/// The first `count` bytes of a fresh source (fewer if it is shorter).
private func readHead(_ source: ByteSource, count: Int) throws(InputError) -> [UInt8] {
    var head = [UInt8]()
    while head.count < count {
        let chunk = try source.read(maxCount: count - head.count)
        if chunk.isEmpty { break }
        head += chunk
    }
    return head
}
