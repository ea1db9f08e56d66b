import Crypto
import Foundation
import LeakScanCore

/// Keyed hash of (rule, message, value): the same leak gets the same fingerprint in every run,
/// yet the fingerprint cannot be reversed or brute-forced into the identifier without the key
/// (a plain hash of a 9-character NINO could be, in seconds).
public struct Fingerprinter: Sendable {
    /// HMAC-SHA-256 (RFC 2104) keyed once: the SHA-256 states after the key's inner and outer
    /// pads, copied for each fingerprint. Built on swift-crypto's `SHA256` rather than its
    /// `HMAC<SHA256>`, whose generic methods are not specialised outside that package and
    /// went through type metadata and `DataProtocol` regions on every call (a twentieth of a
    /// scan of short posts); the two agree on every key and message (`FingerprinterTests`).
    let keyed: KeyedHashes

    /// The primed hashes, shared by workers. Only ever copied, never updated in place:
    /// swift-crypto's digest state is copy-on-write (a copy that is updated gets its own
    /// context first), so concurrent copies only read the shared one.
    struct KeyedHashes: @unchecked Sendable {
        let inner: SHA256
        let outer: SHA256
    }

    public init(key: [UInt8]) {
        // A key longer than the 64-byte block is hashed first; a shorter one is padded with zeros.
        var block = key.count > 64 ? Array(SHA256.hash(data: key)) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        keyed = KeyedHashes(inner: inner, outer: outer)
    }

    /// 128 bits of HMAC-SHA-256 in hex. The value is normalised (letters and digits only,
    /// upper case) so `AB 12 34 56 C` and `ab123456c` are the same leak.
    public func fingerprint<C: Collection>(rule: String, identity: String, value: C) -> String
    where C.Element == UInt8 {
        var inner = keyed.inner
        // The message is assembled in temporary (stack) memory, not an array per fingerprint.
        let capacity = rule.utf8.count + identity.utf8.count + value.count + 2
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { message in
            var count = 0
            func put(_ byte: UInt8) {
                message[count] = byte
                count += 1
            }
            for byte in rule.utf8 { put(byte) }
            put(0)
            for byte in identity.utf8 { put(byte) }
            put(0)
            for byte in value {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): put(byte - 0x20)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...: put(byte)
                default: continue
                }
            }
            inner.update(bufferPointer: UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(message)[..<count]))
        }
        var outer = keyed.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        // Through the digest's bytes: iterating the digest itself went element by element
        // through its generic collection and was a twentieth of a scan of short posts.
        return outer.finalize().withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0.prefix(16)).hexString }
    }
}
