import BridgeLedger
import BridgeModel
import BridgeNotify
import BridgePipeline
import BridgeSources
import Foundation

/// What a notification pass did.
public struct NotificationReport: Sendable, Hashable {
    /// Notifications made (new events).
    public var made = 0
    public var sent = 0
    public var failed = 0
    /// Deliveries that failed their last attempt.
    public var dead = 0
    /// Deliveries held by the quiet hours.
    public var held = 0

    public init() {}

    public var line: String { "notifications: \(made) new, \(sent) sent, \(failed) failed (\(dead) dead), \(held) held by the quiet hours" }
}

/// Officers told in time (docs/operations.md, "Notifications"): each officer's tasks due within the configured days
/// and those overdue, each leader's unit's; kept once per event, shown in the web inbox, and sent by e-mail and a
/// signed webhook — retried with backoff, dead after the configured attempts, never sent in the quiet hours.
extension Bridge {
    /// The notifications the tasks call for at `time` (kept or not): per open task whose deadline is within
    /// `dueWithinDays` ahead or at most `overdueWithinDays` past, one for its main handler and one for each leader
    /// of their unit.
    public func notificationEvents(at time: Timestamp) throws -> [Notice] {
        let settings = configuration.notifications
        let day: Int64 = 86_400_000
        let tasks = try store.tasks.open(
            dueFrom: Timestamp(millis: time.millis - Int64(settings.overdueWithinDays) * day), to: Timestamp(millis: time.millis + Int64(settings.dueWithinDays) * day))
        let directory = try store.directory.current()
        let leadership = try leadership(on: time.day())
        var out: [Notice] = []
        for task in tasks where task.countsForKPI {
            guard let due = task.dueAt, let officer = task.mainHandler?.officer, let person = directory.officers[officer] else { continue }
            let overdue = due <= time
            let title = task.title ?? task.document.code ?? task.key.rawValue
            let when = ReportLocale.vi.time(due)
            let kind = overdue ? "overdue" : "due"
            out.append(Notice(
                event: "\(kind):\(task.key.rawValue):\(due.millis):\(officer)", recipient: officer, kind: kind, task: task.key,
                subject: overdue ? "Quá hạn: \(title)" : "Sắp đến hạn: \(title)",
                body: "\(person.name) ơi, nhiệm vụ «\(title)» (\(task.key.rawValue)) \(overdue ? "đã quá hạn xử lý" : "có hạn xử lý") lúc \(when).",
                createdAt: time))
            guard settings.leaders else { continue }
            for leader in leadership.leaders(of: officer) {
                out.append(Notice(
                    event: "unit-\(kind):\(task.key.rawValue):\(due.millis):\(leader)", recipient: leader, kind: "unit-\(kind)", task: task.key,
                    subject: "Đơn vị: nhiệm vụ của \(person.name) \(overdue ? "quá hạn" : "sắp đến hạn")",
                    body: "Nhiệm vụ «\(title)» (\(task.key.rawValue)) do \(person.name) chủ trì \(overdue ? "đã quá hạn xử lý" : "có hạn xử lý") lúc \(when).",
                    createdAt: time))
            }
        }
        return out
    }

    /// Keeps the notifications `time` calls for that were not kept before, each with a delivery per channel
    /// (e-mail to the officer's first e-mail account, the webhook); returns how many were new.
    @discardableResult
    public func makeNotifications(at time: Timestamp) throws -> Int {
        let settings = configuration.notifications
        guard settings.enabled else { return 0 }
        let directory = try store.directory.current()
        return try store.notifications.record(try notificationEvents(at: time)) { notification in
            var channels: [(channel: String, address: String)] = []
            if settings.email != nil, let address = directory.officers[notification.recipient]?.accounts["email"]?.first {
                channels.append(("email", address))
            }
            if let webhook = settings.webhook { channels.append(("webhook", webhook.url)) }
            return channels
        }.count
    }

    /// One pass: the new notifications kept, then every delivery due sent (outside the quiet hours), each claimed
    /// first so no other pass sends it at the same time.
    public func runNotifications(at time: Timestamp, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> NotificationReport {
        guard configuration.notifications.enabled else { return NotificationReport() }
        let made = try makeNotifications(at: time)
        var report = try await deliverNotifications(at: time, environment: environment)
        report.made = made
        return report
    }

    /// Sends every delivery due at `time` (none in the quiet hours), each claimed first.
    public func deliverNotifications(at time: Timestamp, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> NotificationReport {
        let settings = configuration.notifications
        var report = NotificationReport()
        guard settings.enabled else { return report }
        let due = try store.notifications.deliveries(state: .pending, dueBy: time)
        if settings.isQuiet(time) {
            report.held = due.count
            return report
        }
        let directory = try store.directory.current()
        for (delivery, notification) in due {
            // A claim lasts longer than one attempt may take; a crash leaves it to lapse and be sent again.
            guard try store.notifications.claim(delivery, until: Timestamp(millis: time.millis + 120_000)) else { continue }
            let outgoing = Outgoing(
                event: notification.event, recipient: notification.recipient, recipientName: directory.officers[notification.recipient]?.name,
                kind: notification.kind, task: notification.task?.rawValue, subject: notification.subject, body: notification.body, createdAt: notification.createdAt)
            do {
                try await send(outgoing, by: delivery, settings: settings, environment: environment, at: time)
                try store.notifications.sent(delivery, at: time)
                report.sent += 1
            } catch {
                let attempts = delivery.attempts + 1
                let retry = attempts >= settings.attempts ? nil : Timestamp(millis: time.millis + NotificationSettings.backoff(attempts: delivery.attempts))
                try store.notifications.failed(delivery, error: "\(error)", retryAt: retry, at: time)
                report.failed += 1
                if retry == nil { report.dead += 1 }
            }
        }
        return report
    }

    /// Sends one delivery by its channel.
    func send(_ outgoing: Outgoing, by delivery: Delivery, settings: NotificationSettings, environment: [String: String], at time: Timestamp) async throws {
        switch delivery.channel {
        case "email":
            guard let email = settings.email else { throw AppError("the e-mail channel is not configured any more") }
            try await SMTPClient(host: email.host, port: email.port, helo: email.helo).send(
                from: email.from, to: delivery.address, message: outgoing.email(from: email.from, to: delivery.address))
        case "webhook":
            guard let webhook = settings.webhook, let url = URL(string: delivery.address) else { throw AppError("the webhook channel is not configured any more") }
            guard let secret = environment[webhook.secretEnv], !secret.isEmpty else { throw AppError("\(webhook.secretEnv) is not set: the webhook is signed with it") }
            let body = try outgoing.webhookBody()
            let stamp = String(time.millis / 1000)
            let request = HTTPRequest(
                method: "POST", url: url,
                headers: [
                    "Content-Type": "application/json", "X-KPIBridge-Event": outgoing.event, "X-KPIBridge-Timestamp": stamp,
                    "X-KPIBridge-Signature": Outgoing.signature(body: body, timestamp: stamp, secret: secret),
                ], body: body)
            let response = try await URLSessionTransport().send(request, timeout: .seconds(20), maxBytes: 1 << 20)
            guard (200..<300).contains(response.status) else { throw AppError("webhook answered \(response.status)") }
        default:
            throw AppError("no channel '\(delivery.channel)'")
        }
    }
}
