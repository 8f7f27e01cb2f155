import BridgeModel
import Foundation

/// Everything one payload brings: its facts, appended in one savepoint of a group commit.
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
        case mapped(refs: [RecordRef], patches: [TaskPatch])
        case failed(DeadLetterInput)
    }

    public let source: String
    /// Where the payload came from (file name, URL), shown to operators.
    public let origin: String?
    public let payload: Payload
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
    public let recordId: String?
    public let reason: String
    public let mappingId: String?
    public let mappingVersion: Int?

    public init(failureClass: FailureClass, recordId: String?, reason: String, mappingId: String?, mappingVersion: Int?) {
        self.failureClass = failureClass
        self.recordId = recordId
        self.reason = reason
        self.mappingId = mappingId
        self.mappingVersion = mappingVersion
    }
}

/// The stage at which a record failed.
public enum FailureClass: String, Sendable, Codable, CaseIterable {
    case transport, parse, mapping, validation, identity
}
