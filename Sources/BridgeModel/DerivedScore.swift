import Foundation

/// A score as the projector stores it.
public struct DerivedScore: Sendable, Hashable {
    /// The JSON row (the `score --format json` officer row).
    public let body: String
    /// The numbers without the evaluation time: equal fingerprints mean an unchanged score.
    public let fingerprint: String
    /// The first instant at which time alone can move the score (a deadline or completion it has not reached
    /// yet); nil when only a change of facts can.
    public let staleAt: Timestamp?
    /// The figures kept as columns beside the body, so pages count, sort and filter without reading bodies.
    public let columns: Columns

    /// A stored score's figures as columns: who (agency, unit, block) and what (level, total, tasks, provisional).
    public struct Columns: Sendable, Hashable {
        public var agency: String?
        public var unit: String?
        public var block: String?
        public var level: String?
        /// The total in millionths of a point (the body's six decimals, as an integer), for sorting and sums.
        public var totalMicros: Int64?
        public var assignedTasks: Int
        public var provisional: Bool

        public init(
            agency: String? = nil, unit: String? = nil, block: String? = nil, level: String? = nil, totalMicros: Int64? = nil, assignedTasks: Int = 0,
            provisional: Bool = false
        ) {
            self.agency = agency
            self.unit = unit
            self.block = block
            self.level = level
            self.totalMicros = totalMicros
            self.assignedTasks = assignedTasks
            self.provisional = provisional
        }
    }

    public init(body: String, fingerprint: String, staleAt: Timestamp?, columns: Columns = Columns()) {
        self.body = body
        self.fingerprint = fingerprint
        self.staleAt = staleAt
        self.columns = columns
    }
}
