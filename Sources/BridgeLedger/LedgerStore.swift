import BridgeModel
import Foundation

/// The ledger: raw payloads, source records, patches, tasks with revisions, dead letters, audit.
public protocol LedgerStore: Sendable {
    /// Stores a payload and all its records in one transaction, folding every task they touch.
    func commit(_ batch: IngestBatch) throws -> CommitSummary
    /// The same, rolled back at the end when `dryRun`: what would change, without changing anything.
    func commit(_ batch: IngestBatch, dryRun: Bool) throws -> CommitSummary
    /// Maps every stored payload of a source again (a new mapping version), in one transaction; see
    /// `SQLiteLedgerStore.reprocess`.
    func reprocess(
        source: String, at time: Timestamp, dryRun: Bool, remap: (StoredPayload) throws -> [IngestBatch.Entry]
    ) throws -> ReprocessReport
    /// Current tasks matching `filter`, ordered by key.
    func tasks(_ filter: TaskFilter) throws -> [UnifiedTask]
    /// One task with its revisions, or nil.
    func task(_ key: TaskKey) throws -> (task: UnifiedTask, revisions: [TaskRevision])?
    /// Dead letters, newest first.
    func deadLetters(includeResolved: Bool) throws -> [DeadLetter]
    func deadLetter(id: Int64) throws -> DeadLetter?
    /// The raw bytes stored for a payload hash.
    func payload(hash: String) throws -> Data?
    /// Puts every commit so far on the disk. Commits survive a crash of the process at once, but a power cut
    /// only once this has run: call it before telling a source that a payload is stored.
    func makeDurable() throws
}

/// Which tasks to list.
public struct TaskFilter: Sendable, Hashable {
    public var officer: String?
    public var agency: String?
    public var status: TaskStatus?
    public var block: Block?
    /// Only tasks naming someone the directory does not resolve (the raw account or name is kept).
    public var unresolvedOnly: Bool

    /// `officer` is a scoring key: a directory officer id, or `namespace:account` while unresolved.
    public init(officer: String? = nil, agency: String? = nil, status: TaskStatus? = nil, block: Block? = nil, unresolvedOnly: Bool = false) {
        self.officer = officer
        self.agency = agency
        self.status = status
        self.block = block
        self.unresolvedOnly = unresolvedOnly
    }
}

/// One stored version of a task, and the record that caused it.
public struct TaskRevision: Sendable, Hashable, Codable {
    public let revision: Int
    public let at: String
    /// `source/recordId@version` of the record whose arrival produced this revision.
    public let cause: String
    public let task: UnifiedTask
}

/// A record that could not become a task, kept with its raw payload and reason.
public struct DeadLetter: Sendable, Hashable, Codable {
    public let id: Int64
    public let source: String
    public let payloadHash: String
    public let recordId: String?
    public let failureClass: FailureClass
    public let reason: String
    public let origin: String?
    public let mappingId: String?
    public let mappingVersion: Int?
    public let attempts: Int
    public let firstSeen: String
    public let lastSeen: String
    public let resolvedAt: String?
}

/// A ledger operation that failed, with what was being done.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
