import Crypto
import Foundation
import LeakScanCore

/// Keyed hash of (rule, message, value): the same leak gets the same fingerprint in every run,
/// yet the fingerprint cannot be reversed or brute-forced into the identifier without the key
/// (a plain hash of a 9-character NINO could be, in seconds).
public struct Fingerprinter: Sendable {
    /// HMAC keyed once (its inner and outer hashes primed with the key), copied for each
    /// fingerprint: on real posts a third of the texts have an incident, and keying per call
    /// was a thirtieth of the scan.
    let keyed: KeyedHMAC

    /// The keyed HMAC, shared by workers. Only ever copied, never mutated in place: swift-crypto's
    /// digest state is copy-on-write (a copy that is updated gets its own context first), so
    /// concurrent copies only read the shared one.
    struct KeyedHMAC: @unchecked Sendable {
        let hmac: HMAC<SHA256>
    }

    public init(key: [UInt8]) {
        keyed = KeyedHMAC(hmac: HMAC<SHA256>(key: SymmetricKey(data: key)))
    }

    /// 128 bits of HMAC-SHA-256 in hex. The value is normalised (letters and digits only,
    /// upper case) so `AB 12 34 56 C` and `ab123456c` are the same leak.
    public func fingerprint<C: Collection>(rule: String, identity: String, value: C) -> String
    where C.Element == UInt8 {
        var message = [UInt8]()
        message += rule.utf8
        message.append(0)
        message += identity.utf8
        message.append(0)
        for byte in value {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): message.append(byte - 0x20)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...:
                message.append(byte)
            default: continue
            }
        }
        var hmac = keyed.hmac
        hmac.update(data: message)
        // Through the digest's bytes: iterating the code itself went element by element
        // through its generic collection and was a twentieth of a scan of short posts.
        return hmac.finalize().withUnsafeBytes { $0.prefix(16).hexString }
    }
}
