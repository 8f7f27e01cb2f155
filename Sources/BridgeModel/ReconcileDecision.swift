/// An admin's decision about work that several systems track (`kpibridge reconcile …`): a fact, kept with who,
/// when and why, applied by every later projection and never overwritten by a sync (docs/reconciliation.md).
public struct ReconcileDecision: Hashable, Codable, Sendable {
    /// What was decided.
    public enum Action: String, Codable, Sendable, CaseIterable {
        /// `task` and `other` are the same work (a candidate accepted, or two records joined by hand).
        case link
        /// `task` and `other` are not the same work, even when their documents match.
        case unlink
        /// The unit's value of `field` as precedence gives it is right.
        case accept
        /// The unit takes `field` from `source`.
        case choose
        /// The task's `field` is `value`, whatever the sources say.
        case override
    }

    /// Order of decision, from 1; a later decision on the same pair or field replaces an earlier one.
    public var sequence: Int
    public var action: Action
    /// The task decided about (for a field decision, any member of the unit).
    public var task: TaskKey
    /// The other task of a link or unlink.
    public var other: TaskKey?
    /// The field of an accept, choose or override (`status`, `mainHandler`, `dueAt`, `completedAt`).
    public var field: String?
    /// The source chosen.
    public var source: String?
    /// The value set by an override, as written (`completed`, an officer id, an ISO 8601 time or a day).
    public var value: String?
    /// The field's values across the unit's sources when decided (`source=value;…`): when they change later the
    /// decision still applies, but the field is disputed again for an admin to look at.
    public var evidence: String?
    public var actor: String
    public var reason: String
    public var at: Timestamp

    public init(
        sequence: Int = 0, action: Action, task: TaskKey, other: TaskKey? = nil, field: String? = nil, source: String? = nil,
        value: String? = nil, evidence: String? = nil, actor: String, reason: String, at: Timestamp
    ) {
        self.sequence = sequence
        self.action = action
        self.task = task
        self.other = other
        self.field = field
        self.source = source
        self.value = value
        self.evidence = evidence
        self.actor = actor
        self.reason = reason
        self.at = at
    }

    /// The pair of a link or unlink, smaller key first.
    public var pair: TaskPair? { other.map { TaskPair(task, $0) } }
}

/// Two task keys, in order.
public struct TaskPair: Hashable, Codable, Sendable, Comparable {
    public let first: TaskKey
    public let second: TaskKey

    public init(_ a: TaskKey, _ b: TaskKey) {
        (first, second) = a < b ? (a, b) : (b, a)
    }

    public static func < (a: TaskPair, b: TaskPair) -> Bool { (a.first, a.second) < (b.first, b.second) }
}
