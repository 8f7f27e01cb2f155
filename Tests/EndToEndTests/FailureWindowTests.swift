@testable import BridgeServer
import Testing

/// The failed-token throttle's state, time passed in: per client, a window from its first failure.
struct FailureWindowTests {
    static func window(limit: Int = 3, maxClients: Int = 100) -> FailureWindow {
        FailureWindow(limit: limit, window: .seconds(60), maxClients: maxClients)
    }

    @Test func aClientIsHeardUntilItsLimitThenWaitsOutItsWindow() {
        var w = Self.window()
        for second in 0..<2 { w.failed("a", at: .seconds(second)) }
        #expect(w.wait("a", at: .seconds(2)) == nil)
        w.failed("a", at: .seconds(10))
        #expect(w.wait("a", at: .seconds(10)) == .seconds(50))
        #expect(w.wait("a", at: .seconds(59)) == .seconds(1))
        #expect(w.wait("a", at: .seconds(60)) == nil)
    }

    @Test func anotherClientsFailuresBlockNoOne() {
        var w = Self.window()
        for _ in 0..<10 { w.failed("attacker", at: .seconds(1)) }
        #expect(w.wait("attacker", at: .seconds(2)) != nil)
        #expect(w.wait("admin", at: .seconds(2)) == nil)
        w.failed("admin", at: .seconds(3))
        #expect(w.wait("admin", at: .seconds(3)) == nil)
    }

    @Test func aNewWindowStartsAfterTheOldOneEnds() {
        var w = Self.window()
        for _ in 0..<2 { w.failed("a", at: .seconds(0)) }
        // The third failure comes after the window: it opens a new one, with one failure.
        w.failed("a", at: .seconds(61))
        #expect(w.wait("a", at: .seconds(61)) == nil)
        #expect(w.clients["a"] == FailureWindow.Entry(since: .seconds(61), failures: 1))
    }

    @Test func theClientsRememberedStayBounded() {
        var w = Self.window(limit: 1, maxClients: 10)
        for i in 0..<1_000 { w.failed("c\(i)", at: .milliseconds(i)) }
        #expect(w.clients.count <= 10)
        // The latest clients are the ones kept, still blocked.
        #expect(w.wait("c999", at: .seconds(1)) != nil)
    }
}
