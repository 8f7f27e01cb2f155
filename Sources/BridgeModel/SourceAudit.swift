import Foundation

/// One `audit-source` run: what a source listed against the records the ledger holds from it. A fact.
public struct SourceAudit: Sendable, Hashable {
    public let source: String
    public let at: Timestamp
    public let actor: String
    /// How many records the source listed.
    public let listed: Int
    /// Records the ledger holds that the source no longer lists, with the tasks they made.
    public let missing: [String: [TaskKey]]
    /// Records the source lists that the ledger has not seen yet.
    public let unseen: [String]

    public init(source: String, at: Timestamp, actor: String, listed: Int, missing: [String: [TaskKey]], unseen: [String]) {
        self.source = source
        self.at = at
        self.actor = actor
        self.listed = listed
        self.missing = missing
        self.unseen = unseen
    }
}
