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
    public let store: LedgerStore
    public let importer: Importer
    /// Bindings by source id, with their loaded mappings (the ones in use now: see `reloadMappings`).
    public var sources: [String: SourceBinding] { mappings.current }
    let mappings: MappingRegistry
    /// Scoring policy and catalogue, from the files the configuration names (`scoring:`, `catalog:`).
    public let scoreBook: ScoreBook
    /// Which scoring files are in use, for `score`'s header.
    public let scoringInUse: String
    /// The writing run's lock on the ledger, when the command line took one (kept as long as the bridge lives).
    public var lock: LedgerLock?

    /// How a command uses the ledger.
    public enum LedgerAccess: Sendable {
        /// Creates the ledger when missing, migrates it, writes (import, sync, entering people and points).
        case create
        /// Writes to an existing ledger (rebuild, replay, closing periods, bringing stored scores up to date).
        case update
        /// Reads an existing ledger at the current schema: never creates, migrates or writes, and a mapping edited
        /// without a new version does not stop it (only writes stamp records with mapping versions).
        case read
    }

    /// Loads every mapping (an invalid one stops here, before anything runs) and opens the SQLite ledger at
    /// `databasePath` as `access` says: a reading or updating command on a path with no ledger is an error naming
    /// the path.
    public init(
        configuration: BridgeConfiguration, databasePath: String, access: LedgerAccess = .create,
        now: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) },
        logger: Logger = Logger(label: "kpibridge")
    ) throws {
        if access == .update, !FileManager.default.fileExists(atPath: databasePath) {
            throw AppError("no ledger at \(databasePath): nothing to update (check --database; only import and sync create one)")
        }
        // Mappings and scoring rules first: an invalid one stops the command before the ledger is created.
        let sources = try Self.bindings(configuration)
        let scoring = try ScoringConfiguration.load(configuration)
        let store = try LedgerStore(path: databasePath, options: .init(readOnly: access == .read))
        try self.init(configuration: configuration, sources: sources, scoring: scoring, store: store, access: access, now: now, logger: logger)
    }

    /// The bridge over an open ledger (a PostgreSQL one, or a store a test made).
    public init(
        configuration: BridgeConfiguration, store: LedgerStore, access: LedgerAccess = .create,
        now: @escaping @Sendable () -> Timestamp = { Timestamp(Date()) },
        logger: Logger = Logger(label: "kpibridge")
    ) throws {
        try self.init(
            configuration: configuration, sources: try Self.bindings(configuration), scoring: try ScoringConfiguration.load(configuration), store: store,
            access: access, now: now, logger: logger)
    }

    private init(
        configuration: BridgeConfiguration, sources: [String: SourceBinding], scoring: (scorer: Scorer, inUse: String), store: LedgerStore,
        access: LedgerAccess, now: @escaping @Sendable () -> Timestamp, logger: Logger
    ) throws {
        self.configuration = configuration
        self.mappings = MappingRegistry(sources)
        self.scoreBook = ScoreBook(scorer: scoring.scorer)
        self.scoringInUse = scoring.inUse
        self.store = store
        // A mapping whose rules changed must say so with a new version: records are stamped with it.
        for binding in sources.values.sorted(by: { $0.id < $1.id }) where access != .read {
            let spec = binding.mapper.spec
            try store.facts.registerMapping(
                id: spec.id, version: spec.version, contentHash: PayloadHasher.hex(of: spec.text), file: spec.file, at: now())
        }
        var importer = Importer(store: store, now: now, logger: logger, scoreBook: scoreBook)
        let ledger = configuration.ledger
        importer.groupLimits.payloads = ledger.groupPayloads
        importer.groupLimits.records = ledger.groupRecords
        importer.groupLimits.bytes = ledger.groupMB << 20
        importer.groupLimits.seconds = Double(ledger.groupSeconds)
        importer.projector.taskBatch = ledger.projectorTasks
        importer.projector.scoreBatch = ledger.projectorScores
        importer.projector.precedence = configuration.effectivePrecedence
        self.importer = importer
    }

    /// Every configured source with its mapping loaded.
    private static func bindings(_ configuration: BridgeConfiguration) throws -> [String: SourceBinding] {
        var sources: [String: SourceBinding] = [:]
        for source in configuration.sources {
            let spec = try Self.loadMapping(configuration.resolve(source.mapping), shownAs: source.mapping)
            sources[source.id] = SourceBinding(id: source.id, block: source.block, agency: source.agency, mapping: spec)
        }
        return sources
    }

    /// Loads again every mapping whose file changed since it was loaded, and puts it in use: validated, and
    /// registered under its version (an edit without a new version is refused, as at start). A mapping that cannot
    /// be used is an error naming its file, and the one in use stays. `id`: that source's mapping only (a pass loads
    /// its own, so one broken edit stops no other source). Returns the sources whose mapping changed.
    @discardableResult
    public func reloadMappings(only id: String? = nil, at time: Timestamp) throws -> [String] {
        var changed: [String] = []
        for source in configuration.sources where id == nil || source.id == id {
            guard let data = FileManager.default.contents(atPath: configuration.resolve(source.mapping)) else {
                throw AppError("\(source.mapping): mapping file not found")
            }
            let text = String(decoding: data, as: UTF8.self)
            guard let binding = sources[source.id], binding.mapper.spec.text != text else { continue }
            let spec: MappingSpec
            do {
                spec = try MappingSpec.load(text: text, file: source.mapping)
                try store.facts.registerMapping(id: spec.id, version: spec.version, contentHash: PayloadHasher.hex(of: spec.text), file: spec.file, at: time)
            } catch let error as LedgerError {
                throw AppError(error.description)  // an edit without a new version: the operator's to fix
            } catch let error as MappingError {
                throw AppError("\(error)")  // a mapping that does not load, naming its file and line
            }
            mappings.replace(SourceBinding(id: source.id, block: source.block, agency: source.agency, mapping: spec))
            changed.append(source.id)
        }
        return changed
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

    /// Imports files (`-` is standard input, spooled to a temporary file first) in group commits, then brings
    /// the projections up to them (tasks folded, scores stored) once, and adds up their counts. After a failure
    /// the files committed so far are projected too (and, after a crash, by the next run: the queue is stored
    /// with the facts).
    ///
    /// Every file is checked before the first is read (it exists, is a file, can be read), so a bad one never
    /// stops a batch half-way. `origins` gives the name to show for a path (a file opened by its bytes); when
    /// `shouldStop` turns true (Ctrl-C) the files mapped so far are committed and projected, and the rest left:
    /// the results then cover fewer files than were named.
    public func importFiles(
        _ paths: [String], source id: String, origins: [String: String] = [:], shouldStop: () -> Bool = { false },
        progress: (_ filesDone: Int) -> Void = { _ in }
    ) throws -> (CommitSummary, [ImportResult]) {
        let binding = try source(id)
        var total = CommitSummary()
        var results: [ImportResult] = []
        let problems = paths.filter { $0 != "-" }.compactMap { path in Self.unreadable(path).map { "\(origins[path] ?? path): \($0)" } }
        if !problems.isEmpty {
            let more = problems.count > 5 ? " (and \(problems.count - 5) more)" : ""
            throw AppError("nothing imported: " + problems.prefix(5).joined(separator: "; ") + more)
        }
        var projected = false
        defer { if !projected { _ = try? project() } }
        var pending: [(path: String, origin: String)] = []
        func flush() throws {
            try importer.importFiles(pending, source: binding, shouldStop: shouldStop, onResult: { result in
                total.add(result.summary)
                results.append(result)
                progress(results.count)
            }, afterCommit: { total.merge(try foldTasks()) })
            pending = []
        }
        for path in paths {
            if shouldStop() { break }
            guard path == "-" else { pending.append((path, origins[path] ?? path)); continue }
            try flush()
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("kpibridge-stdin-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: spool.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: spool) }
            let out = try FileHandle(forWritingTo: spool)
            while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
            try out.close()
            pending.append((spool.path, "stdin"))
            try flush()
        }
        try flush()
        projected = true
        total.merge(try project())
        return (total, results)
    }

    /// Why a file named for import cannot be read, or nil when it can.
    static func unreadable(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        if isFolder.boolValue { return "is a folder, not a file" }
        if !FileManager.default.isReadableFile(atPath: path) { return "cannot be read (permission denied)" }
        return nil
    }

    /// Folds the tasks the commits so far queued, leaving their scores owed: between an import's group commits,
    /// while the next group is mapped on the other core, so the run's last projection has only the scores left.
    public func foldTasks(cause: String = "import and sync") throws -> ProjectionSummary {
        try importer.projector.run(at: importer.now(), cause: cause, scores: false)
    }

    /// Brings every projection up to the facts (the projector drains what commits queued, also what a crashed
    /// run left), then puts everything the run committed on the disk (commits themselves do not wait for it;
    /// see `LedgerStore.makeDurable`).
    @discardableResult
    public func project(cause: String = "import and sync") throws -> ProjectionSummary {
        let summary = try importer.projector.run(at: importer.now(), cause: cause)
        try store.makeDurable()
        return summary
    }
}
