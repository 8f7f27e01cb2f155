/// Runs `count` pieces of work at most `concurrency` at a time (a new one starts as one ends), and returns the
/// results in the order of their indexes — for requests to one host whose retries should overlap.
public enum BoundedTasks {
    public static func map<T: Sendable>(_ count: Int, concurrency: Int, _ work: @escaping @Sendable (Int) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            var results: [(Int, T)] = []
            results.reserveCapacity(count)
            var next = 0
            while next < min(concurrency, count) {
                let index = next
                group.addTask { (index, await work(index)) }
                next += 1
            }
            while let done = await group.next() {
                results.append(done)
                if next < count {
                    let index = next
                    group.addTask { (index, await work(index)) }
                    next += 1
                }
            }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of async `body`: its value, or what it threw.
    public init(awaiting body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
