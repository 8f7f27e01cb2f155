@testable import BridgeLedger
import Foundation
import Synchronization
import Testing

/// The ledger's threads: work blocked in a wait (a slow database read) holds up no other work, and the work runs
/// on them, not on the cooperative pool.
struct LedgerExecutorTests {
    final class Seen: Sendable {
        let elsewhere = Mutex(0)
        let ran = Mutex(false)
    }

    @Test func sixteenBlockedPiecesOfWorkLeaveRoomForTheSeventeenth() async throws {
        let release = DispatchSemaphore(value: 0)
        let seen = Seen()
        // Sixteen pieces of work wait until the seventeenth lets them go; each gives up after 5 s. Were blocked
        // threads not replaced at once (Dispatch's concurrent queues on Linux take seconds), they would.
        let blocked = (0..<16).map { _ in
            Task {
                try await LedgerExecutor.run {
                    if !LedgerExecutor.isCurrent { seen.elsewhere.withLock { $0 += 1 } }
                    return release.wait(timeout: .now() + 5) == .success
                }
            }
        }
        try await LedgerExecutor.run { for _ in blocked { release.signal() } }
        for piece in blocked { #expect(try await piece.value, "a piece of work waited 5 s for the one that releases it") }
        #expect(seen.elsewhere.withLock { $0 } == 0, "work ran off the ledger's threads")
        #expect(!LedgerExecutor.isCurrent)
    }

    @Test func aCancelledTaskStartsNoLedgerWork() async throws {
        let seen = Seen()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await LedgerExecutor.run { seen.ran.withLock { $0 = true } }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(!seen.ran.withLock { $0 })
    }
}
