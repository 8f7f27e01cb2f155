import Foundation

/// A bounded hand-over from the thread that maps payloads ahead to the one that commits them, in order.
final class MapAheadQueue: @unchecked Sendable {
    private let condition = NSCondition()  // guards every stored property
    private var items: [Result<Importer.Mapped, any Error>] = []
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Waits for room and appends; false once the consumer has gone (the producer should stop).
    func put(_ item: Result<Importer.Mapped, any Error>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits for the next item.
    func take() -> Result<Importer.Mapped, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// The consumer is done (or failed): the producer stops at its next item.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
