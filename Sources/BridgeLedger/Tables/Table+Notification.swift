import BridgeModel
import Foundation

extension Table {
    /// A row of `notification`: one event told to one officer (kept once: `event` is unique).
    struct Notice: LedgerRecord, Equatable {
        static let table = "notification"
        static let generatedId: String? = "id"
        static let columns = ["event", "recipient", "kind", "task_key", "subject", "body", "created_at", "read_at"]
        static let key: [String] = []

        var item: BridgeModel.Notice

        var values: [(any SQLBindable)?] {
            [
                item.event, item.recipient, item.kind, item.task?.rawValue, item.subject, item.body, StoredInstant.value(item.createdAt),
                item.readAt.map(StoredInstant.value),
            ]
        }
    }

    /// A row of `notification_delivery`: one notification's delivery by one channel.
    struct NotificationDelivery: LedgerRecord, Equatable {
        static let table = "notification_delivery"
        static let columns = ["notification_id", "channel", "address", "state", "attempts", "next_at", "last_error", "sent_at"]
        static let key = ["notification_id", "channel"]

        var item: BridgeModel.Delivery

        var values: [(any SQLBindable)?] {
            [
                item.notification, item.channel, item.address, item.state.rawValue, item.attempts, StoredInstant.value(item.nextAt), item.lastError,
                item.sentAt.map(StoredInstant.value),
            ]
        }
    }
}

extension Table.Notice {
    init(row: LedgerRow) throws {
        let id: Int64 = try row.columns.contains("id") ? row["id"] : 0
        let task: String? = try row["task_key"]
        item = BridgeModel.Notice(
            id: id, event: try row["event"], recipient: try row["recipient"], kind: try row["kind"],
            task: task.map { TaskKey($0) }, subject: try row["subject"], body: try row["body"],
            createdAt: try StoredInstant.read(row, "created_at"), readAt: try StoredInstant.readOptional(row, "read_at"))
    }
}

extension Table.NotificationDelivery {
    init(row: LedgerRow) throws {
        let state: String = try row["state"]
        item = BridgeModel.Delivery(
            notification: try row["notification_id"], channel: try row["channel"], address: try row["address"],
            state: BridgeModel.Delivery.State(rawValue: state) ?? .pending, attempts: try row["attempts"], nextAt: try StoredInstant.read(row, "next_at"),
            lastError: try row["last_error"], sentAt: try StoredInstant.readOptional(row, "sent_at"))
    }
}
