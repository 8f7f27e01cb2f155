import BridgeModel

/// One task's part in an officer's score: every factor that made the number.
public struct TaskContribution: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable {
        case main, coordinator
    }

    public let task: UnifiedTask
    public let role: Role
    /// 1 for the main handler, the coordinator share otherwise.
    public let weight: Rational
    /// The catalogue coefficient of the task's product type.
    public let coefficient: Rational
    /// max(0, 1 − d × (major errors + returns)).
    public let qualityFactor: Rational
    /// max(0, 1 − d × missed deadlines).
    public let timelinessFactor: Rational
    public let missedDeadlines: Int
    /// True when the task is in the completed set C at evaluation time.
    public let completed: Bool

    /// weight × coefficient: what the task adds to the assigned units.
    public var units: Rational { weight * coefficient }
}

/// An officer's KPI for one period at one evaluation time, with the tasks that made it.
public struct OfficerScore: Sendable, Hashable {
    public let profile: OfficerProfile
    public let period: Period
    public let evaluatedAt: Timestamp
    /// The assigned set A, in task-key order.
    public let contributions: [TaskContribution]
    public let assignedUnits: Rational
    public let completedUnits: Rational
    /// Nil when nothing was assigned (Σ_A = 0): no score, never 0 and never 70.
    public let quantity: Rational?
    public let quality: Rational?
    public let timeliness: Rational?
    public let taskPoints: Rational?
    public let generalPoints: Rational
    /// True when the general points were not entered and the provisional value was used.
    public let provisional: Bool
    public let total: Rational?
    public let sanction: Bool
    /// Nil when there is no score and no sanction.
    public let level: Level?

    public var assignedTasks: Int { contributions.count }
    public var completedTasks: Int { contributions.filter(\.completed).count }
}

/// Per-unit counts and the quota flag ("excellent" may not exceed 20 % of "good", among entered scores).
public struct UnitSummary: Sendable, Hashable {
    public let unit: String
    public let agency: String?
    public let officers: Int
    public let counts: [Level: Int]
    /// Judged on the officers whose general points were entered.
    public let quotaExceeded: Bool
    /// Officers whose level is provisional (general points not entered), counted in `counts`, not in the quota.
    public let provisional: Int
}
