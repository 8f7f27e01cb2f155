import BridgeApp
import BridgeDemo
import BridgeModel
@testable import BridgeServer
import BridgeSimulator
import BridgeTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// `serve`'s time is one injected clock: on a test's clock the schedulers' waits, working hours and backoff run
/// in no time and exactly.
@Suite(.serialized)
struct ServiceClockTests {
    @Test func aSourceOutsideItsWorkingHoursIsFirstPolledWhenTheWindowOpensOnTheServicesClock() async throws {
        let world = SimulatedWorld(scale: 6, seed: 2)
        let (simPort, _, simTask) = try await SimulatorSetup.start(world: world)
        defer { simTask.cancel() }
        let dir = try TemporaryDirectory()
        let configuration = try SimulatorSetup.configuration(port: simPort, home: Fixtures.home)
        let source = try #require(configuration.sources.first)
        let bridge = try Bridge(configuration: configuration, databasePath: dir.file("l.sqlite"))
        // Saturday 2026-12-12 10:00 in Vietnam; the source works Monday to Friday from 07:30.
        let saturday = Date(timeIntervalSince1970: 1_797_044_400)
        let clock = ServiceClock(ManualClock(), start: saturday)
        let service = try BridgeService(bridge: bridge, port: 0, schedule: false, environment: SimulatorSetup.environment, clock: clock)
        let scheduler = SourceScheduler(
            source: source.id, interval: 600, hours: try WorkingHours("mon-fri 07:30-17:00"), gate: service.gate, board: service.board,
            logger: .init(label: "test"), clock: clock)
        let running = Task { try await scheduler.run() }
        defer { running.cancel() }
        var state: SourceBoard.State?
        for _ in 0..<600 where state?.lastSuccess == nil {
            try await Task.sleep(for: .milliseconds(50))
            state = await service.board.state(source.id)
        }
        running.cancel()
        // No pass ran on the weekend: the first success is Monday from 07:30 on the service's clock (passes then
        // follow every 600 s, which this clock also lets pass at once), though no real time went by.
        let monday = Timestamp(Date(timeIntervalSince1970: 1_797_044_400 + 2 * 86_400 - 9_000))
        let success = try #require(state?.lastSuccess)
        #expect(success.millis >= monday.millis && success.millis < monday.millis + 3_600_000, "\(success)")
    }

    @Test func aWebSessionEndsEightHoursAfterSignInOnTheServicesClock() async {
        let manual = ManualClock()
        let sessions = WebSessions(clock: ServiceClock(manual, start: Date(timeIntervalSince1970: 1_797_044_400)))
        let (id, csrf) = await sessions.open(token: "kpb_t")
        manual.advance(by: .seconds(8 * 3600 - 1))
        #expect(await sessions.session(id)?.csrf == csrf)
        manual.advance(by: .seconds(1))
        #expect(await sessions.session(id) == nil)
    }

    @Test func theFailedTokenWindowPassesOnTheServicesClock() async {
        let manual = ManualClock()
        let throttle = FailureThrottle(limit: 3, window: .seconds(60), clock: ServiceClock(manual, start: Date()))
        for _ in 0..<3 { await throttle.failed("10.0.0.7") }
        #expect(await throttle.blocked("10.0.0.7") == 60)
        #expect(await throttle.blocked("10.0.0.8") == nil)
        manual.advance(by: .seconds(59))
        #expect(await throttle.blocked("10.0.0.7") == 1)
        manual.advance(by: .seconds(1))
        #expect(await throttle.blocked("10.0.0.7") == nil)
    }

    @Test func settingTheWallClockBackStretchesNoLockOut() async {
        final class Wall: Sendable { let date = Mutex(Date(timeIntervalSince1970: 1_797_044_400)) }
        let wall = Wall()
        let manual = ManualClock()
        let clock = ServiceClock(now: { wall.date.withLock { $0 } }, sleep: { _ in }, elapsed: { manual.now.offset })
        let throttle = FailureThrottle(limit: 3, window: .seconds(60), clock: clock)
        for _ in 0..<3 { await throttle.failed("10.0.0.7") }
        wall.date.withLock { $0 = $0.addingTimeInterval(-3_600) }  // an operator sets the clock back an hour
        manual.advance(by: .seconds(60))
        #expect(await throttle.blocked("10.0.0.7") == nil)
    }
}
