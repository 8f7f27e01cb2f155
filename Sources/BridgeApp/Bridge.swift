import BridgeLedger
import BridgeMapping
import BridgeModel
import BridgePipeline
import BridgeScoring
import Foundation
import Logging

/// The composition root shared by the command line and the tests: configuration, mappings, ledger, importer.
public struct Bridge: Sendable {
    public let configuration: BridgeConfiguration
    public let store: SQLiteLedgerStore
    public let importer: Importer
    /// Bindings by source id, with their loaded mappings.
    public let sources: [String: SourceBinding]
    /// Scoring policy and catalogue from `Mappings/scoring.yml` and `Mappings/catalog.yml`.
    public let scoreBook: ScoreBook

    /// Loads every mapping (an invalid one stops here, before anything runs) and opens the ledger.
    public init(
        configuration: BridgeConfiguration, databasePath: String,
        now: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) },
        logger: Logger = Logger(label: "kpibridge")
    ) throws {
        self.configuration = configuration
        var sources: [String: SourceBinding] = [:]
        for source in configuration.sources {
            let spec = try Self.loadMapping(configuration.resolve(source.mapping), shownAs: source.mapping)
            sources[source.id] = SourceBinding(id: source.id, block: source.block, agency: source.agency, mapping: spec)
        }
        self.sources = sources
        self.scoreBook = ScoreBook(scorer: try ScoringConfiguration.load(home: configuration.baseDirectory))
        self.store = try SQLiteLedgerStore(path: databasePath, deriver: scoreBook)
        // A mapping whose rules changed must say so with a new version: records are stamped with it.
        for binding in sources.values.sorted(by: { $0.id < $1.id }) {
            let spec = binding.mapper.spec
            try store.registerMapping(
                id: spec.id, version: spec.version, contentHash: PayloadHasher.hex(of: spec.text), file: spec.file, at: now())
        }
        self.importer = Importer(store: store, now: now, logger: logger)
    }

    /// Reads and validates one mapping file.
    public static func loadMapping(_ path: String, shownAs name: String? = nil) throws -> MappingSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError("\(name ?? path): mapping file not found")
        }
        return try MappingSpec.load(text: String(decoding: data, as: UTF8.self), file: name ?? path)
    }

    /// The binding for `id`, or an error listing the configured sources.
    public func source(_ id: String) throws -> SourceBinding {
        guard let binding = sources[id] else { _ = try configuration.source(id); throw AppError("unknown source '\(id)'") }
        return binding
    }

    /// Imports files (`-` is standard input, spooled to a temporary file first) and adds up their counts.
    /// Each file is one transaction; the scores the files move are computed once, at the end (or, after a crash,
    /// by the next run: what is owed is stored with each file).
    public func importFiles(_ paths: [String], source id: String) throws -> (CommitSummary, [ImportResult]) {
        let binding = try source(id)
        var importer = self.importer
        importer.deferScoring = true
        var total = CommitSummary()
        defer { _ = try? settleScores() }  // also after a failure: the files committed so far are scored
        var results: [ImportResult] = []
        for path in paths where path != "-" {
            guard FileManager.default.fileExists(atPath: path) else { throw AppError("\(path): no such file") }
        }
        // Runs of files go through the pipelined importer (the next files parsed while one commits); '-' alone.
        var pending: [(path: String, origin: String)] = []
        func flush() throws {
            try importer.importFiles(pending, source: binding) { result in
                total.add(result.summary)
                results.append(result)
            }
            pending = []
        }
        for path in paths {
            guard path == "-" else { pending.append((path, path)); continue }
            try flush()
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-stdin-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: spool.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: spool) }
            let out = try FileHandle(forWritingTo: spool)
            while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
            try out.close()
            let result = try importer.importFile(at: spool.path, origin: "stdin", source: binding)
            total.add(result.summary)
            results.append(result)
        }
        try flush()
        total.movedScores = try settleScores()
        return (total, results)
    }

    /// Computes the scores that commits left owed, then puts everything the run committed on the disk (commits
    /// themselves do not wait for the disk; see `SQLiteLedgerStore.makeDurable`).
    @discardableResult
    public func settleScores() throws -> Set<String> {
        let moved = try store.settleScores(at: importer.now(), cause: "import and sync")
        try store.makeDurable()
        return moved
    }
}
