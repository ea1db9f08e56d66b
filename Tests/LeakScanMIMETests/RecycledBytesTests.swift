import Foundation
import Testing

@testable import LeakScanFraming

/// Posts read into arrays the workers handed back are the posts a reader without them reads,
/// whether a recycled array is shorter or longer than the post put in it, and what is kept
/// stays within its budget.
@Suite struct RecycledBytesTests {
    /// The bytes of each JSON Lines post `reader` reads, in batches of `batch`; after each
    /// batch its arrays are handed back to `recycled` (as a worker does) when there is one.
    static func posts(_ reader: ArchiveReader, batch: Int, recycled: RecycledBytes?) -> (posts: [[UInt8]], taken: Int) {
        var posts = [[UInt8]]()
        var taken = 0
        var returned = [[UInt8]]()
        while let item = reader.next() {
            guard case .post(var raw) = item, case .json(let bytes) = raw.body else {
                Issue.record("not a JSON post")
                continue
            }
            posts.append(Array(bytes))  // a copy: the array itself goes back
            if bytes.capacity > bytes.count { taken += 1 }
            raw.body = .text([])
            returned.append(bytes)
            if returned.count == batch {
                if let recycled { recycled.giveBack(&returned) } else { returned.removeAll() }
            }
        }
        return (posts, taken)
    }

    @Test func recycledArraysHoldTheSamePosts() throws {
        // Lengths that rise and fall, so a recycled array is sometimes too short for its post
        // (it grows) and sometimes much longer (its spare capacity stays).
        var lines = [String]()
        for index in 0..<700 {
            let length = [3, 40, 900, 12, 2_500, 150][index % 6] + index % 37
            let text = String(repeating: "abcdefghij", count: length / 10 + 1).prefix(length)
            lines.append(#"{"id": "\#(index)", "text": "\#(text) é"}"#)
        }
        let path = NSTemporaryDirectory() + "leakscan-recycled-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))

        let plain = Self.posts(try ArchiveReader(path: path), batch: 100, recycled: nil)
        let recycled = RecycledBytes()
        let reader = try ArchiveReader(path: path)
        reader.reuse(recycled)
        let reused = Self.posts(reader, batch: 100, recycled: recycled)
        #expect(plain.posts.count == 700)
        #expect(reused.posts == plain.posts)
        #expect(plain.posts.map { String(decoding: $0, as: UTF8.self) } == lines.map { $0 + "\n" })  // a line keeps its end
        // Every post after the first batch came in a handed-back array (most with room to spare).
        #expect(reused.taken > 300)
        #expect(plain.taken < reused.taken)
    }

    @Test func keptArraysStayWithinTheBudget() {
        let recycled = RecycledBytes(byteBudget: 10_000, largestArray: 2_000)
        var returned = (0..<20).map { [UInt8](repeating: 7, count: 100 * ($0 + 1)) }
        let offered = returned.map(\.capacity)
        recycled.giveBack(&returned)
        #expect(returned.isEmpty)
        #expect(recycled.keptCapacity <= 10_000 && recycled.keptCapacity > 0)
        var taken = [[UInt8]]()
        recycled.take(100, into: &taken)
        #expect(recycled.keptCapacity == 0)
        #expect(taken.allSatisfy { $0.isEmpty && $0.capacity <= 2_000 })
        // Kept while they fit: the capacities of the arrays taken are those offered that did.
        var budget = 10_000
        let fitting = offered.filter { capacity in
            guard capacity <= 2_000, capacity <= budget else { return false }
            budget -= capacity
            return true
        }
        #expect(taken.map(\.capacity).sorted() == fitting.sorted())
    }
}
