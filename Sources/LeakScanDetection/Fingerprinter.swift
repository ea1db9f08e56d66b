import Foundation
import LeakScanCore
import LeakScanCrypto

/// Keyed hash of (rule, message, value): the same leak gets the same fingerprint in every run,
/// yet the fingerprint cannot be reversed or brute-forced into the identifier without the key
/// (a plain hash of a 9-character NINO could be, in seconds).
public struct Fingerprinter: Sendable {
    /// HMAC-SHA-256 keyed once; each fingerprint copies its primed states (``HMACSHA256``).
    let keyed: HMACSHA256

    public init(key: [UInt8]) {
        keyed = HMACSHA256(key: key)
    }

    /// 128 bits of HMAC-SHA-256. The value is normalised (letters and digits only,
    /// upper case) so `AB 12 34 56 C` and `ab123456c` are the same leak.
    public func fingerprint<C: Collection>(rule: String, identity: String, value: C) -> Fingerprint
    where C.Element == UInt8 {
        // The message is assembled in temporary (stack) memory, not an array per fingerprint.
        let capacity = rule.utf8.count + identity.utf8.count + value.count + 2
        let code = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { message in
            var count = 0
            func put(_ byte: UInt8) {
                message[count] = byte
                count += 1
            }
            /// A string's bytes at once, through a span borrowed from it: walking its UTF-8 view
            /// byte by byte cost a sixth of a fingerprint, and `withContiguousStorageIfAvailable`
            /// retained and released the string around its closure.
            func put(_ string: String) {
                count += string.utf8.span.withUnsafeBufferPointer { bytes in
                    UnsafeMutableBufferPointer(rebasing: message[count...]).update(fromContentsOf: bytes)
                }
                put(0)
            }
            put(rule)
            put(identity)
            for byte in value {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): put(byte - 0x20)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...: put(byte)
                default: continue
                }
            }
            return keyed.authenticationCode(for: UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(message)[..<count]))
        }
        return code.withUnsafeBytes(Fingerprint.init(bytes:))
    }
}
