import BridgeModel
import Foundation
import GRDB

/// The migrations from facts and projections on (v11 onwards): the projector's queues, stored bodies, the
/// directory's links, reconciliation, source audits, API tokens and the indexes the projector asks through.
extension LedgerSchema {
    static func registerProjectionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-facts-and-projections") { db in
            // Facts and projections: a fact transaction queues the tasks it touched (`task_dirty`) instead of
            // folding them; the projector drains the queue. A stored score knows when time alone will move it
            // (`stale_at`, ms; NULL: never), so `score` reads stored numbers and recomputes only those. Scores of a
            // v10 ledger were computed at some earlier time: all of them are due again (0). `projection_state`
            // names the scoring rules the stored scores were computed under. `directory_version` keeps every
            // directory import whole (a fact; the `directory_*` tables are the one in force), seeded from a v10
            // ledger's directory.
            try db.execute(sql: """
                CREATE TABLE task_dirty (task_key TEXT PRIMARY KEY, cause TEXT NOT NULL) WITHOUT ROWID;
                ALTER TABLE score ADD COLUMN stale_at INTEGER;
                UPDATE score SET stale_at = 0 WHERE period NOT IN (SELECT period FROM period_close);
                CREATE TABLE projection_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE directory_version (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    officers INTEGER NOT NULL CHECK (officers >= 0),
                    body TEXT NOT NULL);
                INSERT INTO directory_version (at, actor, origin, officers, body)
                    SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration', 'directory before v11',
                      (SELECT count(*) FROM directory_officer),
                      json_object('officers', (SELECT json_group_array(json(body)) FROM (SELECT body FROM directory_officer ORDER BY id)),
                                  'agencies', (SELECT json_group_array(json(body)) FROM (SELECT body FROM directory_agency ORDER BY code)))
                    WHERE EXISTS (SELECT 1 FROM directory_officer);
                """)
        }
        migrator.registerMigration("v12-stored-bodies") { db in
            // Patches, tasks and revisions as `StoredBody` records instead of storage JSON, read and written field
            // by field (a rebuild of every projection took half the time). The columns keep their declared type
            // (a BLOB in a TEXT column stays a BLOB in SQLite); rebuilding three tables would only rename it.
            try rewriteBodies(db, table: "task_patch", key: ["id"]) { StoredBody.encode(try LegacyBody.patch($0)) }
            try rewriteBodies(db, table: "task", key: ["key"]) { StoredBody.encode(try LegacyBody.task($0)) }
            try rewriteBodies(db, table: "task_revision", key: ["task_key", "revision"]) { StoredBody.encode(try LegacyBody.task($0)) }
        }
        migrator.registerMigration("v13-directory-links") { db in
            // Accounts given to officers by hand (`kpibridge directory link`), applied on top of every directory
            // import; who, when and why are kept with each (and in the audit log, with every unlink).
            try db.execute(sql: """
                CREATE TABLE directory_link (
                    namespace TEXT NOT NULL,
                    account TEXT NOT NULL,
                    officer TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                    PRIMARY KEY (namespace, account)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v14-reconciliation") { db in
            // Work that several systems track (docs/reconciliation.md). Facts: the admins' decisions. Projections:
            // each task's match keys (looked up by key to find the same document elsewhere) and the queue of
            // conflicts. Every task is queued so an upgraded ledger links what it already holds.
            try db.execute(sql: """
                CREATE TABLE reconcile_decision (
                    sequence INTEGER PRIMARY KEY,
                    action TEXT NOT NULL,
                    task_key TEXT NOT NULL,
                    other_key TEXT,
                    field TEXT,
                    source TEXT,
                    value TEXT,
                    evidence TEXT,
                    actor TEXT NOT NULL,
                    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
                    at TEXT NOT NULL);
                CREATE TABLE task_match (
                    match_key TEXT NOT NULL,
                    task_key TEXT NOT NULL,
                    source TEXT NOT NULL,
                    PRIMARY KEY (match_key, task_key)) WITHOUT ROWID;
                CREATE INDEX task_match_task ON task_match (task_key);
                CREATE TABLE conflict (
                    id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    task_a TEXT,
                    task_b TEXT,
                    match_key TEXT,
                    agency TEXT,
                    body TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX conflict_task_a ON conflict (task_a);
                CREATE INDEX conflict_task_b ON conflict (task_b);
                CREATE INDEX conflict_match_key ON conflict (match_key);
                INSERT OR IGNORE INTO task_dirty (task_key, cause) SELECT key, 'reconciliation' FROM task;
                """)
        }
        migrator.registerMigration("v15-source-audit") { db in
            // What `kpibridge audit-source` found: the records a source no longer lists (and those it lists that
            // the ledger has not seen), each run kept whole, as a fact.
            try db.execute(sql: """
                CREATE TABLE source_audit (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    listed INTEGER NOT NULL,
                    missing TEXT NOT NULL,
                    unseen TEXT NOT NULL);
                CREATE INDEX source_audit_by_source ON source_audit (source, id);
                """)
        }
        migrator.registerMigration("v16-api-tokens") { db in
            // Tokens of `kpibridge serve`'s API: only their SHA-256, with the name, role and agencies they grant.
            try db.execute(sql: """
                CREATE TABLE api_token (
                    hash TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    agencies TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    actor TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v17-score-scope") { db in
            // A unit's or an agency's stored scores read alone (a unit's score page), not the whole period's; an
            // agency's tasks paged from an index.
            try db.execute(sql: """
                ALTER TABLE score ADD COLUMN agency TEXT;
                ALTER TABLE score ADD COLUMN unit TEXT;
                UPDATE score SET agency = json_extract(body, '$.agency'), unit = json_extract(body, '$.unit') WHERE json_valid(body);
                CREATE INDEX score_by_unit ON score (period, unit);
                CREATE INDEX score_by_agency ON score (period, agency);
                CREATE INDEX task_by_agency ON task (agency, key);
                """)
        }
        migrator.registerMigration("v18-task-unit") { db in
            // The unit a task is merged into, beside its body: the projector reaches many tasks of other systems
            // (those sharing a match key with a batch) and needs only this of most of them.
            try db.execute(sql: "ALTER TABLE task ADD COLUMN unit_primary TEXT")
            let update = try db.makeStatement(sql: "UPDATE task SET unit_primary = ? WHERE key = ?")
            var after: String?
            while true {
                let rows = try Row.fetchAll(
                    db, sql: "SELECT key, body FROM task WHERE ?1 IS NULL OR key > ?1 ORDER BY key LIMIT 1000", arguments: [after])
                guard let last = rows.last else { break }
                for row in rows {
                    let task = try LedgerStore.decodeTask(row["body"])
                    if let primary = LedgerStore.unitPrimary(task) { try update.execute(arguments: [primary, task.key.rawValue]) }
                }
                after = last["key"]
            }
        }
        migrator.registerMigration("v19-open-rows") { db in
            // The rows asked for on every run are few in tables that grow: scores that time has moved (asked every
            // few seconds by `serve`'s projector service; without an index the whole score table is read) and a
            // source's unresolved dead letters (asked once per group commit).
            try db.execute(sql: """
                CREATE INDEX score_stale ON score (stale_at) WHERE stale_at IS NOT NULL;
                CREATE INDEX dead_letter_open ON dead_letter (source) WHERE resolved_at IS NULL;
                """)
        }
        migrator.registerMigration(LedgerSchema.scoreColumns) { db in
            // A stored score's figures the pages count and sort by, as columns beside its body: the dashboard, the
            // rankings and the trend read them without parsing a JSON body per row (the body stays what `score`
            // prints, exact). The numbers kept at close get the same columns.
            try db.execute(sql: LedgerSchema.scoreColumnsSQLite)
        }
        migrator.registerMigration(LedgerSchema.instants) { db in
            // Every instant one way: integer milliseconds since 1970, as deadlines and staleness were already
            // (ISO text compared as text only while every value had the same offset and width; one migration
            // wrote UTC). Each table is built again with the columns declared INTEGER (SQLite would turn an
            // integer written to a TEXT column back into text), its rows copied over converted, its indexes made
            // again.
            for (table, columns) in LedgerSchema.instantColumns { try retypeInstants(db, table: table, columns: columns) }
        }
        migrator.registerMigration(LedgerSchema.dossiers) { db in
            // Citizens' dossiers from the one-stop systems (docs/services.md): what each source record says of one
            // (a fact beside its task patches) and each dossier folded from all of them (a projection).
            // SQLite's integers are 64 bits whatever they are declared; INTEGER is its own name for them.
            for statement in LedgerSchema.dossierTables { try db.execute(sql: statement.replacingOccurrences(of: "BIGINT", with: "INTEGER")) }
        }
        migrator.registerMigration(LedgerSchema.references) { db in
            // What HR keeps beside the directory (docs/workload.md): the position catalogue and who holds which,
            // standard times, leave, staffing assigned — each import a version, the latest in force.
            try db.execute(sql: LedgerSchema.referenceTableSQLite)
            try db.execute(sql: "CREATE INDEX reference_by_kind ON reference_version (kind, id)")
        }
        migrator.registerMigration(LedgerSchema.officers) { db in
            // Officers in the loop (docs/operations.md): a token bound to one directory officer, and the disputes
            // officers raise about their tasks (docs/reconciliation.md).
            for statement in LedgerSchema.officerTables {
                try db.execute(sql: statement.replacingOccurrences(of: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", with: "INTEGER PRIMARY KEY")
                    .replacingOccurrences(of: "BIGINT", with: "INTEGER"))
            }
        }
    }

    /// Builds `table` again with `columns` (ISO 8601 text) as INTEGER milliseconds. A value that is not a time
    /// stops the migration with one line naming the table, the column and the value.
    private static func retypeInstants(_ db: Database, table: String, columns: [String]) throws {
        for column in columns {
            let bad = try String.fetchOne(
                db, sql: "SELECT \(column) FROM \(table) WHERE typeof(\(column)) = 'text' AND julianday(\(column)) IS NULL LIMIT 1")
            if let bad {
                throw LedgerError("migrating \(table).\(column): '\(bad)' is not a time")
            }
        }
        guard let create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) else {
            throw LedgerError("migrating \(table): no such table")
        }
        let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [table])
        let names = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
        var sql = create.replacingOccurrences(of: #"^CREATE TABLE (IF NOT EXISTS )?"?\#(table)"?"#, with: "CREATE TABLE \(table)_instants", options: .regularExpression)
        for column in columns {
            sql = sql.replacingOccurrences(of: #"(^|[\s(,])\#(column) TEXT\b"#, with: "$1\(column) INTEGER", options: .regularExpression)
        }
        let values = names.map { name in
            // Only text is converted: a ledger that met this migration before keeps its milliseconds.
            columns.contains(name)
                ? "CASE WHEN typeof(\(name)) = 'text' THEN CAST(round((julianday(\(name)) - 2440587.5) * 86400000) AS INTEGER) ELSE \(name) END"
                : name
        }
        try db.execute(sql: sql)
        try db.execute(sql: "INSERT INTO \(table)_instants (\(names.joined(separator: ", "))) SELECT \(values.joined(separator: ", ")) FROM \(table)")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(table)_instants RENAME TO \(table)")
        for index in indexes { try db.execute(sql: index) }
    }

    /// Rewrites every JSON body of `table` (a body that starts with `{`) through `convert`: 1,000 rows at a time
    /// in key order, each batch read whole before any of it is updated (SQLite leaves a table changed under an
    /// open cursor undefined), so a large ledger is walked once and never held in memory.
    private static func rewriteBodies(_ db: Database, table: String, key: [String], _ convert: (Data) throws -> Data) throws {
        let columns = key.joined(separator: ", ")
        let marks = key.map { _ in "?" }.joined(separator: ", ")
        let update = try db.makeStatement(sql: "UPDATE \(table) SET body = ? WHERE (\(columns)) = (\(marks))")
        let first = try db.makeStatement(sql: "SELECT \(columns), body FROM \(table) ORDER BY \(columns) LIMIT 1000")
        let next = try db.makeStatement(sql: "SELECT \(columns), body FROM \(table) WHERE (\(columns)) > (\(marks)) ORDER BY \(columns) LIMIT 1000")
        var after: [DatabaseValue]?
        while true {
            let rows = try after.map { try Row.fetchAll(next, arguments: StatementArguments($0)) } ?? Row.fetchAll(first)
            guard let last = rows.last else { return }
            for row in rows {
                let body: Data = row["body"]
                guard body.first == UInt8(ascii: "{") else { continue }
                let values = key.map { row[$0] as DatabaseValue }
                let converted: Data
                do { converted = try convert(body) } catch {
                    throw LedgerError("migrating \(table) (\(zip(key, values).map { "\($0) \($1)" }.joined(separator: ", "))): \(error)")
                }
                try update.execute(arguments: StatementArguments([converted.databaseValue] + values))
            }
            after = key.map { last[$0] as DatabaseValue }
        }
    }
}
