import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgePipeline
import Foundation

/// Which dead letters a replay takes.
public struct ReplaySelection: Sendable {
    public var ids: [Int64] = []
    public var source: String?
    /// A failure class (`parse`, `mapping`, `validation`, …) or words of the reason.
    public var reason: String?
    /// Only dead letters last seen at or after this time.
    public var since: Timestamp?
    public var all = false

    public init(ids: [Int64] = [], source: String? = nil, reason: String? = nil, since: Timestamp? = nil, all: Bool = false) {
        self.ids = ids
        self.source = source
        self.reason = reason
        self.since = since
        self.all = all
    }

    func admits(_ letter: DeadLetter) -> Bool {
        if !ids.isEmpty, !ids.contains(letter.id) { return false }
        if let source, letter.source != source { return false }
        if let reason, letter.failureClass.rawValue != reason, !letter.reason.localizedCaseInsensitiveContains(reason) { return false }
        if let since, let seen = Timestamp(iso8601: letter.lastSeen), seen < since { return false }
        return true
    }
}

/// What replaying one dead letter did (or would do).
public struct ReplayOutcome: Sendable {
    public let letter: DeadLetter
    public let summary: CommitSummary
    /// One line per record of the payload that still fails.
    public let failures: [String]

    public var resolved: Bool { failures.isEmpty }
}

extension Bridge {
    /// Replays the selected unresolved dead letters through the current mappings. Idempotent: replaying twice
    /// equals once. Audited (who, when, which mapping version) unless `dryRun`, which keeps nothing.
    public func replay(_ selection: ReplaySelection, dryRun: Bool, actor: String, at time: Timestamp) throws -> [ReplayOutcome] {
        guard selection.all || !selection.ids.isEmpty || selection.source != nil || selection.reason != nil || selection.since != nil else {
            throw AppError("name dead letters to replay: ids, --source, --reason, --since or --all")
        }
        let letters = try store.deadLetters.list(includeResolved: false).filter(selection.admits).sorted { $0.id < $1.id }
        // Ids named by hand must each be a dead letter still to resolve: a typo is an error, not "nothing to do".
        let found = Set(letters.map(\.id))
        for id in selection.ids where !found.contains(id) {
            guard let letter = try store.deadLetters.letter(id: id) else { throw AppError("no dead letter with id \(id) (see replay list)") }
            if let resolved = letter.resolvedAt { throw AppError("dead letter \(id) was resolved at \(resolved); nothing to replay") }
            throw AppError("dead letter \(id) does not match the other options given")
        }
        var outcomes: [ReplayOutcome] = []
        var audit: [(subject: String, detail: String)] = []
        // One payload may hold many dead records (a JSON page): it is fed through once, and each letter reads
        // its own record's result from that one pass.
        var results: [String: ImportResult] = [:]
        for letter in letters {
            let binding = try source(letter.source)
            let key = "\(letter.source) \(letter.payloadHash)"
            var summary = CommitSummary()
            if results[key] == nil {
                guard let payload = try store.facts.payload(hash: letter.payloadHash) else {
                    throw AppError("dead letter \(letter.id): its payload \(letter.payloadHash.prefix(12)) is missing from the ledger")
                }
                let result = try importer.replay(payload, origin: letter.origin ?? "replay of dead letter \(letter.id)", source: binding, dryRun: dryRun)
                results[key] = result
                summary = result.summary
            }
            let result = results[key]!
            let mine = zip(result.failures, result.failedRecords)
                .filter { $0.1.isNamed(by: letter.recordId ?? "") }.map(\.0)
            outcomes.append(ReplayOutcome(letter: letter, summary: summary, failures: mine))
            let spec = binding.mapper.spec
            audit.append(("dead letter \(letter.id)", "mapping \(spec.id) v\(spec.version): " + (mine.isEmpty ? "resolved" : "still failing: \(mine[0])")))
        }
        if !dryRun { try store.audit.record(at: time, actor: actor, action: "replay", entries: audit) }
        return outcomes
    }
}

extension Bridge {
    /// Re-derives every task of `source` from its stored raw payloads under the source's current mapping
    /// version; `dryRun` shows the diff and keeps nothing. Audited with the mapping version unless `dryRun`.
    public func reprocess(source id: String, dryRun: Bool, actor: String, at time: Timestamp) throws -> (report: ReprocessReport, failures: [String]) {
        let binding = try source(id)
        let outcome = try importer.reprocess(binding, dryRun: dryRun)
        if !dryRun {
            let spec = binding.mapper.spec
            let report = outcome.report
            try store.audit.record(at: time, actor: actor, action: "reprocess", entries: [(
                "source \(id)",
                "mapping \(spec.id) v\(spec.version): \(report.payloads) payloads, \(report.summary.newTasks) tasks new, "
                    + "\(report.summary.updatedTasks) changed, \(report.orphaned.count) no longer derived, \(outcome.failures.count) records failing"
            )])
        }
        return outcome
    }
}
