import BridgeApp
import BridgeLedger
import BridgeModel
import BridgeNotify
import BridgePipeline
import BridgeScoring
import BridgeTestSupport
import BridgeTesting
import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore
import Testing

/// A webhook receiver for tests: answers `status` (500 while failing), checks each signature, keeps each event.
final class FakeWebhook: Sendable {
    let state = NIOLockedValueBox<(events: [String], failing: Bool, badSignatures: Int)>(([], false, 0))
    let secret: String
    var events: [String] { state.withLockedValue { $0.events } }
    func setFailing(_ failing: Bool) { state.withLockedValue { $0.failing = failing } }

    init(secret: String) { self.secret = secret }

    func start() async -> (port: Int, server: Task<Void, any Error>) {
        let router = Router()
        let state = self.state, secret = self.secret
        router.post("hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let data = Data(body.readableBytesView)
            let stamp = request.headers[HTTPField.Name("X-KPIBridge-Timestamp")!] ?? ""
            let signed = request.headers[HTTPField.Name("X-KPIBridge-Signature")!] ?? ""
            return state.withLockedValue { box in
                if box.failing { return Response(status: .internalServerError) }
                guard signed == Outgoing.signature(body: data, timestamp: stamp, secret: secret) else {
                    box.badSignatures += 1
                    return Response(status: .unauthorized)
                }
                box.events.append(request.headers[HTTPField.Name("X-KPIBridge-Event")!] ?? "")
                return Response(status: .noContent)
            }
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: "hook"), onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        })
        let server = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p }
        return (port, server)
    }
}

/// Officers and leaders told in time (docs/operations.md, "Notifications"): each event kept once and shown in the
/// inbox; the relay down and the webhook failing, every delivery is retried and, once they recover, delivered
/// once; nothing is sent in the quiet hours; a delivery that keeps failing is dead until an operator retries it.
@Suite(.serialized)
struct NotificationTests {
    /// Sunday 29 March 2026, 10:00: Lan's dispatch 170 is due on the 31st; Tuấn's 177 was due on the 25th.
    static let at = Timestamp(iso8601: "2026-03-29T10:00:00+07:00")!
    static let environment = ["KPB_HOOK_SECRET": "s3cret"]

    static func bridge(_ dir: TemporaryDirectory, smtp: Int, hook: Int, attempts: Int = 8) throws -> Bridge {
        let config = try dir.write("kpibridge.yml", Array("""
            sources:
              - { id: eoffice, kind: edxml-files, mapping: \(Fixtures.home)/Mappings/eoffice-edxml.yml, block: state }
            notifications:
              dueWithinDays: 3
              quietHours: "21:00-07:00"
              attempts: \(attempts)
              email: { host: 127.0.0.1, port: \(smtp), from: kpi@khanhhoa.gov.vn }
              webhook: { url: "http://127.0.0.1:\(hook)/hook", secretEnv: KPB_HOOK_SECRET }
            """.utf8))
        let bridge = try Bridge(configuration: try BridgeConfiguration.load(file: config), databasePath: dir.file("l.sqlite"), now: { at })
        let (officers, agencies) = try DirectoryFile.load(try dir.write("directory.yml", Array("""
            officers:
              - { id: cb-lan, name: Nguyễn Thị Lan, agency: 000.00.12.H34, unit: Phòng Công chức, accounts: { email: [ lan.nt@khanhhoa.gov.vn ] } }
              - { id: cb-truong, name: Võ Văn Trường, agency: 000.00.12.H34, unit: Phòng Công chức, position: TP, accounts: { email: [ truong.vv@khanhhoa.gov.vn ] } }
              - { id: cb-tuan, name: Phạm Minh Tuấn, agency: 000.00.14.H34, unit: Phòng Ngân sách, accounts: { email: [ tuan.pm@khanhhoa.gov.vn ] } }
            """.utf8)))
        try bridge.importDirectory(officers, agencies: agencies, origin: "directory.yml", actor: "test", at: at)
        _ = try bridge.importReference(
            .positions, file: try dir.write("positions.csv", Array("code,name,list\nTP,Trưởng phòng,lãnh đạo\nCV,Chuyên viên,chuyên môn\n".utf8)), actor: "hr", at: at)
        _ = try bridge.importFiles(try Fixtures.eofficeSamples(), source: "eoffice")
        return bridge
    }

    /// A relay and a webhook receiver, and a bridge that delivers to them (`attempts` per delivery).
    static func withChannels(attempts: Int = 8, _ body: (Bridge, FakeSMTPServer, FakeWebhook, TemporaryDirectory) async throws -> Void) async throws {
        let smtp = try await FakeSMTPServer()
        let hook = FakeWebhook(secret: "s3cret")
        let (hookPort, hookServer) = await hook.start()
        defer { hookServer.cancel() }
        let dir = try TemporaryDirectory()
        try await body(try Self.bridge(dir, smtp: smtp.port, hook: hookPort, attempts: attempts), smtp, hook, dir)
        try await smtp.close()
    }

    @Test func everyEventIsToldOnceAndDeliveredOnceTheChannelsRecover() async throws {
        try await NotificationTests.withChannels { bridge, smtp, hook, _ in
            // What the tasks call for: Lan's 170 due soon (and her leader told), Tuấn's 177 overdue.
            let events = try bridge.notificationEvents(at: NotificationTests.at).map(\.event)
            let lan170 = "000.00.00.H34,2026/03/12,170/UBND-VP@000.00.12.H34"
            #expect(events.contains { $0.hasPrefix("due:\(lan170):") && $0.hasSuffix(":cb-lan") })
            #expect(events.contains { $0.hasPrefix("unit-due:\(lan170):") && $0.hasSuffix(":cb-truong") })
            #expect(events.contains { $0.hasPrefix("overdue:000.00.00.H34,2026/03/13,177/UBND-VP@000.00.14.H34:") && $0.hasSuffix(":cb-tuan") })

            // Both channels down: every delivery fails and waits its backoff; nothing is made twice.
            smtp.setDown(true)
            hook.setFailing(true)
            let first = try await bridge.runNotifications(at: NotificationTests.at, environment: NotificationTests.environment)
            #expect(first.made == events.count && first.sent == 0 && first.failed == 2 * events.count)
            let again = try await bridge.runNotifications(at: Timestamp(millis: NotificationTests.at.millis + 1_000), environment: NotificationTests.environment)
            #expect(again.made == 0 && again.failed == 0, "nothing new, and the retries wait their backoff")
            #expect(try bridge.store.notifications.inbox("cb-lan").map(\.kind) == ["due"])
            #expect(try bridge.store.notifications.unread("cb-truong") == 1)

            // They recover: each event delivered once by each channel, the signature checked.
            smtp.setDown(false)
            hook.setFailing(false)
            let later = Timestamp(millis: NotificationTests.at.millis + 3_600_000)
            let recovered = try await bridge.runNotifications(at: later, environment: NotificationTests.environment)
            #expect(recovered.sent == 2 * events.count && recovered.failed == 0)
            #expect(Set(hook.events) == Set(events) && hook.events.count == events.count)
            #expect(hook.state.withLockedValue { $0.badSignatures } == 0)
            #expect(smtp.messages.count == events.count)
            #expect(smtp.messages.contains { $0.contains("To: lan.nt@khanhhoa.gov.vn") && $0.contains("X-KPIBridge-Event: due:\(lan170)") })
            let done = try await bridge.runNotifications(at: Timestamp(millis: later.millis + 3_600_000), environment: NotificationTests.environment)
            #expect(done.made == 0 && done.sent == 0)

        }
    }

    @Test func aDeliveryThatKeepsFailingIsDeadUntilRetried() async throws {
        try await NotificationTests.withChannels(attempts: 2) { bridge, _, hook, _ in
            hook.setFailing(true)
            var time = NotificationTests.at
            for _ in 0..<3 {
                _ = try await bridge.runNotifications(at: time, environment: NotificationTests.environment)
                time = Timestamp(millis: time.millis + 3_600_000)
        }
        let dead = try bridge.store.notifications.deliveries(state: .dead)
        #expect(!dead.isEmpty && dead.allSatisfy { $0.0.channel == "webhook" && $0.0.attempts == 2 && $0.0.lastError == "webhook answered 500" })
        #expect(try bridge.store.notifications.deliveries(state: .sent).allSatisfy { $0.0.channel == "email" })
        hook.setFailing(false)
        #expect(try bridge.store.notifications.retryDead(channel: "webhook", actor: "ops", at: time) == dead.count)
        let retried = try await bridge.runNotifications(at: time, environment: NotificationTests.environment)
        #expect(retried.sent == dead.count && hook.events.count == dead.count)
        // A webhook without its secret is refused, not sent unsigned.
        let unsigned = try await bridge.runNotifications(at: time, environment: [:])
        #expect(unsigned.sent == 0)
        }
    }

    /// Made at 22:00, inside the quiet hours: kept and shown at once, sent at 07:00.
    @Test func nothingIsSentInTheQuietHours() async throws {
        try await NotificationTests.withChannels { bridge, smtp, hook, _ in
            let night = try await bridge.runNotifications(at: Timestamp(iso8601: "2026-03-29T22:00:00+07:00")!, environment: NotificationTests.environment)
            #expect(night.made > 0 && night.sent == 0 && night.held == 2 * night.made)
            #expect(try bridge.store.notifications.unread("cb-lan") == 1 && smtp.messages.isEmpty && hook.events.isEmpty)
            let dawn = try await bridge.runNotifications(at: Timestamp(iso8601: "2026-03-30T06:59:00+07:00")!, environment: NotificationTests.environment)
            #expect(dawn.sent == 0)
            let morning = try await bridge.runNotifications(at: Timestamp(iso8601: "2026-03-30T07:00:00+07:00")!, environment: NotificationTests.environment)
            #expect(morning.sent == night.held && smtp.messages.count == night.made)
        }
    }
}
