/// The unified status of a task, whatever words its source system uses.
public enum TaskStatus: String, Codable, CaseIterable, Sendable {
    /// Arrived or registered, nobody assigned yet.
    case received
    /// A leader assigned a main handler.
    case assigned
    /// The handler is working on it.
    case inProgress = "in_progress"
    /// Finished; the task then has a completion time.
    case completed
    /// Sent back for rework; counts as a return.
    case returned
    /// Rejected, revoked, recalled or replaced: out of every KPI set.
    case cancelled
}
