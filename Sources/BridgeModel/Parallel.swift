import Dispatch
import Foundation
import Synchronization

/// Pure work spread over the machine's cores, results in input order. For the projector's CPU-bound steps
/// (folding tasks, scoring officers) that run between its reads and its writes: the ledger has one writer, but
/// what it writes can be computed on every core.
public enum Parallel {
    /// Below this many items the work runs on the calling thread: starting threads costs more than it saves.
    public static let threshold = 64

    /// `items.map(transform)`, computed in contiguous slices on every active core when there are at least
    /// `minimum` items. The first error thrown (in input order) is rethrown after all slices finish.
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], minimum: Int = threshold, _ transform: @Sendable (T) throws -> R
    ) throws -> [R] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard items.count >= max(2, minimum), cores > 1 else { return try items.map(transform) }
        let slices = min(cores, items.count / max(1, minimum / 2))
        let results = Mutex<[Result<[R], any Error>?]>(Array(repeating: nil, count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = (items.count * slice / slices)..<(items.count * (slice + 1) / slices)
            let result = Result { try items[range].map(transform) }
            results.withLock { $0[slice] = result }
        }
        return try results.withLock { slots in try slots.flatMap { try $0!.get() } }
    }
}
