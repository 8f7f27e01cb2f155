import BridgeLedger

/// What importing one payload did.
public struct ImportResult: Sendable {
    /// Where it came from (file name).
    public let origin: String
    public let payloadHash: String
    public var summary: CommitSummary
    /// One line per record that became a dead letter.
    public let failures: [String]
    /// The record id of each failure (nil when the whole payload failed, or the id could not be read).
    public var failedRecords: [String?] = []

    init(_ mapped: Importer.Mapped, origin: String, summary: CommitSummary) {
        self.origin = origin
        payloadHash = mapped.hash
        self.summary = summary
        failures = mapped.failures
        failedRecords = mapped.failedRecords
    }

    /// Adds what the projector did after the facts.
    mutating func add(_ projection: ProjectionSummary) { summary.merge(projection) }
}

extension CommitSummary {
    /// Takes the task and score counts of a projector run.
    public mutating func merge(_ projection: ProjectionSummary) {
        newTasks += projection.newTasks
        updatedTasks += projection.updatedTasks
        changedTasks.formUnion(projection.changedTasks)
        movedScores.formUnion(projection.movedScores)
    }
}
