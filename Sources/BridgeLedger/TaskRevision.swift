import BridgeModel

/// One stored version of a task, and the record that caused it.
public struct TaskRevision: Sendable, Hashable, Codable {
    public let revision: Int
    public let at: String
    /// `source/recordId@version` of the record whose arrival produced this revision.
    public let cause: String
    public let task: UnifiedTask
}
