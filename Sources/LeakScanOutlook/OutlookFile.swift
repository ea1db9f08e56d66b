import Foundation

/// The Outlook file formats an input can be, told by their signatures from one read of the
/// first bytes: every input is probed before it is framed, so one read, not one per format.
public enum OutlookFile {
    /// A personal store, `.pst` or `.ost` (`!BDN`): ``OutlookStore``.
    case store
    /// An OLE2 compound file (`.msg`, or a legacy Office document): ``OutlookMessageFile``.
    case compoundFile

    public static func kind(ofFileAt path: String) -> OutlookFile? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8) else { return nil }
        if head.starts(with: Data("!BDN".utf8)) { return .store }
        if head == Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .compoundFile }
        return nil
    }
}
