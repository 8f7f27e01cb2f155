/// What one source record says about one task. A task is the fold of all its patches.
public struct TaskPatch: Hashable, Codable, Sendable {
    /// The task this patch contributes to.
    public var taskKey: TaskKey
    /// The record that produced the patch.
    public var record: RecordRef
    /// When the source says this happened; later wins per field.
    public var sourceTime: Timestamp
    /// Field values this record sets; absent fields are left to other records.
    public var fields: [TaskField: FieldValue]
    /// The status this record reports, if any.
    public var status: StatusChange?
    /// Ids of distinct major-error events this record reports.
    public var majorErrors: Set<String>
    /// Ids of distinct return events (a `returned` status adds its record id).
    public var returns: Set<String>

    public init(
        taskKey: TaskKey, record: RecordRef, sourceTime: Timestamp, fields: [TaskField: FieldValue] = [:],
        status: StatusChange? = nil, majorErrors: Set<String> = [], returns: Set<String> = []
    ) {
        self.taskKey = taskKey
        self.record = record
        self.sourceTime = sourceTime
        self.fields = fields
        self.status = status
        self.majorErrors = majorErrors
        self.returns = returns
    }

    /// The tie-break rank: the status rank, or 0 when there is no status.
    public var rank: Int { status?.rank ?? 0 }

    /// Total order used by the fold: source time, then rank, then record identity.
    public static func foldOrder(_ a: TaskPatch, _ b: TaskPatch) -> Bool {
        if a.sourceTime != b.sourceTime { return a.sourceTime < b.sourceTime }
        if a.rank != b.rank { return a.rank < b.rank }
        if a.record != b.record { return a.record < b.record }
        return a.taskKey < b.taskKey
    }
}
