import BridgeLedger

/// What importing one payload did.
public struct ImportResult: Sendable {
    /// Where it came from (file name).
    public let origin: String
    public let payloadHash: String
    public let summary: CommitSummary
    /// One line per record that became a dead letter.
    public let failures: [String]
}
