import Foundation
import LeakScanFraming

/// A deterministic split of a scan's inputs into work units for many machines (Spark tasks,
/// Kubernetes indexed jobs): small files grouped whole, large plain mbox and JSON Lines files cut
/// into byte ranges, in the order one scan would read them. Scanning every unit and
/// concatenating the incidents in unit order gives one scan's incidents (see ``ScanOptions/ranges``).
public struct WorkUnit: Codable, Equatable, Sendable {
    public var unit: Int
    public var parts: [Part]

    /// A file, or the records that begin inside a byte range of it.
    public struct Part: Codable, Equatable, Sendable {
        public var path: String
        public var start: UInt64
        /// Nil: to the end of the file.
        public var end: UInt64?
        /// Found by walking a folder, not named by the user: if it cannot be scanned it is
        /// reported and skipped, as in one scan of the folder.
        public var walked: Bool

        public init(path: String, start: UInt64 = 0, end: UInt64? = nil, walked: Bool = false) {
            self.path = path
            self.start = start
            self.end = end
            self.walked = walked
        }

        /// The range to read, when the part is not the whole file.
        public var range: Range<UInt64>? { start == 0 && end == nil ? nil : start..<(end ?? .max) }
    }

    public init(unit: Int, parts: [Part]) {
        self.unit = unit
        self.parts = parts
    }
}

public enum WorkPlanner {
    /// The first of `paths` that is the standard input or a pipe: bytes that come once, to
    /// one process, which no unit on another machine can read. Nil when there is none.
    public static func stream(among paths: [String]) -> String? {
        paths.first { $0 == "-" || InputWalker.isStream($0) }
    }

    /// The units for `paths`: about `unitBytes` of input each. Files are taken in the order a
    /// scan walks them; a splittable file larger than `unitBytes` becomes units of one range
    /// each, any other file joins the current group (a new group starts when it would pass
    /// `unitBytes`). Paths that do not exist are left to the scan of the unit that names them.
    public static func plan(paths: [String], unitBytes: UInt64) -> [WorkUnit] {
        let unitBytes = max(1, unitBytes)
        var units = [WorkUnit]()
        var group = [WorkUnit.Part]()
        var groupBytes: UInt64 = 0
        func flush() {
            guard !group.isEmpty else { return }
            units.append(WorkUnit(unit: units.count, parts: group))
            group = []
            groupBytes = 0
        }
        for file in InputWalker.files(in: paths).files {
            let size = ArchiveReader.fileSize(of: file.path) ?? 0
            if size > unitBytes, ArchiveReader.isSplittable(path: file.path) {
                flush()
                var start: UInt64 = 0
                while start < size {
                    let end = start + unitBytes >= size ? nil : start + unitBytes
                    units.append(
                        WorkUnit(unit: units.count, parts: [WorkUnit.Part(path: file.path, start: start, end: end, walked: !file.named)]))
                    start += unitBytes
                }
                continue
            }
            if !group.isEmpty, groupBytes + size > unitBytes { flush() }
            group.append(WorkUnit.Part(path: file.path, walked: !file.named))
            groupBytes += size
        }
        flush()
        return units
    }
}
