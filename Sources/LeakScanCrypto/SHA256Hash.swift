import CLibCrypto
import Foundation
import LeakScanCore

/// SHA-256 (FIPS 180-4) as OpenSSL's libcrypto computes it (with the CPU's SHA extensions
/// where it has them), in a value whose whole state is libcrypto's plain `SHA256_CTX` struct.
///
/// Why not swift-crypto: its digest state is a heap object, copied on write, so a primed
/// state copied per fingerprint (``HMACSHA256``) allocated and freed a context for every
/// update and every finalisation, four per incident, and the hashing around two compression
/// calls was a twentieth of a scan of real posts. Here a copy is 112 bytes on the stack.
/// Dropping the package also drops the BoringSSL build from every clean build.
public struct SHA256Hash: Sendable {
    private var context = SHA256_CTX()

    public init() {
        SHA256_Init(&context)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        SHA256_Update(&context, base, bytes.count)
    }

    /// An array, `Data` or any other contiguous bytes.
    public mutating func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of what was fed so far; the hash itself is left as it was, so it can go on.
    public func finalize() -> SHA256Digest {
        var finishing = context
        var digest = SHA256Digest()
        withUnsafeMutableBytes(of: &digest.bytes) { out in
            _ = SHA256_Final(out.baseAddress!.assumingMemoryBound(to: UInt8.self), &finishing)
        }
        return digest
    }

    public static func hash(_ bytes: some ContiguousBytes) -> SHA256Digest {
        var hash = SHA256Hash()
        hash.update(bytes)
        return hash.finalize()
    }
}

/// The 32 bytes of a SHA-256 digest, held inline (no array per digest).
public struct SHA256Digest: Sendable, Equatable {
    fileprivate var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: bytes, body)
    }

    /// The digest's bytes in order.
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lower-case hexadecimal of the first `count` bytes (all 32 by default).
    public func hexString(prefix count: Int = 32) -> String {
        withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0.prefix(count)).hexString }
    }

    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.bytes.0 == rhs.bytes.0 && lhs.bytes.1 == rhs.bytes.1 && lhs.bytes.2 == rhs.bytes.2 && lhs.bytes.3 == rhs.bytes.3
    }
}

/// HMAC-SHA-256 (RFC 2104) keyed once: the SHA-256 states after the key's inner and outer
/// pads, copied (112 bytes each) for every message. Workers share one; it is never updated
/// in place.
public struct HMACSHA256: Sendable {
    private let inner: SHA256Hash
    private let outer: SHA256Hash

    public init(key: [UInt8]) {
        // A key longer than the 64-byte block is hashed first; a shorter one is padded with zeros.
        var block = key.count > 64 ? SHA256Hash.hash(key).array : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        var inner = SHA256Hash()
        inner.update(block.map { $0 ^ 0x36 })
        var outer = SHA256Hash()
        outer.update(block.map { $0 ^ 0x5C })
        self.inner = inner
        self.outer = outer
    }

    public func authenticationCode(for message: UnsafeRawBufferPointer) -> SHA256Digest {
        var inner = self.inner
        inner.update(message)
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update($0) }
        return outer.finalize()
    }

    public func authenticationCode(for message: some ContiguousBytes) -> SHA256Digest {
        message.withUnsafeBytes { authenticationCode(for: $0) }
    }
}
