import CLibCrypto

/// What the body of an S/MIME message (a CMS structure, RFC 5652) holds, as far as it can be
/// read without a key. Opaque-signed mail (`application/pkcs7-mime; smime-type=signed-data`,
/// `smime.p7m`) carries its whole MIME entity inside the signature's structure, where no mail
/// reader that does not open it sees a word; encrypted mail cannot be read at all, and must be
/// said to be unread. Signatures are not checked: whether the signer is who they claim does
/// not change what the message says.
public enum CMSContent: Equatable, Sendable {
    /// Signed data and the content it signs (for S/MIME, a MIME entity).
    case signed([UInt8])
    /// Signed data with no content: a certificate or chain sent on its own.
    case certificatesOnly
    /// Enveloped (or authenticated-enveloped) data: readable only with the recipient's key.
    case encrypted
    /// A CMS type S/MIME does not send as a message (digested, compressed, plain data).
    case other
    /// Bytes that are not a CMS structure.
    case unreadable

    /// Reads `bytes` (DER or BER) with libcrypto's CMS decoder.
    public static func read(_ bytes: [UInt8]) -> CMSContent {
        var content: UnsafeMutablePointer<UInt8>?
        var length = 0
        let kind = bytes.withUnsafeBufferPointer { buffer in
            leakscan_cms_content(buffer.baseAddress, buffer.count, &content, &length)
        }
        switch kind {
        case 1:
            guard let content else { return .unreadable }
            defer { leakscan_cms_free(content) }
            return .signed(Array(UnsafeBufferPointer(start: content, count: length)))
        case 2: return .certificatesOnly
        case 3: return .encrypted
        case 4: return .other
        default: return .unreadable
        }
    }
}
