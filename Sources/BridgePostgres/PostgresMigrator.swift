import Logging
import PostgresNIO

/// Brings a PostgreSQL ledger to this release's schema (`kpibridge migrate`), and tells where a ledger's schema
/// stands. Each migration is one transaction under a transaction-scoped advisory lock, so instances started
/// together cannot apply one twice, and a failed migration leaves the schema as it was.
public struct PostgresMigrator: Sendable {
    public let location: PostgresLocation
    let logger: Logger

    /// A migrator for `location`; `logger` hears each migration applied (by default only warnings: a command
    /// prints its own line of result).
    public init(location: PostgresLocation, logger: Logger? = nil) {
        self.location = location
        self.logger = logger ?? {
            var quiet = Logger(label: "kpibridge.postgres")
            quiet.logLevel = .warning
            return quiet
        }()
    }

    /// Where a ledger's schema stands against this release.
    public enum State: Equatable, Sendable {
        /// No migration applied: `kpibridge migrate` creates the schema.
        case unmigrated
        /// At this release's schema.
        case current
        /// Applied migrations are a prefix of this release's: `kpibridge migrate` brings it up.
        case behind(String)
        /// It names a migration this release does not know: a newer release wrote it.
        case newer(String)

        /// Where a ledger stands that has applied `applied` (oldest first).
        init(applied: [String]) {
            guard let last = applied.last else {
                self = .unmigrated
                return
            }
            let known = PostgresSchema.migrations.map(\.identifier)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                self = .newer(unknown)
            } else {
                self = last == PostgresSchema.latest ? .current : .behind(last)
            }
        }

        /// Throws unless current, saying what to do.
        func require(_ location: PostgresLocation) throws {
            switch self {
            case .current: return
            case .unmigrated: throw PostgresLedgerError("\(location) has no ledger schema: run kpibridge migrate --database \(location)")
            case .behind(let schema): throw PostgresLedgerError("\(location) is at schema \(schema), this kpibridge needs \(PostgresSchema.latest): run kpibridge migrate --database \(location)")
            case .newer(let schema): throw PostgresLedgerError("\(location): schema \(schema) is newer than this kpibridge knows (\(PostgresSchema.latest)): upgrade kpibridge")
            }
        }
    }

    /// Applies every migration the ledger lacks; returns the schema before and after (`none` for a new ledger).
    /// Refuses a ledger whose schema is newer than this release's.
    public func migrate() async throws -> (before: String, after: String) {
        try await withConnection { connection in
            var collation = ""
            for try await value in try await connection.query(PostgresQuery(unsafeSQL: Self.collationQuery), logger: logger).decode(String.self) {
                collation = value
            }
            try Self.requireByteOrder(collation, location)
            var before: String?
            for migration in PostgresSchema.migrations {
                try await transaction(connection) {
                    try await query(connection, "SELECT pg_advisory_xact_lock(\(Self.lockKey))")
                    try await query(connection, "CREATE TABLE IF NOT EXISTS ledger_migration (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                    let applied = try await appliedMigrations(connection)
                    if before == nil { before = applied.last ?? "none" }
                    if let unknown = applied.first(where: { name in !PostgresSchema.migrations.contains { $0.identifier == name } }) {
                        throw PostgresLedgerError("\(location): schema \(unknown) is newer than this kpibridge knows (\(PostgresSchema.latest)): upgrade kpibridge")
                    }
                    guard !applied.contains(migration.identifier) else { return }
                    for statement in migration.statements { try await query(connection, PostgresQuery(unsafeSQL: statement)) }
                    try await query(connection, "INSERT INTO ledger_migration (identifier) VALUES (\(migration.identifier))")
                    logger.info("migration applied", metadata: ["ledger": "\(location)", "migration": "\(migration.identifier)"])
                }
            }
            return (before ?? "none", PostgresSchema.latest)
        }
    }

    /// Where the ledger's schema stands, read without changing anything.
    public func state() async throws -> State {
        try await withConnection { connection in
            let exists = try await connection.query("SELECT to_regclass('ledger_migration') IS NOT NULL", logger: logger)
            var found = false
            for try await value in exists.decode(Bool.self) { found = value }
            guard found else { return .unmigrated }
            return State(applied: try await appliedMigrations(connection))
        }
    }

    /// Throws unless the ledger is at this release's schema: what a command that opens the ledger checks first.
    public func requireCurrent() async throws {
        try await state().require(location)
    }

    /// The database's text order: its libc collation, or `icu:LOCALE` under ICU (read through JSON so that the
    /// query runs on releases whose catalogue names these columns differently).
    static let collationQuery = """
        SELECT CASE WHEN to_jsonb(d) ->> 'datlocprovider' = 'i'
                    THEN 'icu:' || coalesce(to_jsonb(d) ->> 'daticulocale', to_jsonb(d) ->> 'datlocale', '')
                    ELSE d.datcollate::text END
        FROM pg_database d WHERE d.datname = current_database()
        """

    /// Refuses a database whose text order is a language's rather than the bytes': keys, officers and periods sort
    /// as SQLite sorts them (and as the ledger's tests expect) only under the C collation.
    static func requireByteOrder(_ collation: String, _ location: PostgresLocation) throws {
        guard !["C", "POSIX", "C.UTF-8", "C.utf8"].contains(collation) else { return }
        throw PostgresLedgerError(
            "\(location): the database sorts text by '\(collation)'; the ledger needs byte order: create it with LOCALE 'C.UTF-8' (CREATE DATABASE \(location.database) OWNER \(location.user) TEMPLATE template0 LOCALE 'C.UTF-8')")
    }

    /// The advisory lock every migration takes (any constant the bridge alone uses: "KPIB" in ASCII).
    static let lockKey: Int64 = 0x4B50_4942

    private func appliedMigrations(_ connection: PostgresConnection) async throws -> [String] {
        var out: [String] = []
        let rows = try await connection.query("SELECT identifier FROM ledger_migration ORDER BY applied_at, identifier", logger: logger)
        for try await identifier in rows.decode(String.self) { out.append(identifier) }
        return out
    }

    private func query(_ connection: PostgresConnection, _ query: PostgresQuery) async throws {
        _ = try await connection.query(query, logger: logger)
    }

    private func transaction(_ connection: PostgresConnection, _ body: () async throws -> Void) async throws {
        try await query(connection, "BEGIN")
        do {
            try await body()
            try await query(connection, "COMMIT")
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Runs `body` on a new connection, closed afterwards; PostgreSQL's errors become one line naming the ledger.
    private func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await location.connect(logger: logger)
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch let error as PostgresLedgerError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw PostgresLedgerError("\(location): \(PostgresLedgerError.reason(error))")
        }
    }
}
