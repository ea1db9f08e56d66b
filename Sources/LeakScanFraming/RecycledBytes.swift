import Foundation

/// Byte arrays the workers hand back once their posts are scanned, for the reading thread to
/// fill with the next posts' bytes: no allocation per post on the reading thread, and no free
/// of it on a worker.
///
/// Each post's bytes were an array the reading thread allocated and a worker freed. glibc
/// frees a block into the arena it came from, under that arena's lock, once the freeing
/// thread's small cache is full (seven blocks a size), so with two workers each batch's 256
/// frees contended with each other and with the reader's allocations: `--jobs 2` spent 20 %
/// more samples than `--jobs 1` on the same posts, a fifth of them in `malloc` and `free`.
///
/// Both sides move arrays a bundle at a time, one lock per batch. The arrays kept hold at
/// most ``byteBudget`` bytes of capacity in all; a larger array (a long post) is let go.
public final class RecycledBytes: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`: emptied arrays, and the capacity they hold in all.
    private var kept = [[UInt8]]()
    private var keptBytes = 0
    /// Most capacity kept in all, and in one array.
    let byteBudget: Int
    let largestArray: Int

    public init(byteBudget: Int = 8 << 20, largestArray: Int = 64 << 10) {
        self.byteBudget = byteBudget
        self.largestArray = largestArray
    }

    /// Keeps the arrays of `returned` (emptied, their capacity kept) while the budget allows;
    /// `returned` is left empty, its own capacity kept for the next batch.
    public func giveBack(_ returned: inout [[UInt8]]) {
        guard !returned.isEmpty else { return }
        lock.withLock {
            for index in returned.indices {
                var array = [UInt8]()
                swap(&array, &returned[index])
                let capacity = array.capacity
                guard capacity <= largestArray, keptBytes + capacity <= byteBudget else { continue }
                array.removeAll(keepingCapacity: true)
                keptBytes += capacity
                kept.append(array)
            }
        }
        returned.removeAll(keepingCapacity: true)
    }

    /// Moves up to `count` kept arrays into `into` (appended), for a reader to fill.
    func take(_ count: Int, into arrays: inout [[UInt8]]) {
        lock.withLock {
            let taken = min(count, kept.count)
            for _ in 0..<taken {
                let array = kept.removeLast()
                keptBytes -= array.capacity
                arrays.append(array)
            }
        }
    }

    /// Capacity kept now (tests).
    var keptCapacity: Int { lock.withLock { keptBytes } }
}
