/// A notice for one officer (docs/operations.md, "Notifications"): a task of theirs due soon or overdue, or — for a
/// unit's leader — one of their unit's. Made once per event (`event` is its unique id), shown in the web inbox,
/// and handed to each configured channel as a `Delivery`.
public struct Notice: Sendable, Hashable, Codable {
    public var id: Int64
    /// `due:TASK:DEADLINE:RECIPIENT`, `overdue:…`, `unit-due:…`, `unit-overdue:…`: one notification per event.
    public var event: String
    /// The directory officer it is for.
    public var recipient: String
    /// `due`, `overdue`, `unit-due` or `unit-overdue`.
    public var kind: String
    public var task: TaskKey?
    public var subject: String
    public var body: String
    public var createdAt: Timestamp
    public var readAt: Timestamp?

    public init(
        id: Int64 = 0, event: String, recipient: String, kind: String, task: TaskKey?, subject: String, body: String, createdAt: Timestamp, readAt: Timestamp? = nil
    ) {
        self.id = id
        self.event = event
        self.recipient = recipient
        self.kind = kind
        self.task = task
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// One notification's delivery by one channel (`email` to an address, `webhook` to the province's URL): pending
/// until sent, retried with backoff, dead after the configured attempts (an operator retries it).
public struct Delivery: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case pending, sent, dead
    }

    public var notification: Int64
    public var channel: String
    public var address: String
    public var state: State
    public var attempts: Int
    /// Not before this instant (a retry's backoff, or another instance's claim).
    public var nextAt: Timestamp
    public var lastError: String?
    public var sentAt: Timestamp?

    public init(
        notification: Int64, channel: String, address: String, state: State = .pending, attempts: Int = 0, nextAt: Timestamp, lastError: String? = nil,
        sentAt: Timestamp? = nil
    ) {
        self.notification = notification
        self.channel = channel
        self.address = address
        self.state = state
        self.attempts = attempts
        self.nextAt = nextAt
        self.lastError = lastError
        self.sentAt = sentAt
    }
}
