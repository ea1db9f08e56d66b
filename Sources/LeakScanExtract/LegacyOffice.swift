/// Why a Word, Excel or PowerPoint 97–2003 file (``WordBinaryText``, ``ExcelBinaryText``,
/// ``PowerPointBinaryText``) was not read: the three readers fail the same ways, and the
/// extractor reports them alike.
enum LegacyOfficeFailure: Error, Equatable {
    case encrypted
    /// A format before Office 97 (Word 6 and 95), with what it is.
    case unsupported(String)
    case damaged(String)
}

extension Array where Element == UInt8 {
    /// Little-endian integers at a byte offset the caller has checked (the legacy Office
    /// formats' fields).
    func uint16(at offset: Int) -> UInt16 { UInt16(self[offset]) | UInt16(self[offset + 1]) << 8 }
    func uint32(at offset: Int) -> UInt32 { UInt32(uint16(at: offset)) | UInt32(uint16(at: offset + 2)) << 16 }
    func uint64(at offset: Int) -> UInt64 { UInt64(uint32(at: offset)) | UInt64(uint32(at: offset + 4)) << 32 }
}
