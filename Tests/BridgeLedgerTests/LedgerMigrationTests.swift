import BridgeLedger
import BridgeModel
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// A ledger written before a migration keeps every row through it.
struct LedgerMigrationTests {
    /// Puts revisions and payload chunks back into their v1..v8 form (WITHOUT ROWID tables) and the task table
    /// into its v1 form, data included, and forgets that v9 and v10 ran, as a ledger of an older release looks.
    static func downgradeToV8(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                PRAGMA foreign_keys = OFF;
                CREATE TABLE task_revision_v8 (
                    task_key TEXT NOT NULL REFERENCES task(key), revision INTEGER NOT NULL, body TEXT NOT NULL,
                    cause TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (task_key, revision)) WITHOUT ROWID;
                INSERT INTO task_revision_v8 SELECT task_key, revision, body, cause, strftime('%Y-%m-%dT%H:%M:%fZ', at / 1000.0, 'unixepoch') FROM task_revision;
                DROP TABLE task_revision;
                ALTER TABLE task_revision_v8 RENAME TO task_revision;
                CREATE TABLE payload_chunk_v8 (
                    hash TEXT NOT NULL REFERENCES payload(hash), seq INTEGER NOT NULL CHECK (seq >= 0), data BLOB NOT NULL,
                    PRIMARY KEY (hash, seq)) WITHOUT ROWID;
                INSERT INTO payload_chunk_v8 SELECT hash, seq, data FROM payload_chunk;
                DROP TABLE payload_chunk;
                ALTER TABLE payload_chunk_v8 RENAME TO payload_chunk;
                CREATE TABLE task_v1 (
                    key TEXT PRIMARY KEY, revision INTEGER NOT NULL CHECK (revision >= 1),
                    block TEXT CHECK (block IN ('party', 'state', 'mass')), agency TEXT, status TEXT NOT NULL,
                    main_handler TEXT, due_at INTEGER, body TEXT NOT NULL, updated_at TEXT NOT NULL);
                INSERT INTO task_v1 SELECT key, revision, block, agency, status, main_handler, due_at, body,
                  strftime('%Y-%m-%dT%H:%M:%fZ', updated_at / 1000.0, 'unixepoch') FROM task;
                DROP TABLE task;
                ALTER TABLE task_v1 RENAME TO task;
                CREATE INDEX task_by_handler ON task(main_handler);
                DELETE FROM grdb_migrations WHERE identifier IN ('v9-rowid-bodies', 'v10-task-block-check', 'v11-facts-and-projections', 'v21-instants');
                DROP TABLE task_dirty; DROP TABLE projection_state; DROP TABLE directory_version;
                DROP INDEX score_stale; ALTER TABLE score DROP COLUMN stale_at;
                """)
        }
    }

    @Test func revisionsPayloadsAndTasksSurviveTheRebuiltTables() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("l.sqlite")
        var before: (task: UnifiedTask, revisions: [TaskRevision])?
        var payloads: [String: Data] = [:]
        do {
            let store = try LedgerStore(path: path)
            for (index, title) in ["first", "second", "third"].enumerated() {
                let hash = String(repeating: "\(index + 1)", count: 64)
                let body = "<doc title='\(title)'/>" + String(repeating: "x", count: 3000 * index)
                var entry = LedgerStoreTests.mapped("r\(index)", hash: hash, title: title)
                if case .mapped(let refs, var patches, _) = entry {
                    patches[0].sourceTime = Timestamp(millis: Int64(index + 1))
                    entry = .mapped(refs: refs, patches: patches)
                }
                _ = try store.facts.commit(LedgerStoreTests.batch(body, entries: [entry], hash: hash))
                try project(store)
                payloads[hash] = Data(body.utf8)
            }
            before = try store.tasks.task(TaskKey("t1"))
        }
        #expect(before?.revisions.map(\.task.title) == ["first", "second", "third"])
        try Self.downgradeToV8(path)

        let store = try LedgerStore(path: path)  // runs v9 and v10 again
        let after = try store.tasks.task(TaskKey("t1"))
        #expect(after?.task == before?.task)
        #expect(after?.revisions.map(\.revision) == [1, 2, 3])
        #expect(after?.revisions.map(\.task) == before?.revisions.map(\.task))
        #expect(after?.revisions.map(\.cause) == before?.revisions.map(\.cause))
        for (hash, data) in payloads { #expect(try store.facts.payload(hash: hash) == data) }
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_schema WHERE name IN ('task_revision', 'payload_chunk', 'task')")
        }
        #expect(tables.count == 3 && tables.allSatisfy { !$0.contains("WITHOUT ROWID") && !$0.contains(" IN (") })
        #expect(try store.tasks.list(TaskFilter()).map(\.key) == [TaskKey("t1")])
        #expect(throws: (any Error).self) {  // the rule on blocks still holds
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "UPDATE task SET block = 'province' WHERE key = 't1'")
            }
        }
    }

    /// Writes every patch, task and revision body back as the JSON an older release stored, and forgets v12.
    static func bodiesBackToJSON(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try DatabaseQueue(path: path).write { db in
            for (table, key) in [("task_patch", "id"), ("task", "key"), ("task_revision", "task_key, revision")] {
                for row in try Row.fetchAll(db, sql: "SELECT \(key), body FROM \(table)") {
                    let body: Data = row["body"]
                    let json = table == "task_patch"
                        ? try encoder.encode(try StoredBody.decodePatch(body)) : try encoder.encode(try StoredBody.decodeTask(body))
                    let keys = key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    try db.execute(
                        sql: "UPDATE \(table) SET body = ? WHERE " + keys.map { "\($0) = ?" }.joined(separator: " AND "),
                        arguments: StatementArguments([String(decoding: json, as: UTF8.self).databaseValue] + keys.map { row[$0] as DatabaseValue }))
                }
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v12-stored-bodies'")
        }
    }

    @Test func jsonBodiesOfAnOlderLedgerAreRewrittenAsStoredBodiesWithTheSameValues() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("l.sqlite")
        var before: [TaskKey: (task: UnifiedTask, revisions: [TaskRevision])] = [:]
        do {
            let store = try LedgerStore(path: path)
            // 2,500 tasks: more than one batch of the migration's walk.
            let entries = (0..<2_500).map { LedgerStoreTests.mapped("r\($0)", hash: String(repeating: "a", count: 64), title: "task \($0)", task: "t\($0)") }
            _ = try store.facts.commit(LedgerStoreTests.batch("<page/>", entries: entries, hash: String(repeating: "a", count: 64)))
            try project(store)
            for key in ["t0", "t1234", "t2499"].map(TaskKey.init(rawValue:)) { before[key] = try store.tasks.task(key) }
        }
        try Self.bodiesBackToJSON(path)
        let json = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM task WHERE substr(body, 1, 1) = '{'") }
        #expect(json == 2_500)

        let store = try LedgerStore(path: path)  // runs v12
        for (key, old) in before {
            let now = try store.tasks.task(key)
            #expect(now?.task == old.task && now?.revisions.map(\.task) == old.revisions.map(\.task))
        }
        let left = try DatabaseQueue(path: path).read { db in
            try ["task_patch", "task", "task_revision"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0) WHERE substr(body, 1, 1) = '{'")! }
        }
        #expect(left == [0, 0, 0])
    }

    @Test func aBodyTheMigrationCannotReadIsNamedAndNothingIsMigrated() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("l.sqlite")
        do {
            let store = try LedgerStore(path: path)
            _ = try store.facts.commit(LedgerStoreTests.batch("<doc/>", entries: [LedgerStoreTests.mapped("r1", hash: String(repeating: "b", count: 64), title: "x")],
                hash: String(repeating: "b", count: 64)))
            try project(store)
        }
        try Self.bodiesBackToJSON(path)
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE task SET body = '{\"key\":' WHERE key = 't1'") }
        let error = #expect(throws: (any Error).self) { _ = try LedgerStore(path: path) }
        #expect("\(error!)".contains("migrating task (key \"t1\")"), "\(error!)")
        let json = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM task_patch WHERE substr(body, 1, 1) = '{'") }
        #expect(json == 1)  // the migration's transaction rolled back whole
    }

    /// Puts the audit log back in its v20 form (instants as ISO text) with `rows`, and forgets `v21-instants`.
    static func auditAsText(_ path: String, _ rows: [String]) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                DROP TABLE audit;
                CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT, detail TEXT);
                DELETE FROM grdb_migrations WHERE identifier = 'v21-instants';
                """)
            for (index, at) in rows.enumerated() {
                try db.execute(sql: "INSERT INTO audit (at, actor, action) VALUES (?, 'test', ?)", arguments: [at, "a\(index)"])
            }
        }
        try queue.close()
    }

    @Test func instantsKeptAsTextBecomeMillisecondsWhateverTheirOffset() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("l.sqlite")
        _ = try LedgerStore(path: path)
        let written = ["2026-03-31T08:00:00.000+07:00", "2026-03-31T01:00:00.250Z", "2026-03-31T08:00:00+07:00", "2026-01-01T00:00:00.001-05:00"]
        try Self.auditAsText(path, written)
        #expect(try LedgerStore.migrate(path: path) == (before: "v20-score-columns", after: LedgerStore.latestSchema))
        let stored = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT typeof(at) AS kind, at FROM audit ORDER BY id").map { ($0["kind"] as String, $0["at"] as Int64) }
        }
        #expect(stored.map(\.0) == Array(repeating: "integer", count: written.count))
        #expect(stored.map(\.1) == written.map { Timestamp(iso8601: $0)!.millis })
        // What people read is the same instant, in Vietnam time.
        let log = try LedgerStore(path: path).audit.log()
        #expect(log.map(\.at).reversed() == written.map { Timestamp(iso8601: $0)!.description })
    }

    @Test func anInstantThatIsNotATimeStopsTheMigrationNamingIt() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("l.sqlite")
        _ = try LedgerStore(path: path)
        try Self.auditAsText(path, ["2026-03-31T08:00:00.000+07:00", "yesterday"])
        let error = #expect(throws: LedgerError.self) { try LedgerStore.migrate(path: path) }
        #expect(error?.description.contains("migrating audit.at: 'yesterday' is not a time") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("\n") == false)
    }
}
