import BridgeLedger

/// What importing one payload did.
public struct ImportResult: Sendable {
    /// Where it came from (file name).
    public let origin: String
    public let payloadHash: String
    public var summary: CommitSummary
    /// One line per record that became a dead letter.
    public let failures: [String]
    /// Which record each failure is: its id when it could be read, its position in the payload (nil when the
    /// whole payload failed).
    public var failedRecords: [FailedRecord] = []

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

/// A record that failed: its id when the mapping could read it, its position in the payload (1-based; nil when
/// the whole payload failed to parse).
public struct FailedRecord: Sendable, Hashable {
    public let recordId: String?
    public let position: Int?

    /// True when this failure is the one a stored dead letter's identity names (see `DeadLetterIdentity`).
    public func isNamed(by identity: String) -> Bool {
        DeadLetterIdentity.matches(identity, recordId: recordId, position: position)
    }
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
