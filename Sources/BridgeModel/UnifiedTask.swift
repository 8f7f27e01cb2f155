/// One piece of work in the unified model, derived by folding every patch that any source sent for it.
public struct UnifiedTask: Hashable, Codable, Sendable {
    public var key: TaskKey
    public var block: Block?
    public var agency: String?
    public var unit: String?
    public var title: String?
    public var document: DocumentReference
    public var productType: String?
    public var mainHandler: PersonRef?
    public var coordinators: [PersonRef]
    public var assignedBy: PersonRef?
    public var assignedAt: Timestamp?
    public var dueAt: Timestamp?
    /// Set only while the status is `completed`.
    public var completedAt: Timestamp?
    public var status: TaskStatus
    /// The source code of the status that decided `status`.
    public var statusCode: String?
    public var priority: Int?
    /// The task that replaced this one (edXML BussinessDocType 3), and the one this replaces.
    public var replacedBy: TaskKey?
    public var replaces: TaskKey?
    /// Every distinct deadline the task has had (original and extensions), ascending.
    public var deadlines: [Timestamp]
    /// Counts derived from distinct events, never incremented — or the count a source reports, when larger.
    public var majorErrors: Int
    public var returns: Int
    /// Missed deadlines as a source counts them itself; scoring takes the larger of this and the deadlines the
    /// bridge saw pass (nil: no source reports a count).
    public var reportedMissedDeadlines: Int?
    /// The records that made this task, in a stable order.
    public var provenance: [RecordRef]
    /// Set when the task is one of several records of the same work in different systems (see `TaskLink`), or
    /// carries an admin's override.
    public var link: TaskLink?

    public init(key: TaskKey) {
        self.key = key
        document = DocumentReference()
        coordinators = []
        status = .received
        deadlines = []
        majorErrors = 0
        returns = 0
        provenance = []
    }

    /// What the quality factor deducts for: major errors plus returns (docs/scoring.md), each already the larger of
    /// the events seen and the count a source reports.
    public var qualityDeductions: Int { majorErrors + returns }

    /// The completion time when the task is in the completed set at `time` — status completed, completion time
    /// ≤ `time` — else nil (docs/scoring.md, "Completed C"). The one home of that rule.
    public func completion(by time: Timestamp) -> Timestamp? {
        guard status == .completed, let completedAt, completedAt <= time else { return nil }
        return completedAt
    }

    /// Missed deadlines at `time` (docs/scoring.md, "Events and counts"), the one home of that rule: the deadlines
    /// that passed before completion, or before `time` while the task is not completed by then (completing exactly
    /// at the due instant is on time) — or the count a source reports itself, when larger: it saw deadlines the
    /// bridge did not, and a smaller count cannot undo a deadline the bridge saw pass.
    public func missedDeadlines(at time: Timestamp) -> Int {
        let horizon = completion(by: time) ?? time
        return max(deadlines.filter { $0 < horizon }.count, reportedMissedDeadlines ?? 0)
    }
}
