import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgeParsing
import BridgeSources
import Foundation
import Logging

/// Feeds payload files through parse → map → one ledger transaction. The same path serves polling later.
public struct Importer: Sendable {
    let store: any LedgerStore
    public let now: @Sendable () -> Timestamp
    let logger: Logger
    /// Leave moved scores owed for `SQLiteLedgerStore.settleScores` (bulk import, polling) instead of computing
    /// them in each payload's transaction.
    public var deferScoring = false

    public init(store: any LedgerStore, now: @escaping @Sendable () -> Timestamp, logger: Logger) {
        self.store = store
        self.now = now
        self.logger = logger
    }

    /// Imports the payload file at `path`; `origin` is what operators see as its name.
    public func importFile(at path: String, origin: String, source: SourceBinding) throws -> ImportResult {
        try ingest(.file(path), origin: origin, source: source, checkpoint: { _ in nil }).result
    }

    /// Imports a payload held in memory (an HTTP answer) and, in the same transaction, the source's new polling
    /// position, which `checkpoint` derives from the parsed page. A page that does not parse moves no checkpoint.
    public func importBody(
        _ body: Data, origin: String, source: SourceBinding,
        checkpoint: (SourceDocument) throws -> SourceCheckpoint?
    ) throws -> (result: ImportResult, document: SourceDocument?) {
        try ingest(.data(body), origin: origin, source: source, checkpoint: checkpoint)
    }

    /// Imports an HTTP answer, from memory or from the file it was spooled to (deleted afterwards).
    func importResponse(
        _ response: HTTPResponse, origin: String, source: SourceBinding,
        checkpoint: (SourceDocument) throws -> SourceCheckpoint?
    ) throws -> (result: ImportResult, document: SourceDocument?) {
        defer { response.discardSpool() }
        let bytes: PayloadBytes = response.bodyFile.map(PayloadBytes.file) ?? .data(response.body)
        return try ingest(bytes, origin: origin, source: source, checkpoint: checkpoint)
    }

    /// Feeds a stored payload through the current mapping again (replay); with `dryRun` nothing is kept.
    public func replay(_ payload: Data, origin: String, source: SourceBinding, dryRun: Bool) throws -> ImportResult {
        try ingest(.data(payload), origin: origin, source: source, checkpoint: { _ in nil }, dryRun: dryRun).result
    }

    /// Re-derives every stored payload of `source` under its current mapping (a new version), in one
    /// transaction rolled back when `dryRun`. Returns the ledger's report and one line per record that fails.
    public func reprocess(_ source: SourceBinding, dryRun: Bool) throws -> (report: ReprocessReport, failures: [String]) {
        var failures: [String] = []
        let report = try store.reprocess(source: source.id, at: now(), dryRun: dryRun) { stored in
            let mapped = try Self.map(.data(stored.data), origin: stored.origin ?? "payload \(stored.hash.prefix(12))", source: source)
            failures += mapped.failures
            return mapped.entries
        }
        return (report, failures)
    }

    func ingest(
        _ bytes: PayloadBytes, origin: String, source: SourceBinding,
        checkpoint makeCheckpoint: (SourceDocument) throws -> SourceCheckpoint?, dryRun: Bool = false
    ) throws -> (result: ImportResult, document: SourceDocument?) {
        try commit(try Self.map(bytes, origin: origin, source: source), bytes: bytes, origin: origin, source: source,
                   checkpoint: makeCheckpoint, dryRun: dryRun)
    }

    /// Commits what `map` produced: the raw bytes, every record, the checkpoint, in one transaction.
    func commit(
        _ mapped: Mapped, bytes: PayloadBytes, origin: String, source: SourceBinding,
        checkpoint makeCheckpoint: (SourceDocument) throws -> SourceCheckpoint?, dryRun: Bool = false
    ) throws -> (result: ImportResult, document: SourceDocument?) {
        let checkpoint = try mapped.document.flatMap(makeCheckpoint)
        let payload = IngestBatch.Payload(hash: mapped.hash, size: mapped.size) { body in
            if let kept = mapped.bytes { return try PayloadBytes.data(kept).forEachChunk(body) }
            guard case .file = bytes else { return try bytes.forEachChunk(body) }
            // A large file, read again: what is stored must be what was hashed and mapped.
            var hasher = PayloadHasher()
            try bytes.forEachChunk { chunk in
                hasher.update(chunk)
                try body(chunk)
            }
            guard hasher.finalize() == mapped.hash else {
                throw PipelineError("\(origin): the file changed while it was being imported; nothing of it was stored, import it again")
            }
        }
        var batch = IngestBatch(
            source: source.id, origin: origin, payload: payload, entries: mapped.entries, receivedAt: now(), checkpoint: checkpoint)
        batch.deferScoring = deferScoring && !dryRun
        let summary = try store.commit(batch, dryRun: dryRun)
        logger.debug("payload committed", metadata: [
            "source.id": "\(source.id)", "payload.hash": "\(mapped.hash)", "payload.origin": "\(origin)",
            "records": "\(summary.records)", "dead_letters": "\(summary.deadLetters)",
        ])
        var result = ImportResult(origin: origin, payloadHash: mapped.hash, summary: summary, failures: mapped.failures)
        result.failedRecords = mapped.failedRecords
        return (result, mapped.document)
    }

    /// Imports files in order, each in its own transaction, while the next ones are read, parsed and mapped on
    /// another thread (at most `lookahead` ahead): on two cores the parsing of one payload overlaps the commit of
    /// the one before. `onResult` hears each file's result as it is committed; the first error stops the run
    /// (files before it are committed, none after it).
    public func importFiles(
        _ files: [(path: String, origin: String)], source: SourceBinding, lookahead: Int = 16,
        onResult: (ImportResult) -> Void = { _ in }
    ) throws {
        let queue = MapAheadQueue(capacity: lookahead)
        let worker = Thread {
            for file in files {
                guard queue.put(Result { try Self.map(.file(file.path), origin: file.origin, source: source) }) else { return }
            }
        }
        worker.start()
        defer { queue.cancel() }
        for file in files {
            let mapped = try queue.take().get()
            onResult(try commit(mapped, bytes: .file(file.path), origin: file.origin, source: source, checkpoint: { _ in nil }).result)
        }
    }

    /// What one payload maps to, before anything is stored.
    struct Mapped: Sendable {
        let hash: String
        let size: Int
        let document: SourceDocument?
        /// The payload's bytes when small enough to keep (see `PayloadDecoder.keptBytes`).
        let bytes: Data?
        var entries: [IngestBatch.Entry] = []
        /// One line per record that failed, and that record's id when known.
        var failures: [String] = []
        var failedRecords: [String?] = []
    }

    /// Parses and maps a payload: one entry per record, each mapped or failed with its class and reason.
    static func map(_ bytes: PayloadBytes, origin: String, source: SourceBinding) throws -> Mapped {
        let spec = source.mapper.spec
        let decoded = try PayloadDecoder(spec: spec, limits: source.xmlLimits).decode(bytes)
        var mapped = Mapped(hash: decoded.hash, size: decoded.size, document: try? decoded.document.get(), bytes: decoded.bytes)
        switch decoded.document {
        case .failure(let parseFailure):
            let reason = "\(spec.format.rawValue.uppercased()) \(parseFailure.code): \(parseFailure)"
            mapped.entries = [.failed(DeadLetterInput(failureClass: .parse, recordId: nil, reason: reason, mappingId: spec.id, mappingVersion: spec.version))]
            mapped.failures.append("\(origin): \(reason)")
            mapped.failedRecords.append(nil)
        case .success(let document):
            let defaults = Mapper.SourceDefaults(source: source.id, block: source.block, agency: source.agency, payloadHash: decoded.hash)
            for outcome in source.mapper.map(document, defaults: defaults) {
                switch outcome {
                case .patches(let record):
                    mapped.entries.append(.mapped(refs: record.refs, patches: record.patches))
                case .failure(let recordId, let reason):
                    let failureClass: FailureClass = reason.kind == .validation ? .validation : .mapping
                    mapped.entries.append(.failed(DeadLetterInput(
                        failureClass: failureClass, recordId: recordId, reason: reason.description,
                        mappingId: spec.id, mappingVersion: spec.version)))
                    mapped.failures.append("\(origin): \(failureClass.rawValue): \(reason)")
                    mapped.failedRecords.append(recordId)
                }
            }
            // No entries means an empty page of a paged source: kept as a payload, nothing to map.
        }
        return mapped
    }
}
