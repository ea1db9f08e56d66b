import Crypto
import Foundation
import LeakScanCore

/// Keyed hash of (rule, message, value): the same leak gets the same fingerprint in every run,
/// yet the fingerprint cannot be reversed or brute-forced into the identifier without the key
/// (a plain hash of a 9-character NINO could be, in seconds).
public struct Fingerprinter: Sendable {
    /// Raw key bytes; `SymmetricKey` is not `Sendable`, and fingerprints are rare enough
    /// (one per incident) that building it per call costs nothing measurable.
    let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
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
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return mac.prefix(16).hexString
    }
}
