/// How a task stands in a unit of work that several systems track (docs/reconciliation.md): the records of
/// every member task are one unit for KPI, counted once, under the primary member's key.
///
/// The primary task holds the unit's values (each field from the source that precedence or an admin chose);
/// every other member keeps its own values for evidence and points to the primary, and counts for no one.
public struct TaskLink: Hashable, Codable, Sendable {
    /// The member whose key the unit's task carries.
    public var primary: TaskKey
    /// Every member, the primary included, in key order.
    public var members: [TaskKey]
    /// For the primary: which source gave each field the unit's task shows (`admin` for an override), by field name.
    public var sources: [String: String]
    /// For the primary: KPI fields the members disagree on that no admin decision settles, by name, sorted.
    public var disputed: [String]

    public init(primary: TaskKey, members: [TaskKey], sources: [String: String] = [:], disputed: [String] = []) {
        self.primary = primary
        self.members = members
        self.sources = sources
        self.disputed = disputed
    }
}

extension UnifiedTask {
    /// False for a member absorbed into another task's unit: its work is counted under the primary.
    public var countsForKPI: Bool { link.map { $0.primary == key } ?? true }

    /// The fields of a unit's task that are disputed (empty for a task no one disputes).
    public var disputedFields: [String] { link?.disputed ?? [] }
}
