import Foundation

/// The Outlook file formats an input can be, told by their signatures in the first bytes the
/// framing reader read anyway (every input is probed, so no read of its own).
public enum OutlookFile {
    /// A personal store, `.pst` or `.ost` (`!BDN`): ``OutlookStore``.
    case store
    /// An OLE2 compound file (`.msg`, or a legacy Office document): ``OutlookMessageFile``.
    case compoundFile

    /// The format whose signature `head` (a file's first bytes, at least eight when it has
    /// them) starts with.
    public static func kind(ofLeadingBytes head: some Collection<UInt8>) -> OutlookFile? {
        if head.starts(with: "!BDN".utf8) { return .store }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .compoundFile }
        return nil
    }
}
