import Foundation
import Testing

@testable import LeakScanCrypto

/// The published test vectors: FIPS 180-2 appendix B for SHA-256, RFC 4231 section 4 for
/// HMAC-SHA-256. Attachment hashes, emblem references and the nightly state's prefix hashes
/// are compared with digests stored by earlier runs, and fingerprints identify known leaks,
/// so these must not drift.
@Suite struct SHA256HashTests {
    static func bytes(hex: String) -> [UInt8] {
        var bytes = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func fipsVectors(message: String, digest: String) {
        #expect(SHA256Hash.hash(Array(message.utf8)).hexString() == digest)
        #expect(SHA256Hash.hash(Data(message.utf8)).hexString() == digest)
    }

    @Test func millionAsInPieces() {
        // FIPS 180-2 B.3, fed in uneven pieces that straddle the 64-byte blocks.
        var hash = SHA256Hash()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var fed = 0
        while fed < 1_000_000 {
            let count = min(piece.count - fed % 7, 1_000_000 - fed)
            piece.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            fed += count
        }
        #expect(hash.finalize().hexString() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func finalizeLeavesTheHashGoingOn() {
        var hash = SHA256Hash()
        hash.update(Array("ab".utf8))
        #expect(hash.finalize() == SHA256Hash.hash(Array("ab".utf8)))
        hash.update(Array("c".utf8))
        #expect(hash.finalize().hexString() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hash.finalize().hexString(prefix: 4) == "ba7816bf")
        #expect(hash.finalize().array.count == 32)
    }

    /// RFC 4231 test cases 1–4, 6 and 7 (keys and data in hex, the full 256-bit code) and case 5
    /// (the code truncated to 128 bits, as fingerprints are).
    @Test(arguments: [
        (
            String(repeating: "0b", count: 20), "4869205468657265",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            String(repeating: "0c", count: 20), "546573742057697468205472756e636174696f6e",
            "a3b6167473100ee06e0c796c2955552b"
        ),
        (
            String(repeating: "aa", count: 131),
            "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            String(repeating: "aa", count: 131),
            "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ])
    func rfc4231Vectors(key: String, data: String, code: String) {
        let hmac = HMACSHA256(key: Self.bytes(hex: key))
        let computed = hmac.authenticationCode(for: Self.bytes(hex: data))
        #expect(computed.hexString(prefix: code.count / 2) == code)
        // The primed states are copied, never spent: the same message gives the same code again.
        #expect(hmac.authenticationCode(for: Self.bytes(hex: data)) == computed)
    }
}
