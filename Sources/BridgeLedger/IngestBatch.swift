import BridgeModel
import BridgeServices
import Foundation

/// Everything one payload brings: its facts, appended in a group commit.
public struct IngestBatch: Sendable {
    /// The payload's bytes, read again in chunks while the transaction stores them.
    public struct Payload: Sendable {
        public let hash: String
        public let size: Int
        /// Calls `body` with each chunk in order (at most 1 MiB each) so large payloads are never whole in memory.
        public let chunks: @Sendable (_ body: (Data) throws -> Void) throws -> Void

        public init(hash: String, size: Int, chunks: @escaping @Sendable (_ body: (Data) throws -> Void) throws -> Void) {
            self.hash = hash
            self.size = size
            self.chunks = chunks
        }
    }

    /// One record's result.
    public enum Entry: Sendable {
        /// A record that mapped: its identities, its task patches and the dossier snapshots it gives.
        case mapped(refs: [RecordRef], patches: [TaskPatch], dossiers: [DossierSnapshot] = [])
        case failed(DeadLetterInput)
    }

    public let source: String
    /// Where the payload came from (file name, URL), shown to operators.
    public let origin: String?
    public let payload: Payload
    /// One per record, in payload order: a record's position is its index + 1.
    public let entries: [Entry]
    /// When the bridge received it (passed in: the ledger reads no clock).
    public let receivedAt: Timestamp
    /// The source's polling position after this payload, stored in the same transaction; nil leaves it alone.
    public let checkpoint: SourceCheckpoint?
    /// Records already in the ledger from this same payload take the new entries' patches in place of their
    /// old ones (a mapping's new version re-deriving stored payloads); a record that now fails keeps its old ones.
    public let reprocess: Bool

    public init(
        source: String, origin: String?, payload: Payload, entries: [Entry], receivedAt: Timestamp,
        checkpoint: SourceCheckpoint? = nil, reprocess: Bool = false
    ) {
        self.source = source
        self.origin = origin
        self.payload = payload
        self.entries = entries
        self.receivedAt = receivedAt
        self.checkpoint = checkpoint
        self.reprocess = reprocess
    }
}

/// A record that could not become a task, as the pipeline hands it to the ledger.
public struct DeadLetterInput: Sendable, Hashable {
    public let failureClass: FailureClass
    /// The record's own id, when the mapping could read it.
    public let recordId: String?
    /// The record's place in its payload (1 for the first), nil when the whole payload failed (it did not parse).
    public let position: Int?
    public let reason: String
    public let mappingId: String?
    public let mappingVersion: Int?

    public init(
        failureClass: FailureClass, recordId: String?, position: Int? = nil, reason: String, mappingId: String?, mappingVersion: Int?
    ) {
        self.failureClass = failureClass
        self.recordId = recordId
        self.position = position
        self.reason = reason
        self.mappingId = mappingId
        self.mappingVersion = mappingVersion
    }

    /// What tells this dead letter apart from the payload's others: see `DeadLetterIdentity`.
    public var identity: String { DeadLetterIdentity.of(recordId: recordId, position: position) }
}

/// A dead letter's identity within its payload (the ledger's `record_id` column): the record's own id when the
/// mapping could read it; `#N`, its position in the payload, when it could not (two id-less records of a page are
/// two dead letters, and the record at `#N` resolves it once it maps); empty for a payload that failed whole.
public enum DeadLetterIdentity {
    public static func of(recordId: String?, position: Int?) -> String {
        if let recordId { return recordId }
        if let position { return positional(position) }
        return ""
    }

    /// `#N` for the record at position `N` (1-based).
    public static func positional(_ position: Int) -> String { "#\(position)" }

    /// True when a failure of a record (id and position as mapped now) is the one a stored identity names.
    /// A stored whole-payload letter (empty) and a whole-payload failure (no position) concern every record.
    public static func matches(_ stored: String, recordId: String?, position: Int?) -> Bool {
        guard !stored.isEmpty, let position else { return true }
        return stored == positional(position) || stored == recordId
    }
}

/// The stage at which a record failed.
public enum FailureClass: String, Sendable, Codable, CaseIterable {
    case transport, parse, mapping, validation, identity
}
