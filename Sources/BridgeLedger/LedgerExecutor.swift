import Foundation

/// The threads on which async code calls the ledger. The ledger's API is synchronous — a transaction is one
/// closure on the backend's connection, as in GRDB — and a database wait must never hold one of the cooperative
/// pool's threads (as many as the cores: two waiting reads would stall every task of the process). So async code
/// reaches the ledger in one way only, `LedgerExecutor.run`, whose body runs on these threads.
///
/// The pool grows while every thread is busy (a thread waiting on the database counts as busy), up to
/// `maxThreads`, and a thread idle for a minute ends. Dispatch's concurrent queues are not used: on Linux they
/// start another thread for work blocked in a wait only after seconds (measured: 6–7 s with 16 blocked).
public final class LedgerExecutor: TaskExecutor, @unchecked Sendable {
    /// The process's one executor for ledger work.
    public static let shared = LedgerExecutor()

    /// Threads at most; work beyond waits for one. A process runs a few dozen waits at once (reads of the API
    /// and the web, passes, the projector), each also bounded by its database's own connections.
    let maxThreads = 128
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var threads = 0
    private var idle = 0

    private init() {}

    private static let marker = "kpibridge.ledger-thread"

    /// Whether the calling code runs on one of these threads.
    public static var isCurrent: Bool { Thread.current.threadDictionary[marker] != nil }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        // Each idle thread takes one job: start another while the waiting jobs outnumber them.
        let start = jobs.count - head > idle && threads < maxThreads
        if start { threads += 1 }
        condition.signal()
        condition.unlock()
        if start {
            let thread = Thread { [self] in
                Thread.current.threadDictionary[Self.marker] = true
                work()
            }
            thread.name = "kpibridge-ledger"
            thread.start()
        }
    }

    private func work() {
        condition.lock()
        while true {
            while head == jobs.count {
                idle += 1
                let woken = condition.wait(until: Date(timeIntervalSinceNow: 60))
                idle -= 1
                if !woken && head == jobs.count {
                    threads -= 1
                    condition.unlock()
                    return
                }
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1_024 && head * 2 >= jobs.count {
                // A queue that never empties under load: drop the jobs already taken.
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
            condition.lock()
        }
    }

    /// Runs `body` — async code that makes the ledger's synchronous calls (a route handler, a pass, the
    /// projector) — on the ledger's threads. A task cancelled before it starts gets `CancellationError`, so
    /// nothing is read or written for a request or pass that has already ended.
    public static func run<T>(_ body: () async throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withTaskExecutorPreference(shared) { try await body() }
    }
}
