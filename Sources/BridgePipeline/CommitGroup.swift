import BridgeLedger
import Foundation

/// Payloads mapped and waiting for one group commit, with the limits that close the group: a group commits
/// when it holds `payloads` payloads, `records` records or `bytes` bytes, or when its first payload has waited
/// `seconds` (a slow source still commits about once a second).
public struct CommitGroup: Sendable {
    /// When a group commits.
    public struct Limits: Sendable {
        public var payloads = 500
        public var records = 10_000
        public var bytes = 16 << 20
        public var seconds = 1.0

        public init() {}
    }

    let limits: Limits
    private(set) var batches: [IngestBatch] = []
    /// Each batch's mapping, for its result.
    private(set) var mapped: [(Importer.Mapped, String)] = []
    private var records = 0
    private var bytes = 0
    private var opened: ContinuousClock.Instant?

    init(limits: Limits) { self.limits = limits }

    /// Adds a payload's facts.
    mutating func append(_ batch: IngestBatch, _ mapping: Importer.Mapped, origin: String) {
        if batches.isEmpty { opened = .now }
        batches.append(batch)
        mapped.append((mapping, origin))
        records += batch.entries.count
        bytes += batch.payload.size
    }

    /// True when the group should commit now.
    var isFull: Bool {
        guard let opened else { return false }
        return batches.count >= limits.payloads || records >= limits.records || bytes >= limits.bytes
            || opened.duration(to: .now) >= .seconds(limits.seconds)
    }

    /// Empties the group after its commit.
    mutating func removeAll() {
        batches = []
        mapped = []
        records = 0
        bytes = 0
        opened = nil
    }
}
