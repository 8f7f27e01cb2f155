import BridgeModel
import Foundation
import GRDB

/// The ledger's migrations: invariants live in the schema (NOT NULL, UNIQUE, CHECK, foreign keys).
enum LedgerSchema {
    /// The migration that stores every instant one way: integer milliseconds since 1970 (UTC).
    public static let instants = "v21-instants"

    /// The columns that held instants as ISO 8601 text before `instants`, by table (`task.due_at` and
    /// `score.stale_at` were milliseconds already).
    public static let instantColumns: [(table: String, columns: [String])] = [
        ("payload", ["received_at"]), ("source_record", ["received_at"]), ("dead_letter", ["first_seen", "last_seen", "resolved_at"]),
        ("audit", ["at"]), ("task", ["updated_at"]), ("task_revision", ["at"]), ("assessment", ["entered_at"]), ("score", ["evaluated_at"]),
        ("period_close", ["closed_at"]), ("score_adjustment", ["at"]), ("source_state", ["updated_at"]), ("source_audit", ["at"]),
        ("mapping_version", ["first_seen"]), ("directory_version", ["at"]), ("directory_link", ["at"]), ("reconcile_decision", ["at"]),
        ("api_token", ["created_at"]),
    ]

    /// The migration that adds citizens' dossiers: their snapshots (facts) and the folded dossiers (a projection).
    public static let dossiers = "v22-dossiers"

    /// Its statements, as PostgreSQL takes them (SQLite declares the `BIGINT` columns `INTEGER`).
    public static let dossierTables = [
        """
        CREATE TABLE dossier_patch (
            source_record_id BIGINT NOT NULL REFERENCES source_record(id),
            code TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (source_record_id, code))
        """,
        "CREATE INDEX dossier_patch_by_code ON dossier_patch (code)",
        """
        CREATE TABLE dossier (
            code TEXT PRIMARY KEY,
            agency TEXT,
            unit TEXT,
            received_at BIGINT,
            ended_at BIGINT,
            body TEXT NOT NULL)
        """,
        "CREATE INDEX dossier_by_agency ON dossier (agency, received_at)",
    ]

    /// The migration that adds the reference tables HR keeps (positions, standard times, leave, staffing): each
    /// import a version, kept whole.
    public static let references = "v23-references"

    /// Its statement on SQLite (PostgreSQL names its identity column its own way).
    static let referenceTableSQLite = """
        CREATE TABLE reference_version (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            origin TEXT NOT NULL,
            rows INTEGER NOT NULL,
            body TEXT NOT NULL)
        """

    /// The migration that gives stored scores their figures as columns.
    public static let scoreColumns = "v20-score-columns"

    /// Its statements on SQLite (PostgreSQL's are `PostgresSchema`'s, from the same list of columns).
    static let scoreColumnsSQLite = ["score", "score_closed"].map { table in
        (table == "score_closed" ? "ALTER TABLE score_closed ADD COLUMN agency TEXT;\nALTER TABLE score_closed ADD COLUMN unit TEXT;\n" : "")
            + """
            ALTER TABLE \(table) ADD COLUMN block TEXT;
            ALTER TABLE \(table) ADD COLUMN level TEXT;
            ALTER TABLE \(table) ADD COLUMN total_micros INTEGER;
            ALTER TABLE \(table) ADD COLUMN assigned_tasks INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE \(table) ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
            UPDATE \(table) SET agency = json_extract(body, '$.agency'), unit = json_extract(body, '$.unit'),
              block = json_extract(body, '$.block'), level = json_extract(body, '$.level'), total_micros = CAST(round(json_extract(body, '$.total') * 1000000) AS INTEGER),
              assigned_tasks = coalesce(json_extract(body, '$.assignedTasks'), 0),
              provisional = CASE WHEN json_extract(body, '$.provisional') = 1 THEN 1 ELSE 0 END
              WHERE json_valid(body);
            """
    }.joined(separator: "\n") + "\n" + scoreColumnIndexes.map { $0 + ";" }.joined(separator: "\n")

    /// The indexes that let the dashboard read the figures alone (covering: no body is read) and rank a period's
    /// officers; the figures index leads with (period, agency), so it replaces `score_by_agency`.
    public static let scoreColumnIndexes = [
        "DROP INDEX score_by_agency",
        "CREATE INDEX score_figures ON score (period, agency, unit, block, level, provisional, total_micros, assigned_tasks)",
        "CREATE INDEX score_ranked ON score (period, total_micros, officer)",
        "CREATE INDEX score_closed_figures ON score_closed (period, agency, unit, block, level, provisional, total_micros, assigned_tasks)",
        "CREATE INDEX score_closed_ranked ON score_closed (period, total_micros, officer)",
    ]

    /// The newest migration this release knows.
    static var latest: String { migrator.migrations.last ?? "none" }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE payload (
                    hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    received_at TEXT NOT NULL);
                CREATE TABLE payload_chunk (
                    hash TEXT NOT NULL REFERENCES payload(hash),
                    seq INTEGER NOT NULL CHECK (seq >= 0),
                    data BLOB NOT NULL,
                    PRIMARY KEY (hash, seq)) WITHOUT ROWID;
                CREATE TABLE source_record (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    record_id TEXT NOT NULL,
                    record_version TEXT NOT NULL,
                    payload_hash TEXT NOT NULL REFERENCES payload(hash),
                    mapping_id TEXT NOT NULL,
                    mapping_version INTEGER NOT NULL,
                    origin TEXT,
                    received_at TEXT NOT NULL,
                    UNIQUE (source, record_id, record_version, payload_hash, mapping_id, mapping_version));
                CREATE TABLE task_patch (
                    id INTEGER PRIMARY KEY,
                    source_record_id INTEGER NOT NULL REFERENCES source_record(id),
                    task_key TEXT NOT NULL,
                    body TEXT NOT NULL,
                    UNIQUE (source_record_id, task_key));
                CREATE INDEX task_patch_by_task ON task_patch(task_key);
                CREATE TABLE task (
                    key TEXT PRIMARY KEY,
                    revision INTEGER NOT NULL CHECK (revision >= 1),
                    block TEXT CHECK (block IN ('party', 'state', 'mass')),
                    agency TEXT,
                    status TEXT NOT NULL,
                    main_handler TEXT,
                    due_at INTEGER,
                    body TEXT NOT NULL,
                    updated_at TEXT NOT NULL);
                CREATE INDEX task_by_handler ON task(main_handler);
                CREATE TABLE task_revision (
                    task_key TEXT NOT NULL REFERENCES task(key),
                    revision INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    cause TEXT NOT NULL,
                    at TEXT NOT NULL,
                    PRIMARY KEY (task_key, revision)) WITHOUT ROWID;
                CREATE TABLE dead_letter (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    payload_hash TEXT NOT NULL REFERENCES payload(hash),
                    record_id TEXT NOT NULL DEFAULT '',
                    failure_class TEXT NOT NULL
                        CHECK (failure_class IN ('transport', 'parse', 'mapping', 'validation', 'identity')),
                    reason TEXT NOT NULL,
                    origin TEXT,
                    mapping_id TEXT,
                    mapping_version INTEGER,
                    attempts INTEGER NOT NULL CHECK (attempts >= 1),
                    first_seen TEXT NOT NULL,
                    last_seen TEXT NOT NULL,
                    resolved_at TEXT,
                    UNIQUE (source, payload_hash, record_id));
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT,
                    detail TEXT);
                """)
        }
        migrator.registerMigration("v2-scoring") { db in
            try db.execute(sql: """
                CREATE TABLE task_officer (
                    task_key TEXT NOT NULL REFERENCES task(key),
                    officer TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('main', 'coordinator')),
                    PRIMARY KEY (task_key, officer, role)) WITHOUT ROWID;
                CREATE INDEX task_officer_by_officer ON task_officer(officer);
                INSERT INTO task_officer (task_key, officer, role)
                    SELECT key, main_handler, 'main' FROM task WHERE main_handler IS NOT NULL;
                CREATE TABLE assessment (
                    officer TEXT NOT NULL,
                    period TEXT NOT NULL,
                    general_points TEXT,
                    sanction INTEGER NOT NULL CHECK (sanction IN (0, 1)),
                    origin TEXT,
                    entered_at TEXT NOT NULL,
                    PRIMARY KEY (officer, period)) WITHOUT ROWID;
                CREATE TABLE score (
                    officer TEXT NOT NULL,
                    period TEXT NOT NULL,
                    evaluated_at TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (officer, period)) WITHOUT ROWID;
                CREATE TABLE period_close (
                    period TEXT PRIMARY KEY,
                    closed_at TEXT NOT NULL,
                    actor TEXT NOT NULL);
                CREATE TABLE score_closed (
                    officer TEXT NOT NULL,
                    period TEXT NOT NULL REFERENCES period_close(period),
                    fingerprint TEXT NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (officer, period)) WITHOUT ROWID;
                CREATE TABLE score_adjustment (
                    id INTEGER PRIMARY KEY,
                    officer TEXT NOT NULL,
                    period TEXT NOT NULL REFERENCES period_close(period),
                    at TEXT NOT NULL,
                    cause TEXT NOT NULL,
                    before TEXT,
                    after TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v3-sources") { db in
            try db.execute(sql: """
                CREATE TABLE source_state (
                    source TEXT PRIMARY KEY,
                    checkpoint TEXT NOT NULL,
                    updated_at TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v4-mappings") { db in
            try db.execute(sql: """
                CREATE TABLE mapping_version (
                    mapping_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    content_hash TEXT NOT NULL,
                    file TEXT NOT NULL,
                    first_seen TEXT NOT NULL,
                    PRIMARY KEY (mapping_id, version)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v5-directory") { db in
            try db.execute(sql: """
                CREATE TABLE directory_officer (
                    id TEXT PRIMARY KEY,
                    body TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v6-organisation") { db in
            try db.execute(sql: "CREATE TABLE directory_agency (code TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID")
        }
        migrator.registerMigration("v7-directory-generation") { db in
            // Bumped by each directory import, so a process can keep the decoded directory until it changes.
            try db.execute(sql: """
                CREATE TABLE directory_generation (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL);
                INSERT INTO directory_generation (id, generation) VALUES (1, 0);
                """)
        }
        migrator.registerMigration("v8-score-dirty") { db in
            // (officer, period) pairs whose stored score is owed a recomputation, written in the same transaction
            // as the change that caused it, so a crash before the scores are settled loses nothing.
            try db.execute(sql: "CREATE TABLE score_dirty (officer TEXT NOT NULL, period TEXT NOT NULL, PRIMARY KEY (officer, period)) WITHOUT ROWID")
        }
        migrator.registerMigration("v9-rowid-bodies") { db in
            // Revisions and payload chunks become rowid tables. In a WITHOUT ROWID table a row over about 1 KB
            // spills into an overflow page of its own, so every revision of a task (about 1.1 KB) and every chunk
            // of a small payload cost a whole 4 KiB page more; rowid tables keep rows up to about 4 KB in the leaf.
            try db.execute(sql: """
                CREATE TABLE task_revision_v9 (
                    id INTEGER PRIMARY KEY,
                    task_key TEXT NOT NULL REFERENCES task(key),
                    revision INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    cause TEXT NOT NULL,
                    at TEXT NOT NULL,
                    UNIQUE (task_key, revision));
                INSERT INTO task_revision_v9 (task_key, revision, body, cause, at)
                    SELECT task_key, revision, body, cause, at FROM task_revision ORDER BY task_key, revision;
                DROP TABLE task_revision;
                ALTER TABLE task_revision_v9 RENAME TO task_revision;
                CREATE TABLE payload_chunk_v9 (
                    id INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL REFERENCES payload(hash),
                    seq INTEGER NOT NULL CHECK (seq >= 0),
                    data BLOB NOT NULL,
                    UNIQUE (hash, seq));
                INSERT INTO payload_chunk_v9 (hash, seq, data) SELECT hash, seq, data FROM payload_chunk ORDER BY hash, seq;
                DROP TABLE payload_chunk;
                ALTER TABLE payload_chunk_v9 RENAME TO payload_chunk;
                """)
        }
        migrator.registerMigration("v10-task-block-check") { db in
            // `CHECK (block IN ('party', 'state', 'mass'))` made SQLite build a temporary b-tree of the three
            // values on every write of a task; the same rule as comparisons costs nothing.
            try db.execute(sql: """
                CREATE TABLE task_v10 (
                    key TEXT PRIMARY KEY,
                    revision INTEGER NOT NULL CHECK (revision >= 1),
                    block TEXT CHECK (block IS NULL OR block = 'party' OR block = 'state' OR block = 'mass'),
                    agency TEXT,
                    status TEXT NOT NULL,
                    main_handler TEXT,
                    due_at INTEGER,
                    body TEXT NOT NULL,
                    updated_at TEXT NOT NULL);
                INSERT INTO task_v10 (key, revision, block, agency, status, main_handler, due_at, body, updated_at)
                    SELECT key, revision, block, agency, status, main_handler, due_at, body, updated_at FROM task ORDER BY key;
                DROP TABLE task;
                ALTER TABLE task_v10 RENAME TO task;
                CREATE INDEX task_by_handler ON task(main_handler);
                """)
        }
        registerProjectionMigrations(&migrator)
        return migrator
    }
}
