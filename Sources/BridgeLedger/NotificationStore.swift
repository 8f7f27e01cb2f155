import BridgeModel
import Foundation

/// Notifications and their deliveries (docs/operations.md, "Notifications"): each event kept once (its id is
/// unique), each channel's delivery claimed before it is sent — a claim is a compare-and-set on `next_at`, so two
/// instances never send the same delivery at once, and one a crash left behind is sent again once its claim
/// lapses, with the same event id.
public struct NotificationStore: Sendable {
    let database: LedgerDatabase

    public init(_ database: LedgerDatabase) { self.database = database }

    /// Keeps the notifications not kept before (by event), each with a pending delivery per `(channel, address)`
    /// that `channels` gives it; returns the new ones.
    public func record(_ items: [Notice], channels: (Notice) -> [(channel: String, address: String)]) throws -> [Notice] {
        guard !items.isEmpty else { return [] }
        return try database.write(failure: "keeping the notifications failed") { db in
            var new: [Notice] = []
            for item in items {
                guard try db.insert(Table.Notice(item: item), onConflict: .ignore) == 1,
                    let id = try Int64.fetchOne(db, sql: "SELECT id FROM notification WHERE event = ?", arguments: [item.event])
                else { continue }
                var kept = item
                kept.id = id
                for (channel, address) in channels(kept) {
                    try db.insert(Table.NotificationDelivery(item: Delivery(notification: id, channel: channel, address: address, nextAt: item.createdAt)))
                }
                new.append(kept)
            }
            return new
        }
    }

    /// `recipient`'s notifications, newest first.
    public func inbox(_ recipient: String, limit: Int = 100) throws -> [Notice] {
        try database.read { db in
            try db.fetchRecords(Table.Notice.self, where: "recipient = ?", order: "id DESC", limit: limit, arguments: [recipient]).map(\.item)
        }
    }

    /// How many of `recipient`'s notifications are unread.
    public func unread(_ recipient: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM notification WHERE recipient = ? AND read_at IS NULL", arguments: [recipient]) ?? 0 }
    }

    /// Marks `recipient`'s unread notifications read.
    public func markRead(_ recipient: String, at time: Timestamp) throws {
        try database.write(failure: "marking the notifications read failed") { db in
            _ = try db.execute(sql: "UPDATE notification SET read_at = ? WHERE recipient = ? AND read_at IS NULL", arguments: [StoredInstant.value(time), recipient])
        }
    }

    /// Deliveries in `state` (every state when nil), oldest first, each with its notification.
    public func deliveries(state: Delivery.State? = nil, dueBy time: Timestamp? = nil, limit: Int = 500) throws -> [(Delivery, Notice)] {
        var conditions: [String] = []
        var arguments: [(any SQLBindable)?] = []
        if let state { conditions.append("d.state = ?"); arguments.append(state.rawValue) }
        if let time { conditions.append("d.next_at <= ?"); arguments.append(StoredInstant.value(time)) }
        return try database.read { db in
            var out: [(Delivery, Notice)] = []
            try db.forEachRow(
                sql: """
                    SELECT n.id, n.event, n.recipient, n.kind, n.task_key, n.subject, n.body, n.created_at, n.read_at,
                      d.notification_id, d.channel, d.address, d.state, d.attempts, d.next_at, d.last_error, d.sent_at
                    FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
                    \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")) ORDER BY d.next_at, n.id, d.channel LIMIT \(limit)
                    """,
                arguments: arguments
            ) { row in
                out.append((try Table.NotificationDelivery(row: row).item, try Table.Notice(row: row).item))
            }
            return out
        }
    }

    /// Claims a pending delivery until `until` when its `next_at` is still `seen`; false when another pass took it.
    public func claim(_ delivery: Delivery, until: Timestamp) throws -> Bool {
        try database.write(failure: "claiming a delivery failed") { db in
            try db.execute(
                sql: "UPDATE notification_delivery SET next_at = ? WHERE notification_id = ? AND channel = ? AND state = 'pending' AND next_at = ?",
                arguments: [StoredInstant.value(until), delivery.notification, delivery.channel, StoredInstant.value(delivery.nextAt)]) == 1
        }
    }

    /// Records a delivery sent.
    public func sent(_ delivery: Delivery, at time: Timestamp) throws {
        try database.write(failure: "recording a delivery failed") { db in
            _ = try db.execute(
                sql: "UPDATE notification_delivery SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE notification_id = ? AND channel = ?",
                arguments: [StoredInstant.value(time), delivery.notification, delivery.channel])
        }
    }

    /// Records a failed attempt: retried at `retryAt`, or dead.
    public func failed(_ delivery: Delivery, error: String, retryAt: Timestamp?, at time: Timestamp) throws {
        try database.write(failure: "recording a delivery failed") { db in
            _ = try db.execute(
                sql: "UPDATE notification_delivery SET state = ?, attempts = attempts + 1, next_at = ?, last_error = ? WHERE notification_id = ? AND channel = ?",
                arguments: [retryAt == nil ? "dead" : "pending", StoredInstant.value(retryAt ?? time), error, delivery.notification, delivery.channel])
        }
    }

    /// Makes dead deliveries (all, or of `channel`) pending again from `time`; returns how many.
    public func retryDead(channel: String? = nil, actor: String, at time: Timestamp) throws -> Int {
        try database.transaction(failure: "retrying the deliveries failed") { tx in
            let count = try tx.db.execute(
                sql: "UPDATE notification_delivery SET state = 'pending', attempts = 0, next_at = ? WHERE state = 'dead' AND (CAST(? AS TEXT) IS NULL OR channel = ?)",
                arguments: [StoredInstant.value(time), channel, channel])
            try tx.audit(at: time, actor: actor, action: "notification.retry", subject: channel, detail: "\(count) dead deliveries pending again")
            return count
        }
    }
}
