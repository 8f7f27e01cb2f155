import BridgeLedger
import BridgePostgres
import BridgeTestSupport
import BridgeTesting
import Foundation
import GRDB
import Testing

/// `kpibridge migrate` on PostgreSQL: the schema created, checked and refused when newer, against a real server.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "KPIBRIDGE_TEST_POSTGRES names no server (.ci/run starts one)"))
struct PostgresMigratorTests {
    @Test func createsTheSchemaOnceAndThenHasNothingToDo() async throws {
        try await PostgresTestServer.withDatabase { location in
            let migrator = PostgresMigrator(location: location)
            #expect(try await migrator.state() == .unmigrated)
            let unmigrated = await #expect(throws: PostgresLedgerError.self) { try await migrator.requireCurrent() }
            #expect(unmigrated?.description == "\(location) has no ledger schema: run kpibridge migrate --database \(location)")

            let first = try await migrator.migrate()
            #expect(first.before == "none" && first.after == PostgresSchema.latest)
            #expect(try await migrator.state() == .current)
            try await migrator.requireCurrent()
            let second = try await migrator.migrate()
            #expect(second.before == PostgresSchema.latest && second.after == PostgresSchema.latest)
            #expect(try await PostgresTestServer.strings(location, "SELECT identifier FROM ledger_migration ORDER BY identifier")
                == PostgresSchema.migrations.map(\.identifier).sorted())
        }
    }

    @Test func hasTheSQLiteLedgersTablesColumnsAndIndexes() async throws {
        let dir = try TemporaryDirectory()
        let expected = try sqliteSchema(dir.file("ledger.sqlite"))
        try await PostgresTestServer.withDatabase { location in
            try await PostgresMigrator(location: location).migrate()
            let columns = try await PostgresTestServer.strings(location, """
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name != 'ledger_migration'
                """)
            #expect(Set(columns) == expected.0)
            let indexes = Set(try await PostgresTestServer.strings(location, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
            #expect(expected.1.subtracting(indexes).isEmpty, "missing on PostgreSQL: \(expected.1.subtracting(indexes).sorted())")
        }
    }

    @Test func refusesALedgerANewerReleaseMigrated() async throws {
        try await PostgresTestServer.withDatabase { location in
            let migrator = PostgresMigrator(location: location)
            try await migrator.migrate()
            try await PostgresTestServer.run(location, "INSERT INTO ledger_migration (identifier) VALUES ('v99-from-the-future')")
            #expect(try await migrator.state() == .newer("v99-from-the-future"))
            let refused = await #expect(throws: PostgresLedgerError.self) { try await migrator.migrate() }
            #expect(refused?.description.contains("schema v99-from-the-future is newer than this kpibridge knows") == true)
            await #expect(throws: PostgresLedgerError.self) { try await migrator.requireCurrent() }
        }
    }

    @Test func twoInstancesMigratingAtOnceApplyEachMigrationOnce() async throws {
        try await PostgresTestServer.withDatabase { location in
            async let a = PostgresMigrator(location: location).migrate()
            async let b = PostgresMigrator(location: location).migrate()
            let results = try await [a, b]
            #expect(results.allSatisfy { $0.after == PostgresSchema.latest })
            // One created it; the other found it created, whole or part way (it waits for each migration's lock).
            #expect(results.filter { $0.before == "none" }.count == 1)
            let known = Set(PostgresSchema.migrations.map(\.identifier))
            #expect(results.allSatisfy { $0.before == "none" || known.contains($0.before) })
            #expect(try await PostgresTestServer.strings(location, "SELECT identifier FROM ledger_migration ORDER BY identifier")
                == PostgresSchema.migrations.map(\.identifier).sorted())
        }
    }

    @Test func theMigrateCommandCreatesTheSchemaWhichOtherCommandsRequire() async throws {
        try await PostgresTestServer.withDatabase { location in
            let address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            // The child inherits PGPASSWORD from the test's environment.
            let unmigrated = try await CommandRunner.capture(["tasks", "--database", address])
            #expect(unmigrated.ending == .exited(1))
            #expect(unmigrated.errors == "error: \(location) has no ledger schema: run kpibridge migrate --database \(location)\n")
            let first = try await CommandRunner.output(["migrate", "--database", address])
            #expect(first == "ledger \(location) migrated from schema none to \(PostgresSchema.latest)\n")
            let second = try await CommandRunner.output(["migrate", "--database", address])
            #expect(second == "ledger \(location) is at schema \(PostgresSchema.latest): nothing to do\n")
            let tasks = try await CommandRunner.capture(["tasks", "--database", address, "--format", "json"])
            #expect(tasks.ending == .exited(0), "\(tasks.errors)")
            #expect(tasks.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        }
    }

    @Test func refusesADatabaseThatSortsTextByALanguage() async throws {
        let admin = try PostgresLocation(PostgresTestServer.address!)
        let name = "kpibridge_test_icu_\(UUID().uuidString.prefix(8).lowercased())"
        try await PostgresTestServer.run(admin, "CREATE DATABASE \(name) TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'vi-VN' LOCALE 'C.UTF-8'")
        defer { Task { try? await admin.dropDatabase(name, logger: PostgresTestServer.logger) } }
        var location = admin
        location.database = name
        let error = await #expect(throws: PostgresLedgerError.self) { try await PostgresMigrator(location: location).migrate() }
        #expect(error?.description.contains("sorts text by 'icu:vi-VN'; the ledger needs byte order") == true, "\(error?.description ?? "")")
        #expect(try await PostgresTestServer.strings(location, "SELECT count(*)::text FROM pg_tables WHERE tablename = 'ledger_migration'") == ["0"])
    }

    @Test func saysWhyItCannotConnectInOneLine() async throws {
        var location = try PostgresLocation(PostgresTestServer.address!)
        location.user = "nobody_\(UUID().uuidString.prefix(8).lowercased())"
        let error = await #expect(throws: PostgresLedgerError.self) { try await PostgresMigrator(location: location).state() }
        #expect(error?.description.hasPrefix("\(location): cannot connect: ") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("\n") == false)
    }

    /// Column by column, the same kind of value and the same nullability on both databases: each SQLite column's
    /// declared type has its PostgreSQL counterparts (`TEXT` bodies that hold bytes are `BYTEA` there), and a
    /// column is NOT NULL on one exactly when it is on the other (a SQLite primary key is never null either way).
    @Test func everyColumnHasTheSameKindAndNullabilityOnBothDatabases() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("ledger.sqlite")
        _ = try LedgerStore(path: path)
        let sqlite = try sqliteColumns(path)
        let allowed: [String: Set<String>] = [
            "INTEGER": ["bigint", "integer", "smallint"], "TEXT": ["text", "bytea"], "BLOB": ["bytea"], "REAL": ["double precision", "real"],
        ]
        try await PostgresTestServer.withDatabase { location in
            try await PostgresMigrator(location: location).migrate()
            let rows = try await PostgresTestServer.strings(location, """
                SELECT table_name || '.' || column_name || '|' || data_type || '|' || is_nullable FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name != 'ledger_migration'
                """)
            var mismatches: [String] = []
            for row in rows {
                let parts = row.split(separator: "|").map(String.init)
                guard let column = sqlite[parts[0]] else { mismatches.append("\(parts[0]): not in SQLite"); continue }
                if !(allowed[column.type] ?? []).contains(parts[1]) { mismatches.append("\(parts[0]): SQLite \(column.type), PostgreSQL \(parts[1])") }
                if column.notNull != (parts[2] == "NO") { mismatches.append("\(parts[0]): NOT NULL on \(column.notNull ? "SQLite" : "PostgreSQL") only") }
            }
            #expect(rows.count == sqlite.count)
            #expect(mismatches.isEmpty, "\(mismatches.sorted())")
        }
    }

    /// Each column (`table.column`) of the SQLite ledger at `path`: its declared type and whether it is NOT NULL.
    private func sqliteColumns(_ path: String) throws -> [String: (type: String, notNull: Bool)] {
        try DatabaseQueue(path: path).read { db in
            var out: [String: (type: String, notNull: Bool)] = [:]
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))") {
                    let primary: Int = row["pk"]
                    out["\(table).\(row["name"] as String)"] = ((row["type"] as String).uppercased(), (row["notnull"] as Int) == 1 || primary > 0)
                }
            }
            return out
        }
    }

    /// The columns (`table.column`) and named indexes of a new SQLite ledger at this release's schema.
    private func sqliteSchema(_ path: String) throws -> (Set<String>, Set<String>) {
        _ = try LedgerStore(path: path)
        return try DatabaseQueue(path: path).read { db in
            var columns: [String] = []
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
            for table in tables {
                columns += try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { "\(table).\($0["name"] as String)" }
            }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")
            return (Set(columns), Set(indexes))
        }
    }
}
