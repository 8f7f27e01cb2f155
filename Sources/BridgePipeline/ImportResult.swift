import BridgeLedger

/// What importing one payload did.
public struct ImportResult: Sendable {
    /// Where it came from (file name).
    public let origin: String
    public let payloadHash: String
    public let summary: CommitSummary
    /// One line per record that became a dead letter.
    public let failures: [String]
    /// The record id of each failure (nil when the whole payload failed, or the id could not be read).
    public var failedRecords: [String?] = []
}
