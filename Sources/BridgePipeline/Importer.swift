import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgeParsing
import BridgeScoring
import BridgeSources
import Foundation
import Logging

/// Feeds payloads through parse → map → the ledger's facts, and the projector after them. Files and pages are
/// appended in group commits (many payloads per transaction; see `LedgerCommit`); the projector folds
/// their tasks and scores afterwards, once per run.
public struct Importer: Sendable {
    let store: LedgerStore
    public var projector: Projector
    public let now: @Sendable () -> Timestamp
    let logger: Logger
    /// How many payloads, records and bytes one group commit may hold, and how long it may wait to fill up.
    public var groupLimits = CommitGroup.Limits()

    public init(
        store: LedgerStore, now: @escaping @Sendable () -> Timestamp, logger: Logger,
        scoreBook: ScoreBook = ScoreBook(scorer: Scorer())
    ) {
        self.store = store
        self.projector = Projector(store: store, scoreBook: scoreBook)
        self.now = now
        self.logger = logger
    }

    /// Imports the payload file at `path` and brings the projections up to it; `origin` is what operators see.
    public func importFile(at path: String, origin: String, source: SourceBinding) throws -> ImportResult {
        var result = try ingest(.file(path), origin: origin, source: source, checkpoint: { _ in nil }).result
        result.add(try projector.run(at: now(), cause: "import \(origin)"))
        return result
    }

    /// Appends a payload held in memory (an HTTP answer) and, in the same transaction, the source's new polling
    /// position, which `checkpoint` derives from the parsed page. A page that does not parse moves no checkpoint.
    /// The projector is left to the end of the run.
    public func importBody(
        _ body: Data, origin: String, source: SourceBinding,
        checkpoint: (SourceDocument) throws -> SourceCheckpoint?
    ) throws -> (result: ImportResult, document: SourceDocument?) {
        try ingest(.data(body), origin: origin, source: source, checkpoint: checkpoint)
    }

    /// Appends an HTTP answer, from memory or from the file it was spooled to (deleted afterwards); the commit is
    /// made on the ledger's threads (`LedgerExecutor`).
    func importResponse(
        _ response: HTTPResponse, origin: String, source: SourceBinding,
        checkpoint makeCheckpoint: (SourceDocument) throws -> SourceCheckpoint?
    ) async throws -> (result: ImportResult, document: SourceDocument?) {
        try await LedgerExecutor.run { try importResponseNow(response, origin: origin, source: source, checkpoint: makeCheckpoint) }
    }

    private func importResponseNow(
        _ response: HTTPResponse, origin: String, source: SourceBinding,
        checkpoint makeCheckpoint: (SourceDocument) throws -> SourceCheckpoint?
    ) throws -> (result: ImportResult, document: SourceDocument?) {
        defer { response.discardSpool() }
        let bytes = PayloadBytes(response)
        let mapped = try Self.map(bytes, origin: origin, source: source)
        let batch = try self.batch(mapped, bytes: bytes, origin: origin, source: source, checkpoint: try mapped.document.flatMap(makeCheckpoint))
        let summary = try store.facts.commit(group: [batch])[0].get()
        log(mapped, origin: origin, source: source, summary: summary)
        return (ImportResult(mapped, origin: origin, summary: summary), mapped.document)
    }

    /// Appends many HTTP answers in group commits, in order (hub messages), and deletes their spool files.
    /// Returns each one's result and parsed document.
    func importResponses(
        _ responses: [(response: HTTPResponse, origin: String)], source: SourceBinding, checkpoint: SourceCheckpoint? = nil
    ) async throws -> [(result: ImportResult, document: SourceDocument?)] {
        try await LedgerExecutor.run { try importResponsesNow(responses, source: source, checkpoint: checkpoint) }
    }

    private func importResponsesNow(
        _ responses: [(response: HTTPResponse, origin: String)], source: SourceBinding, checkpoint: SourceCheckpoint?
    ) throws -> [(result: ImportResult, document: SourceDocument?)] {
        defer { for item in responses { item.response.discardSpool() } }
        var group = CommitGroup(limits: groupLimits)
        var documents: [SourceDocument?] = []
        var results: [ImportResult] = []
        for (index, (response, origin)) in responses.enumerated() {
            let bytes = PayloadBytes(response)
            let mapped = try Self.map(bytes, origin: origin, source: source)
            // The checkpoint goes with the last payload: it covers them all.
            let moves = index == responses.count - 1 ? checkpoint : nil
            group.append(try batch(mapped, bytes: bytes, origin: origin, source: source, checkpoint: moves), mapped, origin: origin)
            documents.append(mapped.document)
            if group.isFull { try commit(&group, source: source) { results.append($0) } }
        }
        try commit(&group, source: source) { results.append($0) }
        return Array(zip(results, documents))
    }

    /// Feeds a stored payload through the current mapping again (replay) and projects what it changed, in one
    /// transaction; with `dryRun` it is rolled back: what would change, with nothing kept.
    public func replay(_ payload: Data, origin: String, source: SourceBinding, dryRun: Bool) throws -> ImportResult {
        let mapped = try Self.map(.data(payload), origin: origin, source: source)
        let batch = try self.batch(mapped, bytes: .data(payload), origin: origin, source: source, checkpoint: nil)
        return try store.write(dryRun: dryRun, failure: "replay of payload \(mapped.hash.prefix(12)) failed") { tx in
            var result = ImportResult(mapped, origin: origin, summary: try tx.facts.commit(batch))
            result.add(try projector.drain(tx, at: now(), cause: "replay"))
            return result
        }
    }

    /// Re-derives every stored payload of `source` under its current mapping (a new version) and projects the
    /// result, all in one transaction, rolled back when `dryRun`. Returns the report and one line per record
    /// that fails.
    public func reprocess(_ source: SourceBinding, dryRun: Bool) throws -> (report: ReprocessReport, failures: [String]) {
        let time = now()
        return try store.write(dryRun: dryRun, failure: "reprocessing of source \(source.id) failed") { tx in
            var report = ReprocessReport()
            var failures: [String] = []
            for stored in try tx.facts.storedPayloads(source: source.id) {
                let data = try tx.facts.payloadData(stored.hash)
                let origin = stored.origin ?? "payload \(stored.hash.prefix(12))"
                let mapped = try Self.map(.data(data), origin: origin, source: source)
                failures += mapped.failures
                let batch = IngestBatch(
                    source: source.id, origin: stored.origin, payload: .init(hash: stored.hash, size: stored.size) { try $0(data) },
                    entries: mapped.entries, receivedAt: time, reprocess: true)
                report.summary.add(try tx.facts.commit(batch))
                report.payloads += 1
            }
            let projected = try projector.drain(tx, at: time, cause: "reprocess \(source.id)", keepChanges: true)
            report.summary.merge(projected)
            report.changes = projected.changes.keys.sorted().compactMap { key in
                let change = projected.changes[key]!
                if let before = change.before, LedgerTransaction.Tasks.sameValues(before, change.after) { return nil }
                return change
            }
            report.orphaned = projected.orphaned.sorted()
            return (report, failures)
        }
    }

    func ingest(
        _ bytes: PayloadBytes, origin: String, source: SourceBinding,
        checkpoint makeCheckpoint: (SourceDocument) throws -> SourceCheckpoint?
    ) throws -> (result: ImportResult, document: SourceDocument?) {
        let mapped = try Self.map(bytes, origin: origin, source: source)
        let batch = try self.batch(mapped, bytes: bytes, origin: origin, source: source, checkpoint: try mapped.document.flatMap(makeCheckpoint))
        let summary = try store.facts.commit(batch)
        log(mapped, origin: origin, source: source, summary: summary)
        return (ImportResult(mapped, origin: origin, summary: summary), mapped.document)
    }

    /// The facts of a mapped payload, ready for the ledger. Its bytes are those hashed and mapped: kept in memory
    /// when small, else read again from the file and checked against the hash while they are stored.
    func batch(_ mapped: Mapped, bytes: PayloadBytes, origin: String, source: SourceBinding, checkpoint: SourceCheckpoint?) throws -> IngestBatch {
        let payload = IngestBatch.Payload(hash: mapped.hash, size: mapped.size) { body in
            if let kept = mapped.bytes { return try PayloadBytes.data(kept).forEachChunk(body) }
            guard case .file = bytes else { return try bytes.forEachChunk(body) }
            var hasher = PayloadHasher()
            try bytes.forEachChunk { chunk in
                hasher.update(chunk)
                try body(chunk)
            }
            guard hasher.finalize() == mapped.hash else {
                throw PipelineError("\(origin): the file changed while it was being imported; nothing of it was stored, import it again")
            }
        }
        return IngestBatch(source: source.id, origin: origin, payload: payload, entries: mapped.entries, receivedAt: now(), checkpoint: checkpoint)
    }

    func log(_ mapped: Mapped, origin: String, source: SourceBinding, summary: CommitSummary) {
        logger.debug("payload committed", metadata: [
            "source.id": "\(source.id)", "payload.hash": "\(mapped.hash)", "payload.origin": "\(origin)",
            "records": "\(summary.records)", "dead_letters": "\(summary.deadLetters)",
        ])
    }

    /// Appends files in order, in group commits (see `groupLimits`), while the next ones are read, parsed and
    /// mapped on another thread (at most `lookahead` ahead, by default one group: the next group is mapped while
    /// one commits, which on two cores keeps both busy; a file's parsed tree is dropped once it is mapped).
    /// `afterCommit` runs after each group commit, on the committing thread, while the mapping thread goes on
    /// (an import folds the group's tasks there); the rest of the projector is left to the caller, once for the
    /// run. `onResult` hears each file's result as its group commits; a file that fails (it changed while being
    /// imported) is rolled back alone, the rest of its group commits, and its error stops the run after that group.
    public func importFiles(
        _ files: [(path: String, origin: String)], source: SourceBinding, lookahead: Int? = nil,
        shouldStop: () -> Bool = { false }, onResult: (ImportResult) -> Void = { _ in }, afterCommit: () throws -> Void = {}
    ) throws {
        let queue = MapAheadQueue(capacity: lookahead ?? groupLimits.payloads)
        @Sendable func mapAll() {
            for file in files {
                let mapped = Result { () throws -> Mapped in
                    var mapped = try Self.map(.file(file.path), origin: file.origin, source: source)
                    mapped.document = nil  // files move no checkpoint: the tree is not needed any more
                    return mapped
                }
                guard queue.put(mapped) else { return }
            }
        }
        // One file has nothing to overlap with: it is mapped here, without a thread to start and hand over from.
        if files.count == 1 { mapAll() } else { Thread { mapAll() }.start() }
        defer { queue.cancel() }
        var group = CommitGroup(limits: groupLimits)
        for file in files {
            // Asked to stop (Ctrl-C): what is mapped so far is committed below, the rest left for the next run.
            if shouldStop() { break }
            let mapped: Mapped
            do {
                mapped = try queue.take().get()
            } catch {
                try commit(&group, source: source, onResult: onResult)  // the files before it are kept
                throw error
            }
            group.append(try batch(mapped, bytes: .file(file.path), origin: file.origin, source: source, checkpoint: nil), mapped, origin: file.origin)
            if group.isFull {
                try commit(&group, source: source, onResult: onResult)
                try afterCommit()
            }
        }
        try commit(&group, source: source, onResult: onResult)
    }

    /// Commits a group's facts in one transaction, tells `onResult` each payload's result, and empties the group.
    /// The first payload that failed alone is thrown after the others are committed.
    func commit(_ group: inout CommitGroup, source: SourceBinding, onResult: (ImportResult) -> Void) throws {
        defer { group.removeAll() }
        try deliver(try store.facts.commit(group: group.batches), of: group, source: source, onResult: onResult)
    }

    /// Tells `onResult` each committed payload's result; the first payload that failed alone is thrown after.
    private func deliver(
        _ results: [Result<CommitSummary, any Error>], of group: CommitGroup, source: SourceBinding, onResult: (ImportResult) -> Void
    ) throws {
        var firstError: (any Error)?
        for (index, outcome) in results.enumerated() {
            let (mapped, origin) = group.mapped[index]
            switch outcome {
            case .success(let summary):
                log(mapped, origin: origin, source: source, summary: summary)
                onResult(ImportResult(mapped, origin: origin, summary: summary))
            case .failure(let error):
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }

    /// What one payload maps to, before anything is stored.
    struct Mapped: Sendable {
        let hash: String
        let size: Int
        var document: SourceDocument?
        /// The payload's bytes when small enough to keep (see `PayloadDecoder.keptBytes`).
        let bytes: Data?
        var entries: [IngestBatch.Entry] = []
        /// One line per record that failed, and that record's id when known.
        var failures: [String] = []
        var failedRecords: [FailedRecord] = []
    }

    /// Parses and maps a payload: one entry per record, each mapped or failed with its class and reason.
    static func map(_ bytes: PayloadBytes, origin: String, source: SourceBinding) throws -> Mapped {
        let mapper = source.mapper  // a class: its mapping is read in place, not copied per payload
        let decoded = try PayloadDecoder(format: mapper.spec.format, limits: source.xmlLimits).decode(bytes)
        var mapped = Mapped(hash: decoded.hash, size: decoded.size, document: try? decoded.document.get(), bytes: decoded.bytes)
        switch decoded.document {
        case .failure(let parseFailure):
            let reason = "\(mapper.spec.format.rawValue.uppercased()) \(parseFailure.code): \(parseFailure)"
            mapped.entries = [.failed(DeadLetterInput(failureClass: .parse, recordId: nil, reason: reason, mappingId: mapper.spec.id, mappingVersion: mapper.spec.version))]
            mapped.failures.append("\(origin): \(reason)")
            mapped.failedRecords.append(FailedRecord(recordId: nil, position: nil))
        case .success(let document):
            let defaults = Mapper.SourceDefaults(source: source.id, block: source.block, agency: source.agency, payloadHash: decoded.hash)
            for (index, outcome) in source.mapper.map(document, defaults: defaults).enumerated() {
                switch outcome {
                case .patches(let record):
                    mapped.entries.append(.mapped(refs: record.refs, patches: record.patches, dossiers: record.dossiers))
                case .failure(let recordId, let reason):
                    let failureClass: FailureClass = reason.kind == .validation ? .validation : .mapping
                    mapped.entries.append(.failed(DeadLetterInput(
                        failureClass: failureClass, recordId: recordId, position: index + 1, reason: reason.description,
                        mappingId: mapper.spec.id, mappingVersion: mapper.spec.version)))
                    let record = recordId.map { "record \($0)" } ?? "record #\(index + 1) (no readable id)"
                    mapped.failures.append("\(origin): \(record): \(failureClass.rawValue): \(reason)")
                    mapped.failedRecords.append(FailedRecord(recordId: recordId, position: index + 1))
                }
            }
            // No entries means an empty page of a paged source: kept as a payload, nothing to map.
        }
        return mapped
    }
}
