import Foundation

/// A blocking FIFO of fixed capacity between the reader and the workers: when workers fall
/// behind, `put` blocks the reader, so memory stays bounded whatever the archive size.
///
/// SAFETY: all state is guarded by `condition`.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Taken items are nil until the taken prefix is dropped: an item is moved out, so the
    /// taker holds the only reference to what it refers to (a batch's items, which its worker
    /// then takes out one by one without copying them).
    private var items = [Element?]()
    private var head = 0
    private var closed = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Blocks while the queue is full.
    func put(_ item: Element) {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
    }

    /// Blocks until an item arrives; nil once the queue is closed and drained.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        var item: Element?
        swap(&item, &items[head])
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }

    /// No more items will be put; waiting takers wake up and get nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
